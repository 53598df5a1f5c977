/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include <doctest/doctest.h>

#include "ctisim/api/recorded_scenario.h"
#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/value.h"
#include "ctisim/scenario/scenario.h"

using namespace ctisim::api;

namespace {

RecordedExchange exchange(std::string user, std::string method, std::string target, std::string body, unsigned status,
			  std::string responseBody, std::vector<RecordedNotification> notifications = {})
{
	RecordedExchange e;
	e.userName = std::move(user);
	e.method = std::move(method);
	e.target = std::move(target);
	e.body = std::move(body);
	e.answered = true;
	e.status = status;
	e.responseBody = std::move(responseBody);
	e.notifications = std::move(notifications);
	return e;
}

std::string callMessage(const std::string &state, const std::string &id, const std::string &connId)
{
	return R"({"data":{"notificationType":"StatusChange","referenceId":17,"call":{"id":")" + id +
	       R"(","connId":")" + connId + R"(","callUuid":")" + id + R"(","state":")" + state +
	       R"(","duration":"52","uri":"http://h/api/v2/me/calls/)" + id + R"("}},"channel":"/v2/me/calls"})";
}

/// The written scenario, parsed; fails the test when it is not a valid scenario.
rapidjson::Document written(const Recording &recording)
{
	std::string text = writeRecordedScenario(recording, "recorded");
	ctisim::scenario::Scenario parsed;
	auto error = ctisim::scenario::parseScenario("recorded.json", text, parsed);
	INFO(text);
	CHECK_MESSAGE(!error, (error ? error->str() : std::string()));
	rapidjson::Document doc;
	REQUIRE_FALSE(ctisim::json::parseWithComments(text, doc));
	return doc;
}

std::string at(const rapidjson::Value &root, const char *path)
{
	std::string error;
	const rapidjson::Value *v = ctisim::json::findPath(root, path, error);
	REQUIRE_MESSAGE(v != nullptr, path, " ", error);
	return v->IsString() ? std::string(v->GetString()) : ctisim::json::write(*v);
}

bool has(const rapidjson::Value &root, const char *path)
{
	std::string error;
	return ctisim::json::findPath(root, path, error) != nullptr;
}

} /* namespace */

TEST_CASE("recorded scenario: a call id is captured at first sight and referred to afterwards")
{
	const std::string id = "01RCC3N118B1V0SL8O7GK2LAES000009";
	const std::string conn = "0071027198180009";
	Recording r;
	r.setupJson = R"({"seed":3,"publicBaseUrl":"http://h"})";
	r.exchanges.push_back(exchange("agent15000", "POST", "/api/v2/me/devices/d1/calls",
				       R"({"operationName":"Dial","destination":{"phoneNumber":"15001"}})", 200,
				       R"({"statusCode":0})",
				       {{"agent15001", callMessage("Ringing", id, conn)},
					{"agent15000", callMessage("Dialing", id, conn)},
					{"agent15000", callMessage("Established", id, conn)}}));
	r.exchanges.push_back(exchange("agent15000", "POST", "/api/v2/me/calls/" + id,
				       R"({"operationName":"Hangup","note":")" + conn + R"("})", 200,
				       R"({"statusCode":0})"));
	r.exchanges.push_back(
		exchange("agent15000", "GET", "/api/v2/me/calls?fields=" + id, "", 200,
			 R"({"statusCode":0,"calls":[{"id":")" + id + R"(","connId":")" + conn + R"("}]})"));
	rapidjson::Document doc = written(r);

	CHECK(at(doc, "setup.seed") == "3");
	CHECK(at(doc, "users") == R"(["agent15000","agent15001"])");
	/* Notifications are grouped by user, each user's kept in order; the call is
	 * captured where it was published first (to agent15001). */
	CHECK(at(doc, "steps[0].capture.call1") == "notifications.agent15001[0].data.call.id");
	CHECK(at(doc, "steps[0].capture.conn1") == "notifications.agent15001[0].data.call.connId");
	CHECK(at(doc, "steps[0].expect.notifications.agent15000[0].data.call.state") == "Dialing");
	CHECK(at(doc, "steps[0].expect.notifications.agent15000[1].data.call.state") == "Established");
	CHECK(at(doc, "steps[0].expect.notifications.agent15001[0].data.call.state") == "Ringing");
	CHECK(at(doc, "steps[0].expect.notifications.agent15000[1].data.call.id") == "${call1}");
	CHECK(at(doc, "steps[0].expect.notifications.agent15000[1].data.call.uri") ==
	      "http://h/api/v2/me/calls/${call1}");
	CHECK(at(doc, "steps[0].expect.notifications.agent15001[0].data.call.connId") == "${conn1}");
	CHECK(at(doc, "steps[0].expect.notifications.agent15000[0].data.call.duration") == R"({"$regex":"^[0-9]+$"})");
	CHECK(at(doc, "steps[0].expect.notifications.agent15000[0].data.referenceId") == R"({"$any":"number"})");
	CHECK(at(doc, "steps[0].request.body.destination.phoneNumber") == "15001");

	CHECK(at(doc, "steps[1].request.path") == "/api/v2/me/calls/${call1}");
	CHECK(at(doc, "steps[1].request.body.note") == "${conn1}");
	CHECK(at(doc, "steps[1].as") == "agent15000");
	CHECK_FALSE(has(doc, "steps[1].capture"));
	CHECK(at(doc, "steps[1].expect.notifications") == "{}");

	CHECK(at(doc, "steps[2].request.path") == "/api/v2/me/calls?fields=${call1}");
	CHECK_FALSE(has(doc, "steps[2].request.body"));
	CHECK(at(doc, "steps[2].expect.body.calls[0].id") == "${call1}");
	CHECK_FALSE(has(doc, "steps[2].capture"));
	CHECK(writeRecordedScenario(r, "x").find(id) == std::string::npos);
}

TEST_CASE("recorded scenario: ids pinned by the setup stay literal; an id first seen in a body is captured there")
{
	const std::string pinned = "01RCC3N118B1V0SL8O7GK2LAES000001";
	Recording r;
	r.setupJson = R"({"calls":[{"callUuid":")" + pinned + R"("}]})";
	r.exchanges.push_back(exchange("agent15000", "GET", "/api/v2/me/calls", "", 200,
				       R"({"calls":[{"id":")" + pinned + R"(","callUuid":")" + pinned +
					       R"("},{"id":"NEWCALL00000042","connId":"006f00000000002a"}]})"));
	r.exchanges.push_back(exchange("agent15000", "POST", "/api/v2/me/calls/" + pinned,
				       R"({"operationName":"Hold"})", 200, R"({"statusCode":0})"));
	rapidjson::Document doc = written(r);
	CHECK(at(doc, "steps[0].expect.body.calls[0].id") == pinned);
	CHECK(at(doc, "steps[0].capture") == R"({"call1":"body.calls[1].id","conn1":"body.calls[1].connId"})");
	CHECK(at(doc, "steps[1].request.path") == "/api/v2/me/calls/" + pinned);
}

TEST_CASE("recorded scenario: unauthenticated, unanswered, odd bodies and values that look like placeholders")
{
	Recording r;
	r.exchanges.push_back(
		exchange("", "GET", "/api/v2/me", "", 401, R"({"statusCode":2,"statusMessage":"Access denied"})"));
	RecordedExchange pending = exchange("agent15000", "POST", "/api/v2/me", "{}", 0, "");
	pending.answered = false;
	r.exchanges.push_back(pending);
	r.exchanges.push_back(exchange("agent15000", "POST", "/api/v2/me/calls/x", "{not json ${x}", 400,
				       R"({"statusCode":1,"userData":{"$key":"v","k":"cost ${5}"}})"));
	CHECK(recordedStepCount(r) == 2);
	rapidjson::Document doc = written(r);
	CHECK_FALSE(has(doc, "steps[0].as"));
	CHECK(at(doc, "steps[0].expect.status") == "401");
	CHECK(at(doc, "users") == R"(["agent15000"])");
	CHECK(at(doc, "steps[1].request.bodyText") == "{not json $${x}");
	CHECK(at(doc, "steps[1].expect.status") == "400");
	CHECK(at(doc, "steps[1].expect.body.userData") == R"({"$literal":{"$key":"v","k":"cost ${5}"}})");
	CHECK_FALSE(has(doc, "steps[2]"));
}

TEST_CASE("recorded scenario: the recording file name's time is any time, its call id any id; the inference is kept")
{
	const std::string id = "01RCC3N118B1V0SL8O7GK2LAES000009";
	Recording r;
	r.inferenceJson = R"({"inferred":{"csrf":"no X-CSRF-TOKEN on the answers"},"notInferred":{"dns":"not shown"}})";
	r.exchanges.push_back(exchange(
		"agent15000", "GET", "/api/v2/me/calls/" + id, "", 200,
		R"({"statusCode":0,"call":{"id":")" + id + R"(","callUuid":")" + id +
			R"(","connId":"0071027198180009","userData":{"GSIP_REC_FN":")" + id +
			R"(_15000__5551234_2026-12-07_03-24-06_127-dot-0-dot-0-dot-1__%3Ccont_center_id%3E","GSIP_RECORD":"ON"}}})"));
	rapidjson::Document doc = written(r);
	CHECK(at(doc, "steps[0].expect.body.call.userData.GSIP_REC_FN") ==
	      R"({"$regex":"^[0-9A-Za-z]+_15000__5551234_[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{2}-[0-9]{2}-[0-9]{2})"
	      R"(_127-dot-0-dot-0-dot-1__%3Ccont_center_id%3E$"})");
	CHECK(at(doc, "steps[0].expect.body.call.userData.GSIP_RECORD") == "ON");
	CHECK(at(doc, "inference.notInferred.dns") == "not shown");
}

TEST_CASE("recorded scenario: a Workspace API v3 user is marked so and its login is left to the replayer")
{
	Recording r;
	r.setupJson = "{}";
	r.exchanges.push_back(exchange("", "POST", "/auth/v3/oauth/token", "", 200, R"({"access_token":"t"})"));
	r.exchanges.push_back(exchange("agent15000", "POST", "/workspace/v3/initialize-workspace", "", 200,
				       R"({"status":{"code":1}})"));
	r.exchanges.push_back(exchange("agent15001", "GET", "/api/v2/me", "", 200, R"({"statusCode":0})"));
	r.exchanges.push_back(
		exchange("agent15000", "POST", "/workspace/v3/voice/ready", "", 200, R"({"status":{"code":1}})"));
	auto doc = written(r);
	REQUIRE(doc["steps"].Size() == 2);
	CHECK(at(doc, "steps[0].request.path") == "/api/v2/me");
	CHECK(at(doc, "steps[1].request.path") == "/workspace/v3/voice/ready");
	CHECK(at(doc, "users") == R"({"agent15000":{"api":"workspace-v3"},"agent15001":{}})");
}

TEST_CASE("recorded scenario: a v3 user who only logged in still logs in on replay")
{
	Recording r;
	r.setupJson = "{}";
	r.exchanges.push_back(exchange("agent15000", "POST", "/workspace/v3/initialize-workspace?code=c&redirect_uri=x",
				       "", 200, R"({"status":{"code":1}})"));
	auto doc = written(r);
	CHECK(doc["steps"].Size() == 0);
	CHECK(at(doc, "users") == R"({"agent15000":{"api":"workspace-v3"}})");
}
