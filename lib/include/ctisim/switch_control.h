/* SPDX-License-Identifier: MIT */
/*
 * SwitchControl: what a sandbox can do to a simulated switch beyond T-Server
 * requests: reset it, change how a number behaves, move the virtual clock, dump
 * its state. (Remote parties are driven with ordinary requests from their DN.)
 */
#pragma once

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "ctisim/snapshot.h"
#include "ctisim/switch_config.h"

namespace ctisim {

namespace ctl {
/// Back to the configuration the switch started with (or a new one).
struct Reset {
	std::optional<SwitchConfig> config;
};
struct SetBehaviour {
	Dn dn;
	DnBehaviour behaviour;
};
/// Virtual clock only: errors with the real clock.
struct SetClock {
	TimeMs now = 0;
};
struct AdvanceClock {
	TimeMs deltaMs = 0;
};
struct DumpState {
};
} /* namespace ctl */

using ControlRequest = std::variant<ctl::Reset, ctl::SetBehaviour, ctl::SetClock, ctl::AdvanceClock, ctl::DumpState>;

struct SwitchState {
	TimeMs now = 0;
	bool virtualClock = false;
	std::vector<DnSnapshot> dns;
	std::vector<CallSnapshot> calls;
	std::uint64_t lastEventSequence = 0;
};

struct ControlResult {
	int errorCode = 0;
	std::string errorMessage;
	SwitchState state; ///< DumpState, and after every control request
	bool ok() const { return errorCode == 0; }
};

class SwitchControl
{
public:
	using ControlHandler = std::function<void(ControlResult)>;
	virtual ~SwitchControl() = default;
	/// Like Backend::submit: runs on the switch's executor, never inline.
	virtual void control(ControlRequest request, ControlHandler onResult) = 0;
};

} /* namespace ctisim */
