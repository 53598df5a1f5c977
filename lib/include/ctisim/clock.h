/* SPDX-License-Identifier: MIT */
/*
 * Clock: the switch's notion of now. The real clock follows the system; the
 * virtual clock only moves when told, so scenarios get exact durations.
 */
#pragma once

#include <atomic>

#include "ctisim/telephony_types.h"

namespace ctisim {

class Clock
{
public:
	virtual ~Clock() = default;
	virtual TimeMs now() const = 0;
	/// True when time moves only through set()/advance() of a VirtualClock.
	virtual bool isVirtual() const = 0;
};

class RealClock final : public Clock
{
public:
	TimeMs now() const override;
	bool isVirtual() const override { return false; }
};

/// Thread safe: now() may be read from any thread while the owner moves it.
class VirtualClock final : public Clock
{
public:
	explicit VirtualClock(TimeMs start = 0) : now_(start) {}

	TimeMs now() const override { return now_.load(std::memory_order_relaxed); }
	bool isVirtual() const override { return true; }

	void set(TimeMs t) { now_.store(t, std::memory_order_relaxed); }
	void advance(TimeMs delta) { now_.fetch_add(delta, std::memory_order_relaxed); }

private:
	std::atomic<TimeMs> now_;
};

} /* namespace ctisim */
