/* SPDX-License-Identifier: MIT */
/*
 * BayeuxClient: a CometD long-polling session over a GwsClient (whose
 * cookies, JSESSIONID and BAYEUX_BROWSER, go with every POST): handshake,
 * subscribe, connect, disconnect. A connect either asks the server to answer
 * at once (advice timeout 0: the replayer never waits for nothing) or is a
 * real long poll held by the server (bench).
 */
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <rapidjson/document.h>

#include "ctisim/client/gws_client.h"

namespace ctisim::client {

/// A Bayeux reply that says no, or a reply that is not Bayeux; its text names
/// the meta channel ("/meta/connect failed: \"402::session_unknown\"").
class BayeuxError : public std::runtime_error
{
public:
	using std::runtime_error::runtime_error;
};

/// What one /meta/connect brought.
struct BayeuxDelivery {
	rapidjson::Document reply; ///< the reply's array of messages
	/// The delivered (non-meta) messages with data, in order: they point into reply.
	std::vector<const rapidjson::Value *> messages;
};

class BayeuxClient
{
public:
	explicit BayeuxClient(GwsClient &http, std::string path = "/api/v2/notifications");

	/// /meta/handshake (long-polling); throws BayeuxError or TransportError.
	boost::asio::awaitable<void> handshake();
	/// /meta/subscribe to channel ("/v2/me/*"); what its reply carries besides the
	/// acknowledgement (a server may deliver on subscription: the v3 initialization).
	boost::asio::awaitable<BayeuxDelivery> subscribe(std::string channel);
	/// One /meta/connect. adviceTimeout 0 asks for an answer at once; nullopt
	/// leaves the hold to the server (a long poll).
	boost::asio::awaitable<BayeuxDelivery> connect(std::optional<int> adviceTimeout);
	/// /meta/disconnect; nothing when no session is open.
	boost::asio::awaitable<void> disconnect();

	const std::string &clientId() const { return clientId_; }

	/// Each exchange's request and response text, kept for --verbose.
	void setTrace(bool on) { trace_ = on; }
	std::vector<std::string> takeTrace();

private:
	/// POSTs the message (a one-message array) and checks the reply to meta.
	boost::asio::awaitable<BayeuxDelivery> exchange(std::string message, std::string_view meta);
	std::string envelope(std::string_view meta);

	GwsClient &http_;
	std::string path_;
	std::string clientId_;
	std::uint64_t nextId_ = 1;
	bool trace_ = false;
	std::vector<std::string> traceLines_;
};

} /* namespace ctisim::client */
