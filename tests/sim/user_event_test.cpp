/* SPDX-License-Identifier: MIT */
/*
 * SendUserEvent: the sender's data reaches the listeners of its DN as an
 * EventUserEvent, as T-Server distributes TSendUserEvent, unchecked.
 */
// Test that header file is self-contained.
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;

namespace {

UserData disposition()
{
	return UserData{{"Disposition", std::string("Sale")}, {"Attempts", std::int64_t{2}}};
}

} /* namespace */

TEST_CASE("SendUserEvent: one EventUserEvent with the data to the DN, and nothing changes")
{
	Harness h(seedConfig());
	std::string before = renderState(h.sim.state());
	RequestResult r = h.apply(req::SendUserEvent{"15000", seedConnId, seedCallUuid, disposition()});
	REQUIRE(r.ok());
	CHECK(brief(h.events) == Strings{"EventUserEvent 15000"});
	const Event &e = h.events[0];
	CHECK(e.referenceId == r.referenceId);
	CHECK(e.connId == seedConnId);
	CHECK(e.callUuid == seedCallUuid);
	CHECK(e.userData == disposition());
	CHECK(e.call == nullptr); /* the attributes the sender gave, no call snapshot */
	REQUIRE(e.dn);
	CHECK(e.dn->dn == "15000");
	CHECK(renderState(h.sim.state()) == before);
}

TEST_CASE("SendUserEvent is not checked: a call that ended, another DN's call, no call, no data")
{
	Harness h(seedConfig());
	/* A disposition after the call was released (GWS's SetCallDisposition on a released call). */
	REQUIRE(h.apply(req::ReleaseCall{{"15000", seedConnId}}).ok());
	REQUIRE(h.apply(req::SendUserEvent{"15000", seedConnId, seedCallUuid, disposition()}).ok());
	CHECK(brief(h.events) == Strings{"EventUserEvent 15000"});
	CHECK(h.events[0].connId == seedConnId);

	Harness other(seedConfig());
	/* 15002 names a call it is not on: its listeners get what it said, nothing of the call. */
	REQUIRE(other.apply(req::SendUserEvent{"15002", seedConnId, {}, disposition()}).ok());
	CHECK(brief(other.events) == Strings{"EventUserEvent 15002"});
	CHECK(other.events[0].call == nullptr);
	CHECK(other.events[0].callUuid.empty());

	REQUIRE(other.apply(req::SendUserEvent{"7000", {}, {}, {}}).ok());
	CHECK(brief(other.events) == Strings{"EventUserEvent 7000"});
	CHECK(other.events[0].connId.isNull());
	CHECK(other.events[0].userData.empty());
}

TEST_CASE("SendUserEvent to a DN the switch does not know fails")
{
	SwitchConfig config = seedConfig();
	config.unknownNumbersAreExternal = false;
	Harness h(config);
	Event e = checkFails(h, req::SendUserEvent{"88888", seedConnId, {}, disposition()}, terr::NotConfigured);
	CHECK(e.connId == seedConnId);
}
