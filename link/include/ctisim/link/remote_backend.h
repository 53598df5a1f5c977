/* SPDX-License-Identifier: MIT */
/*
 * RemoteBackend: the Backend (and SwitchControl) of a front end whose switch
 * runs in another process (`ctisim switch`), reached over the switch link
 * (docs/switch-protocol.md).
 *
 * Link loss is a normal event. When the link drops, every subscribed sink gets
 * an EventLinkDisconnected, then every request in flight ends with
 * TERR_NO_SWITCH (54) — it may or may not have been applied by the switch; it
 * is never sent again — and every new request is refused the same way until the
 * link is back. The backend reconnects with exponential back-off, subscribes
 * again, then sends every sink an EventLinkConnected. So each request ends in
 * exactly one result, and none is applied twice.
 */
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "ctisim/backend.h"
#include "ctisim/executor.h"
#include "ctisim/link/switch_clock.h"
#include "ctisim/switch_control.h"

namespace boost::asio {
class io_context;
} /* namespace boost::asio */

namespace ctisim::link {

struct RemoteBackendConfig {
	std::string host = "127.0.0.1";
	std::uint16_t port = 0;
	/// Proposed to the switch in the hello; a peer silent for 3 intervals is dead.
	std::chrono::milliseconds heartbeat{1000};
	/// Reconnection delays: the first retry after minBackoff, doubling up to maxBackoff.
	std::chrono::milliseconds minBackoff{100};
	std::chrono::milliseconds maxBackoff{5000};
	/// The switch's shared secret, sent in the hello (empty: none).
	std::string token;
};

/// Parses "tcp://HOST:PORT" (or "HOST:PORT"; IPv6 as [::1]:PORT) into host and
/// port; false with error set when malformed.
bool parseSwitchAddress(const std::string &text, std::string &host, std::uint16_t &port, std::string &error);

/**
 * @par Thread Safety
 * Every method may be called from any thread. Results and events are delivered
 * on `core`, one at a time, in the order the switch sent them (a request's
 * events before its result).
 */
class RemoteBackend final : public Backend, public SwitchControl
{
public:
	/// io runs the socket; core is where results and events are delivered. Both
	/// must outlive the backend.
	RemoteBackend(boost::asio::io_context &io, Executor &core, RemoteBackendConfig config);
	~RemoteBackend() override;

	RemoteBackend(const RemoteBackend &) = delete;
	RemoteBackend &operator=(const RemoteBackend &) = delete;

	/// Starts connecting (and reconnecting until stop()).
	void start();
	/// Closes the link for good; requests in flight end with TERR_NO_SWITCH. Idempotent.
	void stop();
	/// Blocks until the handshake has succeeded or timeout passed; true when linked.
	/// Do not call from a thread the io_context needs.
	bool waitUntilConnected(std::chrono::milliseconds timeout) const;
	bool connected() const;
	/// Why the link is not up (the switch's refusal, a connection error); empty when up.
	std::string lastError() const;
	/// How many times the link came up (1 after the first connection).
	std::uint64_t connections() const;
	/// The switch's clock as this front end knows it: learned before each connection is
	/// reported up, then from every control result and event and the switch's clock frames.
	const SwitchClock &clock() const;

	void submit(Request request, ResultHandler onResult) override;
	SubscriptionId subscribe(EventSink &sink, std::optional<Dn> dn = std::nullopt) override;
	void unsubscribe(SubscriptionId id) override;
	void control(ControlRequest request, ControlHandler onResult) override;

private:
	struct Impl;
	std::shared_ptr<Impl> impl_;
};

} /* namespace ctisim::link */
