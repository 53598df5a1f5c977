/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

/*
 * Fresh call ids never collide with a call pinned by the configuration, and
 * the check is a lookup (it used to scan every call on each MakeCall).
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

struct Ids {
	ConnId connId;
	std::string callUuid;
};

/// The ids the first two MakeCalls get with baseConfig()'s seed and no pinned call.
std::vector<Ids> firstGeneratedIds()
{
	Harness h;
	std::vector<Ids> out;
	for (int i = 0; i < 2; ++i) {
		REQUIRE(h.apply(req::MakeCall{"15000", "15002", {}, {}}).ok());
		out.push_back({h.made(), h.events.front().call->callUuid});
		REQUIRE(h.apply(req::ReleaseCall{{"15000", h.made()}}).ok());
	}
	return out;
}

InitialCall pinned(ConnId connId, std::string callUuid)
{
	InitialCall call;
	call.connId = connId;
	call.callUuid = std::move(callUuid);
	call.callType = CallType::Internal;
	call.dnis = "15004";
	call.startedAt = startTime;
	call.parties = {{"15003", PartyState::Established, false}, {"15004", PartyState::Established, false}};
	return call;
}

} /* namespace */

TEST_CASE("A fresh call skips ids a pinned call holds, and uses them again once that call is gone")
{
	std::vector<Ids> generated = firstGeneratedIds();
	REQUIRE(generated[0].connId != generated[1].connId);

	SUBCASE("callUuid taken by a pinned call")
	{
		SwitchConfig config = baseConfig();
		config.calls.push_back(pinned(ConnId(0x0071027198180099ULL), generated[0].callUuid));
		Harness h(config);
		REQUIRE(h.apply(req::MakeCall{"15000", "15002", {}, {}}).ok());
		CHECK(h.made() == generated[1].connId);
		CHECK(h.events.front().call->callUuid == generated[1].callUuid);
	}
	SUBCASE("connId taken by a pinned call")
	{
		SwitchConfig config = baseConfig();
		config.calls.push_back(pinned(generated[0].connId, "01PINNEDPINNEDPINNEDPINNED000001"));
		Harness h(config);
		REQUIRE(h.apply(req::MakeCall{"15000", "15002", {}, {}}).ok());
		CHECK(h.made() == generated[1].connId);
	}
	SUBCASE("once the pinned call has ended, its callUuid is no longer in the way")
	{
		std::vector<Ids> later;
		{
			Harness h;
			for (int i = 0; i < 3; ++i) {
				REQUIRE(h.apply(req::MakeCall{"15000", "15002", {}, {}}).ok());
				later.push_back({h.made(), h.events.front().call->callUuid});
				REQUIRE(h.apply(req::ReleaseCall{{"15000", h.made()}}).ok());
			}
		}
		SwitchConfig config = baseConfig();
		config.calls.push_back(pinned(ConnId(0x0071027198180099ULL), later[1].callUuid));
		Harness h(config);
		REQUIRE(h.apply(req::ReleaseCall{{"15003", ConnId(0x0071027198180099ULL)}}).ok());
		REQUIRE(h.sim.state().calls.empty());
		REQUIRE(h.apply(req::MakeCall{"15000", "15002", {}, {}}).ok());
		REQUIRE(h.apply(req::ReleaseCall{{"15000", h.made()}}).ok());
		REQUIRE(h.apply(req::MakeCall{"15000", "15002", {}, {}}).ok());
		CHECK(h.events.front().call->callUuid == later[1].callUuid);
	}
}
