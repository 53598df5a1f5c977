/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;

TEST_CASE("AgentLogin / AgentLogout")
{
	Harness h;
	checkFails(h, req::AgentLogin{"15000", "agent0", "", WorkMode::ManualIn}, terr::AgentAlreadyLoggedIn);
	checkFails(h, req::AgentLogin{"7000", "x", "", WorkMode::ManualIn}, terr::UnsupportedOperation);
	checkFails(h, req::AgentLogin{"+15550000", "x", "", WorkMode::ManualIn}, terr::NotConfigured);
	checkFails(h, req::AgentLogout{"15002", ""}, terr::AgentNotLoggedIn);

	REQUIRE(h.apply(req::AgentLogin{"15002", "agent2", "7000", WorkMode::ManualIn}).ok());
	CHECK(brief(h.events) == Strings{"EventAgentLogin 15002"});
	const Event &login = h.events[0];
	CHECK(login.referenceId == h.lastReference());
	CHECK(login.connId.isNull());
	CHECK_FALSE(login.call);
	REQUIRE(login.dn);
	CHECK(login.dn->agentState == AgentState::NotReady);
	CHECK(login.dn->agentId == "agent2");

	REQUIRE(h.apply(req::AgentLogout{"15002", "7000"}).ok());
	CHECK(brief(h.events) == Strings{"EventAgentLogout 15002"});
	CHECK(h.events[0].dn->agentState == AgentState::LoggedOut);
	CHECK(h.events[0].dn->agentId.empty());
	checkFails(h, req::AgentLogout{"15002", ""}, terr::AgentNotLoggedIn);
}

TEST_CASE("AgentReady / AgentNotReady")
{
	Harness h;
	checkFails(h, req::AgentReady{"15002", WorkMode::ManualIn}, terr::AgentNotLoggedIn);
	checkFails(h, req::AgentNotReady{"15002", WorkMode::AuxWork}, terr::AgentNotLoggedIn);
	checkFails(h, req::AgentNotReady{"15000", WorkMode::ManualIn}, terr::InvalidAttribute);
	checkFails(h, req::AgentReady{"7000", WorkMode::ManualIn}, terr::UnsupportedOperation);

	REQUIRE(h.apply(req::AgentReady{"15000", WorkMode::AutoIn}).ok());
	CHECK(brief(h.events) == Strings{"EventAgentReady 15000"});
	CHECK(h.events[0].dn->agentState == AgentState::Ready);
	CHECK(h.events[0].dn->workMode == WorkMode::AutoIn);
	DnSnapshotPtr ready = h.events[0].dn;

	for (WorkMode mode : {WorkMode::Unknown, WorkMode::AfterCallWork, WorkMode::AuxWork}) {
		REQUIRE(h.apply(req::AgentNotReady{"15000", mode}).ok());
		CHECK(brief(h.events) == Strings{"EventAgentNotReady 15000"});
		CHECK(h.events[0].dn->agentState == AgentState::NotReady);
		CHECK(h.events[0].dn->workMode == mode);
	}
	CHECK(ready->agentState == AgentState::Ready); /* snapshots are immutable */
}

TEST_CASE("SetDndOn / SetDndOff are idempotent")
{
	Harness h;
	for (int i = 0; i < 2; ++i) {
		REQUIRE(h.apply(req::SetDndOn{"15001"}).ok());
		CHECK(brief(h.events) == Strings{"EventDNDOn 15001"});
		CHECK(h.events[0].dn->dnd);
	}
	REQUIRE(h.apply(req::SetDndOff{"15001"}).ok());
	CHECK(brief(h.events) == Strings{"EventDNDOff 15001"});
	CHECK_FALSE(h.events[0].dn->dnd);
	checkFails(h, req::SetDndOn{"7000"}, terr::UnsupportedOperation);
	checkFails(h, req::SetDndOff{"+1555"}, terr::NotConfigured);
}

TEST_CASE("CallForwardSet / CallForwardCancel")
{
	SwitchConfig config = baseConfig();
	config.unknownNumbersAreExternal = false;
	Harness h(config);
	checkFails(h, req::CallForwardSet{"15000", ""}, terr::InvalidDestinationDn);
	checkFails(h, req::CallForwardSet{"15000", "15000"}, terr::InvalidDestinationDn);
	checkFails(h, req::CallForwardSet{"15000", "99999"}, terr::NotConfigured);
	checkFails(h, req::CallForwardSet{"7000", "15001"}, terr::UnsupportedOperation);
	REQUIRE(h.apply(req::CallForwardSet{"15000", "15001"}).ok());
	CHECK(brief(h.events) == Strings{"EventForwardSet 15000"});
	CHECK(h.events[0].otherDn == "15001");
	CHECK(h.events[0].dn->forwardTo == "15001");
	REQUIRE(h.apply(req::CallForwardCancel{"15000"}).ok());
	CHECK(brief(h.events) == Strings{"EventForwardCancel 15000"});
	CHECK(h.events[0].dn->forwardTo.empty());
}

TEST_CASE("Forwarding loops stop instead of spinning")
{
	Harness h;
	REQUIRE(h.apply(req::CallForwardSet{"15002", "15003"}).ok());
	REQUIRE(h.apply(req::CallForwardSet{"15003", "15002"}).ok());
	REQUIRE(h.apply(req::MakeCall{"15000", "15002", {}, {}}).ok());
	CHECK(brief(h.events)[1] == "EventRinging 15003");
}

TEST_CASE("QueryAddress: the DN and its calls, no events")
{
	Harness h(seedConfig());
	RequestResult r = h.apply(req::QueryAddress{"15001"});
	REQUIRE(r.ok());
	CHECK(h.events.empty());
	REQUIRE(r.dn);
	CHECK(r.dn->dn == "15001");
	CHECK(r.dn->agentId == "agent1");
	REQUIRE(r.calls.size() == 1);
	CHECK(r.calls[0]->connId == seedConnId);

	r = h.apply(req::QueryAddress{"15004"});
	REQUIRE(r.ok());
	CHECK(r.calls.empty());
	r = h.apply(req::QueryAddress{"+15551234"});
	REQUIRE(r.ok());
	CHECK(r.dn->type == DnType::External);
	CHECK(h.sim.state().dns.size() == 7); /* looking at an external number does not create it */
}

TEST_CASE("AttachUserData appends, UpdateUserData replaces in place; every party is told")
{
	Harness h(seedConfig(UserData{{"a", std::string("1")}}));
	RequestResult r = h.apply(
		req::AttachUserData{"15001", seedConnId, UserData{{"a", std::string("2")}, {"n", std::int64_t{7}}}});
	REQUIRE(r.ok());
	CHECK(brief(h.events) == Strings{"EventAttachedDataChanged 15001", "EventAttachedDataChanged 15000"});
	CHECK(h.events[0].referenceId == r.referenceId);
	CHECK(h.events[1].referenceId == 0);
	CHECK(h.events[0].call == h.events[1].call);
	CHECK(h.events[0].call->userData ==
	      UserData{{"a", std::string("1")}, {"a", std::string("2")}, {"n", std::int64_t{7}}});

	REQUIRE(h.apply(req::UpdateUserData{"15000", seedConnId,
					    UserData{{"a", std::string("3")}, {"b", std::string("x")}}})
			.ok());
	CHECK(brief(h.events) == Strings{"EventAttachedDataChanged 15000", "EventAttachedDataChanged 15001"});
	CHECK(h.events[0].call->userData ==
	      UserData{{"a", std::string("3")}, {"n", std::int64_t{7}}, {"b", std::string("x")}});

	checkFails(h, req::AttachUserData{"15000", seedConnId, {}}, terr::InvalidAttribute);
	checkFails(h, req::UpdateUserData{"15000", seedConnId, {}}, terr::InvalidAttribute);
	checkFails(h, req::AttachUserData{"15002", seedConnId, UserData{{"x", std::string("y")}}},
		   terr::PartyNotOnCall);
	checkFails(h, req::UpdateUserData{"15000", ConnId(3), UserData{{"x", std::string("y")}}}, terr::InvalidConnId);
}

TEST_CASE("DeleteUserData (one key) and DeleteAllUserData")
{
	Harness h(seedConfig(UserData{{"a", std::string("1")}, {"b", std::string("2")}}));
	checkFails(h, req::DeleteUserData{"15000", seedConnId, "zz"}, terr::InvalidAttribute);
	checkFails(h, req::DeleteUserData{"15002", seedConnId, "a"}, terr::PartyNotOnCall);
	REQUIRE(h.apply(req::DeleteUserData{"15000", seedConnId, "a"}).ok());
	CHECK(brief(h.events) == Strings{"EventAttachedDataChanged 15000", "EventAttachedDataChanged 15001"});
	CHECK(h.events[0].call->userData == UserData{{"b", std::string("2")}});
	REQUIRE(h.apply(req::DeleteAllUserData{{"15001", seedConnId}}).ok());
	CHECK(brief(h.events) == Strings{"EventAttachedDataChanged 15001", "EventAttachedDataChanged 15000"});
	CHECK(h.events[0].call->userData.empty());
	checkFails(h, req::DeleteAllUserData{{"15001", ConnId(8)}}, terr::InvalidConnId);
}

TEST_CASE("An agent logging in takes over a ringing uncontrolled extension")
{
	SwitchConfig config = baseConfig();
	config.dns.push_back(extension("15010", behaviour(DnBehaviour::Kind::Answer, 1000)));
	Harness h(config);
	REQUIRE(h.apply(req::MakeCall{"15000", "15010", {}, {}}).ok());
	ConnId id = h.made();
	REQUIRE(h.apply(req::AgentLogin{"15010", "late", "", WorkMode::ManualIn}).ok());
	h.advance(2000);
	CHECK(h.events.empty()); /* the auto-answer no longer applies */
	REQUIRE(h.apply(req::AnswerCall{{"15010", id}}).ok());
	CHECK(brief(h.events) == Strings{"EventEstablished 15010", "EventEstablished 15000"});
}
