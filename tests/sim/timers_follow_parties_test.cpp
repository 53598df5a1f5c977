/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

/*
 * Answer and no-answer timers find their party through the call it is on (the
 * benchmark found every step scanning every call for them). A transfer
 * completed while the consulted party still rings moves that party to the
 * held call: its timer must follow it there.
 */

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;
using Kind = DnBehaviour::Kind;

TEST_CASE("A transfer completed while the destination rings: its answer timer follows it to the held call")
{
	SwitchConfig config = seedConfig();
	config.dns.push_back(extension("15010", behaviour(Kind::Answer, 3000)));
	Harness h(config);
	REQUIRE(h.apply(req::InitiateTransfer{{"15001", seedConnId, "15010", {}, {}}}).ok());
	ConnId consult = h.made();
	REQUIRE(h.apply(req::CompleteTransfer{{"15001", seedConnId, consult}}).ok());
	h.advance(2999);
	CHECK(h.events.empty());
	h.advance(1);
	REQUIRE(brief(h.events) == Strings{"EventEstablished 15010"});
	REQUIRE(h.events[0].call);
	CHECK(h.events[0].call->connId == seedConnId);
}

TEST_CASE("A no-answer timer follows a transferred ringing party too, and releases it from the held call")
{
	SwitchConfig config = seedConfig();
	config.dns.push_back(extension("15010", behaviour(Kind::NoAnswer, 1000)));
	Harness h(config);
	REQUIRE(h.apply(req::InitiateTransfer{{"15001", seedConnId, "15010", {}, {}}}).ok());
	ConnId consult = h.made();
	REQUIRE(h.apply(req::CompleteTransfer{{"15001", seedConnId, consult}}).ok());
	h.advance(1000);
	REQUIRE(brief(h.events) == Strings{"EventReleased 15010", "EventReleased 15000"});
	CHECK(h.events[0].callState == CallState::NoAnswer);
	CHECK(h.sim.state().calls.empty());
}

TEST_CASE("A timer whose party answered or left does nothing and is dropped")
{
	SwitchConfig config = seedConfig();
	config.dns.push_back(extension("15010", behaviour(Kind::Answer, 500)));
	Harness h(config);
	REQUIRE(h.apply(req::SingleStepConference{{"15000", seedConnId, "15010", {}, {}}}).ok());
	REQUIRE(h.sim.nextTimerAt().has_value());
	REQUIRE(h.apply(req::ReleaseCall{{"15010", seedConnId}}).ok());
	CHECK_FALSE(h.sim.nextTimerAt().has_value());
	h.advance(500);
	CHECK(h.events.empty());
}
