/* SPDX-License-Identifier: MIT */
/*
 * A DN is never on one call twice (a GWS call view has one party per DN and call;
 * the soak found a held call going Held -> Ringing on a client): every path that
 * adds parties to a call or merges two calls is refused when it would.
 */
#include "sim_harness.h"

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;
using Dns = std::vector<Dn>;

namespace {

/// seedConfig() with 15003 as an agent (rings until it answers).
SwitchConfig withAgent3()
{
	SwitchConfig config = seedConfig();
	config.agents.push_back({"15003", "agent3", AgentState::Ready, WorkMode::ManualIn});
	return config;
}

} /* namespace */

TEST_CASE("A consult to a DN already on the call is refused (the soak's Held -> Ringing)")
{
	Harness h(seedConfig());
	/* 15001 holds the seed call; 15000 consults 15001. */
	REQUIRE(h.apply(req::HoldCall{{"15001", seedConnId}}).ok());
	checkFails(h, req::InitiateTransfer{{"15000", seedConnId, "15001", {}, {}}}, terr::DestinationInvalidState);
	checkFails(h, req::InitiateConference{{"15000", seedConnId, "15001", {}, {}}}, terr::DestinationInvalidState);

	SUBCASE("also when the dialled number forwards to a party of the call")
	{
		REQUIRE(h.apply(req::CallForwardSet{"15002", "15001"}).ok());
		checkFails(h, req::InitiateTransfer{{"15000", seedConnId, "15002", {}, {}}},
			   terr::DestinationInvalidState);
	}
	SUBCASE("a consult to someone else still works")
	{
		REQUIRE(h.apply(req::InitiateTransfer{{"15000", seedConnId, "15003", {}, {}}}).ok());
	}
}

TEST_CASE("A consult to a supervisor observing the call is refused")
{
	SwitchConfig config = seedConfig();
	config.dns.push_back(extension("15010"));
	Harness h(config);
	/* 15010 listens in on 15001, who is on the seed call: it joins at once. */
	REQUIRE(h.apply(req::MonitorNextCall{"15010", "15001", MonitorType::OneCall, MonitorMode::Mute,
					     MonitorScope::Call})
			.ok());
	REQUIRE(h.sim.state().calls[0].party("15010"));
	checkFails(h, req::InitiateConference{{"15000", seedConnId, "15010", {}, {}}}, terr::DestinationInvalidState);
}

TEST_CASE("Completing is refused when the consulted party joined the main call meanwhile")
{
	Harness h(withAgent3());
	/* B = 15001 consults C = 15003, who answers; then A = 15000 adds C to the main call. */
	ConnId consult = h.apply(req::InitiateConference{{"15001", seedConnId, "15003", {}, {}}}).newConnId;
	REQUIRE(h.apply(req::AnswerCall{{"15003", consult}}).ok());
	REQUIRE(h.apply(req::SingleStepConference{{"15000", seedConnId, "15003", {}, {}}}).ok());
	REQUIRE(h.sim.state().calls.size() == 2);

	checkFails(h, req::CompleteTransfer{"15001", seedConnId, consult}, terr::CannotCompleteTransfer);
	checkFails(h, req::CompleteConference{"15001", seedConnId, consult}, terr::CannotCompleteConference);

	/* Once C has left the consult call, B can get back to the main call. */
	REQUIRE(h.apply(req::ReleaseCall{{"15003", consult}}).ok());
	REQUIRE(h.apply(req::RetrieveCall{{"15001", seedConnId}}).ok());
	for (const CallSnapshot &call : h.sim.state().calls)
		CHECK(partyDns(std::make_shared<const CallSnapshot>(call)) == Dns{"15003", "15001", "15000"});
}

TEST_CASE("Completing is refused when a supervisor on the main call observes the consult")
{
	Harness h(withAgent3());
	/* 15000 (a party of the seed call) supervises 15003; 15001 consults 15003, who answers,
	 * so 15000 joins the consult call as an observer. */
	REQUIRE(h.apply(req::MonitorNextCall{"15000", "15003", MonitorType::AllCalls, MonitorMode::Mute,
					     MonitorScope::Call})
			.ok());
	ConnId consult = h.apply(req::InitiateTransfer{{"15001", seedConnId, "15003", {}, {}}}).newConnId;
	REQUIRE(h.apply(req::AnswerCall{{"15003", consult}}).ok());
	REQUIRE(h.events.back().connId == consult);
	REQUIRE(h.events.back().call->party("15000")->role == DnRole::Observer);

	checkFails(h, req::CompleteTransfer{"15001", seedConnId, consult}, terr::CannotCompleteTransfer);
	checkFails(h, req::CompleteConference{"15001", seedConnId, consult}, terr::CannotCompleteConference);
}

TEST_CASE("A consult waiting in a queue is not offered to a party of the main call")
{
	/* Queue 7000 serves 15000 and 15003. 15000 holds the seed call, 15001 consults the queue:
	 * 15000 becoming Ready must not get the consult of its own call. */
	SwitchConfig config = seedConfig();
	config.dns[5].targets = {"15000", "15003"};
	Harness h(config);
	REQUIRE(h.apply(req::HoldCall{{"15000", seedConnId}}).ok());
	REQUIRE(h.apply(req::InitiateTransfer{{"15001", seedConnId, "7000", {}, {}}}).ok());
	ConnId consult = h.made();
	REQUIRE(h.apply(req::AgentReady{"15000", WorkMode::ManualIn, {}}).ok());
	CHECK(brief(h.events) == Strings{"EventAgentReady 15000"});

	/* Another agent of the queue takes it. */
	REQUIRE(h.apply(req::AgentLogin{"15003", "agent3", {}}).ok());
	REQUIRE(h.apply(req::AgentReady{"15003", WorkMode::ManualIn, {}}).ok());
	CHECK(brief(h.events) == Strings{"EventAgentReady 15003", "EventDiverted 7000", "EventRinging 15003"});
	CHECK(h.events.back().connId == consult);
}
