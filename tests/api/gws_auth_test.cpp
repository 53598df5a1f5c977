/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/gws_api.h"

#include "gws_test_harness.h"

/* Authentication, HTTP sessions, CSRF and the hand-over to the Bayeux endpoint. */

using namespace ctisim;
using namespace ctisim::test;

namespace {

const std::string denied = R"({"statusCode":20,"statusMessage":"Access denied"})";

std::string cookieOf(const Response &r)
{
	std::string set = r.header("Set-Cookie");
	REQUIRE(set.rfind("JSESSIONID=", 0) == 0);
	return set.substr(0, set.find(';'));
}

api::GwsConfig csrfOn()
{
	api::GwsConfig config;
	config.csrfEnabled = true;
	return config;
}

} /* namespace */

TEST_CASE("the version probe needs no credentials")
{
	FakeGws gws(api::GwsConfig{}, seedDirectory());
	Response r = gws.request("GET", "/api/v2/diagnostics/version");
	CHECK(r.status == 200);
	CHECK(r.body == R"({"statusCode":0,"version":"8.5.200.50"})");
	CHECK(gws.request("POST", "/api/v2/diagnostics/version").status == 405);
}

TEST_CASE("no credentials, bad credentials and unknown users are denied with 401 / statusCode 20")
{
	FakeGws gws(api::GwsConfig{}, seedDirectory());
	Response none = gws.request("GET", "/api/v2/me");
	CHECK(none.status == 401);
	CHECK(none.body == denied);

	Response bad =
		gws.request("GET", "/api/v2/me", "", {{"Authorization", "Basic " + base64Encode("agent15000:wrong")}});
	CHECK(bad.status == 401);
	CHECK(bad.body == denied);
	CHECK(bad.header("Set-Cookie").empty());

	Response unknown =
		gws.request("GET", "/api/v2/me", "", {{"Authorization", "Basic " + base64Encode("nobody:password")}});
	CHECK(unknown.status == 401);
	Response garbage = gws.request("GET", "/api/v2/me", "", {{"Authorization", "Basic !!!"}});
	CHECK(garbage.status == 401);
	Response bogusCookie = gws.request("GET", "/api/v2/me", "", {{"Cookie", "JSESSIONID=nothere"}});
	CHECK(bogusCookie.status == 401);
	/* Unknown routes are not revealed before authentication either. */
	CHECK(gws.request("GET", "/api/v2/nothing").status == 401);
	CHECK(gws.api.sessionCount() == 0);
}

TEST_CASE("Basic creates a session; its cookie alone authenticates later requests")
{
	FakeGws gws(api::GwsConfig{}, seedDirectory());
	Response first = gws.as("15000", "GET", "/api/v2/me");
	CHECK(first.status == 200);
	std::string set = first.header("Set-Cookie");
	CHECK(set.find("; Path=/; HttpOnly") != std::string::npos);
	std::string cookie = cookieOf(first);
	CHECK(cookie.size() > 20);
	CHECK(gws.api.sessionCount() == 1);

	Response again = gws.request("GET", "/api/v2/me", "", {{"Cookie", cookie}});
	CHECK(again.status == 200);
	CHECK(again.header("Set-Cookie").empty());
	CHECK(std::string(parse(again.body)["user"]["userName"].GetString()) == "agent15000");
	CHECK(gws.api.sessionCount() == 1);

	/* A second login gets a different, unpredictable id. */
	Response second = gws.as("15000", "GET", "/api/v2/me");
	CHECK(cookieOf(second) != cookie);
}

TEST_CASE("a session route ends every session id in .route; another front end's cookie is unknown")
{
	api::GwsConfig config;
	config.sessionRoute = "b7";
	FakeGws gws(config, seedDirectory());
	std::string cookie = cookieOf(gws.as("15000", "GET", "/api/v2/me"));
	std::string id = cookie.substr(std::string("JSESSIONID=").size());
	REQUIRE(id.size() == 26 + 3);
	CHECK(id.substr(26) == ".b7");
	/* The random part is as long and unpredictable as without a route. */
	CHECK(id.substr(0, 26).find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") == std::string::npos);
	std::string other = cookieOf(gws.as("15000", "GET", "/api/v2/me"));
	CHECK(other.size() == cookie.size());
	CHECK(other.substr(0, other.size() - 3) != cookie.substr(0, cookie.size() - 3));
	CHECK(gws.request("GET", "/api/v2/me", "", {{"Cookie", cookie}}).status == 200);

	/* The same random part routed to another front end is just an unknown session. */
	std::string elsewhere = cookie.substr(0, cookie.size() - 3) + ".a";
	Response lost = gws.request("GET", "/api/v2/me", "", {{"Cookie", elsewhere}});
	CHECK(lost.status == 401);
	CHECK(lost.body == denied);

	/* Without a route, ids carry no suffix. */
	FakeGws plain(api::GwsConfig{}, seedDirectory());
	CHECK(cookieOf(plain.as("15000", "GET", "/api/v2/me")).find('.') == std::string::npos);
}

TEST_CASE("EndContactCenterSession invalidates the HTTP session and drops the user's Bayeux sessions")
{
	FakeGws gws(api::GwsConfig{}, seedDirectory());
	std::string cookie = cookieOf(gws.as("15001", "GET", "/api/v2/me"));
	Response end = gws.request("POST", "/api/v2/me", R"({"operationName":"EndContactCenterSession"})",
				   {{"Cookie", cookie}});
	CHECK(end.status == 200);
	CHECK(end.body == R"({"statusCode":0})");
	CHECK(gws.request("GET", "/api/v2/me", "", {{"Cookie", cookie}}).status == 401);
	CHECK(gws.bayeux.dropped == std::vector<std::string>{gws.userId("15001")});
	CHECK(gws.api.sessionCount() == 0);
}

TEST_CASE("the session table is bounded with a clear error")
{
	api::GwsConfig config;
	config.maxSessions = 2;
	FakeGws gws(config, seedDirectory());
	CHECK(gws.as("15000", "GET", "/api/v2/me").status == 200);
	CHECK(gws.as("15001", "GET", "/api/v2/me").status == 200);
	Response full = gws.as("15002", "GET", "/api/v2/me");
	CHECK(full.status == 500);
	CHECK(parse(full.body)["statusCode"].GetInt() == 4);
	CHECK(std::string(parse(full.body)["statusMessage"].GetString()).find("limit is 2") != std::string::npos);
	/* Idle sessions make room once they are past the idle time-out. */
	gws.clock.advance(config.sessionIdleTimeoutMs);
	CHECK(gws.as("15002", "GET", "/api/v2/me").status == 200);
	CHECK(gws.api.sessionCount() == 2);
}

TEST_CASE("CSRF off: no token headers, writes need none")
{
	FakeGws gws(api::GwsConfig{}, seedDirectory());
	Response r = gws.as("15000", "GET", "/api/v2/me");
	CHECK(r.header("X-CSRF-TOKEN").empty());
	CHECK(gws.as("15000", "POST", "/api/v2/me/channels/voice", R"({"operationName":"NotReady"})").status == 200);
}

TEST_CASE("CSRF on: GETs carry the session's token, writes without it get 403 and change nothing")
{
	FakeGws gws(csrfOn(), seedDirectory());
	Response get = gws.as("15000", "GET", "/api/v2/me");
	CHECK(get.header("X-CSRF-HEADER") == "X-CSRF-TOKEN");
	std::string token = get.header("X-CSRF-TOKEN");
	CHECK(token.size() == 36);
	std::string cookie = cookieOf(get);
	CHECK(gws.request("GET", "/api/v2/me/calls", "", {{"Cookie", cookie}}).header("X-CSRF-TOKEN") == token);

	std::size_t before = gws.backend->submitted.size();
	const char *ready = R"({"operationName":"Ready"})";
	Response missing = gws.request("POST", "/api/v2/me/channels/voice", ready, {{"Cookie", cookie}});
	CHECK(missing.status == 403);
	CHECK(missing.body == R"({"statusCode":3,"statusMessage":"Missing or invalid Csrf token"})");
	Response wrong = gws.request("POST", "/api/v2/me/channels/voice", ready,
				     {{"Cookie", cookie}, {"X-CSRF-TOKEN", "4a92be65-ec55-4aa2-b9df-9518fd870f2f"}});
	CHECK(wrong.status == 403);
	/* Basic on a write without a cookie: a new session whose token the client cannot know. */
	CHECK(gws.as("15000", "POST", "/api/v2/me/channels/voice", ready).status == 403);
	CHECK(gws.backend->submitted.size() == before);

	Response good =
		gws.request("POST", "/api/v2/me/channels/voice", ready, {{"Cookie", cookie}, {"X-CSRF-TOKEN", token}});
	CHECK(good.status == 200);
	CHECK(gws.backend->submitted.size() == before + 1);
}

TEST_CASE("notifications go to the Bayeux endpoint after auth, exempt from CSRF, with the session cookie")
{
	FakeGws gws(csrfOn(), seedDirectory());
	CHECK(gws.request("POST", "/api/v2/notifications", "[]").status == 401);
	CHECK(gws.bayeux.handled.empty());

	Response r = gws.as("15003", "POST", "/api/v2/notifications/handshake", R"([{"channel":"/meta/handshake"}])");
	CHECK(r.status == 200);
	CHECK(r.body == "[]");
	CHECK_FALSE(r.header("Set-Cookie").empty());
	REQUIRE(gws.bayeux.handled.size() == 1);
	CHECK(gws.bayeux.handled[0].first == gws.userId("15003"));
	CHECK(gws.bayeux.handled[0].second == R"([{"channel":"/meta/handshake"}])");
}

TEST_CASE("without a Bayeux endpoint, notifications answer a GWS error")
{
	VirtualClock clock(gwsT);
	ManualExecutor core;
	FakeBackend backend;
	RecordingNotifier notifier;
	api::GwsApi gws(backend, core, clock, seedDirectory(), api::GwsConfig{}, notifier, nullptr);
	gws.start({});
	core.runAll();
	api::HttpRequest request;
	request.setMethod("POST");
	request.setTarget("/api/v2/notifications");
	request.addHeader("Authorization", "Basic " + base64Encode("agent15000:password"));
	api::HttpResponse got;
	gws.handle(request, [&](api::HttpResponse r) { got = r; });
	core.runAll();
	CHECK(got.status == 501);
	CHECK(got.body.find(R"("statusCode":4)") != std::string::npos);
}

TEST_CASE("reset drops every session and the Bayeux sessions of their users")
{
	FakeGws gws(api::GwsConfig{}, seedDirectory());
	std::string cookie = cookieOf(gws.as("15000", "GET", "/api/v2/me"));
	bool done = false;
	gws.api.reset(seedDirectory(), api::GwsConfig{}, [&] { done = true; });
	gws.core.runAll();
	CHECK(done);
	CHECK(gws.api.sessionCount() == 0);
	CHECK(gws.bayeux.dropped == std::vector<std::string>{gws.userId("15000")});
	CHECK(gws.request("GET", "/api/v2/me", "", {{"Cookie", cookie}}).status == 401);
}
