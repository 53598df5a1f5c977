/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

/*
 * DeleteFromConference of a party that is still ringing (found by the soak
 * test): the party was dropped but nobody was told, so the requester got no
 * event at all for its request and its desktop kept listing the participant.
 * docs/call-model.md: the remaining members get EventPartyDeleted, the
 * requester first with the ReferenceID, whatever the dropped party's state.
 */

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;
using Dns = std::vector<Dn>;

TEST_CASE("DeleteFromConference of a ringing party: the requester and the members get EventPartyDeleted")
{
	SwitchConfig config = seedConfig();
	config.agents.push_back({"15002", "agent2", AgentState::NotReady, WorkMode::Unknown});
	Harness h(config);
	/* 15002 has an agent: it rings until answered. */
	REQUIRE(h.apply(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}}).ok());
	REQUIRE(brief(h.events) == Strings{"EventRinging 15002"});

	RequestResult r = h.apply(req::DeleteFromConference{"15000", seedConnId, "15002"});
	REQUIRE(r.ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15002", "EventPartyDeleted 15000", "EventPartyDeleted 15001"});
	CHECK(h.events[1].referenceId == r.referenceId);
	CHECK(h.events[1].otherDn == "15002");
	CHECK(h.events[1].thirdPartyDn == "15000");
	CHECK(h.events[2].referenceId == 0);
	CHECK(partyDns(h.events[2].call) == Dns{"15001", "15000"});
}

TEST_CASE("A ringing party hanging up still tells no one")
{
	SwitchConfig config = seedConfig();
	config.agents.push_back({"15002", "agent2", AgentState::NotReady, WorkMode::Unknown});
	Harness h(config);
	REQUIRE(h.apply(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}}).ok());
	REQUIRE(h.apply(req::ReleaseCall{{"15002", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15002"});
}
