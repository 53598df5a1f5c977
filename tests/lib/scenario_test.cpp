/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/scenario/scenario.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/value.h"

using namespace ctisim::scenario;

namespace {

std::string errorOf(const std::string &text)
{
	Scenario s;
	auto error = parseScenario("x.json", text, s);
	return error ? error->str() : std::string();
}

} /* namespace */

TEST_CASE("a scenario with requests, control steps and expectations parses")
{
	Scenario s;
	auto error = parseScenario("scenarios/voice/dial.json", R"({
		// comments are fine
		"setup": {"users": [{"userName": "agent15000", "password": "secret"}]},
		"steps": [
			{"as": "agent15000", "request": {"method": "POST", "path": "/api/v2/me",
				"body": {"operationName": "StartContactCenterSession", "channels": ["voice"]}},
			 "expect": {"status": 200, "body": {"statusCode": 0},
				"notifications": {"agent15000": [{"channel": "/v2/me/devices", "data": {"$any": "object"}}]}}},
			{"control": "advanceClock", "ms": 52000, "capture": {"now": "body.now", "n": "notifications.a[0].data"}},
			{"control": "answer", "dn": "+14155550100", "callUuid": "${u}"},
			{"control": "setBehaviour", "dn": "15002", "behaviour": "busy"},
			{"expect": {"notifications": {"agent15001": []}, "allowOtherNotifications": true}},
		],
	})",
				   s);
	REQUIRE_MESSAGE(!error, error->str());
	CHECK(s.name == "dial");
	REQUIRE(s.steps.size() == 5);
	CHECK(s.steps[0].kind == Step::Kind::Request);
	CHECK(s.steps[0].as == "agent15000");
	CHECK(s.steps[0].status == 200u);
	REQUIRE(s.steps[0].notifications.size() == 1);
	CHECK(s.steps[0].notifications[0].jsonPath == "$.steps[0].expect.notifications.agent15000");
	CHECK(s.steps[1].kind == Step::Kind::Control);
	CHECK(s.steps[1].call.path == "/sim/v1/clock");
	CHECK(ctisim::json::write(*s.steps[1].call.body) == R"({"advance":52000})");
	REQUIRE(s.steps[1].captures.size() == 2);
	CHECK(s.steps[1].captures[1].second == "notifications.a[0].data");
	CHECK(s.steps[2].call.path == "/sim/v1/parties/+14155550100/answer");
	CHECK(ctisim::json::write(*s.steps[2].call.body) == R"({"callUuid":"${u}"})");
	CHECK(s.steps[3].call.method == "PUT");
	CHECK(s.steps[3].call.path == "/sim/v1/dns/15002/behaviour");
	CHECK(s.steps[4].kind == Step::Kind::Wait);
	CHECK(s.steps[4].allowOtherNotifications);
	REQUIRE(s.users.size() == 2);
	CHECK(s.users[0].userName == "agent15000");
	CHECK(s.users[0].password == "secret");
	CHECK(s.users[1].password == "password");
}

TEST_CASE("scenario errors name the file, the JSON path and what was expected")
{
	CHECK(errorOf("{").find("x.json: not valid JSON: line 1") == 0);
	CHECK(errorOf("[]") == "x.json: $: expected an object with \"steps\", found a array");
	CHECK(errorOf("{}") == "x.json: $: missing \"steps\" (an array of steps)");
	CHECK(errorOf(R"({"steps":[{"request":{"method":"POST","path":"/x"},"expect":{"status":"200"}}]})") ==
	      "x.json: $.steps[0].expect.status: expected an integer from 100 to 599, found \"200\"");
	CHECK(errorOf(R"({"steps":[{"request":{"method":"FETCH","path":"/x"}}]})")
		      .find("x.json: $.steps[0].request.method: expected GET") == 0);
	CHECK(errorOf(R"({"steps":[{"control":"fly"}]})").find("x.json: $.steps[0].control: unknown control") == 0);
	CHECK(errorOf(R"({"steps":[{"control":"answer","dn":"1"}]})") ==
	      "x.json: $.steps[0]: control \"answer\" needs \"connId\" or \"callUuid\"");
	CHECK(errorOf(R"({"stpes":[]})").find("x.json: $.stpes: unknown key") == 0);
	CHECK(errorOf(R"({"steps":[{"expect":{"notifications":{"a":[{"$nope":1}]}}}]})")
		      .find("x.json: $.steps[0].expect.notifications.a[0].$nope: unknown placeholder") == 0);
	CHECK(errorOf(R"({"steps":[{"request":{"method":"GET","path":"/x"},"expect":{"body":{"$regex":"("}}}]})")
		      .find("x.json: $.steps[0].expect.body.$regex: not a valid regular expression") == 0);
	CHECK(errorOf(std::string(100000, '[')).find("nesting deeper") != std::string::npos);
	CHECK(errorOf(R"({"steps":[{"control":"advanceClock","ms":1,"capture":{"x":"headers.a"}}]})") ==
	      "x.json: $.steps[0].capture.x: a capture path starts with body, status or notifications");
	CHECK(errorOf(R"({"steps":[{"control":"advanceClock","ms":1,"capture":{"x":"body[x]"}}]})")
		      .find("x.json: $.steps[0].capture.x: \"body[x]\": [x] is not an index") == 0);
}

TEST_CASE("a user's CometD subscriptions replace the default, and must be a list of channels")
{
	Scenario s;
	auto error = parseScenario("x.json", R"({
		"users": {"agent15000": {"subscriptions": ["/**", "/v2/me/calls"]}, "agent15001": {"password": "p"}},
		"steps": [{"as": "agent15002", "request": {"method": "GET", "path": "/api/v2/me"}}]
	})",
				   s);
	REQUIRE_MESSAGE(!error, error->str());
	REQUIRE(s.users.size() == 3);
	CHECK(s.users[0].subscriptions == std::vector<std::string>{"/**", "/v2/me/calls"});
	CHECK(s.users[1].subscriptions.empty()); // the replayer's default, "/v2/me/*"
	CHECK(s.users[2].subscriptions.empty());
	CHECK(errorOf(R"({"users":{"a":{"subscriptions":[]}},"steps":[]})")
		      .find("x.json: $.users.a.subscriptions: expected a non-empty array of CometD channels") == 0);
	CHECK(errorOf(R"({"users":{"a":{"subscriptions":"/**"}},"steps":[]})")
		      .find("x.json: $.users.a.subscriptions: expected a non-empty array") == 0);
	CHECK(errorOf(R"({"users":{"a":{"subscriptions":[1]}},"steps":[]})")
		      .find("x.json: $.users.a.subscriptions[0]") == 0);
	CHECK(errorOf(R"({"users":{"a":{"subscribe":["/**"]}},"steps":[]})")
		      .find("x.json: $.users.a.subscribe: unknown key") == 0);
}

TEST_CASE("a user's api says which front end it logs in through: GWS v2 by default, or the Workspace API v3")
{
	Scenario s;
	auto error = parseScenario("x.json", R"({
		"users": {"agent15000": {"api": "workspace-v3"}, "agent15001": {"api": "gws-v2"}},
		"steps": [{"as": "agent15002", "request": {"method": "POST", "path": "/workspace/v3/voice/ready"}}]
	})",
				   s);
	REQUIRE_MESSAGE(!error, error->str());
	REQUIRE(s.users.size() == 3);
	CHECK((s.users[0].api == ClientApi::WorkspaceV3));
	CHECK(s.users[0].subscriptions.empty()); // the replayer's v3 default, as the official client subscribes
	CHECK((s.users[1].api == ClientApi::GwsV2));
	CHECK((s.users[2].api == ClientApi::GwsV2));
	CHECK(std::string(toString(ClientApi::WorkspaceV3)) == "workspace-v3");
	CHECK(errorOf(R"({"users":{"a":{"api":"v3"}},"steps":[]})") ==
	      "x.json: $.users.a.api: expected \"gws-v2\" or \"workspace-v3\", found \"v3\"");
	CHECK(errorOf(R"({"users":{"a":{"api":3}},"steps":[]})").find("x.json: $.users.a.api: expected a string") == 0);
}

TEST_CASE("a subscribe step subscribes a user's CometD session; it has notifications, no status or body")
{
	Scenario s;
	auto error = parseScenario("x.json", R"({
		"steps": [{"as": "agent15000", "subscribe": "/workspace/v3/initialization",
			"expect": {"notifications": {"agent15000": []}}}]
	})",
				   s);
	REQUIRE_MESSAGE(!error, error->str());
	REQUIRE(s.steps.size() == 1);
	CHECK((s.steps[0].kind == Step::Kind::Subscribe));
	CHECK(s.steps[0].channel == "/workspace/v3/initialization");
	CHECK(s.steps[0].name == "subscribe /workspace/v3/initialization");
	CHECK_FALSE(s.steps[0].sendsRequest());
	REQUIRE(s.users.size() == 1);
	CHECK(errorOf(R"({"steps":[{"subscribe":"/x"}]})") ==
	      "x.json: $.steps[0]: a \"subscribe\" step needs \"as\" (whose CometD session subscribes)");
	CHECK(errorOf(R"({"steps":[{"as":"a","subscribe":"/x","expect":{"status":200}}]})") ==
	      "x.json: $.steps[0].expect.status: a step without a request has no status to check");
	CHECK(errorOf(R"({"steps":[{"as":"a","subscribe":"/x","control":"advanceClock","ms":1}]})") ==
	      "x.json: $.steps[0]: a step has one of \"request\", \"control\" and \"subscribe\"");
}

TEST_CASE("loadScenarioFile reports a missing file")
{
	Scenario s;
	auto error = loadScenarioFile("/nonexistent/x.json", s);
	REQUIRE(error);
	CHECK(error->str() == "/nonexistent/x.json: cannot open the file");
}
