/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/traffic_observer.h"
#include "ctisim/api/traffic_recorder.h"

#include "gws_test_harness.h"

/* What GwsApi tells its traffic observer (`ctisim record`). */

using namespace ctisim;
using namespace ctisim::test;

TEST_CASE("GWS tells the traffic observer each client request, its user and response, and the notifications")
{
	api::TrafficRecorder recorder("{}");
	api::GwsConfig config;
	config.trafficObserver = &recorder;
	SimGws gws(config, seedDirectory(), gwsSwitchConfig());

	CHECK(gws.request("GET", "/api/v2/me").status == 401);
	Response start = gws.as("15000", "POST", "/api/v2/me",
				R"({"operationName":"StartContactCenterSession","channels":["voice"]})");
	REQUIRE(start.status == 200);
	/* The CometD exchanges are not client requests to record. */
	gws.as("15000", "POST", "/api/v2/notifications/handshake", R"([{"channel":"/meta/handshake"}])");
	CHECK(gws.as("15000", "POST", "/api/v2/me/calls/nope", R"({"operationName":"Hold"})").status == 404);

	api::Recording r = recorder.snapshot();
	REQUIRE(r.exchanges.size() == 3);
	CHECK(r.exchanges[0].userName.empty());
	CHECK(r.exchanges[0].answered);
	CHECK(r.exchanges[0].status == 401);
	CHECK(r.exchanges[0].notifications.empty());
	CHECK(r.exchanges[1].userName == "agent15000");
	CHECK(r.exchanges[1].method == "POST");
	CHECK(r.exchanges[1].target == "/api/v2/me");
	CHECK(r.exchanges[1].body.find("StartContactCenterSession") != std::string::npos);
	CHECK(r.exchanges[1].status == 200);
	CHECK(r.exchanges[1].responseBody == start.body);
	REQUIRE_FALSE(r.exchanges[1].notifications.empty());
	CHECK(r.exchanges[1].notifications[0].userName == "agent15000");
	/* The same text the user's sessions get. */
	CHECK(r.exchanges[1].notifications[0].message == gws.notifier.messages.at(0).text);
	CHECK(r.exchanges[2].target == "/api/v2/me/calls/nope");
	CHECK(r.exchanges[2].status == 404);
}
