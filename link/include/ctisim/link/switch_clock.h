/* SPDX-License-Identifier: MIT */
/*
 * SwitchClock: a front end's view of a shared switch's clock. The switch owns
 * time (a virtual clock only moves when a control request moves it); a front
 * end over the link learns it from what the switch tells it (every control
 * result carries the switch's now, every event its time, and the switch
 * announces clock moves made by other front ends), so that the durations and
 * timestamps its GWS layer computes are the switch's, exact under a virtual
 * clock. Until it has heard from the switch it reads the system clock.
 */
#pragma once

#include <chrono>
#include <mutex>

#include "ctisim/clock.h"

namespace ctisim::link {

/// Thread safe: observe() and now() may be called from any thread.
class SwitchClock final : public Clock
{
public:
	TimeMs now() const override;
	/// The switch's clock, as last learned: virtual or not.
	bool isVirtual() const override;

	/// The switch said its clock read switchNow (virtual: it stays there until the
	/// next observation; real: it goes on with the local steady clock from here).
	void observe(TimeMs switchNow, bool isVirtual);
	/// An event's time: moves the clock without changing whether it is virtual.
	void observeEventTime(TimeMs switchNow);
	/// True once the switch has told its time.
	bool known() const;

private:
	/// A real clock's reading: the last observation plus the local time since. Lock held.
	TimeMs carried() const;

	mutable std::mutex mutex_;
	bool known_ = false;
	bool virtual_ = false;
	TimeMs observed_ = 0;
	std::chrono::steady_clock::time_point observedAt_;
};

} /* namespace ctisim::link */
