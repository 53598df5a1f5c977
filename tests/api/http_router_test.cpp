/* SPDX-License-Identifier: MIT */
/*
 * HttpRouter: the surfaces mounted on it (GWS, control API, console files) and
 * CORS around the mounts that ask for it: a preflight from an allowed origin is
 * answered before the surface sees it, other requests from it get the
 * Access-Control-* headers, and anything else is left exactly as it was.
 */
// Test that header file is self-contained.
#include "ctisim/api/http_router.h"

#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

using namespace ctisim::api;

namespace {

/// Answers with its name and counts what reached it (a surface that would authenticate).
struct NamedHandler final : HttpHandler {
	explicit NamedHandler(std::string n, unsigned s = 200) : name(std::move(n)), status(s) {}
	void handle(HttpRequest request, HttpReply reply) override
	{
		++seen;
		last = request.method();
		HttpResponse r;
		r.status = status;
		r.body = name;
		reply(std::move(r));
	}
	std::string name;
	unsigned status;
	int seen = 0;
	std::string last;
};

HttpResponse call(HttpRouter &router, std::string method, std::string target,
		  std::vector<std::pair<std::string, std::string>> headers = {})
{
	HttpRequest request;
	request.setMethod(method);
	request.setTarget(target);
	for (const auto &[name, value] : headers)
		request.addHeader(name, value);
	HttpResponse response;
	response.status = 0;
	router.handle(std::move(request), [&](HttpResponse r) { response = std::move(r); });
	return response;
}

std::string header(const HttpResponse &r, std::string_view name)
{
	for (const auto &[key, value] : r.headers) {
		if (equalsIgnoreCase(key, name))
			return value;
	}
	return {};
}

bool hasCorsHeader(const HttpResponse &r)
{
	for (const auto &[key, value] : r.headers) {
		if (key.rfind("Access-Control-", 0) == 0)
			return true;
	}
	return false;
}

/// The sandbox's mounts: GWS with CORS, the control API and the console without.
struct Mounts {
	NamedHandler gws{"gws", 401}, control{"control"}, console{"console"};
	HttpRouter router;
	Mounts()
	{
		router.mount("*", "/api/v2/*", gws, HttpRouter::Cors::On);
		router.mount("*", "/sim/v1/*", control);
		router.mount("GET", "/*", console);
		router.mount("HEAD", "/*", console);
	}
};

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers preflight(std::string origin, std::string method = "POST",
		  std::string headers = "authorization,content-type,x-csrf-token")
{
	Headers h{{"Origin", std::move(origin)}, {"Access-Control-Request-Method", std::move(method)}};
	if (!headers.empty())
		h.emplace_back("Access-Control-Request-Headers", std::move(headers));
	return h;
}

} /* namespace */

TEST_CASE("HttpRouter sends each path to its mount on segment boundaries")
{
	Mounts m;
	CHECK(call(m.router, "GET", "/api/v2/me?subresources=*").body == "gws");
	CHECK(call(m.router, "GET", "/api/v2").body == "gws");
	CHECK(call(m.router, "POST", "/api/v2/notifications/connect").body == "gws");
	CHECK(call(m.router, "GET", "/sim/v1/health").body == "control");
	CHECK(call(m.router, "DELETE", "/sim/v1").body == "control");
	CHECK(call(m.router, "GET", "/index.html").body == "console");
	CHECK(call(m.router, "HEAD", "/").body == "console");
	/* /api/v20 is not /api/v2: it is the console's (which answers its own 404). */
	CHECK(call(m.router, "GET", "/api/v20/me").body == "console");
}

TEST_CASE("HttpRouter: a method no mount takes is a 405 naming the console's methods")
{
	Mounts m;
	for (const char *method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
		CAPTURE(method);
		HttpResponse r = call(m.router, method, "/app.js");
		CHECK(r.status == 405);
		CHECK(header(r, "Allow") == "GET, HEAD");
		CHECK(r.body == R"({"statusCode":3,"statusMessage":"Method not allowed"})");
	}
	CHECK(m.console.seen == 0);
}

TEST_CASE("HttpRouter without a console: everything outside the mounts is a GWS-style 404")
{
	NamedHandler gws("gws");
	HttpRouter router;
	router.mount("*", "/api/v2/*", gws);
	HttpResponse r = call(router, "GET", "/");
	CHECK(r.status == 404);
	CHECK(r.body == R"({"statusCode":6,"statusMessage":"No such resource"})");
	CHECK(call(router, "POST", "/api/v20").status == 404);
}

TEST_CASE("CORS: a preflight from an allowed origin is answered before the surface, never with *")
{
	Mounts m;
	for (const char *origin : {"http://localhost:3000", "http://127.0.0.1:5173", "http://localhost:1"}) {
		CAPTURE(origin);
		HttpResponse r = call(m.router, "OPTIONS", "/api/v2/me", preflight(origin));
		CHECK(r.status == 200);
		CHECK(r.body.empty());
		CHECK(header(r, "Access-Control-Allow-Origin") == origin);
		CHECK(header(r, "Access-Control-Allow-Credentials") == "true");
		CHECK(header(r, "Access-Control-Allow-Methods") == "GET,POST,PUT,DELETE,OPTIONS");
		CHECK(header(r, "Access-Control-Allow-Headers").find("X-CSRF-TOKEN") != std::string::npos);
		CHECK(header(r, "Access-Control-Max-Age") == "1800");
		CHECK(header(r, "Vary") == "Origin");
	}
	/* CometD's endpoint is under the same mount. */
	CHECK(call(m.router, "OPTIONS", "/api/v2/notifications", preflight("http://localhost:8081")).status == 200);
	CHECK(m.gws.seen == 0);
}

TEST_CASE("CORS: a request from an allowed origin reaches the surface and gets the headers on its answer")
{
	Mounts m;
	HttpResponse r = call(m.router, "GET", "/api/v2/me", {{"Origin", "http://localhost:3000"}});
	CHECK(m.gws.seen == 1);
	CHECK(r.status == 401); /* the surface's own answer, untouched but for the headers */
	CHECK(r.body == "gws");
	CHECK(header(r, "Access-Control-Allow-Origin") == "http://localhost:3000");
	CHECK(header(r, "Access-Control-Allow-Credentials") == "true");
	CHECK(header(r, "Access-Control-Expose-Headers") == "X-CSRF-HEADER,X-CSRF-TOKEN");
	CHECK(header(r, "Access-Control-Allow-Methods").empty());
}

TEST_CASE("CORS: hostile and foreign origins get no Access-Control-* header")
{
	Mounts m;
	for (const char *origin : {
		     "http://evil.example",
		     "https://localhost:3000", /* another scheme */
		     "http://localhost.evil.example:80",
		     "http://localhost:3000/path",
		     "http://localhost:1@evil.example",
		     "http://127.0.0.1.evil.example:1",
		     "http://evil.example/http://localhost:1",
		     "null",
		     "*",
		     "http://localhost:1, http://evil.example",
		     "http://localhost:1 http://evil.example",
		     "HTTP://LOCALHOST:1",
	     }) {
		CAPTURE(origin);
		HttpResponse pre = call(m.router, "OPTIONS", "/api/v2/me", preflight(origin));
		CHECK_FALSE(hasCorsHeader(pre));
		CHECK(pre.status == 401); /* left to the surface, which asks for a login */
		HttpResponse get = call(m.router, "GET", "/api/v2/me", {{"Origin", origin}});
		CHECK_FALSE(hasCorsHeader(get));
	}
	/* An origin of 10,000 bytes is refused without trouble. */
	CHECK_FALSE(hasCorsHeader(
		call(m.router, "GET", "/api/v2/me", {{"Origin", "http://localhost:" + std::string(10000, '1')}})));
}

TEST_CASE("CORS: a preflight asking for a method or header the policy does not allow is left to the surface")
{
	Mounts m;
	CHECK_FALSE(hasCorsHeader(call(m.router, "OPTIONS", "/api/v2/me", preflight("http://localhost:1", "PATCH"))));
	CHECK_FALSE(hasCorsHeader(call(m.router, "OPTIONS", "/api/v2/me",
				       preflight("http://localhost:1", "POST", "content-type,x-evil"))));
	/* Header names are compared case-insensitively; spaces around them do not matter. */
	CHECK(call(m.router, "OPTIONS", "/api/v2/me",
		   preflight("http://localhost:1", "POST", " Content-Type , AUTHORIZATION"))
		      .status == 200);
	CHECK(call(m.router, "OPTIONS", "/api/v2/me", preflight("http://localhost:1", "GET", "")).status == 200);
	/* OPTIONS without Access-Control-Request-Method is no preflight: the surface answers it. */
	HttpResponse plain = call(m.router, "OPTIONS", "/api/v2/me", {{"Origin", "http://localhost:1"}});
	CHECK(m.gws.last == "OPTIONS");
	CHECK(header(plain, "Access-Control-Allow-Origin") == "http://localhost:1");
	CHECK(header(plain, "Access-Control-Allow-Methods").empty());
}

TEST_CASE("CORS applies only to the mounts that ask for it")
{
	Mounts m;
	CHECK_FALSE(hasCorsHeader(call(m.router, "GET", "/sim/v1/health", {{"Origin", "http://localhost:1"}})));
	HttpResponse pre = call(m.router, "OPTIONS", "/sim/v1/reset", preflight("http://localhost:1"));
	CHECK_FALSE(hasCorsHeader(pre));
	CHECK(m.control.seen == 2); /* both reached the control API as they were */
	CHECK_FALSE(hasCorsHeader(call(m.router, "GET", "/index.html", {{"Origin", "http://localhost:1"}})));
}

TEST_CASE("CORS policies: exact origins, wildcards, credentials off, switched off")
{
	Mounts m;
	CorsPolicy policy;
	policy.allowedOrigins = {"https://crm.example.com", "https://*.widgets.example"};
	policy.allowCredentials = false;
	policy.exposedHeaders.clear();
	m.router.setCorsPolicy(policy);
	HttpResponse r = call(m.router, "GET", "/api/v2/me", {{"Origin", "https://crm.example.com"}});
	CHECK(header(r, "Access-Control-Allow-Origin") == "https://crm.example.com");
	CHECK(header(r, "Access-Control-Allow-Credentials").empty());
	CHECK(header(r, "Access-Control-Expose-Headers").empty());
	CHECK(header(call(m.router, "GET", "/api/v2/me", {{"Origin", "https://a.widgets.example"}}),
		     "Access-Control-Allow-Origin") == "https://a.widgets.example");
	/* '*' stands for a run of characters without '/'. */
	CHECK_FALSE(hasCorsHeader(call(m.router, "GET", "/api/v2/me", {{"Origin", "https://a/b.widgets.example"}})));
	CHECK_FALSE(hasCorsHeader(call(m.router, "GET", "/api/v2/me", {{"Origin", "http://localhost:1"}})));

	/* "*" allows any origin, still named (never "*") since a browser refuses "*" with credentials. */
	policy = CorsPolicy{};
	policy.allowedOrigins = {"*"};
	m.router.setCorsPolicy(policy);
	CHECK(header(call(m.router, "GET", "/api/v2/me", {{"Origin", "https://anything.example"}}),
		     "Access-Control-Allow-Origin") == "https://anything.example");

	policy.allowedOrigins = parseCorsList("none");
	CHECK_FALSE(policy.enabled());
	m.router.setCorsPolicy(policy);
	CHECK_FALSE(hasCorsHeader(call(m.router, "OPTIONS", "/api/v2/me", preflight("http://localhost:1"))));
}

TEST_CASE("CORS lists and origins as the settings write them")
{
	CHECK(parseCorsList("GET,POST, PUT ,,") == std::vector<std::string>{"GET", "POST", "PUT"});
	CHECK(parseCorsList("").empty());
	CHECK(parseCorsList("none").empty());
	CHECK(originOf("http://127.0.0.1:8080/api/v2") == "http://127.0.0.1:8080");
	CHECK(originOf("https://gws.example?x") == "https://gws.example");
	CHECK(originOf("127.0.0.1:8080").empty());
}
