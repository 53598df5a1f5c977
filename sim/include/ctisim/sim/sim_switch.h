/* SPDX-License-Identifier: MIT */
/*
 * SimSwitch: the simulated T-Server core. A deterministic, single-threaded state
 * machine over DNs, calls, parties, conferences and attached data: given the same
 * configuration, clock readings and requests it emits the same events. No threads,
 * no locks, no I/O; SimBackend runs it on an executor. docs/call-model.md describes
 * every request's events and errors.
 */
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "ctisim/backend.h"
#include "ctisim/clock.h"
#include "ctisim/event.h"
#include "ctisim/request.h"
#include "ctisim/switch_config.h"
#include "ctisim/switch_control.h"

namespace ctisim::sim {

class SwitchCore;

class SimSwitch
{
public:
	/// Throws std::invalid_argument when config is inconsistent (duplicate DNs,
	/// pinned calls with fewer than two parties or unknown DNs, ...). clock must
	/// outlive the switch.
	SimSwitch(SwitchConfig config, const Clock &clock);
	~SimSwitch();
	SimSwitch(SimSwitch &&) noexcept;
	SimSwitch &operator=(SimSwitch &&) noexcept;

	/// Applies one request; appends the events it causes to out, in switch order.
	/// On failure appends exactly one EventError (to the sender) and changes no call
	/// or DN. Timers the request arms (even 0 ms ones) only fire in runDueTimers().
	RequestResult apply(const Request &request, ReferenceId referenceId, std::vector<Event> &out);

	/// Fires, in time order, every timer due at clock.now() or earlier.
	void runDueTimers(std::vector<Event> &out);
	/// When the earliest pending timer is due; nullopt when none is pending.
	std::optional<TimeMs> nextTimerAt() const;

	/// Changes how a DN behaves when nobody controls it. Returns 0, or 59 when the
	/// number is neither configured nor allowed as an external number.
	int setBehaviour(const Dn &dn, DnBehaviour behaviour);

	/// Rebuilds the switch from config (or from the last configuration given): same
	/// seed, same ids again. Event sequence numbers keep increasing. Throws
	/// std::invalid_argument for a bad config and then keeps the current state.
	void reset(std::optional<SwitchConfig> config = std::nullopt);

	/// Every DN (sorted by number) and every call (sorted by connId).
	SwitchState state() const;

private:
	std::unique_ptr<SwitchCore> core_;
};

} /* namespace ctisim::sim */
