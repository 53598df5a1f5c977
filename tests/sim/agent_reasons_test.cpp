/* SPDX-License-Identifier: MIT */
/*
 * T-Library Reasons on AgentReady/AgentNotReady: echoed on the event, kept per DN,
 * returned by QueryAddress, cleared by login and logout; the T-Library NotReady work
 * modes; DND as a DN state QueryAddress returns.
 */
#include "sim_harness.h"

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;

namespace {

UserData reason(const std::string &code)
{
	return UserData{{"ReasonCode", code}};
}

} /* namespace */

TEST_CASE("AgentNotReady: Reasons are echoed, kept per DN and returned by QueryAddress")
{
	Harness h;
	RequestResult r = h.apply(req::AgentNotReady{"15000", WorkMode::AuxWork, reason("Lunch")});
	REQUIRE(r.ok());
	REQUIRE(brief(h.events) == Strings{"EventAgentNotReady 15000"});
	const Event &e = h.events[0];
	CHECK(e.referenceId == r.referenceId);
	CHECK(e.reasons == reason("Lunch"));
	CHECK(e.dn->workMode == WorkMode::AuxWork);
	CHECK(e.dn->reasons == reason("Lunch"));

	/* A front end that reconnects rebuilds "Out to Lunch" from QueryAddress. */
	r = h.apply(req::QueryAddress{"15000"});
	REQUIRE(r.ok());
	CHECK(r.dn->agentState == AgentState::NotReady);
	CHECK(r.dn->workMode == WorkMode::AuxWork);
	CHECK(r.dn->reasons == reason("Lunch"));
	/* ... and so does a state dump. */
	bool found = false;
	for (const DnSnapshot &dn : h.sim.state().dns) {
		if (dn.dn == "15000") {
			found = true;
			CHECK(dn.reasons == reason("Lunch"));
		}
	}
	CHECK(found);
	/* Another DN keeps its own (none). */
	CHECK(h.apply(req::QueryAddress{"15001"}).dn->reasons.empty());
}

TEST_CASE("AgentNotReady: a new reason without a state change is a legal self-transition")
{
	Harness h;
	REQUIRE(h.apply(req::AgentNotReady{"15000", WorkMode::AuxWork, reason("Lunch")}).ok());
	REQUIRE(h.apply(req::AgentNotReady{"15000", WorkMode::AuxWork, reason("Break")}).ok());
	REQUIRE(brief(h.events) == Strings{"EventAgentNotReady 15000"});
	CHECK(h.events[0].reasons == reason("Break"));
	CHECK(h.events[0].dn->reasons == reason("Break"));
	/* Without reasons: plain "Not Ready", the old reason is gone. */
	REQUIRE(h.apply(req::AgentNotReady{"15000", WorkMode::Unknown, {}}).ok());
	CHECK(h.events[0].reasons.empty());
	CHECK(h.events[0].dn->reasons.empty());
	CHECK(h.events[0].dn->workMode == WorkMode::Unknown);
}

TEST_CASE("AgentReady replaces the reason with its own (usually none)")
{
	Harness h;
	REQUIRE(h.apply(req::AgentNotReady{"15000", WorkMode::AuxWork, reason("Lunch")}).ok());
	REQUIRE(h.apply(req::AgentReady{"15000", WorkMode::ManualIn, {}}).ok());
	CHECK(h.events[0].dn->agentState == AgentState::Ready);
	CHECK(h.events[0].dn->reasons.empty());
	REQUIRE(h.apply(req::AgentReady{"15000", WorkMode::AutoIn, reason("BackFromLunch")}).ok());
	CHECK(h.events[0].reasons == reason("BackFromLunch"));
	CHECK(h.events[0].dn->reasons == reason("BackFromLunch"));
}

TEST_CASE("Login and logout clear the reason")
{
	Harness h;
	REQUIRE(h.apply(req::AgentNotReady{"15000", WorkMode::AuxWork, reason("Lunch")}).ok());
	REQUIRE(h.apply(req::AgentLogout{"15000", ""}).ok());
	CHECK(h.events[0].dn->reasons.empty());
	CHECK(h.events[0].reasons.empty());
	REQUIRE(h.apply(req::AgentLogin{"15000", "agent0", "", WorkMode::ManualIn}).ok());
	CHECK(h.events[0].dn->reasons.empty());
	CHECK(h.events[0].dn->workMode == WorkMode::Unknown);
}

TEST_CASE("A failed AgentNotReady keeps the old reason")
{
	Harness h;
	REQUIRE(h.apply(req::AgentNotReady{"15000", WorkMode::AuxWork, reason("Lunch")}).ok());
	checkFails(h, req::AgentNotReady{"15000", WorkMode::ManualIn, reason("Break")}, terr::InvalidAttribute);
	checkFails(h, req::AgentNotReady{"15002", WorkMode::AuxWork, reason("Break")}, terr::AgentNotLoggedIn);
	checkFails(h, req::AgentReady{"15000", WorkMode::AfterCallWork, reason("Break")}, terr::InvalidAttribute);
	CHECK(h.apply(req::QueryAddress{"15000"}).dn->reasons == reason("Lunch"));
}

TEST_CASE("The T-Library NotReady work modes; Ready modes stay ManualIn, AutoIn, Unknown")
{
	Harness h;
	for (WorkMode mode : {WorkMode::NoCallDisconnect, WorkMode::WalkAway}) {
		REQUIRE(h.apply(req::AgentNotReady{"15000", mode, {}}).ok());
		CHECK(h.events[0].dn->workMode == mode);
	}
	for (WorkMode mode : {WorkMode::ManualIn, WorkMode::AutoIn, WorkMode::ReturnBack})
		checkFails(h, req::AgentNotReady{"15000", mode, {}}, terr::InvalidAttribute);
	for (WorkMode mode : {WorkMode::AfterCallWork, WorkMode::AuxWork, WorkMode::NoCallDisconnect,
			      WorkMode::WalkAway, WorkMode::ReturnBack})
		checkFails(h, req::AgentReady{"15000", mode, {}}, terr::InvalidAttribute);
}

TEST_CASE("Configured agents may start with a reason")
{
	SwitchConfig config = baseConfig();
	config.agents[0].workMode = WorkMode::AuxWork;
	config.agents[0].reasons = reason("Training");
	Harness h(config);
	RequestResult r = h.apply(req::QueryAddress{"15000"});
	CHECK(r.dn->workMode == WorkMode::AuxWork);
	CHECK(r.dn->reasons == reason("Training"));
}

TEST_CASE("DND: on and off show in QueryAddress, and a DND agent is busy to callers")
{
	Harness h;
	REQUIRE(h.apply(req::SetDndOn{"15001"}).ok());
	CHECK(h.apply(req::QueryAddress{"15001"}).dn->dnd);
	REQUIRE(h.apply(req::MakeCall{"15000", "15001", {}, {}}).ok());
	CHECK(brief(h.events) == Strings{"EventDialing 15000", "EventDestinationBusy 15000", "EventReleased 15000"});
	REQUIRE(h.apply(req::SetDndOff{"15001"}).ok());
	CHECK_FALSE(h.apply(req::QueryAddress{"15001"}).dn->dnd);
	REQUIRE(h.apply(req::MakeCall{"15000", "15001", {}, {}}).ok());
	CHECK(brief(h.events) == Strings{"EventDialing 15000", "EventRinging 15001"});
}
