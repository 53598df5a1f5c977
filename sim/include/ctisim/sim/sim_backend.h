/* SPDX-License-Identifier: MIT */
/*
 * SimBackend: the simulated T-Server behind the Backend interface.
 */
#pragma once

#include <memory>

#include "ctisim/backend.h"
#include "ctisim/clock.h"
#include "ctisim/executor.h"
#include "ctisim/switch_config.h"
#include "ctisim/switch_control.h"

namespace ctisim::sim {

class SimSwitch;

/// Runs a SimSwitch on an executor: requests are posted to it, results and events
/// are delivered from it. With a real clock, timers (auto-answer delays, ring
/// time-outs) are armed with one Executor::Timer; with a VirtualClock they fire
/// when the clock is advanced through control(), or at once when already due.
///
/// Thread safety: submit(), subscribe(), unsubscribe() and control() may be called
/// from any thread. Everything else happens on the executor.
class SimBackend final : public Backend, public SwitchControl
{
public:
	/// clock must be a VirtualClock for SetClock/AdvanceClock to work; both clock
	/// and executor must outlive the backend.
	SimBackend(SwitchConfig config, Clock &clock, Executor &executor);
	~SimBackend() override;

	void submit(Request request, ResultHandler onResult) override;
	SubscriptionId subscribe(EventSink &sink, std::optional<Dn> dn = std::nullopt) override;
	void unsubscribe(SubscriptionId id) override;

	void control(ControlRequest request, ControlHandler onResult) override;

private:
	struct Impl;
	std::unique_ptr<Impl> impl_;
};

} /* namespace ctisim::sim */
