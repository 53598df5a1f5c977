/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;
using Kind = DnBehaviour::Kind;

namespace {

/// 15000 calls 15001 (an agent, so it rings until answered).
ConnId dialAgent(Harness &h)
{
	REQUIRE(h.apply(req::MakeCall{"15000", "15001", {}, {}}).ok());
	return h.made();
}

/// 15000 and 15001 talking.
ConnId establish(Harness &h)
{
	ConnId id = dialAgent(h);
	REQUIRE(h.apply(req::AnswerCall{{"15001", id}}).ok());
	return id;
}

} /* namespace */

TEST_CASE("MakeCall to an agent: Dialing to the caller, then Ringing to the destination")
{
	Harness h;
	RequestResult r = h.apply(req::MakeCall{"15000", "15001", {}, UserData{{"k", std::string("v")}}});
	REQUIRE(r.ok());
	CHECK(r.referenceId == 1);
	CHECK_FALSE(r.newConnId.isNull());
	CHECK(brief(h.events) == Strings{"EventDialing 15000", "EventRinging 15001"});

	const Event &dialing = h.events[0];
	CHECK(dialing.referenceId == 1);
	CHECK(dialing.connId == r.newConnId);
	CHECK(dialing.thisDnRole == DnRole::Origination);
	CHECK(dialing.otherDn == "15001");
	CHECK(dialing.callType == CallType::Internal);
	CHECK(dialing.callState == CallState::Ok);
	CHECK(partyDns(dialing.call) == std::vector<Dn>{"15000"});
	CHECK(stateOf(dialing.call, "15000") == PartyState::Dialing);

	const Event &ringing = h.events[1];
	CHECK(ringing.referenceId == 0); /* 15001 did not send the request */
	CHECK(ringing.thisDnRole == DnRole::Destination);
	CHECK(ringing.otherDn == "15000");
	CHECK(ringing.otherDnRole == DnRole::Origination);
	CHECK(ringing.sequence > dialing.sequence);
	CHECK(ringing.time == startTime);
	REQUIRE(ringing.call);
	CHECK(partyDns(ringing.call) == std::vector<Dn>{"15001", "15000"}); /* newest first */
	CHECK(stateOf(ringing.call, "15001") == PartyState::Ringing);
	CHECK(ringing.call->dnis == "15001");
	CHECK(ringing.call->ani.empty());
	CHECK(ringing.call->callType == CallType::Internal);
	CHECK(ringing.call->userData == UserData{{"k", std::string("v")}});
	CHECK(ringing.call->callUuid.size() == 32);
	REQUIRE(ringing.dn);
	CHECK(ringing.dn->dn == "15001");
	CHECK(ringing.dn->agentState == AgentState::NotReady);
	CHECK_FALSE(h.sim.nextTimerAt()); /* an agent rings until answered */
}

TEST_CASE("AnswerCall: the answering party first, then the caller (Dialing to Established)")
{
	Harness h;
	ConnId id = dialAgent(h);
	REQUIRE(h.apply(req::AnswerCall{{"15001", id}}).ok());
	CHECK(brief(h.events) == Strings{"EventEstablished 15001", "EventEstablished 15000"});
	CHECK(h.events[0].referenceId == 2);
	CHECK(h.events[0].otherDn == "15000");
	CHECK(h.events[1].referenceId == 0);
	CHECK(h.events[1].otherDn == "15001");
	CHECK(h.events[1].otherDnRole == DnRole::Destination);
	CHECK(stateOf(h.events[0].call, "15000") == PartyState::Dialing);
	CHECK(stateOf(h.events[1].call, "15000") == PartyState::Established);
	CHECK(stateOf(h.events[1].call, "15001") == PartyState::Established);

	checkFails(h, req::AnswerCall{{"15001", id}}, terr::CallInInvalidState);
	checkFails(h, req::AnswerCall{{"15000", id}}, terr::CallInInvalidState);
	checkFails(h, req::AnswerCall{{"15002", id}}, terr::PartyNotOnCall);
	checkFails(h, req::AnswerCall{{"15001", ConnId(123)}}, terr::InvalidConnId);
}

TEST_CASE("MakeCall errors change nothing")
{
	SwitchConfig config = baseConfig();
	config.unknownNumbersAreExternal = false;
	config.dns.push_back(extension("15009", behaviour(Kind::Reject)));
	Harness h(config);
	checkFails(h, req::MakeCall{"15000", "", {}, {}}, terr::InvalidDestinationDn);
	checkFails(h, req::MakeCall{"15000", "15000", {}, {}}, terr::InvalidDestinationDn);
	checkFails(h, req::MakeCall{"15000", "99999", {}, {}}, terr::NotConfigured);
	checkFails(h, req::MakeCall{"99999", "15000", {}, {}}, terr::NotConfigured);
	checkFails(h, req::MakeCall{"", "15000", {}, {}}, terr::NotConfigured);
	checkFails(h, req::MakeCall{"7000", "15000", {}, {}}, terr::UnsupportedOperation);
	Event e = checkFails(h, req::MakeCall{"15000", "15009", {}, {}}, terr::CallRejected);
	CHECK(e.connId.isNull());
	CHECK_FALSE(e.call);
	REQUIRE(e.dn);
	CHECK(e.dn->dn == "15000");
	CHECK(h.sim.state().calls.empty());
}

TEST_CASE("MakeCall to a busy destination: DestinationBusy, then Released with CallStateBusy")
{
	SwitchConfig config = baseConfig();
	config.dns.push_back(extension("15009", behaviour(Kind::Busy)));
	Harness h(config);
	REQUIRE(h.apply(req::MakeCall{"15000", "15009", {}, {}}).ok());
	CHECK(brief(h.events) == Strings{"EventDialing 15000", "EventDestinationBusy 15000", "EventReleased 15000"});
	CHECK(h.events[1].otherDn == "15009");
	CHECK(h.events[2].callState == CallState::Busy);
	CHECK(h.events[2].referenceId == 1);
	CHECK(partyDns(h.events[2].call).empty());
	CHECK(h.sim.state().calls.empty());

	/* DND makes an agent busy too. */
	REQUIRE(h.apply(req::SetDndOn{"15001"}).ok());
	REQUIRE(h.apply(req::MakeCall{"15000", "15001", {}, {}}).ok());
	CHECK(brief(h.events) == Strings{"EventDialing 15000", "EventDestinationBusy 15000", "EventReleased 15000"});
	CHECK(h.sim.state().calls.empty());
}

TEST_CASE("Uncontrolled destinations follow their behaviour")
{
	SwitchConfig config = baseConfig();
	config.dns.push_back(extension("15010", behaviour(Kind::Answer, 3000)));
	config.dns.push_back(extension("15011", behaviour(Kind::NoAnswer, 5000)));
	config.dns.push_back(extension("15012", behaviour(Kind::RingForever)));
	Harness h(config);

	SUBCASE("Answer at once, in the same step")
	{
		REQUIRE(h.apply(req::MakeCall{"15000", "15002", {}, {}}).ok());
		CHECK(brief(h.events) == Strings{"EventDialing 15000", "EventRinging 15002", "EventEstablished 15002",
						 "EventEstablished 15000"});
		CHECK(h.events[3].referenceId == 0); /* the answer is the timer's, not the request's */
	}
	SUBCASE("Answer after a delay, with the clock at the due time")
	{
		REQUIRE(h.apply(req::MakeCall{"15000", "15010", {}, {}}).ok());
		CHECK(brief(h.events) == Strings{"EventDialing 15000", "EventRinging 15010"});
		CHECK(h.sim.nextTimerAt() == startTime + 3000);
		h.advance(2999);
		CHECK(h.events.empty());
		h.advance(5000);
		CHECK(brief(h.events) == Strings{"EventEstablished 15010", "EventEstablished 15000"});
		CHECK(h.events[0].time == startTime + 3000);
		CHECK_FALSE(h.sim.nextTimerAt());
	}
	SUBCASE("NoAnswer: rings, then both sides are released with CallStateNoAnswer")
	{
		REQUIRE(h.apply(req::MakeCall{"15000", "15011", {}, {}}).ok());
		h.advance(5000);
		CHECK(brief(h.events) == Strings{"EventReleased 15011", "EventReleased 15000"});
		CHECK(h.events[0].callState == CallState::NoAnswer);
		CHECK(h.events[1].callState == CallState::NoAnswer);
		CHECK(h.sim.state().calls.empty());
	}
	SUBCASE("RingForever: no timer; the remote side can still answer with a request")
	{
		REQUIRE(h.apply(req::MakeCall{"15000", "15012", {}, {}}).ok());
		CHECK_FALSE(h.sim.nextTimerAt());
		REQUIRE(h.apply(req::AnswerCall{{"15012", h.made()}}).ok());
		CHECK(brief(h.events) == Strings{"EventEstablished 15012", "EventEstablished 15000"});
	}
	SUBCASE("A timer of a party that already left does nothing")
	{
		REQUIRE(h.apply(req::MakeCall{"15000", "15010", {}, {}}).ok());
		REQUIRE(h.apply(req::ReleaseCall{{"15000", h.made()}}).ok());
		CHECK_FALSE(h.sim.nextTimerAt());
		h.advance(10000);
		CHECK(h.events.empty());
	}
}

TEST_CASE("Inbound and outbound calls")
{
	Harness h;
	REQUIRE(h.apply(req::MakeCall{"+14155550100", "15000", {}, {}}).ok());
	CHECK(brief(h.events) == Strings{"EventDialing +14155550100", "EventRinging 15000"});
	CHECK(h.events[1].callType == CallType::Inbound);
	CHECK(h.events[1].call->ani == "+14155550100");
	CHECK(h.events[1].call->dnis == "15000");
	CHECK(h.events[1].call->parties[1].dnType == DnType::External);

	REQUIRE(h.apply(req::MakeCall{"15001", "+14155550111", {}, {}}).ok());
	/* External numbers answer at once by default. */
	CHECK(brief(h.events) == Strings{"EventDialing 15001", "EventRinging +14155550111",
					 "EventEstablished +14155550111", "EventEstablished 15001"});
	CHECK(h.events[0].callType == CallType::Outbound);
	CHECK(h.events[0].call->ani.empty());
}

TEST_CASE("Forwarding: the call rings at the forward destination with CallStateForwarded")
{
	Harness h;
	REQUIRE(h.apply(req::CallForwardSet{"15001", "15003"}).ok());
	REQUIRE(h.apply(req::MakeCall{"15000", "15001", {}, {}}).ok());
	CHECK(brief(h.events) ==
	      Strings{"EventDialing 15000", "EventRinging 15003", "EventEstablished 15003", "EventEstablished 15000"});
	CHECK(h.events[1].callState == CallState::Forwarded);
	CHECK(h.events[1].call->dnis == "15001");
}

TEST_CASE("ReleaseCall: a two-party call ends for both, and the call is destroyed")
{
	Harness h;
	ConnId id = establish(h);
	REQUIRE(h.apply(req::ReleaseCall{{"15000", id}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15000", "EventReleased 15001"});
	CHECK(h.events[0].referenceId == h.lastReference());
	CHECK(h.events[0].thisDnRole == DnRole::Origination);
	CHECK(h.events[0].otherDn == "15001");
	CHECK(h.events[0].callState == CallState::Ok);
	CHECK(partyDns(h.events[0].call) == std::vector<Dn>{"15001"});
	CHECK(h.events[1].referenceId == 0);
	CHECK(h.events[1].otherDn == "15000");
	CHECK(partyDns(h.events[1].call).empty());
	CHECK(h.events[1].call->connId == id); /* the final snapshot keeps the call's data */
	CHECK(h.sim.state().calls.empty());
	checkFails(h, req::ReleaseCall{{"15000", id}}, terr::InvalidConnId);
}

TEST_CASE("ReleaseCall by the ringing side rejects the call")
{
	Harness h;
	ConnId id = dialAgent(h);
	checkFails(h, req::ReleaseCall{{"15002", id}}, terr::PartyNotOnCall);
	REQUIRE(h.apply(req::ReleaseCall{{"15001", id}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventReleased 15000"});
	CHECK(h.sim.state().calls.empty());
}

TEST_CASE("ClearCall: everyone released, the requester first")
{
	Harness h(seedConfig());
	REQUIRE(h.apply(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}}).ok());
	REQUIRE(h.apply(req::ClearCall{{"15001", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventReleased 15000", "EventReleased 15002"});
	CHECK(h.events[0].callState == CallState::Ok);
	CHECK(h.events[0].referenceId == h.lastReference());
	CHECK(h.events[1].callState == CallState::Cleared);
	CHECK(h.events[1].thirdPartyDn == "15001");
	CHECK(h.sim.state().calls.empty());
	checkFails(h, req::ClearCall{{"15001", seedConnId}}, terr::InvalidConnId);
}

TEST_CASE("HoldCall and RetrieveCall: events to the holder only")
{
	Harness h(seedConfig());
	REQUIRE(h.apply(req::HoldCall{{"15001", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventHeld 15001"});
	CHECK(h.events[0].otherDn == "15000");
	CHECK(h.events[0].referenceId == 1);
	CHECK(stateOf(h.events[0].call, "15001") == PartyState::Held);
	CHECK(stateOf(h.events[0].call, "15000") == PartyState::Established);
	checkFails(h, req::HoldCall{{"15001", seedConnId}}, terr::CallInInvalidState);
	checkFails(h, req::SetMuteOn{{"15001", seedConnId}}, terr::CallInInvalidState);
	checkFails(h, req::SendDtmf{"15001", seedConnId, "1"}, terr::CallInInvalidState);
	checkFails(h, req::RetrieveCall{{"15000", seedConnId}}, terr::CallInInvalidState);
	checkFails(h, req::HoldCall{{"15002", seedConnId}}, terr::PartyNotOnCall);
	checkFails(h, req::HoldCall{{"15001", ConnId(5)}}, terr::InvalidConnId);

	REQUIRE(h.apply(req::RetrieveCall{{"15001", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventRetrieved 15001"});
	CHECK(h.events[0].callState == CallState::Ok);
	CHECK(h.events[0].thisDnRole == DnRole::Destination);
	CHECK(stateOf(h.events[0].call, "15001") == PartyState::Established);
	checkFails(h, req::RetrieveCall{{"15001", seedConnId}}, terr::CallInInvalidState);

	/* Hanging up while the other side holds releases both. */
	REQUIRE(h.apply(req::HoldCall{{"15001", seedConnId}}).ok());
	REQUIRE(h.apply(req::ReleaseCall{{"15000", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15000", "EventReleased 15001"});
}

TEST_CASE("SetMuteOn / SetMuteOff")
{
	Harness h(seedConfig());
	REQUIRE(h.apply(req::SetMuteOn{{"15000", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventMuteOn 15000"});
	CHECK(h.events[0].call->party("15000")->muted);
	CHECK_FALSE(h.events[0].call->party("15001")->muted);
	REQUIRE(h.apply(req::SetMuteOff{{"15000", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventMuteOff 15000"});
	CHECK_FALSE(h.events[0].call->party("15000")->muted);
	checkFails(h, req::SetMuteOn{{"15003", seedConnId}}, terr::PartyNotOnCall);
	checkFails(h, req::SetMuteOff{{"15000", ConnId(9)}}, terr::InvalidConnId);
}

TEST_CASE("SendDtmf")
{
	Harness h(seedConfig());
	REQUIRE(h.apply(req::SendDtmf{"15000", seedConnId, "0123456789*#ABCD"}).ok());
	CHECK(brief(h.events) == Strings{"EventDTMFSent 15000"});
	CHECK(h.events[0].digits == "0123456789*#ABCD");
	CHECK(h.events[0].otherDn == "15001");
	checkFails(h, req::SendDtmf{"15000", seedConnId, "12x"}, terr::InvalidAttribute);
	checkFails(h, req::SendDtmf{"15000", seedConnId, ""}, terr::InvalidAttribute);
	checkFails(h, req::SendDtmf{"15002", seedConnId, "1"}, terr::PartyNotOnCall);
}

TEST_CASE("AlternateCall: Held on the current call, then Retrieved on the held one")
{
	Harness h(seedConfig());
	REQUIRE(h.apply(req::HoldCall{{"15000", seedConnId}}).ok());
	REQUIRE(h.apply(req::MakeCall{"15000", "15002", {}, {}}).ok());
	ConnId second = h.made();
	checkFails(h, req::AlternateCall{"15000", second, seedConnId}, terr::CallInInvalidState);
	checkFails(h, req::AlternateCall{"15001", seedConnId, second}, terr::PartyNotOnCall);
	checkFails(h, req::AlternateCall{"15000", seedConnId, ConnId(3)}, terr::InvalidConnId);
	REQUIRE(h.apply(req::AlternateCall{"15000", seedConnId, second}).ok());
	CHECK(brief(h.events) == Strings{"EventHeld 15000", "EventRetrieved 15000"});
	CHECK(h.events[0].connId == second);
	CHECK(h.events[0].otherDn == "15002");
	CHECK(h.events[1].connId == seedConnId);
	CHECK(h.events[1].otherDn == "15001");
	CHECK(h.events[0].referenceId == h.lastReference());
	CHECK(h.events[1].referenceId == h.lastReference());
	CHECK(stateOf(h.events[1].call, "15000") == PartyState::Established);
	CHECK(stateOf(h.events[0].call, "15000") == PartyState::Held);
}

TEST_CASE("Nothing is left once everyone hangs up")
{
	Harness h(seedConfig());
	REQUIRE(h.apply(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}}).ok());
	REQUIRE(h.apply(req::ReleaseCall{{"15000", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15000", "EventPartyDeleted 15001", "EventPartyDeleted 15002"});
	CHECK(h.events[1].otherDn == "15000");
	CHECK(h.events[1].otherDnRole == DnRole::DeletedParty);
	REQUIRE(h.apply(req::ReleaseCall{{"15002", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15002", "EventReleased 15001"});
	CHECK(h.sim.state().calls.empty());
}
