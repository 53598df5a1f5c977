/* SPDX-License-Identifier: MIT */
/*
 * The real clock.
 */
#include "ctisim/clock.h"

#include <chrono>

namespace ctisim {

TimeMs RealClock::now() const
{
	using namespace std::chrono;
	return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} /* namespace ctisim */
