/* SPDX-License-Identifier: MIT */
/*
 * SwitchClock: the switch's time as last observed, carried forward by the
 * local steady clock when the switch runs on the real clock.
 */
#include "ctisim/link/switch_clock.h"

namespace ctisim::link {

TimeMs SwitchClock::now() const
{
	std::lock_guard lock(mutex_);
	if (!known_)
		return RealClock().now();
	return virtual_ ? observed_ : carried();
}

TimeMs SwitchClock::carried() const
{
	auto elapsed = std::chrono::steady_clock::now() - observedAt_;
	return observed_ + std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
}

bool SwitchClock::isVirtual() const
{
	std::lock_guard lock(mutex_);
	return known_ && virtual_;
}

void SwitchClock::observe(TimeMs switchNow, bool isVirtual)
{
	std::lock_guard lock(mutex_);
	known_ = true;
	virtual_ = isVirtual;
	observed_ = switchNow;
	observedAt_ = std::chrono::steady_clock::now();
}

void SwitchClock::observeEventTime(TimeMs switchNow)
{
	std::lock_guard lock(mutex_);
	if (!known_)
		return; /* real or virtual is not known yet: wait for a control result */
	/* A real clock carried forward locally may be a little ahead of an event's
	 * time: never step it back for that. A virtual one is exactly the switch's. */
	if (!virtual_ && switchNow <= carried())
		return;
	observed_ = switchNow;
	observedAt_ = std::chrono::steady_clock::now();
}

bool SwitchClock::known() const
{
	std::lock_guard lock(mutex_);
	return known_;
}

} /* namespace ctisim::link */
