/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/sim/sim_backend.h"

#include <doctest/doctest.h>

TEST_CASE("placeholder")
{
	CHECK(true);
}
