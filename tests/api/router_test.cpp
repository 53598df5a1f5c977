/* SPDX-License-Identifier: MIT */
/*
 * rest::Router: rows of (method, pattern) → target; the first row matching
 * path and method wins; a miss is a 404, or a 405 with an Allow header naming
 * the advertised methods of the rows that have the path.
 */
#include "rest/router.h"

#include <stdexcept>
#include <string>

#include <doctest/doctest.h>

using namespace ctisim::api;
using rest::Router;

namespace {

const rest::MissWording wording{"nothing at {path}", "{method} is not for {path}; use {allow}"};

Router<std::string> sample()
{
	return Router<std::string>(wording, {
						    {"GET", "/api/v2/me", "me"},
						    {"POST", "/api/v2/me", "me operation"},
						    {"GET", "/api/v2/me/calls/:call", "call"},
						    {"POST", "/api/v2/me/calls/:call", "call operation"},
						    {"GET", "/api/v2/me/devices/:device/calls", "device calls"},
						    {"*", "/api/v2/notifications/*", "bayeux"},
						    {"PUT", "/sim/v1/dns/:dn/behaviour", "behaviour"},
						    {"POST", "/sim/v1/dns/:dn/behaviour", "behaviour (old)", false},
						    {"POST", "/sim/v1/hidden", "hidden", false},
					    });
}

/// The target a request reaches, or "" for a miss.
std::string target(const Router<std::string> &router, std::string_view method, std::string_view path)
{
	auto m = router.match(method, path);
	return m.target ? *m.target : std::string();
}

} /* namespace */

TEST_CASE("the router finds a row by its literal segments and method")
{
	Router<std::string> router = sample();
	CHECK(target(router, "GET", "/api/v2/me") == "me");
	CHECK(target(router, "POST", "/api/v2/me") == "me operation");
	/* Empty segments do not count, like a trailing slash. */
	CHECK(target(router, "GET", "/api/v2/me/") == "me");
	CHECK(target(router, "GET", "//api//v2/me") == "me");
	/* Segments are compared whole and case-sensitively. */
	CHECK(target(router, "GET", "/api/v20/me").empty());
	CHECK(target(router, "GET", "/api/v2/Me").empty());
	CHECK(target(router, "GET", "/api/v2/me/x").empty());
	CHECK(target(router, "GET", "/api/v2").empty());
	CHECK(target(router, "get", "/api/v2/me").empty());
	CHECK(target(router, "GET", "").empty());
}

TEST_CASE("a :name segment captures one segment as it was sent")
{
	Router<std::string> router = sample();
	auto m = router.match("POST", "/api/v2/me/calls/0171%2Fx");
	REQUIRE(m.target);
	CHECK(*m.target == "call operation");
	CHECK(m.params["call"] == "0171%2Fx");
	CHECK(m.params["device"].empty());
	auto d = router.match("GET", "/api/v2/me/devices/dev-1/calls");
	REQUIRE(d.target);
	CHECK(d.params["device"] == "dev-1");
	/* A parameter is one segment: never empty, never two. */
	CHECK(target(router, "GET", "/api/v2/me/calls").empty());
	CHECK(target(router, "GET", "/api/v2/me/calls/a/b").empty());
}

TEST_CASE("a last * takes the path and everything below it, with any method for method *")
{
	Router<std::string> router = sample();
	CHECK(target(router, "POST", "/api/v2/notifications") == "bayeux");
	CHECK(target(router, "GET", "/api/v2/notifications/connect") == "bayeux");
	CHECK(target(router, "DELETE", "/api/v2/notifications/a/b/c") == "bayeux");
	CHECK(target(router, "POST", "/api/v2/notificationsx").empty());
	CHECK_THROWS_AS(Router<std::string>(wording, {{"GET", "/a/*/b", "x"}}), std::invalid_argument);
	CHECK_THROWS_AS(Router<std::string>(wording, {{"GET", "a/b", "x"}}), std::invalid_argument);
}

TEST_CASE("the first row matching path and method wins")
{
	Router<std::string> router(wording, {
						    {"GET", "/files/index.html", "index"},
						    {"GET", "/files/:name", "any file"},
						    {"GET", "/*", "everything"},
					    });
	CHECK(target(router, "GET", "/files/index.html") == "index");
	CHECK(target(router, "GET", "/files/a.js") == "any file");
	CHECK(target(router, "GET", "/") == "everything");
	CHECK(target(router, "GET", "/x/y/z") == "everything");
}

TEST_CASE("a path no row has is a 404 in the router's wording")
{
	Router<std::string> router = sample();
	auto m = router.match("GET", "/api/v2/nothing");
	CHECK_FALSE(m.target);
	CHECK_FALSE(m.pathKnown);
	rest::RouteMiss miss = router.miss("GET", "/api/v2/nothing");
	CHECK(miss.error.statusCode == rest::status::NotFound);
	CHECK(miss.error.httpStatus == 0);
	CHECK(miss.error.message == "nothing at /api/v2/nothing");
	CHECK(miss.allow.empty());
	HttpResponse response = rest::errorResponse(miss);
	CHECK(response.status == 404);
	CHECK(response.body == R"({"statusCode":6,"statusMessage":"nothing at /api/v2/nothing"})");
	CHECK(response.headers.empty());
}

TEST_CASE("a path rows have with other methods is a 405 naming them in Allow, in row order")
{
	Router<std::string> router = sample();
	auto m = router.match("DELETE", "/api/v2/me/calls/c1");
	CHECK_FALSE(m.target);
	CHECK(m.pathKnown);
	rest::RouteMiss miss = router.miss("DELETE", "/api/v2/me/calls/c1");
	CHECK(miss.allow == "GET, POST");
	CHECK(miss.error.statusCode == rest::status::Forbidden);
	CHECK(miss.error.message == "DELETE is not for /api/v2/me/calls/c1; use GET, POST");
	HttpResponse response = rest::errorResponse(miss);
	CHECK(response.status == 405);
	REQUIRE(response.headers.size() == 1);
	CHECK(response.headers[0] == std::pair<std::string, std::string>("Allow", "GET, POST"));
}

TEST_CASE("an unadvertised row serves but is not named in Allow; a path only it has is a 404")
{
	Router<std::string> router = sample();
	CHECK(target(router, "POST", "/sim/v1/dns/15000/behaviour") == "behaviour (old)");
	CHECK(router.miss("GET", "/sim/v1/dns/15000/behaviour").allow == "PUT");
	CHECK(target(router, "POST", "/sim/v1/hidden") == "hidden");
	CHECK_FALSE(router.match("GET", "/sim/v1/hidden").pathKnown);
	CHECK(router.miss("GET", "/sim/v1/hidden").error.statusCode == rest::status::NotFound);
}

TEST_CASE("a method two rows of the path take is named once")
{
	Router<std::string> router(wording, {
						    {"GET", "/a/:x", "one"},
						    {"GET", "/a/b", "two"},
						    {"PUT", "/a/b", "three"},
					    });
	CHECK(router.miss("POST", "/a/b").allow == "GET, PUT");
}

TEST_CASE("hostile paths never reach a row they do not name")
{
	Router<std::string> router = sample();
	for (const char *path : {"/api/v2/me/../me", "/api/v2/./me", "/api/v2/me%2f", "/api/v2/me?x", "/api/v2/me#",
				 "/api/v2/me\\", "\\api\\v2\\me", "/api/v2/me/calls/../../me", "/api/v2/%6De"}) {
		CAPTURE(path);
		CHECK(target(router, "GET", path) != "me");
	}
	/* A long path of many segments splits and misses without trouble. */
	std::string deep;
	for (int i = 0; i < 5000; ++i)
		deep += "/x";
	CHECK(target(router, "GET", deep).empty());
	CHECK(router.miss("GET", deep).error.statusCode == rest::status::NotFound);
	/* Braces in the path are text, not format fields. */
	CHECK(router.miss("GET", "/{path}/{}").error.message == "nothing at /{path}/{}");
}
