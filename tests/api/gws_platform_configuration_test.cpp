/* SPDX-License-Identifier: MIT */
/*
 * The Platform Configuration API, read side (reference §13 row 9, GWS 8.5.2
 * InternalConfigAPI): behind its feature, persons and agent logins from the
 * directory with their CfgQuery filters, an agent's own only, skills empty.
 */
#include "gws_test_harness.h"

using namespace ctisim;
using namespace ctisim::test;

namespace {

api::GwsConfig withFeature()
{
	api::GwsConfig config;
	config.desktop.features.push_back(api::knownFeature("api-platform-configuration-read"));
	return config;
}

std::string supervisorAuth()
{
	return "Basic " + base64Encode("supervisor16000:password");
}

} /* namespace */

TEST_CASE("platform configuration: without api-platform-configuration-read every read is 403 statusCode 3")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), gwsSwitchConfig());
	Response r = gws.as("15000", "GET", "/api/v2/platform/configuration/persons");
	CHECK(r.status == 403);
	CHECK(parse(r.body)["statusCode"].GetInt() == 3);
}

TEST_CASE("platform configuration: an agent reads its own person and agent login, in the page's shapes")
{
	SimGws gws(withFeature(), seedDirectory(), gwsSwitchConfig());
	rapidjson::Document persons = parse(gws.as("15000", "GET", "/api/v2/platform/configuration/persons").body);
	REQUIRE(persons["persons"].Size() == 1);
	const rapidjson::Value &me = persons["persons"][0];
	CHECK(std::string(me["userName"].GetString()) == "agent15000");
	CHECK(std::string(me["isAgent"].GetString()) == "2");
	std::string loginDbid = me["agentInfo"]["agentLogins"][0]["agentLoginDBID"].GetString();

	rapidjson::Document logins = parse(gws.as("15000", "GET", "/api/v2/platform/configuration/agent-logins").body);
	REQUIRE(logins["agent-logins"].Size() == 1);
	const rapidjson::Value &login = logins["agent-logins"][0];
	CHECK(std::string(login["DBID"].GetString()) == loginDbid);
	CHECK(std::string(login["loginCode"].GetString()) == "agent15000");
	std::vector<std::string> keys;
	for (const auto &m : login.GetObject())
		keys.emplace_back(m.name.GetString());
	CHECK(keys == std::vector<std::string>{"useOverride", "tenantDBID", "DBID", "switchSpecificType",
					       "userProperties", "state", "switchDBID", "loginCode"});

	/* Another user's objects are not there for an agent, however it filters. */
	Response other = gws.as("15000", "GET", "/api/v2/platform/configuration/persons?user_name=\"agent15001\"");
	CHECK(parse(other.body)["persons"].Size() == 0);
	CHECK(canonical(gws.as("15000", "GET", "/api/v2/platform/configuration/skills").body) ==
	      canonical(R"({"statusCode":0,"skills":[]})"));
}

TEST_CASE("platform configuration: a supervisor reads everyone, filtered as CfgQuery (quoted strings, integers)")
{
	SimGws gws(withFeature(), seedDirectory(), gwsSwitchConfig());
	auto get = [&](const std::string &target) {
		return gws.request("GET", target, "", {{"Authorization", supervisorAuth()}});
	};
	rapidjson::Document all = parse(get("/api/v2/platform/configuration/persons").body);
	CHECK(all["persons"].Size() == seedDirectory().users().size());
	rapidjson::Document one = parse(get("/api/v2/platform/configuration/persons?user_name=%22agent15001%22").body);
	REQUIRE(one["persons"].Size() == 1);
	std::string dbid = one["persons"][0]["DBID"].GetString();
	rapidjson::Document byDbid = parse(get("/api/v2/platform/configuration/persons?dbid=" + dbid).body);
	REQUIRE(byDbid["persons"].Size() == 1);
	CHECK(std::string(byDbid["persons"][0]["userName"].GetString()) == "agent15001");
	/* A quoted number is a string: dbid is an integer filter, so it matches nothing. */
	CHECK(parse(get("/api/v2/platform/configuration/persons?dbid=%22" + dbid + "%22").body)["persons"].Size() == 0);
	rapidjson::Document login =
		parse(get("/api/v2/platform/configuration/agent-logins?login_code=%22agent15001%22").body);
	REQUIRE(login["agent-logins"].Size() == 1);

	struct Bad {
		std::string target;
		int status, statusCode;
	};
	for (const Bad &bad : {Bad{"/api/v2/platform/configuration/persons?nonsense=1", 400, 10},
			       Bad{"/api/v2/platform/configuration/persons?dbid=abc", 400, 10},
			       Bad{"/api/v2/platform/configuration/persons?dbid=", 400, 10},
			       Bad{"/api/v2/platform/configuration/persons?dbid=%zz", 400, 10},
			       Bad{"/api/v2/platform/configuration/applications", 404, 6},
			       Bad{"/api/v2/platform/configuration/persons/101", 404, 6}}) {
		CAPTURE(bad.target);
		Response r = get(bad.target);
		CHECK(r.status == bad.status);
		CHECK(parse(r.body)["statusCode"].GetInt() == bad.statusCode);
	}
	Response post = gws.request("POST", "/api/v2/platform/configuration/persons", "{}",
				    {{"Authorization", supervisorAuth()}});
	CHECK(post.status == 405);
	CHECK(post.header("Allow") == "GET");
}
