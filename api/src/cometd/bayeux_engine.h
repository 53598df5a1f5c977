/* SPDX-License-Identifier: MIT */
/*
 * The Bayeux engine behind BayeuxServer: its configuration, its session
 * table and the timers, under one lock. A POST's messages each go through
 * the protocol step (bayeux_protocol.cpp), which returns what the message
 * produced; bayeux_server.cpp writes the response from those results and
 * delivers published messages (bayeux_delivery.cpp).
 */
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <rapidjson/document.h>

#include "ctisim/api/bayeux_server.h"
#include "ctisim/json/value.h"
#include "cometd/bayeux_reply.h"
#include "cometd/bayeux_session.h"
#include "cometd/session_table.h"

namespace ctisim::api {

namespace bayeux {

inline std::string_view stringMember(const rapidjson::Value &object, const char *name)
{
	const rapidjson::Value *value = json::member(object, name);
	return value && value->IsString() ? json::str(*value) : std::string_view();
}

/// Who sent a POST, and how many messages it holds.
struct Caller {
	const std::string &userId;
	const std::string &browserId; ///< its BAYEUX_BROWSER cookie
	std::size_t batchSize;
	const GreetingPtr &greeting; ///< what a session it creates is sent on subscribing
};

/// How a connect that can wait is held.
struct Hold {
	std::chrono::milliseconds duration;
	bool advise; ///< its reply carries the full advice
};

/// What one message of a POST produced: its reply, and what else it asks of
/// the response (the session's messages) or of other exchanges.
struct Step {
	enum class Kind { Handshake, Connect, Other };

	Kind kind = Kind::Other;
	Reply reply;
	/// The session whose queued messages ride along in the response (a view of
	/// the request's clientId: the session may be gone by the end of the POST).
	std::string_view flushFrom;
	/// An ack session's connect: the messages of the batch it closed.
	std::vector<SharedMessage> delivered;
	/// Set when the connect is to be held instead of answered (Kind::Connect).
	std::optional<Hold> hold;
	Session *session = nullptr; ///< the session a held connect belongs to
	/// Another exchange this message answered: a replaced or retired held connect.
	std::optional<PendingReply> answered;
};

/// What a POST's steps add up to, in CometD's order: the handshake reply, the
/// session's messages, the other replies, the connect reply last.
struct Response {
	std::optional<Reply> handshake;
	std::vector<SharedMessage> delivered; ///< an ack session's batches
	std::string_view flushFrom;	      ///< whose queue rides along (the last message's)
	std::vector<Reply> others;
	std::optional<Reply> connect;
	std::optional<Hold> hold; ///< the connect (a POST's only message) is held instead
	Session *holder = nullptr;

	void add(Step step);
};

} /* namespace bayeux */

struct BayeuxServer::Impl : std::enable_shared_from_this<BayeuxServer::Impl> {
	using Clock = bayeux::Clock;
	using Session = bayeux::Session;
	using PendingReply = bayeux::PendingReply;

	Impl(boost::asio::io_context &ioc, BayeuxConfig cfg) : io(ioc), config(std::move(cfg)), sweepTimer(ioc) {}

	/* The POST (bayeux_server.cpp). */
	void handle(const std::string &userId, HttpRequest request, HttpReply reply, const GreetingPtr &greeting);
	/// The body of a POST's response; takes the queue of the session it names.
	std::string respond(bayeux::Response &response);

	/* The protocol step (bayeux_protocol.cpp). */
	bayeux::Step process(const bayeux::Caller &caller, const rapidjson::Value &message);
	bayeux::Reply handshake(const bayeux::Caller &caller, const rapidjson::Value &message,
				std::optional<bayeux::MessageId> id);
	bayeux::Step connect(Session &session, const rapidjson::Value &message, std::optional<bayeux::MessageId> id,
			     std::size_t batchSize);
	bayeux::Reply subscribe(Session &session, const rapidjson::Value &message, std::optional<bayeux::MessageId> id,
				bool add);
	/// A connect answered at once: an ack session's messages go with it.
	bayeux::Step connectNow(Session &session, std::optional<bayeux::MessageId> id,
				std::optional<bayeux::Advice> advice);

	/* Delivery, holds and expiry (bayeux_delivery.cpp). */
	void hold(Session &session, HttpReply reply, std::optional<bayeux::MessageId> id, bayeux::Hold hold);
	PendingReply completeHeld(Session &session, Clock::time_point now);
	/* How the held connect of a removed session is answered: "none" when the
	 * client disconnected, a 402 with handshake advice when the server ended it. */
	enum class HeldAnswer { Retire, Rehandshake };
	std::optional<PendingReply> removeSession(std::string_view clientId, HeldAnswer answer);
	void publish(std::string_view userId, std::string_view channel, const SharedMessage &message,
		     std::vector<PendingReply> &pending);
	/// Queues the session's greeting when a subscription it just made matches its channel.
	void greet(Session &session, std::string_view subscription);
	/// Marks a held session as having messages to take; a posted task answers it.
	void markDue(Session &session);
	std::size_t sweepExpired(Clock::time_point now);
	void onHoldTimeout(const std::string &clientId, std::uint64_t generation);
	void armSweep();
	/* Answers the held connects that publish() left for the end of the turn. */
	void flush();

	std::string newId(std::size_t randomChars);
	bayeux::Advice fullAdvice() const { return bayeux::Advice::retry(config.interval, config.timeout); }

	boost::asio::io_context &io;
	const BayeuxConfig config;

	mutable std::mutex mutex;
	/* Everything below is guarded by mutex. */
	bayeux::SessionTable sessions;
	bayeux::ResponseWriter writer;
	boost::asio::steady_timer sweepTimer;
	std::uint64_t counter = 0;
	std::uint64_t holdGeneration = 0;
	bool shuttingDown = false;
	/* Sessions whose held connect has messages to take (a session may appear
	 * twice), and whether a task to answer them is posted; none is while a
	 * batch is open (Notifier::beginBatch): its end flushes. */
	std::vector<std::string> due;
	bool flushPosted = false;
	int batchDepth = 0;
};

} /* namespace ctisim::api */
