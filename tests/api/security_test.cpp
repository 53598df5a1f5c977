/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/gws_api.h"

#include <atomic>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "ctisim/api/http_router.h"
#include "ctisim/api/http_server.h"
#include "ctisim/api/static_files.h"
#include "hostile_harness.h"
#include "http_auth.h" /* api/src */

/*
 * Security: every /api/v2 and /sim/v1 route (listed from gws_api.cpp and
 * control_api.cpp) without credentials, with wrong ones, and with another
 * agent's credentials and ids; CSRF on every write; cookies; the control API
 * from a non-loopback address; the comparison helper; static files that try
 * to leave their folder. The switch state must not change on any refusal.
 */

using namespace ctisim;
using namespace ctisim::test;
namespace fs = std::filesystem;

namespace {

struct Route {
	std::string method;
	std::string path;
	std::string body;
};

/// Every GWS route except GET /api/v2/diagnostics/version, with a body that would act.
std::vector<Route> gwsRoutes()
{
	return {
		{"GET", mePath, ""},
		{"GET", mePath + "?subresources=*", ""},
		{"POST", mePath, R"({"operationName":"EndContactCenterSession"})"},
		{"POST", voicePath, R"({"operationName":"NotReady"})"},
		{"GET", "/api/v2/me/devices", ""},
		{"GET", devicePath, ""},
		{"POST", devicePath, R"({"operationName":"DoNotDisturbOn"})"},
		{"GET", dialPath, ""},
		{"POST", dialPath, R"({"operationName":"Dial","destination":{"phoneNumber":"15004"}})"},
		{"GET", "/api/v2/me/calls", ""},
		{"GET", callPath, ""},
		{"POST", callPath, R"({"operationName":"Hangup"})"},
		{"POST", "/api/v2/notifications", R"([{"channel":"/meta/handshake"}])"},
		/* Routes that do not exist are not revealed before authentication either. */
		{"GET", "/api/v2/users", ""},
		{"GET", "/api/v2/me/nothing", ""},
	};
}

std::vector<std::pair<std::string, std::string>> badAuthorizations()
{
	return {
		{"Authorization", "Basic " + base64Encode("agent15000:wrong")},
		{"Authorization", "Basic " + base64Encode("agent15000:")},
		{"Authorization", "Basic " + base64Encode("agent15000:password ")},
		{"Authorization", "Basic " + base64Encode("agent15000:PASSWORD")},
		{"Authorization", "Basic " + base64Encode("agent15000")},
		{"Authorization", "Basic " + base64Encode("nobody:password")},
		{"Authorization", "Basic " + base64Encode(":password")},
		{"Authorization", "Basic !!!!"},
		{"Authorization", "Basic"},
		{"Authorization", "Bearer " + base64Encode("agent15000:password")},
		{"Authorization", "Digest username=\"agent15000\""},
		{"Authorization", std::string("Basic ") + base64Encode(std::string("agent15000:password\0", 20))},
		{"Cookie", "JSESSIONID=abcdefghijklmnopqrstuvwxyz"},
		{"Cookie", "JSESSIONID="},
		{"Cookie", "JSESSIONID=" + std::string(5000, 'a')},
		{"X-Forwarded-User", "agent15000"},
	};
}

} /* namespace */

TEST_CASE("every GWS route but the version probe needs credentials: 401 / statusCode 20, state unchanged")
{
	World w;
	std::string before = w.state();
	int cases = 0;
	for (const Route &route : gwsRoutes()) {
		CAPTURE(route.method);
		CAPTURE(route.path);
		checkError(w.gws.request(route.method, route.path, route.body), 401, 20);
		++cases;
		for (const auto &header : badAuthorizations()) {
			CAPTURE(header.second);
			checkError(w.gws.request(route.method, route.path, route.body, {header}), 401, 20);
			++cases;
		}
	}
	MESSAGE("unauthenticated cases: " << cases);
	CHECK(w.gws.bayeux.handled.empty());
	CHECK(w.state() == before);
	/* The version probe is public. */
	CHECK(w.gws.request("GET", "/api/v2/diagnostics/version").status == 200);
}

TEST_CASE("another agent's credentials and ids reach nothing of agent15000's")
{
	World w;
	std::string before = w.state();
	const std::vector<Route> foreign = {
		{"GET", devicePath, ""},
		{"POST", devicePath, R"({"operationName":"DoNotDisturbOn"})"},
		{"POST", devicePath, R"({"operationName":"ForwardCallsOn","destination":"15009"})"},
		{"GET", dialPath, ""},
		{"POST", dialPath, R"({"operationName":"Dial","destination":{"phoneNumber":"15004"}})"},
		{"GET", callPath, ""},
		{"POST", callPath, R"({"operationName":"Hangup"})"},
		{"POST", callPath, R"({"operationName":"AttachUserData","userData":{"a":"b"}})"},
		{"POST", callPath, R"({"operationName":"SetCallDisposition","disposition":"x"})"},
		{"POST", callPath, R"({"operationName":"SingleStepTransfer","destination":{"phoneNumber":"15004"}})"},
	};
	/* agent15001 is on agent15000's call, and may see it; these are not. */
	for (const char *dn : {"15002", "15003", "15005"}) {
		for (const Route &route : foreign) {
			CAPTURE(dn);
			CAPTURE(route.path);
			CAPTURE(route.body);
			Response r = w.gws.as(dn, route.method, route.path, route.body);
			checkError(r, 404, 6);
			CHECK(r.body.find("15000") == std::string::npos);
		}
	}
	/* agent15000's session cookie with agent15003's Basic credentials is agent15003. */
	Response mine = w.gws.as("15000", "GET", mePath);
	std::string cookie = mine.header("Set-Cookie");
	cookie = cookie.substr(0, cookie.find(';'));
	Response mixed =
		w.gws.request("GET", callPath, "",
			      {{"Cookie", cookie}, {"Authorization", "Basic " + base64Encode("agent15003:password")}});
	checkError(mixed, 404, 6);
	CHECK_FALSE(mixed.header("Set-Cookie").empty());
	/* ...and a wrong password never falls back to the cookie's user. */
	checkError(w.gws.request("GET", callPath, "",
				 {{"Cookie", cookie}, {"Authorization", "Basic " + base64Encode("agent15000:wrong")}}),
		   401, 20);
	CHECK(w.state() == before);
	CHECK(w.gws.notifier.messages.empty());
}

TEST_CASE("CSRF on: every write route refuses a missing or foreign token, state unchanged")
{
	api::GwsConfig config;
	config.csrfEnabled = true;
	World w(config);
	SimGws &gws = w.gws;
	auto state = [&w] { return w.state(); };
	auto login = [&](const std::string &dn) {
		Response r = gws.as(dn, "GET", mePath);
		std::string cookie = r.header("Set-Cookie");
		return std::make_pair(cookie.substr(0, cookie.find(';')), r.header("X-CSRF-TOKEN"));
	};
	auto [cookie, token] = login("15000");
	auto [otherCookie, otherToken] = login("15001");
	REQUIRE(token.size() == 36);
	CHECK(token != otherToken);
	std::string before = state();
	int cases = 0;
	for (const Route &route : gwsRoutes()) {
		if (route.method != "POST" || route.path == "/api/v2/notifications" ||
		    route.path.find("nothing") != std::string::npos)
			continue;
		for (const std::string &bad :
		     {std::string(), otherToken, token.substr(0, 35), token + "0", std::string("null")}) {
			CAPTURE(route.path);
			CAPTURE(bad);
			std::vector<std::pair<std::string, std::string>> headers = {{"Cookie", cookie}};
			if (!bad.empty())
				headers.emplace_back("X-CSRF-TOKEN", bad);
			checkError(gws.request(route.method, route.path, route.body, headers), 403, 3);
			++cases;
		}
	}
	CHECK(cases == 25);
	CHECK(state() == before);
	/* The right token passes. */
	CHECK(gws.request("POST", callPath, R"({"operationName":"Hold"})",
			  {{"Cookie", cookie}, {"X-CSRF-TOKEN", token}})
		      .status == 200);
	CHECK(state() != before);
}

TEST_CASE("the control API refuses every route to a non-loopback client without its credentials")
{
	World w;
	const std::vector<Route> routes = {
		{"GET", "/sim/v1/health", ""},
		{"POST", "/sim/v1/reset", ""},
		{"GET", "/sim/v1/clock", ""},
		{"POST", "/sim/v1/clock", R"({"advance":1000})"},
		{"POST", "/sim/v1/calls", R"({"from":"+15550001","to":"15000"})"},
		{"POST", "/sim/v1/parties/15001/answer", ""},
		{"POST", "/sim/v1/parties/15001/hangup", ""},
		{"POST", "/sim/v1/parties/15001/dtmf", R"({"digits":"1"})"},
		{"PUT", "/sim/v1/dns/15001/behaviour", R"({"behaviour":"busy"})"},
		{"GET", "/sim/v1/state", ""},
		{"GET", "/sim/v1/nothing", ""},
	};
	auto send = [&](api::ControlApi &control, const Route &route, bool loopback, const std::string &authorization) {
		api::HttpRequest request;
		request.setMethod(route.method);
		request.setTarget(route.path);
		request.body = route.body;
		request.fromLoopback = loopback;
		request.remoteAddress = loopback ? "127.0.0.1" : "192.0.2.7";
		if (!authorization.empty())
			request.addHeader("Authorization", authorization);
		return controlRequest(control, w.gws.core, std::move(request));
	};
	std::string before = w.state();
	int resets = 0;
	api::ControlApi guarded(
		*w.gws.backend, *w.gws.backend, w.gws.core,
		[&resets](auto, api::ControlApi::ResetDone done) {
			++resets;
			done({});
		},
		api::ControlAccess{"admin", "s3cret"});
	const std::vector<std::string> wrong = {
		"",
		"Basic " + base64Encode("admin:wrong"),
		"Basic " + base64Encode("admin:s3cret "),
		"Basic " + base64Encode("admin:s3cre"),
		"Basic " + base64Encode("Admin:s3cret"),
		"Basic " + base64Encode("agent15000:password"),
		"Basic " + base64Encode(":s3cret"),
		"Bearer s3cret",
	};
	int cases = 0;
	for (const Route &route : routes) {
		CAPTURE(route.path);
		for (const std::string &authorization : wrong) {
			CAPTURE(authorization);
			Response r = send(guarded, route, false, authorization);
			checkError(r, 403, 3);
			CHECK(r.header("WWW-Authenticate").find("Basic") == 0);
			++cases;
		}
		/* With no credentials configured, a remote client is always refused. */
		checkError(send(w.control, route, false, "Basic " + base64Encode("admin:s3cret")), 403, 3);
		++cases;
	}
	MESSAGE("control API refusals: " << cases);
	CHECK(resets == 0);
	CHECK(w.state() == before);
	/* The configured credentials, and any loopback client, are served. */
	CHECK(send(guarded, routes[0], false, "Basic " + base64Encode("admin:s3cret")).status == 200);
	CHECK(send(w.control, routes[0], true, "").status == 200);
}

TEST_CASE("constantTimeEquals compares every byte and the length")
{
	using api::constantTimeEquals;
	CHECK(constantTimeEquals("password", "password"));
	CHECK(constantTimeEquals("", ""));
	CHECK_FALSE(constantTimeEquals("password", "passwore"));
	CHECK_FALSE(constantTimeEquals("password", "Password"));
	CHECK_FALSE(constantTimeEquals("password", "passwor"));
	CHECK_FALSE(constantTimeEquals("passwor", "password"));
	CHECK_FALSE(constantTimeEquals("", "x"));
	CHECK_FALSE(constantTimeEquals("x", ""));
	CHECK_FALSE(constantTimeEquals(std::string_view("pass\0word", 9), "pass"));
	CHECK_FALSE(constantTimeEquals("pass", std::string_view("pass\0", 5)));
	/* A longer guess whose extra bytes are NUL is still a different length. */
	CHECK_FALSE(constantTimeEquals(std::string_view("ab\0\0", 4), "ab"));
}

TEST_CASE("the HTTP server listens on loopback unless told otherwise")
{
	CHECK(api::HttpServerConfig{}.address == "127.0.0.1");
}

TEST_CASE("static files never leave their folder, however the path is spelled")
{
	static std::atomic<int> counter{0};
	fs::path base = fs::temp_directory_path() /
			("ctisim-security-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
	fs::remove_all(base);
	fs::create_directories(base / "www" / "sub");
	std::ofstream(base / "www" / "index.html") << "index";
	std::ofstream(base / "secret.txt") << "top secret";
	fs::create_directories(base / "outside");
	std::ofstream(base / "outside" / "x.txt") << "top secret too";
	fs::create_directory_symlink(base / "outside", base / "www" / "sub" / "link");
	fs::create_symlink("/etc/passwd", base / "www" / "passwd");

	api::StaticFiles files(base / "www");
	api::HttpRouter router;
	router.mount("GET", "/*", files);
	router.mount("HEAD", "/*", files);
	const char *attempts[] = {
		"/../secret.txt",
		"/sub/../../secret.txt",
		"/sub/./../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2e%2E/secret.txt",
		"/%2e./secret.txt",
		"/.%2e/secret.txt",
		"/%252e%252e/secret.txt",
		"/..%2fsecret.txt",
		"/..%2Fsecret.txt",
		"/%2e%2e%2fsecret.txt",
		"/..%5csecret.txt",
		"/..\\secret.txt",
		"/sub\\..\\..\\secret.txt",
		"/%c0%ae%c0%ae/secret.txt",
		"/%c0%af../secret.txt",
		"/..%c0%afsecret.txt",
		"/%e0%80%ae%e0%80%ae/secret.txt",
		"/..%00/secret.txt",
		"/index.html%00.txt",
		"/..;/secret.txt",
		"/sub/link/x.txt",
		"/sub/link/../../secret.txt",
		"/passwd",
		"//secret.txt",
		"///etc/passwd",
		"/./secret.txt",
		"/.",
		"/..",
		"/sub/..",
		"http://localhost/../secret.txt",
		"*",
		"/%",
		"/%2",
		"/%zz",
		"/sub/%2e%2e/%2e%2e/secret.txt",
		"/sub/link%2fx.txt",
		"/../../../../../../../../etc/passwd",
		"/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
	};
	int cases = 0;
	for (const char *target : attempts) {
		CAPTURE(target);
		api::HttpRequest request;
		request.setMethod("GET");
		request.setTarget(target);
		api::HttpResponse response;
		router.handle(request, [&response](api::HttpResponse r) { response = std::move(r); });
		CHECK(response.status == 404);
		CHECK(response.body.find("secret") == std::string::npos);
		CHECK(response.body.find("root:") == std::string::npos);
		++cases;
	}
	MESSAGE("static path cases: " << cases);
	api::HttpRequest index;
	index.setMethod("GET");
	index.setTarget("/");
	CHECK(files.serve(index).body == "index");
	fs::remove_all(base);
}
