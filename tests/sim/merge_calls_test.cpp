/* SPDX-License-Identifier: MIT */
/*
 * MergeCalls: two calls of one DN become the held one's, as a transfer or a
 * conference completes, whether or not the second call was a consult of the first.
 */
// Test that header file is self-contained.
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;
using Dns = std::vector<Dn>;

namespace {

/// The seed call (15000 with 15001) held by 15001, and a second, unrelated call from 15001
/// to the agent 15003, answered.
ConnId holdAndCallAgain(Harness &h)
{
	REQUIRE(h.apply(req::HoldCall{{"15001", seedConnId}}).ok());
	REQUIRE(h.apply(req::MakeCall{"15001", "15003", {}, {}}).ok());
	ConnId second = h.made();
	REQUIRE(h.apply(req::AnswerCall{{"15003", second}}).ok());
	return second;
}

SwitchConfig config()
{
	SwitchConfig c = seedConfig();
	c.agents.push_back({"15003", "agent3", AgentState::NotReady, WorkMode::Unknown});
	return c;
}

} /* namespace */

TEST_CASE("MergeCalls for a conference: two unrelated calls become the held one, as CompleteConference makes it")
{
	Harness h(config());
	ConnId second = holdAndCallAgain(h);
	RequestResult r = h.apply(req::MergeCalls{{"15001", seedConnId, second}, MergeType::ForConference});
	REQUIRE(r.ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventRetrieved 15001", "EventPartyAdded 15001",
					 "EventPartyAdded 15000", "EventPartyChanged 15003"});
	CHECK(h.events[0].connId == second);
	CHECK(h.events[0].callState == CallState::Conferenced);
	CHECK(h.events[0].referenceId == r.referenceId);
	CHECK(h.events[1].connId == seedConnId);
	CHECK(h.events[1].callState == CallState::Conferenced);
	const Event &changed = h.events[4];
	CHECK(changed.connId == seedConnId); /* "the same conn_id as the held call" */
	CHECK(changed.previousConnId == second);
	CHECK(changed.thirdPartyDnRole == DnRole::ConferencedBy);
	CHECK(partyDns(changed.call) == Dns{"15003", "15001", "15000"});
	CHECK(changed.call->conferenceOwner == "15001");
	CHECK(changed.call->callType == CallType::Internal);

	SwitchState state = h.sim.state();
	REQUIRE(state.calls.size() == 1);
	CHECK(state.calls[0].connId == seedConnId);
}

TEST_CASE("MergeCalls for a transfer: the requester leaves both calls, the others meet on the held one")
{
	Harness h(config());
	ConnId second = holdAndCallAgain(h);
	RequestResult r = h.apply(req::MergeCalls{{"15001", seedConnId, second}, MergeType::ForTransfer});
	REQUIRE(r.ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventReleased 15001", "EventPartyChanged 15000",
					 "EventPartyChanged 15003"});
	CHECK(h.events[0].connId == seedConnId);
	CHECK(h.events[0].callState == CallState::Transferred);
	CHECK(h.events[1].connId == second);
	CHECK(h.events[2].otherDn == "15003");
	CHECK(h.events[2].thirdPartyDnRole == DnRole::TransferredBy);
	CHECK(h.events[3].previousConnId == second);
	CHECK(partyDns(h.events[3].call) == Dns{"15003", "15000"});
	CHECK(h.sim.state().calls.size() == 1);
}

TEST_CASE("MergeCalls of a consult pair completes it like CompleteConference")
{
	Harness h(config());
	ConnId consult = h.apply(req::InitiateConference{{"15001", seedConnId, "15003", {}, {}}}).newConnId;
	REQUIRE(h.apply(req::AnswerCall{{"15003", consult}}).ok());
	REQUIRE(h.apply(req::MergeCalls{{"15001", seedConnId, consult}, MergeType::ForConference}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventRetrieved 15001", "EventPartyAdded 15001",
					 "EventPartyAdded 15000", "EventPartyChanged 15003"});
	CHECK_FALSE(h.events.back().call->consultConnId);
}

TEST_CASE("MergeCalls keeps the held call's own consult when it merges another call")
{
	SwitchConfig c = config();
	Harness h(c);
	/* 15001 consults 15002 from the seed call (15002 answers at once), puts that consult on
	 * hold, calls 15003, and merges the call with 15003 into the consult... */
	ConnId consult = h.apply(req::InitiateTransfer{{"15001", seedConnId, "15002", {}, {}}}).newConnId;
	REQUIRE(h.apply(req::HoldCall{{"15001", consult}}).ok());
	REQUIRE(h.apply(req::MakeCall{"15001", "15003", {}, {}}).ok());
	ConnId third = h.made();
	REQUIRE(h.apply(req::AnswerCall{{"15003", third}}).ok());
	REQUIRE(h.apply(req::MergeCalls{{"15001", consult, third}, MergeType::ForConference}).ok());
	/* ...which is still the seed call's consult. */
	const CallSnapshotPtr &merged = h.events.back().call;
	CHECK(merged->connId == consult);
	CHECK(merged->parentConnId == seedConnId);
	CHECK(partyDns(merged) == Dns{"15003", "15002", "15001"});
	SwitchState state = h.sim.state();
	REQUIRE(state.calls.size() == 2);
	for (const CallSnapshot &call : state.calls) {
		if (call.connId == seedConnId)
			CHECK(call.consultConnId == consult);
	}
}

TEST_CASE("MergeCalls errors change nothing")
{
	Harness h(config());
	ConnId second = holdAndCallAgain(h);
	auto merge = [](const Dn &dn, ConnId held, ConnId current, MergeType type) {
		return req::MergeCalls{{dn, held, current}, type};
	};
	for (MergeType type : {MergeType::ForTransfer, MergeType::ForConference}) {
		CAPTURE(toString(type));
		bool transfer = type == MergeType::ForTransfer;
		int cannot = transfer ? terr::CannotCompleteTransfer : terr::CannotCompleteConference;
		checkFails(h, merge("15001", ConnId(77), second, type), terr::InvalidConnId);
		checkFails(h, merge("15001", seedConnId, ConnId(77), type), terr::InvalidConnId);
		checkFails(h, merge("15000", seedConnId, second, type), terr::PartyNotOnCall); /* another DN's */
		checkFails(h, merge("15001", seedConnId, seedConnId, type), cannot);
		/* Swapped: the requester is not held on the first; for a conference, not talking on the second. */
		checkFails(h, merge("15001", second, seedConnId, type), transfer ? terr::CallInInvalidState : cannot);
	}
	/* A party of the current call already on the held one: a DN is never on a call twice. */
	REQUIRE(h.apply(req::SingleStepConference{{"15003", second, "15000", {}, {}}}).ok());
	checkFails(h, merge("15001", seedConnId, second, MergeType::ForTransfer), terr::CannotCompleteTransfer);
	checkFails(h, merge("15001", seedConnId, second, MergeType::ForConference), terr::CannotCompleteConference);
}

TEST_CASE("MergeCalls for a conference waits for the other party to answer; a transfer does not")
{
	Harness h(config());
	REQUIRE(h.apply(req::HoldCall{{"15001", seedConnId}}).ok());
	REQUIRE(h.apply(req::MakeCall{"15001", "15003", {}, {}}).ok());
	ConnId ringing = h.made();
	checkFails(h, req::MergeCalls{{"15001", seedConnId, ringing}, MergeType::ForConference},
		   terr::CannotCompleteConference);
	REQUIRE(h.apply(req::MergeCalls{{"15001", seedConnId, ringing}, MergeType::ForTransfer}).ok());
	CHECK(stateOf(h.events.back().call, "15003") == PartyState::Ringing);
}
