/* SPDX-License-Identifier: MIT */
/*
 * Workspace API v3 targets: search (all types without types), one target,
 * recents and personal favourites, over the contacts directory.
 */
#include <set>

#include <doctest/doctest.h>

#include "workspace_test_harness.h"

using namespace ctisim;
using namespace ctisim::test;

TEST_CASE("v3 targets: search without types returns every type; types, limit and searchTerm filter")
{
	WorkspaceHarness h;
	std::string a = h.initialize("15000");
	rapidjson::Document all = parse(h.as(a, "GET", "/workspace/v3/targets?searchTerm=&limit=1000").body);
	CHECK(all["status"]["code"].GetInt() == 0);
	std::set<std::string> types;
	for (const auto &t : all["data"]["targets"].GetArray())
		types.insert(t["type"].GetString());
	CHECK(types == std::set<std::string>{"agent", "acd-queue", "route-point"});
	CHECK(all["data"]["totalMatches"].GetUint64() == all["data"]["targets"].Size());
	/* the JS client's search: a term, limit 10, no types */
	rapidjson::Document some = parse(h.as(a, "GET", "/workspace/v3/targets?searchTerm=agent1500&limit=2").body);
	CHECK(some["data"]["targets"].Size() == 2);
	CHECK(some["data"]["totalMatches"].GetUint64() > 2);
	const rapidjson::Value &first = some["data"]["targets"][0];
	CHECK(first["type"].GetString() == std::string("agent"));
	CHECK(first["userName"].GetString() == std::string("agent15000"));
	CHECK(first["number"].GetString() == std::string("15000"));
	CHECK(first["DBID"].IsInt64());
	rapidjson::Document queues = parse(h.as(a, "GET", "/workspace/v3/targets?types=acd-queue,route-point").body);
	REQUIRE(queues["data"]["targets"].Size() == 2);
	rapidjson::Document byNumber = parse(h.as(a, "GET", "/workspace/v3/targets?searchTerm=8000").body);
	REQUIRE(byNumber["data"]["targets"].Size() == 1);
	CHECK(byNumber["data"]["targets"][0]["type"].GetString() == std::string("route-point"));
	for (std::string bad : {"0", "-1", "abc", "100000"})
		CHECK(h.as(a, "GET", "/workspace/v3/targets?limit=" + bad).status == 400);
	CHECK(h.as(a, "GET", "/workspace/v3/targets?searchTerm=%zz").status == 400);
	/* one target */
	std::string dbid = std::to_string(first["DBID"].GetInt64());
	rapidjson::Document one = parse(h.as(a, "GET", "/workspace/v3/targets/agent/" + dbid).body);
	CHECK(one["data"]["target"]["userName"].GetString() == std::string("agent15000"));
	CHECK(h.as(a, "GET", "/workspace/v3/targets/acd-queue/" + dbid).status == 404);
}

TEST_CASE("v3 targets: recents and personal favourites are the user's own")
{
	WorkspaceHarness h;
	std::string a = h.initialize("15000");
	std::string b = h.initialize("15001");
	rapidjson::Document queue = parse(h.as(a, "GET", "/workspace/v3/targets?types=acd-queue").body);
	long long dbid = queue["data"]["targets"][0]["DBID"].GetInt64();
	std::string target = R"({"type":"acd-queue","DBID":)" + std::to_string(dbid) + "}";
	CHECK(h.as(a, "POST", "/workspace/v3/targets/recents/add",
		   R"({"data":{"target":)" + target + R"(,"recentInformation":{"media":"voice"}}})")
		      .body == R"({"status":{"code":0}})");
	CHECK(parse(h.as(a, "GET", "/workspace/v3/targets/recents").body)["data"]["targets"].Size() == 1);
	CHECK(parse(h.as(b, "GET", "/workspace/v3/targets/recents").body)["data"]["targets"].Size() == 0);
	CHECK(h.as(a, "POST", "/workspace/v3/targets/recents/add", R"({"data":{"target":{"type":"agent","DBID":1}}})")
		      .status == 404);
	CHECK(h.as(a, "POST", "/workspace/v3/targets/recents/add", R"({"data":{}})").status == 400);
	CHECK(h.as(a, "POST", "/workspace/v3/targets/recents/ack-missed-calls").status == 200);
	CHECK(h.as(a, "POST", "/workspace/v3/targets/personal-favorites/save",
		   R"({"data":{"target":)" + target + R"(,"category":"Queues"}})")
		      .status == 200);
	rapidjson::Document favorites = parse(h.as(a, "GET", "/workspace/v3/targets/personal-favorites?limit=5").body);
	REQUIRE(favorites["data"]["targets"].Size() == 1);
	CHECK(favorites["data"]["targets"][0]["DBID"].GetInt64() == dbid);
	CHECK(h.as(a, "POST", "/workspace/v3/targets/personal-favorites/delete/acd-queue/" + std::to_string(dbid))
		      .status == 200);
	CHECK(h.as(a, "POST", "/workspace/v3/targets/personal-favorites/delete/acd-queue/" + std::to_string(dbid))
		      .status == 404);
	CHECK(parse(h.as(a, "GET", "/workspace/v3/targets/personal-favorites").body)["data"]["targets"].Size() == 0);
}
