/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

/*
 * External numbers are remembered only while they are on a call (found by the
 * soak test: the switch kept every random number ever dialled, so a client
 * dialling random numbers grew it for ever).
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

std::size_t externalDns(const SwitchState &state)
{
	return static_cast<std::size_t>(std::count_if(
		state.dns.begin(), state.dns.end(), [](const DnSnapshot &dn) { return dn.type == DnType::External; }));
}

} /* namespace */

TEST_CASE("Dialling many distinct external numbers does not grow the switch for ever")
{
	Harness h;
	std::size_t mostSeen = 0;
	for (int i = 0; i < 5000; ++i) {
		Dn number = fmt::format("55{:06}", i);
		RequestResult made = h.apply(req::MakeCall{"15002", number, {}, {}});
		REQUIRE(made.ok());
		REQUIRE(h.apply(req::ReleaseCall{{"15002", made.newConnId}}).ok());
		mostSeen = std::max(mostSeen, externalDns(h.sim.state()));
	}
	CHECK(mostSeen <= 512);
	CHECK(h.sim.state().calls.empty());
}

TEST_CASE("An external number on a call is kept through a sweep and behaves the same after it")
{
	Harness h;
	RequestResult kept = h.apply(req::MakeCall{"15003", "4444", {}, {}});
	REQUIRE(kept.ok());
	std::vector<std::string> firstTime;
	for (int i = 0; i < 600; ++i) {
		RequestResult made = h.apply(req::MakeCall{"15002", fmt::format("56{:06}", i), {}, {}});
		REQUIRE(made.ok());
		if (i == 0)
			firstTime = brief(h.events);
		REQUIRE(h.apply(req::ReleaseCall{{"15002", made.newConnId}}).ok());
	}
	SwitchState state = h.sim.state();
	CHECK(std::any_of(state.dns.begin(), state.dns.end(), [](const DnSnapshot &dn) { return dn.dn == "4444"; }));
	CHECK(externalDns(state) < 600);
	/* A forgotten number is met again exactly as the first time. */
	RequestResult again = h.apply(req::MakeCall{"15002", "56000000", {}, {}});
	REQUIRE(again.ok());
	CHECK(brief(h.events) == firstTime);
	CHECK(firstTime.size() == 4);
	REQUIRE(h.apply(req::ReleaseCall{{"15003", kept.newConnId}}).ok());
}
