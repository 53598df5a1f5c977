/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/prefix_router.h"

#include <doctest/doctest.h>

using namespace ctisim::api;

namespace {

struct NamedHandler final : HttpHandler {
	explicit NamedHandler(std::string n) : name(std::move(n)) {}
	void handle(HttpRequest, HttpReply reply) override
	{
		HttpResponse r;
		r.body = name;
		reply(std::move(r));
	}
	std::string name;
};

std::string route(PrefixRouter &router, std::string target)
{
	HttpRequest request;
	request.method = "GET";
	request.target = std::move(target);
	std::string body;
	unsigned status = 0;
	router.handle(request, [&](HttpResponse r) {
		body = r.body;
		status = r.status;
	});
	return status == 404 ? "404:" + body : body;
}

} /* namespace */

TEST_CASE("PrefixRouter picks the longest matching prefix on segment boundaries")
{
	NamedHandler gws("gws"), bayeux("bayeux"), control("control");
	PrefixRouter router;
	router.add("/api/v2", gws);
	router.add("/api/v2/notifications/", bayeux);
	router.add("/sim/v1", control);
	CHECK(route(router, "/api/v2/me?subresources=*") == "gws");
	CHECK(route(router, "/api/v2") == "gws");
	CHECK(route(router, "/api/v2/notifications/connect") == "bayeux");
	CHECK(route(router, "/api/v2/notifications") == "bayeux");
	CHECK(route(router, "/sim/v1/health") == "control");
	CHECK(route(router, "/api/v20/me").rfind("404:", 0) == 0);
	CHECK(route(router, "/").rfind("404:", 0) == 0);
}

TEST_CASE("PrefixRouter sends the rest to the fallback")
{
	NamedHandler gws("gws"), console("console");
	PrefixRouter router;
	router.add("/api/v2", gws);
	router.setFallback(console);
	CHECK(route(router, "/index.html") == "console");
	CHECK(route(router, "/api/v2/me") == "gws");
}
