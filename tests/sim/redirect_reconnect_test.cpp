/* SPDX-License-Identifier: MIT */
/*
 * RedirectCall (a ringing call sent on, unanswered) and ReconnectCall (leave the
 * current call, take the held one back).
 */
// Test that header file is self-contained.
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;
using Dns = std::vector<Dn>;
using Kind = DnBehaviour::Kind;

namespace {

/// baseConfig() with 15003 an agent too (it rings until it answers).
SwitchConfig withAgent15003(SwitchConfig config = baseConfig())
{
	config.agents.push_back({"15003", "agent3", AgentState::NotReady, WorkMode::Unknown});
	return config;
}

/// 15000 calls 15001 (an agent: it rings until answered).
ConnId ringAgent(Harness &h)
{
	REQUIRE(h.apply(req::MakeCall{"15000", "15001", {}, {}}).ok());
	return h.made();
}

} /* namespace */

TEST_CASE("RedirectCall: the ringing DN leaves with CallStateRedirected, the destination rings in its place")
{
	Harness h(withAgent15003());
	ConnId id = ringAgent(h);
	RequestResult r = h.apply(req::RedirectCall{"15001", id, "15003"});
	REQUIRE(r.ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventRinging 15003"});

	const Event &released = h.events[0];
	CHECK(released.connId == id);
	CHECK(released.referenceId == r.referenceId);
	CHECK(released.callState == CallState::Redirected);
	CHECK(released.thisDnRole == DnRole::Destination);
	CHECK(released.thirdPartyDn == "15003");
	CHECK(released.thirdPartyDnRole == DnRole::Destination);
	CHECK(released.otherDn == "15000");
	CHECK(partyDns(released.call) == Dns{"15000"});

	const Event &ringing = h.events[1];
	CHECK(ringing.connId == id); /* the same call */
	CHECK(ringing.referenceId == 0);
	CHECK(ringing.callState == CallState::Redirected);
	CHECK(ringing.thisDnRole == DnRole::Destination);
	CHECK(ringing.otherDn == "15000");
	CHECK(partyDns(ringing.call) == Dns{"15003", "15000"});
	CHECK(stateOf(ringing.call, "15000") == PartyState::Dialing);
	CHECK(ringing.call->dnis == "15001"); /* still the number dialled */

	REQUIRE(h.apply(req::AnswerCall{{"15003", id}}).ok());
	CHECK(brief(h.events) == Strings{"EventEstablished 15003", "EventEstablished 15000"});
	CHECK(h.events[1].otherDn == "15003");
}

TEST_CASE("RedirectCall to an uncontrolled extension: it answers at once, in the same step")
{
	Harness h;
	ConnId id = ringAgent(h);
	REQUIRE(h.apply(req::RedirectCall{"15001", id, "15002"}).ok());
	CHECK(brief(h.events) ==
	      Strings{"EventReleased 15001", "EventRinging 15002", "EventEstablished 15002", "EventEstablished 15000"});
}

TEST_CASE("RedirectCall to a queue: the call waits there, and may come back to the redirecting agent")
{
	Harness h;
	ConnId id = ringAgent(h);
	REQUIRE(h.apply(req::RedirectCall{"15001", id, "7000"}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventQueued 7000"});
	CHECK(h.events[0].thirdPartyDn == "7000");
	CHECK(h.events[1].otherDn == "15000");
	REQUIRE(h.apply(req::AgentReady{"15001", WorkMode::ManualIn, {}}).ok());
	CHECK(brief(h.events) == Strings{"EventAgentReady 15001", "EventDiverted 7000", "EventRinging 15001"});
	CHECK(h.events[2].connId == id);
}

TEST_CASE("RedirectCall of a party a single-step conference rings: the new party joins the conference")
{
	SwitchConfig config = withAgent15003(seedConfig());
	Harness h(config);
	RequestResult ssc = h.apply(req::SingleStepConference{{"15000", seedConnId, "15003", {}, {}}});
	REQUIRE(ssc.ok());
	checkFails(h, req::RedirectCall{"15003", seedConnId, "7000"}, terr::UnsupportedOperation);

	REQUIRE(h.apply(req::RedirectCall{"15003", seedConnId, "15004"}).ok());
	/* 15004 answers at once: the conference's EventPartyAdded, from the requester of the SSC. */
	CHECK(brief(h.events) == Strings{"EventReleased 15003", "EventRinging 15004", "EventEstablished 15004",
					 "EventPartyAdded 15000", "EventPartyAdded 15001"});
	const Event &released = h.events[0];
	CHECK(released.thirdPartyDnRole == DnRole::ConferenceMember); /* more than two parties */
	CHECK(released.otherDn.empty());
	const Event &ringing = h.events[1];
	CHECK(ringing.thisDnRole == DnRole::ConferenceMember);
	CHECK(ringing.otherDn == "15000");
	const Event &added = h.events[3];
	CHECK(added.thirdPartyDn == "15000");
	CHECK(added.otherDn == "15004");
	CHECK(added.referenceId == ssc.referenceId); /* the SSC's, as when the first party answers */
	CHECK(partyDns(added.call) == Dns{"15004", "15001", "15000"});
}

TEST_CASE("RedirectCall errors change nothing")
{
	SwitchConfig config = withAgent15003();
	config.unknownNumbersAreExternal = false;
	config.dns.push_back(extension("15010", behaviour(Kind::Busy)));
	config.dns.push_back(extension("15011", behaviour(Kind::Reject)));
	Harness h(config);
	ConnId id = ringAgent(h);
	checkFails(h, req::RedirectCall{"15001", ConnId(77), "15003"}, terr::InvalidConnId);
	checkFails(h, req::RedirectCall{"15002", id, "15003"}, terr::PartyNotOnCall);	  /* another DN's call */
	checkFails(h, req::RedirectCall{"15000", id, "15003"}, terr::CallInInvalidState); /* dialing, not ringing */
	checkFails(h, req::RedirectCall{"15001", id, "15001"}, terr::InvalidDestinationDn);
	checkFails(h, req::RedirectCall{"15001", id, ""}, terr::InvalidDestinationDn);
	checkFails(h, req::RedirectCall{"15001", id, "88888"}, terr::NotConfigured);
	checkFails(h, req::RedirectCall{"15001", id, "15000"}, terr::DestinationInvalidState);
	checkFails(h, req::RedirectCall{"15001", id, "15010"}, terr::TerminatingPartyBusy);
	checkFails(h, req::RedirectCall{"15001", id, "15011"}, terr::CallRejected);
	REQUIRE(h.apply(req::AnswerCall{{"15001", id}}).ok());
	checkFails(h, req::RedirectCall{"15001", id, "15003"}, terr::CallInInvalidState); /* answered */
}

TEST_CASE("ReconnectCall: the consult call is released, then the held call retrieved")
{
	Harness h(withAgent15003(seedConfig()));
	ConnId consult = h.apply(req::InitiateTransfer{{"15001", seedConnId, "15003", {}, {}}}).newConnId;
	REQUIRE(h.apply(req::AnswerCall{{"15003", consult}}).ok());

	RequestResult r = h.apply(req::ReconnectCall{"15001", seedConnId, consult});
	REQUIRE(r.ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventReleased 15003", "EventRetrieved 15001"});
	CHECK(h.events[0].connId == consult);
	CHECK(h.events[0].referenceId == r.referenceId);
	CHECK(h.events[0].callState == CallState::Ok);
	CHECK(h.events[1].connId == consult);
	CHECK(h.events[1].otherDn == "15001");
	CHECK(h.events[1].referenceId == 0);
	const Event &retrieved = h.events[2];
	CHECK(retrieved.connId == seedConnId);
	CHECK(retrieved.referenceId == r.referenceId);
	CHECK(retrieved.otherDn == "15000");
	CHECK(stateOf(retrieved.call, "15001") == PartyState::Established);
	CHECK_FALSE(retrieved.call->consultConnId); /* the consult is gone */

	SwitchState state = h.sim.state();
	REQUIRE(state.calls.size() == 1);
	CHECK(state.calls[0].connId == seedConnId);
}

TEST_CASE("ReconnectCall while the consulted party still rings cancels the consult")
{
	Harness h(withAgent15003(seedConfig()));
	ConnId consult = h.apply(req::InitiateConference{{"15001", seedConnId, "15003", {}, {}}}).newConnId;
	REQUIRE(h.apply(req::ReconnectCall{"15001", seedConnId, consult}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventReleased 15003", "EventRetrieved 15001"});
	CHECK(h.sim.state().calls.size() == 1);
}

TEST_CASE("ReconnectCall errors change nothing")
{
	Harness h(withAgent15003(seedConfig()));
	ConnId consult = h.apply(req::InitiateTransfer{{"15001", seedConnId, "15003", {}, {}}}).newConnId;
	REQUIRE(h.apply(req::AnswerCall{{"15003", consult}}).ok());
	checkFails(h, req::ReconnectCall{"15001", ConnId(77), consult}, terr::InvalidConnId);
	checkFails(h, req::ReconnectCall{"15001", seedConnId, ConnId(77)}, terr::InvalidConnId);
	checkFails(h, req::ReconnectCall{"15000", seedConnId, consult}, terr::PartyNotOnCall);	   /* another DN's */
	checkFails(h, req::ReconnectCall{"15001", consult, seedConnId}, terr::CallInInvalidState); /* swapped */
	checkFails(h, req::ReconnectCall{"15001", seedConnId, seedConnId}, terr::CallInInvalidState);
	REQUIRE(h.apply(req::AlternateCall{"15001", seedConnId, consult}).ok());
	checkFails(h, req::ReconnectCall{"15001", seedConnId, consult}, terr::CallInInvalidState); /* now held */
}
