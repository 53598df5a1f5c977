/* SPDX-License-Identifier: MIT */
/*
 * The Bayeux engine's state: its sessions (with their queues and held
 * connects) and the engine that bayeux_server.cpp (the session table, the
 * POST, delivery) and bayeux_meta.cpp (handshake, connect, subscribe) share.
 */
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <rapidjson/document.h>

#include "ctisim/api/bayeux_server.h"
#include "ctisim/json/value.h"
#include "cometd/bayeux_reply.h"

namespace ctisim::api {

namespace bayeux {

namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kHandshake = "/meta/handshake";
constexpr std::string_view kConnect = "/meta/connect";
constexpr std::string_view kSubscribe = "/meta/subscribe";
constexpr std::string_view kUnsubscribe = "/meta/unsubscribe";
constexpr std::string_view kDisconnect = "/meta/disconnect";

struct HeldConnect {
	HttpReply reply;
	std::string idJson;
	bool advise = false;
	std::shared_ptr<net::steady_timer> timer;
	std::uint64_t generation = 0;
};

/* A message sent in a connect reply and not acknowledged yet, with the batch it
 * was first sent in: however often it goes again, an ack of that batch (or a
 * later one) discards it. */
struct Unacked {
	std::uint64_t batch;
	SharedMessage message;
};

struct Session {
	std::string clientId;
	std::string userId;
	std::string browserId;
	std::set<std::string, std::less<>> subscriptions;
	std::deque<SharedMessage> queue;
	/* The ack extension (cometd-bayeux.md §1.10): messages go out only in
	 * connect replies, each reply closes batch number `batch`, and what the
	 * client has not acknowledged is sent again. */
	bool ack = false;
	std::uint64_t batch = 0;
	std::deque<Unacked> unacked; ///< sent, not yet acknowledged, oldest first
	bool connected = false;	     ///< a first /meta/connect has been answered
	/* Told to poll (multiple-clients): the next connect it may hold re-advises, as
	 * CometD does when the advice changed, or the client would poll forever. */
	bool pollAdvised = false;
	std::optional<HeldConnect> held;
	Clock::time_point deadline; ///< expiry, when no connect is held
};

inline std::string_view stringMember(const rapidjson::Value &object, const char *name)
{
	const rapidjson::Value *value = json::member(object, name);
	return value && value->IsString() ? json::str(*value) : std::string_view();
}

} /* namespace bayeux */

struct BayeuxServer::Impl : std::enable_shared_from_this<BayeuxServer::Impl> {
	using Clock = bayeux::Clock;
	using HeldConnect = bayeux::HeldConnect;
	using PendingReply = bayeux::PendingReply;
	using Session = bayeux::Session;

	Impl(boost::asio::io_context &ioc, BayeuxConfig cfg) : io(ioc), config(std::move(cfg)), sweepTimer(ioc) {}

	/* What one POST produces, in CometD's order. */
	struct Output {
		std::string handshake;
		std::vector<std::string> others;
		std::string connect;
		std::string delivered; ///< messages of an ack session's connect reply
		std::string flushFrom; ///< the session whose queue rides along
		bool held = false;
	};

	void handle(const std::string &userId, HttpRequest request, HttpReply reply);
	void process(const std::string &userId, const rapidjson::Value &message, std::size_t batchSize,
		     const std::string &browserId, HttpReply &reply, Output &out, std::vector<PendingReply> &pending);

	void handshake(const std::string &userId, const rapidjson::Value &message, const std::string &idJson,
		       const std::string &browserId, Output &out);
	void connect(Session &session, const rapidjson::Value &message, const std::string &idJson,
		     std::size_t batchSize, HttpReply &reply, Output &out, std::vector<PendingReply> &pending);
	std::string subscribe(Session &session, const rapidjson::Value &message, const std::string &idJson, bool add);

	Session *findSession(const rapidjson::Value &message, const std::string &userId, const std::string &browserId);
	PendingReply completeHeld(Session &session, Clock::time_point now, std::string_view adviceJson);
	/* Takes the held connect away without answering it: it takes no messages. */
	HeldConnect releaseHeld(Session &session);
	/* How the held connect of a removed session is answered: "none" when the
	 * client disconnected, a 402 with handshake advice when the server ended it. */
	enum class HeldAnswer { Retire, Rehandshake };
	std::optional<PendingReply> removeSession(const std::string &clientId, HeldAnswer answer);
	std::size_t sweepExpired(Clock::time_point now);
	void onHoldTimeout(const std::string &clientId, std::uint64_t generation);
	void armSweep();
	/* Answers the held connects that publish() left for the end of the turn. */
	void flush();
	void flushDue(std::vector<PendingReply> &pending);

	std::string newId(std::size_t randomChars);
	std::string fullAdvice() const;
	std::string connectReply(const std::string &idJson, std::string_view adviceJson,
				 std::string_view extJson = {}) const;
	/* Append the messages a reply takes to list (a reply's list as it is written). */
	void takeQueue(Session &session, std::string &list);
	void takeForConnect(Session &session, std::string &list, std::string &extJson);
	void connectNow(Session &session, const std::string &idJson, std::string_view adviceJson, Output &out);

	boost::asio::io_context &io;
	const BayeuxConfig config;

	mutable std::mutex mutex;
	/* Everything below is guarded by mutex. */
	std::unordered_map<std::string, std::unique_ptr<Session>> sessions;
	std::unordered_map<std::string, std::set<std::string>> byUser;
	std::unordered_map<std::string, std::size_t> heldPerBrowser;
	boost::asio::steady_timer sweepTimer;
	std::uint64_t counter = 0;
	std::uint64_t holdGeneration = 0;
	std::size_t heldCount = 0;
	bool shuttingDown = false;
	/* Sessions whose held connect has messages to take (a session may appear
	 * twice), and whether a task to answer them is posted. */
	std::vector<std::string> due;
	bool flushPosted = false;
};

} /* namespace ctisim::api */
