/* SPDX-License-Identifier: MIT */
/*
 * SwitchServer: serves a Backend and its SwitchControl over the switch link
 * (docs/switch-protocol.md), so that several front ends (RemoteBackend) share
 * one switch. `ctisim switch` runs one in front of a SimBackend.
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "ctisim/backend.h"
#include "ctisim/executor.h"
#include "ctisim/switch_control.h"

namespace boost::asio {
class io_context;
} /* namespace boost::asio */

namespace ctisim::link {

struct SwitchServerConfig {
	std::string address = "127.0.0.1";
	std::uint16_t port = 0; ///< 0 = any free port
	/// Bounds for the heartbeat a client proposes (it is clamped into them).
	std::chrono::milliseconds minHeartbeat{50};
	std::chrono::milliseconds maxHeartbeat{60000};
	/// When set, a front end's hello must carry this token (compared in constant time).
	std::string token;
};

/**
 * @par Thread Safety
 * start(), stop() and the accessors may be called from any thread. The backend
 * is used from the link strands (submit, control) and from switchExecutor
 * (subscribe, unsubscribe), as SimBackend allows; its results and events may
 * arrive on any thread.
 */
class SwitchServer
{
public:
	/// backend, control, switchExecutor and io must outlive the server.
	SwitchServer(boost::asio::io_context &io, Backend &backend, SwitchControl &control, Executor &switchExecutor,
		     SwitchServerConfig config);
	~SwitchServer();

	SwitchServer(const SwitchServer &) = delete;
	SwitchServer &operator=(const SwitchServer &) = delete;

	/// Binds and starts accepting; an error message when it cannot.
	std::optional<std::string> start();
	/// The port actually bound.
	std::uint16_t port() const;
	/// Stops accepting and closes every link. Idempotent.
	void stop();
	/// Links that completed the handshake and are still open.
	std::size_t linkCount() const;
	/// True once every connection is closed and has released its subscriptions
	/// (their unsubscriptions are then queued on switchExecutor): after stop(),
	/// wait for this, then drain switchExecutor, before destroying the backend.
	bool drained() const;

private:
	struct Impl;
	std::shared_ptr<Impl> impl_;
};

} /* namespace ctisim::link */
