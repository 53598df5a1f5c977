/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;
using Dns = std::vector<Dn>;
using Kind = DnBehaviour::Kind;

namespace {

UserData firstConference(const Dn &dn)
{
	return UserData{{"FirstConferencePartyDN", dn}};
}

} /* namespace */

TEST_CASE("Seed sample 1: SingleStepConference from 15000 adds 15002 to the seed call")
{
	Harness h(seedConfig());
	RequestResult r = h.apply(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}});
	REQUIRE(r.ok());
	ReferenceId ref = r.referenceId;
	CHECK(brief(h.events) == Strings{"EventRinging 15002", "EventEstablished 15002", "EventPartyAdded 15000",
					 "EventPartyAdded 15001"});

	const Event &ringing = h.events[0];
	CHECK(ringing.connId == seedConnId); /* the same call */
	CHECK(ringing.thisDnRole == DnRole::ConferenceMember);
	CHECK(ringing.callState == CallState::Ok);
	CHECK(ringing.otherDn == "15000");
	CHECK(ringing.referenceId == 0);
	CHECK(partyDns(ringing.call) == Dns{"15002", "15001", "15000"});
	CHECK(stateOf(ringing.call, "15002") == PartyState::Ringing);
	CHECK(ringing.call->userData.empty());

	const Event &established = h.events[1];
	CHECK(established.callState == CallState::Conferenced);
	CHECK(stateOf(established.call, "15002") == PartyState::Established);

	for (int i : {2, 3}) {
		const Event &added = h.events[static_cast<std::size_t>(i)];
		CAPTURE(i);
		CHECK(added.connId == seedConnId);
		CHECK(added.callState == CallState::Conferenced);
		CHECK(added.thirdPartyDn == "15000");
		CHECK(added.thirdPartyDnRole == DnRole::AddedBy);
		CHECK(added.otherDn == "15002");
		CHECK(added.otherDnRole == DnRole::NewParty);
		REQUIRE(added.call);
		CHECK(partyDns(added.call) == Dns{"15002", "15001", "15000"});
		CHECK(added.call->userData == firstConference("15000"));
		CHECK(added.call->callUuid == seedCallUuid);
		CHECK(added.call->dnis == "15001");
		CHECK(added.call->callType == CallType::Internal);
		CHECK(added.call->conferenceOwner == "15000");
		for (const PartySnapshot &p : added.call->parties)
			CHECK(p.state == PartyState::Established);
	}
	CHECK(h.events[2].referenceId == ref); /* the requester's copy */
	CHECK(h.events[3].referenceId == 0);
	CHECK(h.events[2].call == h.events[3].call); /* same state, one shared snapshot */
}

TEST_CASE("Seed sample 2: SingleStepConference with user data, applied as an update first")
{
	Harness h(seedConfig());
	RequestResult r = h.apply(req::SingleStepConference{
		{"15000", seedConnId, "15002", {}, UserData{{"AccountNumber", std::string("12345")}}}});
	REQUIRE(r.ok());
	CHECK(brief(h.events) == Strings{"EventAttachedDataChanged 15000", "EventAttachedDataChanged 15001",
					 "EventRinging 15002", "EventEstablished 15002", "EventPartyAdded 15000",
					 "EventPartyAdded 15001"});
	CHECK(h.events[0].referenceId == r.referenceId);
	CHECK(h.events[1].referenceId == 0);
	CHECK(h.events[0].call->userData == UserData{{"AccountNumber", std::string("12345")}});
	const Event &added = h.events[4];
	CHECK(added.referenceId == r.referenceId);
	CHECK(added.call->userData ==
	      UserData{{"AccountNumber", std::string("12345")}, {"FirstConferencePartyDN", std::string("15000")}});
	CHECK(partyDns(added.call) == Dns{"15002", "15001", "15000"});
}

TEST_CASE("SingleStepConference to an agent: rings until the agent answers")
{
	SwitchConfig config = seedConfig();
	config.agents.push_back({"15003", "agent3", AgentState::Ready, WorkMode::ManualIn});
	Harness h(config);
	RequestResult r = h.apply(req::SingleStepConference{{"15001", seedConnId, "15003", {}, {}}});
	REQUIRE(r.ok());
	CHECK(brief(h.events) == Strings{"EventRinging 15003"});
	REQUIRE(h.apply(req::AnswerCall{{"15003", seedConnId}}).ok());
	/* The requester first (with the SSC's ReferenceID), then the others oldest first. */
	CHECK(brief(h.events) == Strings{"EventEstablished 15003", "EventPartyAdded 15001", "EventPartyAdded 15000"});
	CHECK(h.events[0].referenceId == h.lastReference());
	CHECK(h.events[1].referenceId == r.referenceId);
	CHECK(h.events[2].referenceId == 0);
	CHECK(h.events[1].thirdPartyDn == "15001");
	CHECK(h.events[1].call->userData == firstConference("15001"));

	/* A second conference keeps the first owner. */
	REQUIRE(h.apply(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}}).ok());
	CHECK(brief(h.events) == Strings{"EventRinging 15002", "EventEstablished 15002", "EventPartyAdded 15000",
					 "EventPartyAdded 15001", "EventPartyAdded 15003"});
	CHECK(h.events.back().call->userData == firstConference("15001"));
	CHECK(h.events.back().call->conferenceOwner == "15001");
	CHECK(partyDns(h.events.back().call) == Dns{"15002", "15003", "15001", "15000"});
}

TEST_CASE("SingleStepConference errors change nothing, not even user data")
{
	SwitchConfig config = seedConfig();
	config.unknownNumbersAreExternal = false;
	config.dns.push_back(extension("15010", behaviour(Kind::Busy)));
	config.dns.push_back(extension("15011", behaviour(Kind::Reject)));
	Harness h(config);
	UserData data{{"AccountNumber", std::string("12345")}};
	checkFails(h, req::SingleStepConference{{"15000", seedConnId, "15010", {}, data}}, terr::TerminatingPartyBusy);
	checkFails(h, req::SingleStepConference{{"15000", seedConnId, "15011", {}, data}}, terr::CallRejected);
	checkFails(h, req::SingleStepConference{{"15000", seedConnId, "", {}, data}}, terr::InvalidDestinationDn);
	checkFails(h, req::SingleStepConference{{"15000", seedConnId, "15000", {}, data}}, terr::InvalidDestinationDn);
	checkFails(h, req::SingleStepConference{{"15000", seedConnId, "88888", {}, data}}, terr::NotConfigured);
	checkFails(h, req::SingleStepConference{{"15000", seedConnId, "15001", {}, data}},
		   terr::DestinationInvalidState);
	checkFails(h, req::SingleStepConference{{"15000", seedConnId, "7000", {}, data}}, terr::UnsupportedOperation);
	checkFails(h, req::SingleStepConference{{"15002", seedConnId, "15003", {}, data}}, terr::PartyNotOnCall);
	checkFails(h, req::SingleStepConference{{"15000", ConnId(77), "15003", {}, data}}, terr::InvalidConnId);
	REQUIRE(h.apply(req::HoldCall{{"15000", seedConnId}}).ok());
	Event e = checkFails(h, req::SingleStepConference{{"15000", seedConnId, "15003", {}, data}},
			     terr::CallInInvalidState);
	CHECK(e.connId == seedConnId);
	REQUIRE(e.call);
	CHECK(e.call->userData.empty());
}

TEST_CASE("SingleStepTransfer: B leaves, C rings on the same call, A sees the change")
{
	SwitchConfig config = seedConfig();
	config.agents.push_back({"15003", "agent3", AgentState::Ready, WorkMode::ManualIn});
	Harness h(config);
	RequestResult r = h.apply(req::SingleStepTransfer{{"15001", seedConnId, "15003", {}, {}}});
	REQUIRE(r.ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventRinging 15003", "EventPartyChanged 15000"});
	const Event &released = h.events[0];
	CHECK(released.referenceId == r.referenceId);
	CHECK(released.callState == CallState::Transferred);
	CHECK(released.thirdPartyDn == "15003");
	CHECK(released.thirdPartyDnRole == DnRole::Destination);
	CHECK(released.thisDnRole == DnRole::Destination);
	CHECK(partyDns(released.call) == Dns{"15000"});

	const Event &ringing = h.events[1];
	CHECK(ringing.connId == seedConnId);
	CHECK(ringing.callState == CallState::Transferred);
	CHECK(ringing.otherDn == "15000");
	CHECK(partyDns(ringing.call) == Dns{"15003", "15000"});

	const Event &changed = h.events[2];
	CHECK(changed.callState == CallState::Transferred);
	CHECK(changed.previousConnId == seedConnId);
	CHECK(changed.thirdPartyDn == "15001");
	CHECK(changed.thirdPartyDnRole == DnRole::TransferredBy);
	CHECK(changed.otherDn == "15003");
	CHECK(changed.referenceId == 0);

	REQUIRE(h.apply(req::AnswerCall{{"15003", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventEstablished 15003"});
	CHECK(stateOf(h.events[0].call, "15000") == PartyState::Established);
	CHECK(partyDns(h.events[0].call) == Dns{"15003", "15000"});
}

TEST_CASE("SingleStepTransfer with user data, to an uncontrolled party; and its errors")
{
	SwitchConfig config = seedConfig();
	config.dns.push_back(extension("15010", behaviour(Kind::Busy)));
	Harness h(config);
	UserData data{{"Reason", std::string("billing")}};
	checkFails(h, req::SingleStepTransfer{{"15001", seedConnId, "15010", {}, data}}, terr::TerminatingPartyBusy);
	checkFails(h, req::SingleStepTransfer{{"15001", seedConnId, "15000", {}, data}}, terr::DestinationInvalidState);
	checkFails(h, req::SingleStepTransfer{{"15001", seedConnId, "", {}, data}}, terr::InvalidDestinationDn);
	checkFails(h, req::SingleStepTransfer{{"15004", seedConnId, "15002", {}, data}}, terr::PartyNotOnCall);
	REQUIRE(h.apply(req::SingleStepTransfer{{"15001", seedConnId, "15002", {}, data}}).ok());
	CHECK(brief(h.events) == Strings{"EventAttachedDataChanged 15001", "EventAttachedDataChanged 15000",
					 "EventReleased 15001", "EventRinging 15002", "EventPartyChanged 15000",
					 "EventEstablished 15002"});
	CHECK(h.events.back().call->userData == data);
}

TEST_CASE("Consult transfer: InitiateTransfer then CompleteTransfer, from every side")
{
	SwitchConfig config = seedConfig();
	config.agents.push_back({"15003", "agent3", AgentState::Ready, WorkMode::ManualIn});
	Harness h(config);
	/* A = 15000, B = 15001 (transfers), C = 15003 */
	RequestResult init = h.apply(req::InitiateTransfer{{"15001", seedConnId, "15003", {}, {}}});
	REQUIRE(init.ok());
	ConnId consult = init.newConnId;
	CHECK(consult != seedConnId);
	CHECK(brief(h.events) == Strings{"EventHeld 15001", "EventDialing 15001", "EventRinging 15003"});
	CHECK(h.events[0].connId == seedConnId);
	CHECK(h.events[0].call->consultConnId == consult);
	CHECK(h.events[0].call->consultForTransfer);
	CHECK(stateOf(h.events[0].call, "15001") == PartyState::Held);
	CHECK(h.events[1].connId == consult);
	CHECK(h.events[1].callType == CallType::Consult);
	CHECK(h.events[1].call->parentConnId == seedConnId);
	CHECK(h.events[1].referenceId == init.referenceId);
	CHECK(h.events[2].connId == consult);
	CHECK(h.events[2].otherDn == "15001");

	checkFails(h, req::InitiateTransfer{{"15001", seedConnId, "15002", {}, {}}}, terr::CallInInvalidState);
	checkFails(h, req::CompleteTransfer{"15001", consult, seedConnId}, terr::CannotCompleteTransfer);
	checkFails(h, req::CompleteTransfer{"15000", seedConnId, consult}, terr::PartyNotOnCall);
	checkFails(h, req::CompleteTransfer{"15001", seedConnId, ConnId(1)}, terr::InvalidConnId);
	checkFails(h, req::CompleteTransfer{"15001", seedConnId, seedConnId}, terr::CannotCompleteTransfer);

	REQUIRE(h.apply(req::AnswerCall{{"15003", consult}}).ok());
	CHECK(brief(h.events) == Strings{"EventEstablished 15003", "EventEstablished 15001"});
	CHECK(h.events[1].connId == consult);

	RequestResult done = h.apply(req::CompleteTransfer{"15001", seedConnId, consult});
	REQUIRE(done.ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventReleased 15001", "EventPartyChanged 15000",
					 "EventPartyChanged 15003"});
	CHECK(h.events[0].connId == seedConnId);
	CHECK(h.events[0].callState == CallState::Transferred);
	CHECK(h.events[0].referenceId == done.referenceId);
	CHECK(h.events[1].connId == consult);
	CHECK(h.events[1].callState == CallState::Transferred);
	CHECK(h.events[1].referenceId == done.referenceId);

	const Event &a = h.events[2];
	CHECK(a.connId == seedConnId);
	CHECK(a.callState == CallState::Transferred);
	CHECK(a.thirdPartyDn == "15001");
	CHECK(a.thirdPartyDnRole == DnRole::TransferredBy);
	CHECK(a.otherDn == "15003");
	CHECK(a.referenceId == 0);
	CHECK(partyDns(a.call) == Dns{"15003", "15000"});
	CHECK_FALSE(a.call->consultConnId);

	const Event &c = h.events[3];
	CHECK(c.connId == seedConnId);
	CHECK(c.previousConnId == consult);
	CHECK(c.otherDn == "15000");
	CHECK(c.callState == CallState::Transferred);
	CHECK(stateOf(c.call, "15003") == PartyState::Established);

	SwitchState state = h.sim.state();
	REQUIRE(state.calls.size() == 1);
	CHECK(state.calls[0].connId == seedConnId);
	CHECK(partyDns(std::make_shared<const CallSnapshot>(state.calls[0])) == Dns{"15003", "15000"});
}

TEST_CASE("Consult transfer completed while the destination still rings")
{
	SwitchConfig config = seedConfig();
	config.agents.push_back({"15003", "agent3", AgentState::Ready, WorkMode::ManualIn});
	Harness h(config);
	ConnId consult = h.apply(req::InitiateTransfer{{"15001", seedConnId, "15003", {}, {}}}).newConnId;
	REQUIRE(h.apply(req::CompleteTransfer{"15001", seedConnId, consult}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventReleased 15001", "EventPartyChanged 15000",
					 "EventPartyChanged 15003"});
	CHECK(stateOf(h.events.back().call, "15003") == PartyState::Ringing);
	REQUIRE(h.apply(req::AnswerCall{{"15003", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventEstablished 15003"});
}

TEST_CASE("Consult call released by the consulted party: the transferrer stays held on the main call")
{
	Harness h(seedConfig());
	ConnId consult = h.apply(req::InitiateConference{{"15001", seedConnId, "15002", {}, {}}}).newConnId;
	CHECK(brief(h.events) == Strings{"EventHeld 15001", "EventDialing 15001", "EventRinging 15002",
					 "EventEstablished 15002", "EventEstablished 15001"});
	REQUIRE(h.apply(req::ReleaseCall{{"15002", consult}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15002", "EventReleased 15001"});
	SwitchState state = h.sim.state();
	REQUIRE(state.calls.size() == 1);
	CHECK_FALSE(state.calls[0].consultConnId);
	CHECK(state.calls[0].party("15001")->state == PartyState::Held);
	checkFails(h, req::CompleteConference{"15001", seedConnId, consult}, terr::InvalidConnId);
	REQUIRE(h.apply(req::RetrieveCall{{"15001", seedConnId}}).ok());
}

TEST_CASE("Consult conference: InitiateConference then CompleteConference, from every side")
{
	SwitchConfig config = seedConfig();
	config.agents.push_back({"15003", "agent3", AgentState::Ready, WorkMode::ManualIn});
	Harness h(config);
	RequestResult init = h.apply(req::InitiateConference{{"15001", seedConnId, "15003", {}, {}}});
	REQUIRE(init.ok());
	ConnId consult = init.newConnId;
	CHECK(brief(h.events) == Strings{"EventHeld 15001", "EventDialing 15001", "EventRinging 15003"});
	CHECK_FALSE(h.events[0].call->consultForTransfer);
	checkFails(h, req::CompleteConference{"15001", seedConnId, consult}, terr::CannotCompleteConference);
	REQUIRE(h.apply(req::AnswerCall{{"15003", consult}}).ok());
	checkFails(h, req::CompleteConference{"15001", consult, seedConnId}, terr::CannotCompleteConference);

	RequestResult done = h.apply(req::CompleteConference{"15001", seedConnId, consult});
	REQUIRE(done.ok());
	/* The consult goes first, then the requester is back on the merged call and,
	 * like every other party already there, learns of the newcomer. */
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventRetrieved 15001", "EventPartyAdded 15001",
					 "EventPartyAdded 15000", "EventPartyChanged 15003"});
	const Event &released = h.events[0];
	CHECK(released.connId == consult);
	CHECK(released.callState == CallState::Conferenced);
	CHECK(released.referenceId == done.referenceId);
	const Event &retrieved = h.events[1];
	CHECK(retrieved.connId == seedConnId);
	CHECK(retrieved.callState == CallState::Conferenced);
	CHECK(retrieved.referenceId == done.referenceId);
	CHECK(partyDns(retrieved.call) == Dns{"15003", "15001", "15000"});
	const Event &requesterAdded = h.events[2];
	CHECK(requesterAdded.otherDn == "15003");
	CHECK(requesterAdded.referenceId == done.referenceId);

	const Event &added = h.events[3];
	CHECK(added.connId == seedConnId);
	CHECK(added.callState == CallState::Conferenced);
	CHECK(added.thirdPartyDn == "15001");
	CHECK(added.thirdPartyDnRole == DnRole::AddedBy);
	CHECK(added.otherDn == "15003");
	CHECK(added.otherDnRole == DnRole::NewParty);
	CHECK(partyDns(added.call) == Dns{"15003", "15001", "15000"});
	CHECK(added.call->userData == firstConference("15001"));
	CHECK(added.call->conferenceOwner == "15001");

	const Event &changed = h.events[4];
	CHECK(changed.connId == seedConnId);
	CHECK(changed.previousConnId == consult);
	CHECK(changed.thirdPartyDn == "15001");
	CHECK(changed.thirdPartyDnRole == DnRole::ConferencedBy);
	CHECK(changed.callState == CallState::Conferenced);
	for (const PartySnapshot &p : changed.call->parties)
		CHECK(p.state == PartyState::Established);
	CHECK(h.sim.state().calls.size() == 1);
}

TEST_CASE("DeleteFromConference: the dropped party is released, the others see PartyDeleted")
{
	Harness h(seedConfig());
	REQUIRE(h.apply(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}}).ok());
	checkFails(h, req::DeleteFromConference{"15000", seedConnId, "15003"}, terr::PartyNotOnCall);
	checkFails(h, req::DeleteFromConference{"15003", seedConnId, "15002"}, terr::PartyNotOnCall);
	checkFails(h, req::DeleteFromConference{"15000", ConnId(4), "15002"}, terr::InvalidConnId);

	RequestResult r = h.apply(req::DeleteFromConference{"15000", seedConnId, "15002"});
	REQUIRE(r.ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15002", "EventPartyDeleted 15000", "EventPartyDeleted 15001"});
	const Event &released = h.events[0];
	CHECK(released.thirdPartyDn == "15000");
	CHECK(released.thirdPartyDnRole == DnRole::DeletedBy);
	CHECK(released.referenceId == 0);
	for (int i : {1, 2}) {
		const Event &deleted = h.events[static_cast<std::size_t>(i)];
		CHECK(deleted.otherDn == "15002");
		CHECK(deleted.otherDnRole == DnRole::DeletedParty);
		CHECK(deleted.thirdPartyDn == "15000");
		CHECK(deleted.thirdPartyDnRole == DnRole::DeletedBy);
		CHECK(partyDns(deleted.call) == Dns{"15001", "15000"});
	}
	CHECK(h.events[1].referenceId == r.referenceId); /* the requester first */
	CHECK(h.events[2].referenceId == 0);
	/* Two parties left: no conference to delete from. */
	checkFails(h, req::DeleteFromConference{"15000", seedConnId, "15001"}, terr::PartyNotOnCall);
}

TEST_CASE("A conference party hanging up leaves the rest; the last two end together")
{
	Harness h(seedConfig());
	REQUIRE(h.apply(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}}).ok());
	REQUIRE(h.apply(req::ReleaseCall{{"15001", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventPartyDeleted 15000", "EventPartyDeleted 15002"});
	CHECK(partyDns(h.events.back().call) == Dns{"15002", "15000"});
	REQUIRE(h.apply(req::ReleaseCall{{"15000", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15000", "EventReleased 15002"});
	CHECK(h.sim.state().calls.empty());
}

TEST_CASE("Single-step destinations that do not answer")
{
	SwitchConfig config = seedConfig();
	config.dns.push_back(extension("15010", behaviour(Kind::NoAnswer, 2000)));
	Harness h(config);

	SUBCASE("SSC: the unanswered party leaves alone, the call goes on")
	{
		REQUIRE(h.apply(req::SingleStepConference{{"15000", seedConnId, "15010", {}, {}}}).ok());
		CHECK(brief(h.events) == Strings{"EventRinging 15010"});
		h.advance(2000);
		CHECK(brief(h.events) == Strings{"EventReleased 15010"});
		CHECK(h.events[0].callState == CallState::NoAnswer);
		CHECK(partyDns(h.events[0].call) == Dns{"15001", "15000"});
		CHECK(h.events[0].call->userData.empty()); /* never became a conference */
	}
	SUBCASE("SST: the transferred party is left alone and released too")
	{
		REQUIRE(h.apply(req::SingleStepTransfer{{"15001", seedConnId, "15010", {}, {}}}).ok());
		h.advance(2000);
		CHECK(brief(h.events) == Strings{"EventReleased 15010", "EventReleased 15000"});
		CHECK(h.events[1].callState == CallState::NoAnswer);
		CHECK(h.sim.state().calls.empty());
	}
}

TEST_CASE("Initiate* to a busy or rejecting destination fails and changes nothing")
{
	SwitchConfig config = seedConfig();
	config.dns.push_back(extension("15010", behaviour(Kind::Busy)));
	config.dns.push_back(extension("15011", behaviour(Kind::Reject)));
	Harness h(config);
	checkFails(h, req::InitiateTransfer{{"15001", seedConnId, "15010", {}, {}}}, terr::TerminatingPartyBusy);
	checkFails(h, req::InitiateConference{{"15001", seedConnId, "15011", {}, {}}}, terr::CallRejected);
	checkFails(h, req::InitiateConference{{"15001", seedConnId, "", {}, {}}}, terr::InvalidDestinationDn);
	checkFails(h, req::InitiateTransfer{{"15003", seedConnId, "15002", {}, {}}}, terr::PartyNotOnCall);
	checkFails(h, req::InitiateTransfer{{"15001", ConnId(2), "15002", {}, {}}}, terr::InvalidConnId);
}

TEST_CASE("A consult to a queue waits there like any call")
{
	SwitchConfig config = seedConfig();
	config.agents.push_back({"15003", "agent3", AgentState::Ready, WorkMode::ManualIn});
	config.dns[5].targets = {"15003"};
	Harness h(config);
	RequestResult r =
		h.apply(req::InitiateTransfer{{"15001", seedConnId, "7000", {}, UserData{{"q", std::string("1")}}}});
	REQUIRE(r.ok());
	CHECK(brief(h.events) == Strings{"EventHeld 15001", "EventDialing 15001", "EventQueued 7000",
					 "EventDiverted 7000", "EventRinging 15003"});
	CHECK(h.events.back().callType == CallType::Consult);
	CHECK(h.events.back().call->dnis == "7000");
	CHECK(h.events.back().call->userData == UserData{{"q", std::string("1")}});
}

TEST_CASE("Events to an unchanged DN share one DN snapshot")
{
	Harness h(seedConfig());
	REQUIRE(h.apply(req::HoldCall{{"15000", seedConnId}}).ok());
	REQUIRE(h.apply(req::MakeCall{"15000", "15002", {}, {}}).ok());
	DnSnapshotPtr before = h.events[0].dn;
	REQUIRE(h.apply(req::AlternateCall{"15000", seedConnId, h.made()}).ok());
	CHECK(h.events[0].dn == h.events[1].dn);
	CHECK(h.events[0].dn == before);
	REQUIRE(h.apply(req::SetDndOn{"15000"}).ok());
	CHECK(h.events[0].dn != before);
}
