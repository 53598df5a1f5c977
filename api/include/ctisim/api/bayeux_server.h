/* SPDX-License-Identifier: MIT */
/*
 * BayeuxServer: the CometD (Bayeux 1.0) engine behind /api/v2/notifications,
 * long-polling transport only. It keeps the Bayeux sessions of every
 * authenticated user (handshake, held /meta/connect, subscriptions with
 * wildcards, bounded per-session queues, expiry, the optional ack extension)
 * and delivers what the GWS layer publishes through the Notifier interface.
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ctisim/api/bayeux_endpoint.h"
#include "ctisim/api/notifier.h"

namespace boost::asio {
class io_context;
} /* namespace boost::asio */

namespace ctisim::api {

/// Defaults are those of the CometD 3 server GWS runs.
struct BayeuxConfig {
	/// How long a /meta/connect is held (advertised as advice.timeout).
	std::chrono::milliseconds timeout{30000};
	/// advice.interval: the pause a client makes between connects.
	std::chrono::milliseconds interval{0};
	/// A session not polling expires interval + maxInterval after its last connect reply.
	std::chrono::milliseconds maxInterval{10000};
	/// Held connects per BAYEUX_BROWSER cookie; more get "multiple-clients" advice.
	std::size_t maxSessionsPerBrowser = 1;
	/// advice.interval given with "multiple-clients".
	std::chrono::milliseconds multiSessionInterval{2000};
	/// Messages queued per session; a session whose queue overflows is expired.
	std::size_t maxQueue = 1000;
	/// How often expired sessions are removed.
	std::chrono::milliseconds sweepPeriod{997};
	/// Channels one session may be subscribed to; more are denied.
	std::size_t maxSubscriptions = 100;
	/// Live sessions one user may hold (tabs, reloads: an unused one expires after interval +
	/// maxInterval); a handshake past it is denied, so one client cannot fill the server.
	std::size_t maxSessionsPerUser = 100;
	/// More messages than this in one POST is answered with HTTP 400.
	std::size_t maxMessagesPerRequest = 100;
	/// HTTP status that completes a held connect replaced by a newer one.
	unsigned duplicateConnectStatus = 500;
	std::string browserCookieName = "BAYEUX_BROWSER";
	/// The channels a session may receive on, GWS's topics (gws-voice-api.md §6.1): a
	/// channel, or a pattern ending in "/**" for every channel below it. A client may
	/// subscribe to one of them, to a wildcard inside a pattern ("/v2/me/*") or to a
	/// wildcard over an ancestor ("/**", as the C# GWS client does); anything else is
	/// denied by the security policy. Delivery is per user whatever the subscription.
	/// The Workspace API v3's two channels (workspace-v3.md §c) are among them.
	std::vector<std::string> receivableChannels = {"/v2/me",
						       "/v2/me/**",
						       "/v2/users",
						       "/notifications/services",
						       "/workspace/v3/initialization",
						       "/workspace/v3/voice"};
};

/**
 * @par Thread Safety
 * Every public function may be called from any thread. One mutex guards the
 * session table and the sessions' state, held only for table work; reply
 * callbacks are always called after it is released.
 */
class BayeuxServer final : public BayeuxEndpoint, public Notifier
{
public:
	BayeuxServer(boost::asio::io_context &io, BayeuxConfig config);
	/// Calls shutdown().
	~BayeuxServer() override;

	BayeuxServer(const BayeuxServer &) = delete;
	BayeuxServer &operator=(const BayeuxServer &) = delete;

	void handle(const std::string &userId, HttpRequest request, HttpReply reply) override;
	void handleGreeted(const std::string &userId, HttpRequest request, HttpReply reply,
			   GreetingPtr greeting) override;
	void dropSessionsOf(const std::string &userId) override;
	void publish(std::string_view userId, std::string_view channel, SharedMessage message) override;
	void flush() override;
	void beginBatch() override;
	void endBatch() override;

	/// Answers every held connect at once (a plain successful connect reply,
	/// so clients retry and later re-handshake), stops the sweeper, and from
	/// then on holds no connect and accepts no handshake.
	void shutdown();

	/// Removes the sessions whose expiry deadline is before now; returns how
	/// many. The sweeper calls it every sweepPeriod; tests call it directly.
	std::size_t sweepExpired(std::chrono::steady_clock::time_point now);
	std::size_t sessionCount() const;
	std::size_t heldConnectCount() const;

private:
	struct Impl;
	std::shared_ptr<Impl> impl_;
};

} /* namespace ctisim::api */
