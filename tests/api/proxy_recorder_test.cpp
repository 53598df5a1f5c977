/* SPDX-License-Identifier: MIT */
/*
 * ProxyRecorder: who a relayed request is (Basic user name, then the session
 * cookie, then the CometD clientId), CometD answers split into notifications,
 * the inferred setup (users, agents, calls in progress), no password kept, and
 * the byte limit.
 */
#include <string>

#include <doctest/doctest.h>

#include "ctisim/api/proxy_recorder.h"

namespace {

using ctisim::api::HttpRequest;
using ctisim::api::HttpResponse;
using ctisim::api::ProxyRecorder;

/// "agent15000:secret-pw" in base64.
constexpr const char *basicAlice = "Basic YWdlbnQxNTAwMDpzZWNyZXQtcHc=";

HttpRequest request(std::string method, std::string target, std::string body = {},
		    std::vector<std::pair<std::string, std::string>> headers = {})
{
	HttpRequest r;
	r.setMethod(method);
	r.setTarget(target);
	r.body = std::move(body);
	for (const auto &[name, value] : headers)
		r.addHeader(name, value);
	return r;
}

HttpResponse response(unsigned status, std::string body, std::vector<std::pair<std::string, std::string>> headers = {})
{
	HttpResponse r;
	r.status = status;
	r.body = std::move(body);
	r.headers = std::move(headers);
	return r;
}

void exchange(ProxyRecorder &recorder, const HttpRequest &req, const HttpResponse &res)
{
	recorder.onResponse(recorder.onRequest(req), req, res);
}

} /* namespace */

TEST_CASE("ProxyRecorder: users by Basic name, cookie and clientId; CometD answers become notifications")
{
	ProxyRecorder recorder("http://127.0.0.1:8090", 1 << 20);
	exchange(recorder, request("GET", "/api/v2/me?subresources=*", "", {{"Authorization", basicAlice}}),
		 response(200,
			  R"({"statusCode":0,"user":{"id":"u1","userName":"agent15000","firstName":"Al","lastName":"",)"
			  R"("devices":[{"id":"d1","phoneNumber":"15000"}]}})",
			  {{"Set-Cookie", "JSESSIONID=abc; Path=/; HttpOnly"}, {"X-CSRF-TOKEN", "t"}}));
	auto cookie = std::vector<std::pair<std::string, std::string>>{{"Cookie", "JSESSIONID=abc"}};
	exchange(recorder,
		 request("POST", "/api/v2/notifications/handshake", R"([{"channel":"/meta/handshake"}])", cookie),
		 response(200, R"([{"channel":"/meta/handshake","successful":true,"clientId":"c1"}])"));
	exchange(recorder, request("POST", "/api/v2/me", R"({"operationName":"Ready"})", cookie),
		 response(200, R"({"statusCode":0})"));
	/* A connect without the cookie: the clientId names the user. */
	exchange(recorder,
		 request("POST", "/api/v2/notifications/connect", R"([{"channel":"/meta/connect","clientId":"c1"}])"),
		 response(200,
			  R"([{"data":{"messageType":"DeviceStateChangeMessage"},"channel":"/v2/me/devices","id":"9"},)"
			  R"({"channel":"/meta/connect","successful":true}])"));

	ctisim::api::Recording recording = recorder.recording();
	REQUIRE(recording.exchanges.size() == 2); /* CometD exchanges are no steps */
	CHECK(recording.exchanges[0].userName == "agent15000");
	CHECK(recording.exchanges[1].userName == "agent15000");
	REQUIRE(recording.exchanges[1].notifications.size() == 1);
	CHECK(recording.exchanges[1].notifications[0].userName == "agent15000");
	CHECK(recording.exchanges[1].notifications[0].message ==
	      R"({"data":{"messageType":"DeviceStateChangeMessage"},"channel":"/v2/me/devices"})");
	CHECK(recording.setupJson ==
	      R"({"publicBaseUrl":"http://127.0.0.1:8090","csrf":true,"users":[{"userName":"agent15000","dn":"15000",)"
	      R"("id":"u1","deviceId":"d1","firstName":"Al"}]})");
	CHECK(recording.setupJson.find("secret-pw") == std::string::npos);
}

TEST_CASE("ProxyRecorder: past the byte limit nothing more is recorded, and it is counted")
{
	ProxyRecorder recorder("http://127.0.0.1:8090", 100);
	exchange(recorder, request("GET", "/api/v2/me", "", {{"Authorization", basicAlice}}),
		 response(200, R"({"statusCode":0})"));
	exchange(recorder, request("POST", "/api/v2/me", std::string(200, 'x'), {{"Authorization", basicAlice}}),
		 response(200, R"({"statusCode":0})"));
	ctisim::api::Recording recording = recorder.recording();
	CHECK(recording.exchanges.size() == 1);
	CHECK(recorder.dropped() == 1);
}

TEST_CASE("ProxyRecorder: agents and calls in progress inferred from the answers before anything changed")
{
	ProxyRecorder recorder("http://127.0.0.1:8090", 1 << 20);
	auto as = [](const char *basic) {
		return std::vector<std::pair<std::string, std::string>>{{"Authorization", basic}};
	};
	const char *bob = "Basic YWdlbnQxNTAwMTpwdw==";	  /* agent15001:pw */
	const char *carol = "Basic YWdlbnQxNTAwMjpwdw=="; /* agent15002:pw */
	/* Alice: NotReady in AfterCallWork, on a muted call with bob; the nested user data is not configurable. */
	exchange(recorder, request("GET", "/api/v2/me?subresources=*", "", as(basicAlice)),
		 response(200, R"({"statusCode":0,"user":{"id":"u1","userName":"agent15000","devices":[{"id":"d1",)"
			       R"("phoneNumber":"15000","userState":{"id":"x","displayName":"AfterCallWork",)"
			       R"("state":"NotReady","workMode":"AfterCallWork"}}],"calls":[{"id":"c1",)"
			       R"("state":"Established","callUuid":"U1","connId":"0071027198180001",)"
			       R"("participants":[{"phoneNumber":"15001"}],"dnis":"15001","callType":"Internal",)"
			       R"("userData":{"A":"1","N":7,"nested":{"x":1}},"duration":"52","mute":"On"}]}})"));
	/* Bob: Ready; he holds that call and an inbound call rings; a released one is no call in progress. */
	exchange(recorder, request("GET", "/api/v2/me/devices?fields=*", "", as(bob)),
		 response(200, R"({"statusCode":0,"devices":[{"id":"d2","phoneNumber":"15001",)"
			       R"("userState":{"state":"Ready"}}]})"));
	exchange(recorder, request("GET", "/api/v2/me/calls?fields=*", "", as(bob)),
		 response(200, R"({"statusCode":0,"calls":[{"state":"Held","connId":"0071027198180001",)"
			       R"("participants":[{"phoneNumber":"15000"}]},{"state":"Ringing","callUuid":"U2",)"
			       R"("connId":"0071027198180002","callType":"Inbound","ani":"5551234",)"
			       R"("participants":[{"phoneNumber":"5551234"}],"duration":"3"},)"
			       R"({"state":"Released","connId":"0071027198180003","participants":[]}]})"));
	/* A URI list says nothing; a logged-out agent is no agent. */
	exchange(recorder, request("GET", "/api/v2/me/calls", "", as(bob)),
		 response(200, R"({"statusCode":0,"uris":["http://127.0.0.1:8090/api/v2/me/calls/c1"]})"));
	exchange(recorder, request("GET", "/api/v2/me/devices?fields=*", "", as(carol)),
		 response(200, R"({"statusCode":0,"devices":[{"id":"d3","phoneNumber":"15002",)"
			       R"("userState":{"id":"7B4A1C1E-3F4B-4E0A-9B1D-6C2D8E5F7A90","displayName":"Logged Out",)"
			       R"("state":"NotReady"}}]})"));
	/* A write: what answers show from here on may be its doing. */
	exchange(recorder, request("POST", "/api/v2/me", R"({"operationName":"Ready"})", as(basicAlice)),
		 response(200, R"({"statusCode":0})"));
	exchange(recorder, request("GET", "/api/v2/me/calls?fields=*", "", as(carol)),
		 response(200, R"({"statusCode":0,"calls":[{"state":"Established","connId":"0071027198180004",)"
			       R"("participants":[{"phoneNumber":"15000"}]}]})"));
	exchange(recorder, request("GET", "/api/v2/me/devices?fields=*", "", as(basicAlice)),
		 response(200, R"({"statusCode":0,"devices":[{"id":"d1","phoneNumber":"15000",)"
			       R"("userState":{"state":"Ready"}}]})"));

	CHECK(recorder.recording().setupJson ==
	      R"({"publicBaseUrl":"http://127.0.0.1:8090","users":[)"
	      R"({"userName":"agent15000","dn":"15000","id":"u1","deviceId":"d1"},)"
	      R"({"userName":"agent15001","dn":"15001","deviceId":"d2"},)"
	      R"({"userName":"agent15002","dn":"15002","deviceId":"d3"}],)"
	      R"("agents":[{"dn":"15000","state":"NotReady","workMode":"AfterCallWork"},{"dn":"15001","state":"Ready"}],)"
	      R"("calls":[{"connId":"0071027198180001","callUuid":"U1","callType":"Internal","dnis":"15001",)"
	      R"("userData":{"A":"1","N":7},"ageMs":52000,"parties":[{"dn":"15000","state":"Established","muted":true},)"
	      R"({"dn":"15001","state":"Held"}]},)"
	      R"({"connId":"0071027198180002","callUuid":"U2","callType":"Inbound","ani":"5551234","ageMs":3000,)"
	      R"("parties":[{"dn":"5551234","state":"Dialing"},{"dn":"15001","state":"Ringing"}]}]})");
}

TEST_CASE("ProxyRecorder: a notification ends what the answers can tell of the start")
{
	ProxyRecorder recorder("http://127.0.0.1:8090", 1 << 20);
	auto cookie = std::vector<std::pair<std::string, std::string>>{{"Authorization", basicAlice}};
	exchange(recorder, request("POST", "/api/v2/notifications/connect", R"([{"channel":"/meta/connect"}])", cookie),
		 response(200, R"([{"data":{"messageType":"CallStateChangeMessage"},"channel":"/v2/me/calls"}])"));
	exchange(recorder, request("GET", "/api/v2/me?subresources=*", "", cookie),
		 response(200,
			  R"({"statusCode":0,"user":{"userName":"agent15000","devices":[{"id":"d1",)"
			  R"("phoneNumber":"15000","userState":{"state":"Ready"}}],"calls":[{"state":"Established",)"
			  R"("connId":"0071027198180001","participants":[{"phoneNumber":"15001"}]}]}})"));
	CHECK(recorder.recording().setupJson ==
	      R"({"publicBaseUrl":"http://127.0.0.1:8090","users":[{"userName":"agent15000","dn":"15000","deviceId":"d1"}]})");
}

TEST_CASE("ProxyRecorder: roles, features, the agent-state catalogue, settings and NotReady reasons are inferred")
{
	ProxyRecorder recorder("http://127.0.0.1:8090", 1 << 20);
	auto as = std::vector<std::pair<std::string, std::string>>{{"Authorization", "Basic Ym9zczpwdw=="}}; /* boss */
	exchange(recorder, request("GET", "/api/v2/me?subresources=*", "", as),
		 response(200,
			  R"({"statusCode":0,"user":{"id":"u9","userName":"boss","roles":["ROLE_AGENT",)"
			  R"("ROLE_SUPERVISOR"],"devices":[{"id":"d9","phoneNumber":"16000","userState":{)"
			  R"("id":"m","displayName":"In a meeting","state":"NotReady","reason":"Meeting",)"
			  R"("workMode":"AuxWork"}}],"settings":{"htcc":{"roles":"agent,supervisor"},)"
			  R"("iws":{"k":"v"}},"features":[{"id":"api-voice","displayName":"Voice",)"
			  R"("description":"d","uri":"http://127.0.0.1:8090/api/v2/features/api-voice",)"
			  R"("path":"/features/api-voice"}]}})",
			  {{"X-CSRF-TOKEN", "t"}}));
	exchange(recorder, request("GET", "/api/v2/settings/agent-states", "", as),
		 response(200, R"({"settings":[{"name":"Ready","id":"r","displayName":"Available",)"
			       R"("operationName":"Ready","state":"Ready"},{"name":"meeting","id":"m",)"
			       R"("displayName":"In a meeting","operationName":"Meeting","state":"NotReady",)"
			       R"("reason":"Meeting","workMode":"AuxWork"}],"statusCode":0})"));
	exchange(
		recorder, request("GET", "/api/v2/settings", "", as),
		response(200,
			 R"({"settings":[{"displayName":"Agent States","uri":"http://x/api/v2/settings/agent-states"},)"
			 R"({"displayName":"dispositions","uri":"http://x/api/v2/settings/dispositions"},)"
			 R"({"displayName":"General Settings","uri":"http://x/api/v2/settings/general-settings"}],)"
			 R"("statusCode":0})"));
	exchange(recorder, request("GET", "/api/v2/settings/dispositions", "", as),
		 response(200, R"({"settings":[{"name":"Sale"}],"statusCode":0})"));

	ctisim::api::Recording recording = recorder.recording();
	CHECK(recording.setupJson ==
	      R"({"publicBaseUrl":"http://127.0.0.1:8090","csrf":true,"users":[{"userName":"boss","dn":"16000",)"
	      R"("id":"u9","deviceId":"d9","roles":["ROLE_AGENT","ROLE_SUPERVISOR"]}],)"
	      R"("agents":[{"dn":"16000","state":"NotReady","workMode":"AuxWork","reason":"Meeting"}],)"
	      R"("agentStates":[{"name":"Ready","id":"r","displayName":"Available","operationName":"Ready",)"
	      R"("state":"Ready"},{"name":"meeting","id":"m","displayName":"In a meeting","operationName":"Meeting",)"
	      R"("state":"NotReady","reason":"Meeting","workMode":"AuxWork"}],)"
	      R"("features":[{"id":"api-voice","displayName":"Voice","description":"d"}],)"
	      R"("userSettings":{"iws":{"k":"v"}},"settingsGroups":{"dispositions":[{"name":"Sale"}]}})");
	/* What was inferred says from which answer; what was not, why. */
	const std::string &inference = recording.inferenceJson;
	CHECK(inference.find(R"("users.boss":"GET /api/v2/me?subresources=*")") != std::string::npos);
	CHECK(inference.find(R"("agentStates":"GET /api/v2/settings/agent-states")") != std::string::npos);
	CHECK(inference.find(R"("settingsGroups.dispositions":"GET /api/v2/settings/dispositions")") !=
	      std::string::npos);
	CHECK(inference.find(R"("settingsGroups.general-settings":"listed by GET /api/v2/settings, never read")") !=
	      std::string::npos);
	CHECK(inference.find(R"("dns":)") != std::string::npos);
	CHECK(inference.find(R"("agents.16000.workMode")") == std::string::npos); /* NotReady shows it */
}

TEST_CASE("ProxyRecorder: what no answer showed is listed as not inferred")
{
	ProxyRecorder recorder("http://127.0.0.1:8090", 1 << 20);
	exchange(recorder, request("GET", "/api/v2/me/devices", "", {{"Authorization", basicAlice}}),
		 response(200, R"({"statusCode":0,"devices":[{"id":"d1","phoneNumber":"15000",)"
			       R"("userState":{"state":"Ready"}}]})"));
	const std::string inference = recorder.recording().inferenceJson;
	for (const char *topic : {R"("users.agent15000.roles":)", R"("agents.15000.workMode":)", R"("features":)",
				  R"("agentStates":)", R"("userSettings":)", R"("settingsGroups":)"}) {
		CAPTURE(topic);
		auto notInferred = inference.find(R"("notInferred")");
		CHECK(inference.find(topic, notInferred) != std::string::npos);
	}
	CHECK(inference.find(R"("csrf":"no X-CSRF-TOKEN on the answers")") != std::string::npos);
	CHECK(inference.find(R"("notifications.agent15000":"what it was sent before its first request)") !=
	      std::string::npos);
}
