/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

/*
 * Distribution works out who is busy once per pass (a scan of every call per
 * waiting call and candidate made the switch slow down as calls piled up in a
 * queue, which the soak test found). These cases pin what the pass must still
 * see: an agent given a call in this pass is busy for the next waiting call,
 * an agent whose only call is Held is free, and one on an active call is not.
 */

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;

namespace {

/// baseConfig() with 15000 and 15001 Ready and talking to each other.
SwitchConfig busyAgents()
{
	SwitchConfig config = seedConfig();
	config.agents[0].state = AgentState::Ready;
	config.agents[1].state = AgentState::Ready;
	return config;
}

} /* namespace */

TEST_CASE("Two agents freed in one step take the two oldest waiting calls, one each")
{
	Harness h(busyAgents());
	REQUIRE(h.apply(req::MakeCall{"+1555001", "7000", {}, {}}).ok());
	ConnId first = h.made();
	REQUIRE(h.apply(req::MakeCall{"+1555002", "7000", {}, {}}).ok());
	ConnId second = h.made();
	REQUIRE(h.apply(req::MakeCall{"+1555003", "7000", {}, {}}).ok());
	CHECK(brief(h.events) == Strings{"EventDialing +1555003", "EventQueued 7000"});

	/* 15000 hangs up: 15001 is released too (two-party rule); both are free. */
	REQUIRE(h.apply(req::ReleaseCall{{"15000", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15000", "EventReleased 15001", "EventDiverted 7000",
					 "EventRinging 15000", "EventDiverted 7000", "EventRinging 15001"});
	CHECK(h.events[3].connId == first);
	CHECK(h.events[5].connId == second);
}

TEST_CASE("An agent whose only call is Held takes a waiting call; one talking does not")
{
	Harness h(busyAgents());
	REQUIRE(h.apply(req::HoldCall{{"15000", seedConnId}}).ok());
	REQUIRE(h.apply(req::MakeCall{"+1555001", "7000", {}, {}}).ok());
	CHECK(brief(h.events) ==
	      Strings{"EventDialing +1555001", "EventQueued 7000", "EventDiverted 7000", "EventRinging 15000"});
	REQUIRE(h.apply(req::MakeCall{"+1555002", "7000", {}, {}}).ok());
	CHECK(brief(h.events) == Strings{"EventDialing +1555002", "EventQueued 7000"});
}
