/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;
using Dns = std::vector<Dn>;

TEST_CASE("A call to a queue waits, then goes to the first Ready agent")
{
	Harness h;
	REQUIRE(h.apply(req::MakeCall{"+14155550100", "7000", {}, {}}).ok());
	ConnId id = h.made();
	CHECK(brief(h.events) == Strings{"EventDialing +14155550100", "EventQueued 7000"});
	CHECK(h.events[1].otherDn == "+14155550100");
	CHECK(partyDns(h.events[1].call) == Dns{"+14155550100"});
	CHECK(stateOf(h.events[1].call, "+14155550100") == PartyState::Dialing);

	REQUIRE(h.apply(req::AgentReady{"15001", WorkMode::ManualIn}).ok());
	CHECK(brief(h.events) == Strings{"EventAgentReady 15001", "EventDiverted 7000", "EventRinging 15001"});
	CHECK(h.events[1].otherDn == "15001");
	CHECK(h.events[2].referenceId == 0);
	CHECK(h.events[2].call->dnis == "7000");
	CHECK(h.events[2].call->ani == "+14155550100");
	CHECK(h.events[2].callType == CallType::Inbound);

	REQUIRE(h.apply(req::AnswerCall{{"15001", id}}).ok());
	CHECK(brief(h.events) == Strings{"EventEstablished 15001", "EventEstablished +14155550100"});
}

TEST_CASE("Distribution: targets in order, busy agents skipped, oldest call first")
{
	SwitchConfig config = baseConfig();
	config.agents[0].state = AgentState::Ready;
	config.agents[1].state = AgentState::Ready;
	Harness h(config);
	REQUIRE(h.apply(req::MakeCall{"+1555001", "7000", {}, {}}).ok());
	CHECK(brief(h.events) ==
	      Strings{"EventDialing +1555001", "EventQueued 7000", "EventDiverted 7000", "EventRinging 15000"});
	REQUIRE(h.apply(req::MakeCall{"+1555002", "7000", {}, {}}).ok());
	CHECK(brief(h.events).back() == "EventRinging 15001");
	REQUIRE(h.apply(req::MakeCall{"+1555003", "7000", {}, {}}).ok());
	ConnId third = h.made();
	REQUIRE(h.apply(req::MakeCall{"+1555004", "7000", {}, {}}).ok());
	CHECK(brief(h.events) == Strings{"EventDialing +1555004", "EventQueued 7000"});

	/* 15000 hangs up its call: the oldest waiting call goes to it. */
	ConnId first = h.sim.state().calls[0].connId;
	REQUIRE(h.apply(req::ReleaseCall{{"15000", first}}).ok());
	CHECK(brief(h.events) ==
	      Strings{"EventReleased 15000", "EventReleased +1555001", "EventDiverted 7000", "EventRinging 15000"});
	CHECK(h.events.back().connId == third);
}

TEST_CASE("A routing point distributes to every extension; abandoning while queued")
{
	Harness h;
	REQUIRE(h.apply(req::MakeCall{"15003", "7100", {}, {}}).ok());
	ConnId id = h.made();
	CHECK(brief(h.events) == Strings{"EventDialing 15003", "EventQueued 7100"});
	REQUIRE(h.apply(req::ReleaseCall{{"15003", id}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15003", "EventAbandoned 7100"});
	CHECK(h.events[1].callState == CallState::Abandoned);
	CHECK(h.sim.state().calls.empty());

	/* No one Ready: stays queued; the agent gets it when Ready. */
	REQUIRE(h.apply(req::MakeCall{"15003", "7100", {}, {}}).ok());
	REQUIRE(h.apply(req::AgentReady{"15001", WorkMode::ManualIn}).ok());
	CHECK(brief(h.events) == Strings{"EventAgentReady 15001", "EventDiverted 7100", "EventRinging 15001"});
	CHECK(h.events[2].callType == CallType::Internal);
}

TEST_CASE("ClearCall on a queued call: the queue reports the abandon")
{
	Harness h;
	REQUIRE(h.apply(req::MakeCall{"15003", "7000", {}, {}}).ok());
	REQUIRE(h.apply(req::ClearCall{{"15003", h.made()}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15003", "EventAbandoned 7000"});
	CHECK(h.sim.state().calls.empty());
}
