/* SPDX-License-Identifier: MIT */
/*
 * Hostile input on the Workspace API v3 (issue 27): bad, expired and forged
 * tokens and WORKSPACE_SESSIONIDs; another user's call id on every call
 * route; malformed, deeply nested and non-object bodies; Content-Types; a v3
 * session on the v2 API and a v2 one on v3. Each case checks the v3 error
 * shape, that the switch state (GET /sim/v1/state) is what it was, that no one
 * was sent a notification, and that the server still serves.
 */
#include <doctest/doctest.h>

#include "ctisim/api/control_api.h"
#include "ctisim/json/parse.h"
#include "hostile_harness.h"
#include "workspace/voice_operations.h"
#include "workspace_test_harness.h"

using namespace ctisim;
using namespace ctisim::test;

namespace {

const std::string ownCall = "0071027198180007";	    /* 15000 with 15001 */
const std::string foreignCall = "0071027198180008"; /* 15002 with 15003 */

/// A v3 error: the HTTP status and exactly {"status":{"code":http,"message":"..."}}.
void checkV3Error(const Response &r, unsigned http)
{
	CAPTURE(r.body);
	rapidjson::Document d = errorBody(r, http);
	CHECK(d.MemberCount() == 1);
	REQUIRE(d.HasMember("status"));
	const rapidjson::Value &s = d["status"];
	REQUIRE(s.IsObject());
	CHECK(s.MemberCount() == 2);
	REQUIRE(s.HasMember("code"));
	CHECK(s["code"].GetInt() == static_cast<int>(http));
	REQUIRE(s.HasMember("message"));
	REQUIRE(s["message"].IsString());
	CHECK(std::string_view(s["message"].GetString()).size() > 0);
}

SwitchConfig hostileWorkspaceSwitch()
{
	SwitchConfig config = workspaceSwitchConfig();
	SwitchConfig calls = hostileSwitch(); /* agent15000's call with 15001, and 15002's with 15003 */
	config.calls = calls.calls;
	return config;
}

/// The v3 and v2 front ends and the control API over one switch; agent15000 and
/// agent15002 signed in through v3, their sign-in notifications cleared.
struct V3World {
	V3World()
	    : h(workspaceConfig(hostileWorkspaceSwitch()), hostileWorkspaceSwitch()),
	      control(*h.gws.backend, *h.gws.backend, h.gws.core,
		      [](auto, api::ControlApi::ResetDone done) { done({}); })
	{
		cookie = h.signIn("15000");
		otherCookie = h.signIn("15002");
		h.clearMessages();
		h.bayeux.users.clear();
	}

	std::string state()
	{
		api::HttpRequest request;
		request.setMethod("GET");
		request.setTarget("/sim/v1/state");
		Response r = controlRequest(control, h.gws.core, std::move(request));
		REQUIRE(r.body.find(R"("statusCode":0)") != std::string::npos);
		return r.body;
	}

	/// Still serving: agent15000 holds its call, and the switch state changes.
	void stillServes(const std::string &before)
	{
		Response hold = h.as(cookie, "POST", "/workspace/v3/voice/calls/" + ownCall + "/hold");
		CHECK(hold.body == R"({"status":{"code":1}})");
		CHECK(state() != before);
	}

	WorkspaceHarness h;
	api::ControlApi control;
	std::string cookie;
	std::string otherCookie;
};

/// One request of every session route, with a body each would accept from agent15000.
struct RouteCase {
	const char *method;
	std::string target;
	std::string body;
};

std::vector<RouteCase> sessionRoutes()
{
	const std::string call = "/workspace/v3/voice/calls/" + ownCall;
	return {
		{"POST", "/workspace/v3/activate-channels", R"({"data":{"agentId":"agent15000","dn":"15000"}})"},
		{"GET", "/workspace/v3/current-session", ""},
		{"GET", "/workspace/v3/voice/calls", ""},
		{"POST", "/workspace/v3/voice/not-ready", R"({"data":{"reasonCode":"Lunch"}})"},
		{"POST", "/workspace/v3/voice/make-call", R"({"data":{"destination":"15009"}})"},
		{"POST", call + "/hold", ""},
		{"POST", call + "/release", ""},
		{"POST", call + "/attach-user-data", R"({"data":{"userData":[{"key":"a","type":"str","value":"b"}]}})"},
		{"GET", "/workspace/v3/targets?searchTerm=agent", ""},
		{"POST", "/workspace/v3/targets/recents/add",
		 R"({"data":{"target":{"DBID":101,"type":"agent","number":"15001"},"recentInformation":{"media":"voice"}}})"},
		{"POST", "/workspace/v3/notifications/handshake", "[]"},
	};
}

const std::vector<std::pair<std::string, std::string>> clientCredentials = {
	{"Authorization", "Basic " + base64Encode("external_api_client:secret")}};

/// A fresh access token and refresh token of agent<dn>.
std::pair<std::string, std::string> tokensOf(WorkspaceHarness &h, const std::string &dn)
{
	Response r = h.request("POST", "/auth/v3/oauth/token",
			       "grant_type=password&username=agent" + dn + "&password=password", clientCredentials);
	REQUIRE(r.status == 200);
	rapidjson::Document d = parse(r.body);
	return {d["access_token"].GetString(), d["refresh_token"].GetString()};
}

std::vector<std::pair<std::string, std::string>> cookieHeader(const std::string &cookie)
{
	return {{"Cookie", cookie}};
}

} /* namespace */

TEST_CASE("v3 hostile: forged, garbage and misused bearer tokens on initialize-workspace: 401, no session")
{
	V3World w;
	auto [token, refresh] = tokensOf(w.h, "15001");
	std::size_t sessions = w.h.v3.sessionCount();
	const std::vector<std::string> authorizations = {
		"",
		"Bearer",
		"Bearer ",
		"Bearer  ",
		"Bearer nope",
		"Bearer " + token + "x",
		"Bearer " + token.substr(1),
		"Bearer " + refresh, /* a refresh token is no access token */
		"Bearer" + token,    /* no space */
		"Basic " + token,
		"Basic " + base64Encode("agent15001:password"), /* v2's credentials */
		"Token " + token,
		"Bearer " + std::string(10'000, 'A'),
		"Bearer " + token + std::string(1, '\0'),
		"Bearer \xff\xfe",
	};
	for (const std::string &authorization : authorizations) {
		CAPTURE(authorization.substr(0, 60));
		checkV3Error(w.h.request("POST", "/workspace/v3/initialize-workspace", "",
					 {{"Authorization", authorization}}),
			     401);
	}
	/* A code that was never issued, or with another redirect_uri, is no better. */
	checkV3Error(w.h.request("POST", "/workspace/v3/initialize-workspace?code=nope&redirect_uri=http://x"), 401);
	CHECK(w.h.v3.sessionCount() == sessions);
	CHECK(w.h.gws.notifier.messages.empty());
	/* The good token still works afterwards. */
	CHECK(w.h.request("POST", "/workspace/v3/initialize-workspace", "", {{"Authorization", "Bearer " + token}})
		      .status == 200);
}

TEST_CASE("v3 hostile: garbage, foreign and ended WORKSPACE_SESSIONIDs on every session route: 401, nothing applied")
{
	V3World w;
	/* A session that logged out: agent15001 signs in and out (its DN leaves the switch as it came). */
	std::string ended = w.h.signIn("15001");
	CHECK(w.h.as(ended, "POST", "/workspace/v3/logout").status == 200);
	w.h.clearMessages();
	std::string v2Session = w.h.gws.as("15001", "GET", "/api/v2/me").header("Set-Cookie");
	REQUIRE(v2Session.rfind("JSESSIONID=", 0) == 0);
	std::string v2Id = v2Session.substr(11, v2Session.find(';') - 11);
	std::string v3Id = w.cookie.substr(w.cookie.find('=') + 1);
	const std::vector<std::string> cookies = {
		"",
		"WORKSPACE_SESSIONID=",
		"WORKSPACE_SESSIONID=forged",
		"WORKSPACE_SESSIONID=" + v3Id + "x",
		"WORKSPACE_SESSIONID=" + v3Id.substr(1),
		"workspace_sessionid=" + v3Id, /* cookie names are case-sensitive */
		"JSESSIONID=" + v3Id,	       /* the v3 session under the v2 name */
		"WORKSPACE_SESSIONID=" + v2Id, /* a v2 session under the v3 name */
		ended,
		"WORKSPACE_SESSIONID=" + std::string(10'000, '1'),
		"WORKSPACE_SESSIONID=\xff\xfe",
	};
	std::string before = w.state();
	int cases = 0;
	for (const RouteCase &route : sessionRoutes()) {
		for (const std::string &cookie : cookies) {
			CAPTURE(route.target);
			CAPTURE(cookie.substr(0, 60));
			checkV3Error(
				w.h.request(route.method, route.target, route.body,
					    cookie.empty() ? decltype(cookieHeader(cookie)){} : cookieHeader(cookie)),
				401);
			++cases;
		}
	}
	MESSAGE("v3 session-route cases: " << cases);
	CHECK(w.state() == before);
	CHECK(w.h.gws.notifier.messages.empty());
	CHECK(w.h.bayeux.users.empty());
	w.stillServes(before);
}

TEST_CASE("v3 hostile: expired access and refresh tokens get 401 / invalid_grant; live sessions are unharmed")
{
	V3World w;
	auto [token, refresh] = tokensOf(w.h, "15001");
	/* Sessions end by logout or eviction (SessionTable), not by the tokens' lifetime. */
	w.h.gws.clock.advance(api::WorkspaceConfig{}.tokenLifetimeMs * 7 + 1);
	std::string before = w.state();
	std::size_t sessions = w.h.v3.sessionCount();
	checkV3Error(
		w.h.request("POST", "/workspace/v3/initialize-workspace", "", {{"Authorization", "Bearer " + token}}),
		401);
	Response refreshed = w.h.request("POST", "/auth/v3/oauth/token",
					 "grant_type=refresh_token&refresh_token=" + refresh, clientCredentials);
	CHECK(refreshed.status == 400);
	CHECK(parse(refreshed.body)["error"] == "invalid_grant");
	CHECK(w.h.v3.sessionCount() == sessions);
	CHECK(w.state() == before);
	CHECK(w.h.gws.notifier.messages.empty());
	CHECK(w.h.as(w.otherCookie, "GET", "/workspace/v3/voice/calls").status == 200);
	/* Signing in again works. */
	std::string again = w.h.initialize("15001");
	CHECK(w.h.as(again, "GET", "/workspace/v3/current-session").status == 200);
}

TEST_CASE("v3 hostile: another user's call id on every call route: 404, no state change, the other user told nothing")
{
	V3World w;
	std::string before = w.state();
	const std::vector<std::string> ids = {
		foreignCall,
		"0071027198180009", /* no call at all */
		"71027198180008",   /* the foreign connId without its leading zeros */
		foreignCall + "0",
		"0x" + foreignCall,
		"01RCC3N118B1V0SL8O7GK2LAES000008", /* the v2 id of the foreign call */
		"..",
		"%2e%2e",
		std::string(4000, '7'),
		"null",
	};
	/* Every row reads the bits of the body it needs: destination, user data, another call, digits. */
	const std::string body =
		R"({"data":{"destination":"15009","userData":[{"key":"a","type":"str","value":"b"}],"key":"a",)"
		R"("parentConnId":")" +
		ownCall + R"(","otherConnId":")" + ownCall + R"(","heldConnId":")" + ownCall +
		R"(","dtmfDigits":"1","dnToDrop":"15001"}})";
	int cases = 0;
	for (const api::workspace::VoiceRow &row : api::workspace::voiceTable()) {
		if (row.place != api::workspace::VoicePlace::Call)
			continue;
		for (const std::string &id : ids) {
			CAPTURE(row.path);
			CAPTURE(id.substr(0, 40));
			Response r = w.h.as(w.cookie, "POST",
					    "/workspace/v3/voice/calls/" + id + "/" + std::string(row.path), body);
			checkV3Error(r, 404);
			CHECK(r.body.find("15003") == std::string::npos);
			++cases;
		}
	}
	MESSAGE("foreign call-id cases: " << cases);
	/* agent15000's own call naming the foreign call as the other one. */
	const std::string own = "/workspace/v3/voice/calls/" + ownCall;
	for (const char *op : {"complete-transfer", "complete-conference", "alternate", "merge", "reconnect"}) {
		CAPTURE(op);
		for (const char *key : {"parentConnId", "otherConnId", "heldConnId"}) {
			Response r = w.h.as(w.cookie, "POST", own + "/" + op,
					    std::string(R"({"data":{")") + key + R"(":")" + foreignCall + "\"}}");
			CHECK(r.status >= 400);
			CHECK(r.body.find("15003") == std::string::npos);
		}
	}
	/* agent15000's list never shows the foreign call; 15002's does. */
	CHECK(w.h.as(w.cookie, "GET", "/workspace/v3/voice/calls").body.find(foreignCall) == std::string::npos);
	CHECK(w.h.as(w.otherCookie, "GET", "/workspace/v3/voice/calls").body.find(foreignCall) != std::string::npos);
	CHECK(w.state() == before);
	CHECK(w.h.voice("15002").empty());
	CHECK(w.h.voice("15000").empty());
	w.stillServes(before);
}

TEST_CASE("v3 hostile: malformed, deeply nested and non-object bodies on every voice route: 400, nothing applied")
{
	V3World w;
	std::string before = w.state();
	/* GWS's hostile bodies that are not a JSON object (an empty body is no body: the client sends
	 * none to ready), and the v3 ones: "data" that is not an object. */
	std::vector<std::string> bodies;
	for (const std::string &body : malformedBodies()) {
		rapidjson::Document d;
		if (body.find_first_not_of(' ') != std::string::npos && (json::parse(body, d) || !d.IsObject()))
			bodies.push_back(body);
	}
	for (const char *extra : {R"({"data":[]})", R"({"data":"x"})", R"({"data":42})", R"({"data":true})",
				  R"([{"data":{}}])", R"({"data":{}} {"data":{}})"})
		bodies.push_back(extra);
	bodies.push_back(R"({"data":{"destination":"15001","userData":)" + std::string(100, '[') +
			 std::string(100, ']') + "}}");
	int cases = 0;
	for (const api::workspace::VoiceRow &row : api::workspace::voiceTable()) {
		std::string target = row.place == api::workspace::VoicePlace::Call
					     ? "/workspace/v3/voice/calls/" + ownCall + "/" + std::string(row.path)
					     : "/workspace/v3/voice/" + std::string(row.path);
		for (const std::string &body : bodies) {
			CAPTURE(target);
			CAPTURE(body.substr(0, 80));
			checkV3Error(w.h.as(w.cookie, "POST", target, body), 400);
			++cases;
		}
	}
	for (const char *target : {"/workspace/v3/activate-channels", "/workspace/v3/targets/recents/add",
				   "/workspace/v3/targets/personal-favorites/save"}) {
		for (const std::string &body : bodies) {
			CAPTURE(target);
			CAPTURE(body.substr(0, 80));
			checkV3Error(w.h.as(w.cookie, "POST", target, body), 400);
			++cases;
		}
	}
	MESSAGE("malformed-body cases: " << cases);
	CHECK(w.state() == before);
	CHECK(w.h.gws.notifier.messages.empty());
	CHECK(w.h.as(w.cookie, "GET", "/workspace/v3/targets/recents").body.find("15001") == std::string::npos);
	w.stillServes(before);
}

TEST_CASE("v3 hostile: the body decides, not its Content-Type; a form body on a JSON route is refused whole")
{
	V3World w;
	std::string before = w.state();
	auto as = [&w](const std::string &contentType, const std::string &target, const std::string &body) {
		return w.h.request("POST", target, body, {{"Cookie", w.cookie}, {"Content-Type", contentType}});
	};
	const std::string attach = "/workspace/v3/voice/calls/" + ownCall + "/attach-user-data";
	for (const char *type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
				 "application/xml", "", "\xff"}) {
		CAPTURE(type);
		checkV3Error(as(type, attach, "data=userData&key=a&value=b"), 400);
		checkV3Error(as(type, "/workspace/v3/voice/make-call", "destination=15009"), 400);
	}
	CHECK(w.state() == before);
	CHECK(w.h.gws.notifier.messages.empty());
	/* JSON under another Content-Type is read as the JSON it is (docs/workspace-api.md). */
	Response r = as("text/plain", attach, R"({"data":{"userData":[{"key":"Seg","type":"str","value":"Gold"}]}})");
	CHECK(r.body == R"({"status":{"code":1}})");
	CHECK(w.state().find("Gold") != std::string::npos);
	/* The token endpoint takes a form; a JSON body is no form of credentials. */
	Response token = w.h.request("POST", "/auth/v3/oauth/token",
				     R"({"grant_type":"password","username":"agent15001","password":"password"})",
				     {{"Authorization", "Basic " + base64Encode("external_api_client:secret")},
				      {"Content-Type", "application/json"}});
	CHECK(token.status == 400);
	CHECK(token.body.find("access_token") == std::string::npos);
}

TEST_CASE("v3 hostile: a v3 session or token on the v2 API and v2 credentials on v3 are refused; both keep serving")
{
	V3World w;
	std::string v3Id = w.cookie.substr(w.cookie.find('=') + 1);
	std::string token = w.h.token("15000");
	std::string before = w.state();
	/* v3 credentials on GWS v2 */
	for (const auto &headers : std::vector<std::vector<std::pair<std::string, std::string>>>{
		     {{"Cookie", "JSESSIONID=" + v3Id}},
		     {{"Cookie", w.cookie}},
		     {{"Authorization", "Bearer " + token}},
		     {{"Cookie", w.cookie}, {"Authorization", "Bearer " + token}},
	     }) {
		checkError(w.h.gws.request("GET", "/api/v2/me", "", headers), 401, 20);
		checkError(
			w.h.gws.request("POST", "/api/v2/me/channels/voice", R"({"operationName":"Ready"})", headers),
			401, 20);
		checkError(
			w.h.gws.request("POST", "/api/v2/me/calls/" + callUuid, R"({"operationName":"Hold"})", headers),
			401, 20);
	}
	/* v2 credentials and session on v3 */
	Response v2 = w.h.gws.as("15000", "GET", "/api/v2/me");
	std::string v2Cookie = v2.header("Set-Cookie");
	v2Cookie = v2Cookie.substr(0, v2Cookie.find(';'));
	for (const auto &headers : std::vector<std::vector<std::pair<std::string, std::string>>>{
		     {{"Cookie", v2Cookie}},
		     {{"Authorization", "Basic " + base64Encode("agent15000:password")}},
		     {{"Cookie", "WORKSPACE_SESSIONID=" + v2Cookie.substr(v2Cookie.find('=') + 1)}},
	     }) {
		checkV3Error(w.h.request("GET", "/workspace/v3/voice/calls", "", headers), 401);
		checkV3Error(w.h.request("POST", "/workspace/v3/voice/calls/" + ownCall + "/hold", "", headers), 401);
		checkV3Error(w.h.request("POST", "/workspace/v3/initialize-workspace", "", headers), 401);
	}
	CHECK(w.state() == before);
	CHECK(w.h.voice("15000").empty());
	/* Each front end still serves its own. */
	CHECK(w.h.gws.request("GET", "/api/v2/me", "", {{"Cookie", v2Cookie}}).status == 200);
	w.stillServes(before);
}
