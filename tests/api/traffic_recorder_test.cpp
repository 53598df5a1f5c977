/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include <doctest/doctest.h>

#include "ctisim/api/traffic_recorder.h"

using namespace ctisim::api;

namespace {

HttpRequest request(std::string method, std::string target, std::string body = {})
{
	HttpRequest r;
	r.setMethod(method);
	r.setTarget(target);
	r.body = std::move(body);
	return r;
}

HttpResponse response(unsigned status, std::string body)
{
	HttpResponse r;
	r.status = status;
	r.body = std::move(body);
	return r;
}

} /* namespace */

TEST_CASE("TrafficRecorder: a notification belongs to the last request that arrived before it")
{
	TrafficRecorder recorder(R"({"seed":7})");
	recorder.onNotification("agent15000", "before"); /* nobody caused it: dropped */
	std::uint64_t first =
		recorder.onRequest(request("POST", "/api/v2/me", R"({"operationName":"Ready"})"), "agent15000");
	recorder.onNotification("agent15000", "a");
	recorder.onNotification("agent15001", "b");
	std::uint64_t second = recorder.onRequest(request("GET", "/api/v2/me/calls"), "");
	recorder.onNotification("agent15000", "c");
	/* Answered out of order: each response goes to its own request. */
	recorder.onResponse(second, response(401, "denied"));
	recorder.onResponse(first, response(200, "ok"));

	Recording r = recorder.snapshot();
	CHECK(r.setupJson == R"({"seed":7})");
	REQUIRE(r.exchanges.size() == 2);
	CHECK(r.exchanges[0].method == "POST");
	CHECK(r.exchanges[0].body == R"({"operationName":"Ready"})");
	CHECK(r.exchanges[0].userName == "agent15000");
	CHECK(r.exchanges[0].answered);
	CHECK(r.exchanges[0].status == 200);
	CHECK(r.exchanges[0].responseBody == "ok");
	REQUIRE(r.exchanges[0].notifications.size() == 2);
	CHECK(r.exchanges[0].notifications[0].userName == "agent15000");
	CHECK(r.exchanges[0].notifications[0].message == "a");
	CHECK(r.exchanges[0].notifications[1].userName == "agent15001");
	CHECK(r.exchanges[1].target == "/api/v2/me/calls");
	CHECK(r.exchanges[1].userName.empty());
	CHECK(r.exchanges[1].status == 401);
	REQUIRE(r.exchanges[1].notifications.size() == 1);
	CHECK(r.exchanges[1].notifications[0].message == "c");
}

TEST_CASE("TrafficRecorder: a restart forgets the session and ignores late responses to it")
{
	TrafficRecorder recorder("{}");
	std::uint64_t old = recorder.onRequest(request("POST", "/api/v2/me/calls/x"), "agent15000");
	recorder.restart(R"({"seed":2})");
	std::uint64_t fresh = recorder.onRequest(request("GET", "/api/v2/me"), "agent15001");
	CHECK(fresh != old);
	recorder.onResponse(old, response(500, "late"));
	Recording r = recorder.snapshot();
	CHECK(r.setupJson == R"({"seed":2})");
	REQUIRE(r.exchanges.size() == 1);
	CHECK(r.exchanges[0].userName == "agent15001");
	CHECK_FALSE(r.exchanges[0].answered);
	recorder.onResponse(fresh, response(200, "{}"));
	CHECK(recorder.snapshot().exchanges[0].status == 200);
}
