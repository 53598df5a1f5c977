/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include <thread>

#include <doctest/doctest.h>

#include "ctisim/link/switch_clock.h"

/*
 * SwitchClock: a front end's copy of the shared switch's clock.
 */

using namespace ctisim;
using namespace ctisim::link;
using namespace std::chrono_literals;

TEST_CASE("SwitchClock: the system clock until the switch has told its time")
{
	SwitchClock clock;
	CHECK_FALSE(clock.known());
	CHECK_FALSE(clock.isVirtual());
	TimeMs system = RealClock().now();
	CHECK(clock.now() >= system);
	CHECK(clock.now() < system + 60'000);
	/* An event's time alone does not say whether the clock is virtual: ignored. */
	clock.observeEventTime(42);
	CHECK_FALSE(clock.known());
	CHECK(clock.now() >= system);
}

TEST_CASE("SwitchClock: a virtual switch clock stands still between observations and may go back")
{
	SwitchClock clock;
	clock.observe(1'767'225'600'000, true);
	CHECK(clock.known());
	CHECK(clock.isVirtual());
	CHECK(clock.now() == 1'767'225'600'000);
	std::this_thread::sleep_for(5ms);
	CHECK(clock.now() == 1'767'225'600'000);
	clock.observeEventTime(1'767'225'652'000);
	CHECK(clock.now() == 1'767'225'652'000);
	clock.observe(1'767'225'600'000, true); /* SetClock back */
	CHECK(clock.now() == 1'767'225'600'000);
}

TEST_CASE("SwitchClock: a real switch clock goes on locally from the last observation")
{
	SwitchClock clock;
	clock.observe(1'000'000, false);
	CHECK_FALSE(clock.isVirtual());
	std::this_thread::sleep_for(20ms);
	TimeMs later = clock.now();
	CHECK(later >= 1'000'020);
	/* An older event time does not step it back; a newer one moves it forward. */
	clock.observeEventTime(1'000'001);
	CHECK(clock.now() >= later);
	clock.observeEventTime(9'000'000);
	CHECK(clock.now() >= 9'000'000);
}
