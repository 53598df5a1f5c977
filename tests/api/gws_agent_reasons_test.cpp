/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/gws_api.h"

#include "gws_test_harness.h"

/*
 * NotReady reasons live on the switch (docs/desktop-fidelity.md §2.4): a
 * catalogue state goes out as T-Library Reasons {"ReasonCode": reason}, and the
 * userState is named from the Reasons the switch reports, on its events and on
 * QueryAddress, so a reason set before GWS started (or before a reload) shows.
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

const std::string devicePath = "/api/v2/me/devices/" + seedDeviceId;

/// The userState of agent15000's device, as GET /api/v2/me/devices/{id} shows it.
std::pair<std::string, std::string> userState(SimGws &gws)
{
	Response r = gws.as("15000", "GET", devicePath);
	REQUIRE(r.status == 200);
	rapidjson::Document d = parse(r.body);
	const rapidjson::Value &state = d["device"]["userState"];
	return {state["displayName"].GetString(), state.HasMember("reason") ? state["reason"].GetString() : ""};
}

} /* namespace */

TEST_CASE("each catalogue state with a reason sends its ReasonCode; the switch's Reasons name the userState")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), gwsSwitchConfig());
	REQUIRE(gws.as("15000", "POST", "/api/v2/me",
		       R"({"operationName":"StartContactCenterSession","channels":["voice"]})")
			.status == 200);
	struct Row {
		const char *operation, *displayName, *reason;
	};
	for (const Row &row :
	     {Row{"OutToLunch", "Out to Lunch", "Lunch"}, Row{"Break", "On Break", "Break"},
	      Row{"Training", "Training", "Training"}, Row{"NotReady", "Not Ready", ""}, Row{"Ready", "Ready", ""}}) {
		CAPTURE(row.operation);
		REQUIRE(gws.as("15000", "POST", "/api/v2/me/channels/voice",
			       std::string(R"({"operationName":")") + row.operation + R"("})")
				.status == 200);
		CHECK(userState(gws) == std::pair<std::string, std::string>{row.displayName, row.reason});
		/* A reload asks the switch (QueryAddress): the same state comes back. */
		bool done = false;
		gws.api.reset(seedDirectory(), api::GwsConfig{}, [&] { done = true; });
		gws.core.runAll();
		REQUIRE(done);
		CHECK(userState(gws) == std::pair<std::string, std::string>{row.displayName, row.reason});
	}
}

TEST_CASE("a reason the switch had before GWS started names the userState")
{
	struct Row {
		WorkMode mode;
		const char *reason, *displayName;
	};
	/* Break is a menu entry; Meeting is not: the system state's texts with the raw reason. */
	for (const Row &row :
	     {Row{WorkMode::AuxWork, "Break", "On Break"}, Row{WorkMode::Unknown, "Meeting", "Not Ready"}}) {
		CAPTURE(row.reason);
		SwitchConfig config = gwsSwitchConfig();
		config.agents.push_back(InitialAgent{"15000",
						     "agent15000",
						     AgentState::NotReady,
						     row.mode,
						     {{"ReasonCode", std::string(row.reason)}}});
		SimGws gws(api::GwsConfig{}, seedDirectory(), config);
		CHECK(userState(gws) == std::pair<std::string, std::string>{row.displayName, row.reason});
	}
}
