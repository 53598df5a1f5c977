/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "../../sim/src/call_table.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

/*
 * Call::matches says whether snapshot() would equal a given snapshot without
 * building one: CallTable::snapshot keeps its cached pointer when it does, so a
 * field it missed would hand an event a stale call.
 */

using namespace ctisim;
using namespace ctisim::sim;

namespace {

Call sampleCall()
{
	Call call;
	call.connId = ConnId(0x006e0287a1b2c3d4);
	call.callUuid = "01RCC3N118B1V0SL8O7GK2LAES000007";
	call.callType = CallType::Outbound;
	call.ani = "7001";
	call.dnis = "+14155550100";
	call.userData = UserData{{"CustomerId", std::string("42")}, {"Priority", std::int64_t(3)}};
	call.startedAt = 1000;
	call.parties.push_back(
		Party{{"7001", DnType::Extension, PartyState::Established, DnRole::Origination, false, 1000},
		      1,
		      JoinKind::Normal,
		      "",
		      0});
	call.parties.push_back(
		Party{{"+14155550100", DnType::External, PartyState::Established, DnRole::Destination, false, 1200},
		      2,
		      JoinKind::Normal,
		      "",
		      0});
	call.parentConnId = ConnId(0x006e0287a1b2c3d0);
	call.consultConnId = ConnId(0x006e0287a1b2c3d9);
	call.consultForTransfer = true;
	call.conferenceOwner = "7001";
	return call;
}

} /* namespace */

TEST_CASE("A call matches its own snapshot")
{
	const Call call = sampleCall();
	CHECK(call.matches(call.snapshot()));
	CHECK(Call{}.matches(Call{}.snapshot()));
}

TEST_CASE("A change to any field that a snapshot shows is a mismatch")
{
	const std::vector<std::pair<const char *, std::function<void(Call &)>>> changes = {
		{"connId", [](Call &c) { c.connId = ConnId(7); }},
		{"callUuid", [](Call &c) { c.callUuid[31] = '8'; }},
		{"callType", [](Call &c) { c.callType = CallType::Consult; }},
		{"ani", [](Call &c) { c.ani = "7002"; }},
		{"dnis", [](Call &c) { c.dnis = "7003"; }},
		{"userData value",
		 [](Call &c) {
			 c.userData.update(UserData{{"Priority", std::int64_t(4)}});
		 }},
		{"userData added",
		 [](Call &c) {
			 c.userData.attach(UserData{{"k", std::string("v")}});
		 }},
		{"startedAt", [](Call &c) { c.startedAt = 1001; }},
		{"parentConnId", [](Call &c) { c.parentConnId.reset(); }},
		{"consultConnId", [](Call &c) { c.consultConnId = ConnId(1); }},
		{"consultForTransfer", [](Call &c) { c.consultForTransfer = false; }},
		{"conferenceOwner", [](Call &c) { c.conferenceOwner.clear(); }},
		{"party added", [](Call &c) { c.parties.push_back(c.parties.front()); }},
		{"party removed", [](Call &c) { c.parties.pop_back(); }},
		{"parties reordered", [](Call &c) { std::swap(c.parties.front(), c.parties.back()); }},
		{"party dn", [](Call &c) { c.parties[1].dn = "7004"; }},
		{"party dnType", [](Call &c) { c.parties[0].dnType = DnType::AcdQueue; }},
		{"party state", [](Call &c) { c.parties[0].state = PartyState::Held; }},
		{"party role", [](Call &c) { c.parties[1].role = DnRole::ConferenceMember; }},
		{"party muted", [](Call &c) { c.parties[1].muted = true; }},
		{"party joinedAt", [](Call &c) { c.parties[0].joinedAt = 999; }},
	};
	const CallSnapshot before = sampleCall().snapshot();
	for (const auto &[what, change] : changes) {
		const auto &label = what; /* clang 14 cannot capture a structured binding in CAPTURE's lambda */
		CAPTURE(label);
		Call call = sampleCall();
		change(call);
		/* The change is one a snapshot shows, and matches() sees it. */
		CHECK(call.snapshot() != before);
		CHECK_FALSE(call.matches(before));
		CHECK(call.matches(call.snapshot()));
	}
}

TEST_CASE("Fields that a snapshot leaves out do not make a mismatch")
{
	const CallSnapshot before = sampleCall().snapshot();
	Call call = sampleCall();
	call.queuedAt = "8000";
	call.parties[0].token = 99;
	call.parties[1].joinKind = JoinKind::Conference;
	call.parties[1].addedBy = "7001";
	call.parties[1].addedByReference = 5;
	CHECK(call.snapshot() == before);
	CHECK(call.matches(before));
}

TEST_CASE("The table hands out the cached snapshot until the call changes")
{
	CallTable table(1);
	Call &call = table.create(500);
	call.parties.push_back(Party{{"7001", DnType::Extension, PartyState::Dialing, DnRole::Origination, false, 500},
				     table.nextPartyToken(),
				     JoinKind::Normal,
				     "",
				     0});
	CallSnapshotPtr first = table.snapshot(call);
	CHECK(table.snapshot(call) == first);
	call.parties[0].state = PartyState::Established;
	CallSnapshotPtr second = table.snapshot(call);
	CHECK(second != first);
	CHECK((second->parties.at(0).state == PartyState::Established));
	CHECK((first->parties.at(0).state == PartyState::Dialing));
	CHECK(table.snapshot(call) == second);
}
