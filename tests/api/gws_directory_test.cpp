/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/contact_directory.h"

#include "ctisim/api/sandbox_config.h"
#include "gws_test_harness.h"

/*
 * The directory a desktop reads at login (reference §13 rows 2, 3, 6, 7, 11):
 * contacts with their search, sort, pages and live presence; business
 * attributes and the dispositions group; users and groups gated by role; the
 * fields= projection.
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

constexpr std::uint64_t seed = 1;

api::GwsConfig directoryConfig()
{
	api::GwsConfig config;
	DnConfig queue;
	queue.number = "7000";
	queue.type = DnType::AcdQueue;
	queue.name = "Sales";
	DnConfig extension = gwsExtension("15000");
	api::CustomContact support{"", "Support desk", "+1 (800) 555-0199", "Outsourced support"};
	config.targets = api::makeTargetContacts({queue, extension}, {support}, seed);
	std::vector<api::GroupConfig> groups = {{"", "Team A", {"supervisor16000"}, {"agent15000", "agent15001"}},
						{"", "Team B", {"supervisor16001"}, {"agent15002"}}};
	config.groups = api::resolveGroups(groups, seedDirectory(), seed);
	return config;
}

struct Directory {
	Directory() : gws(directoryConfig(), seedDirectory(), gwsSwitchConfig()) {}

	Response supervisor(const std::string &target)
	{
		return gws.request("GET", target, "",
				   {{"Authorization", "Basic " + base64Encode("supervisor16000:password")}});
	}

	SimGws gws;
};

std::vector<std::string> names(const rapidjson::Value &contacts)
{
	std::vector<std::string> out;
	for (const auto &c : contacts.GetArray())
		out.emplace_back(c["name"].GetString());
	return out;
}

} /* namespace */

TEST_CASE("wildcard matching is case-insensitive, '*' any run, and never exponential")
{
	CHECK(api::wildcardMatch("jo*", "John"));
	CHECK(api::wildcardMatch("*HN", "john"));
	CHECK(api::wildcardMatch("j*h*n", "Jonathan"));
	CHECK(api::wildcardMatch("*", ""));
	CHECK_FALSE(api::wildcardMatch("jo", "John"));
	CHECK_FALSE(api::wildcardMatch("john*x", "johnny"));
	CHECK(api::phoneKey("+1 (800) 555-0199") == "18005550199");
	std::string text(5000, 'a');
	CHECK_FALSE(api::wildcardMatch(std::string(200, '*') + "b", text));
}

TEST_CASE("the contact directory: users, queues and custom contacts sorted by name, then id")
{
	api::Directory users = seedDirectory();
	api::GwsConfig config = directoryConfig();
	api::ContactDirectory contacts(users, config.targets);
	CHECK(contacts.size() == users.users().size() + 2);
	std::vector<const api::Contact *> all = contacts.search({});
	REQUIRE(all.size() == contacts.size());
	for (std::size_t i = 1; i < all.size(); ++i) {
		std::string a = all[i - 1]->name, b = all[i]->name;
		std::transform(a.begin(), a.end(), a.begin(), ::tolower);
		std::transform(b.begin(), b.end(), b.begin(), ::tolower);
		CHECK(a <= b);
	}
	/* A user's contact id is its user id. */
	const api::DirectoryUser *agent = users.findByUserName("agent15000");
	REQUIRE(contacts.findById(agent->id));
	CHECK(std::string(api::toString(contacts.findById(agent->id)->type)) == "User");
	/* Ids of queues and custom contacts: stable for a seed, different for another. */
	CHECK(api::makeTargetContacts({}, {{"", "x", "1", ""}}, 1)[0].id ==
	      api::makeTargetContacts({}, {{"", "x", "1", ""}}, 1)[0].id);
	CHECK(api::makeTargetContacts({}, {{"", "x", "1", ""}}, 1)[0].id !=
	      api::makeTargetContacts({}, {{"", "x", "1", ""}}, 2)[0].id);
	CHECK_THROWS_AS(api::ContactDirectory(users, {config.targets[0], config.targets[0]}), std::invalid_argument);

	api::ContactQuery query;
	query.patterns = {"SAL*"};
	REQUIRE(contacts.search(query).size() == 1);
	CHECK(contacts.search(query)[0]->name == "Sales");
	query.patterns = {"150*", "*5001"}; /* every pattern must match */
	REQUIRE(contacts.search(query).size() == 1);
	CHECK(contacts.search(query)[0]->name == "agent15001");
	query = {};
	query.phoneNumbers = {"18005550199"}; /* numbers compare on their digits */
	REQUIRE(contacts.search(query).size() == 1);
	CHECK(std::string(api::toString(contacts.search(query)[0]->type)) == "Custom");
	query = {};
	query.type = api::ContactType::Queue;
	REQUIRE(contacts.search(query).size() == 1);
	query = {};
	query.names = {"agent15003", "Sales"};
	CHECK(contacts.search(query).size() == 2);
}

TEST_CASE("GET /api/v2/contacts: the documented shape, totalCount, pages and filters")
{
	Directory d;
	Response all = d.gws.as("15000", "GET", "/api/v2/contacts");
	REQUIRE(all.status == 200);
	rapidjson::Document doc = parse(all.body);
	CHECK(doc["statusCode"].GetInt() == 0);
	std::size_t total = doc["totalCount"].GetUint();
	CHECK(total == seedDirectory().users().size() + 2);
	REQUIRE(doc["contacts"].Size() == total);

	std::string userId = d.gws.userId("15001");
	Response one = d.gws.as("15000", "GET", "/api/v2/contacts/" + userId);
	CHECK(canonical(one.body) ==
	      canonical(
		      R"({"statusCode":0,"contact":{"id":")" + userId +
		      R"(","name":"agent15001","type":"User","phoneNumbers":[{"phoneNumber":"15001","description":"",)"
		      R"("switchName":"SIP_Switch"}],"userName":"agent15001","firstName":"Agent","lastName":"15001",)"
		      R"("employeeId":"","emailAddress":"","businessUnits":[],"roles":["ROLE_AGENT"],"uri":"http://127.0.0.1:8080/api/v2/contacts/)" +
		      userId + R"(","path":"/contacts/)" + userId + R"("}})"));

	Response page = d.gws.as("15000", "GET", "/api/v2/contacts?offset=2&limit=3");
	rapidjson::Document pageDoc = parse(page.body);
	CHECK(pageDoc["totalCount"].GetUint() == total);
	REQUIRE(pageDoc["contacts"].Size() == 3);
	CHECK(std::string(pageDoc["contacts"][0]["id"].GetString()) == doc["contacts"][2]["id"].GetString());
	CHECK(parse(d.gws.as("15000", "GET", "/api/v2/contacts?offset=100000").body)["contacts"].Size() == 0);

	rapidjson::Document found = parse(
		d.gws.as("15000", "GET", "/api/v2/contacts?filterName=NamesOrPhoneNumberMatches&filterParameters=sup*")
			.body);
	CHECK(found["totalCount"].GetUint() == 11); /* ten supervisors and the support desk */
	rapidjson::Document queues = parse(d.gws.as("15000", "GET", "/api/v2/contacts?type=Queue&channel=voice").body);
	CHECK(names(queues["contacts"]) == std::vector<std::string>{"Sales"});
	rapidjson::Document byNumber = parse(d.gws.as("15000", "GET", "/api/v2/contacts?phoneNumber=7000,15002").body);
	CHECK(names(byNumber["contacts"]) == std::vector<std::string>{"agent15002", "Sales"});

	Response projected = d.gws.as("15000", "GET", "/api/v2/contacts?name=Sales&fields=id,name");
	rapidjson::Document p = parse(projected.body);
	REQUIRE(p["contacts"].Size() == 1);
	CHECK(p["contacts"][0].MemberCount() == 2);
	CHECK(p["contacts"][0].HasMember("id"));
	CHECK(p["contacts"][0].HasMember("name"));
}

TEST_CASE("GET /api/v2/queues: the Queue contacts, as the RequestParameters example asks for them")
{
	Directory d;
	rapidjson::Document q =
		parse(d.gws.as("15000", "GET", "/api/v2/queues?fields=id,name,channel&channel=voice").body);
	REQUIRE(q["queues"].Size() == 1);
	CHECK(q["queues"][0].MemberCount() == 3);
	CHECK(std::string(q["queues"][0]["name"].GetString()) == "Sales");
	CHECK(std::string(q["queues"][0]["channel"].GetString()) == "voice");
	std::string id = q["queues"][0]["id"].GetString();
	rapidjson::Document uris = parse(d.gws.as("15000", "GET", "/api/v2/queues").body);
	REQUIRE(uris["uris"].Size() == 1);
	CHECK(std::string(uris["uris"][0].GetString()) == base + "/api/v2/queues/" + id);
	CHECK(parse(d.gws.as("15000", "GET", "/api/v2/queues/" + id).body)["queue"]["phoneNumber"] == "7000");
	CHECK(d.gws.as("15000", "GET", "/api/v2/queues/" + d.gws.userId("15001")).status == 404);
	CHECK(parse(d.gws.as("15000", "GET", "/api/v2/queues?channel=chat").body)["uris"].Size() == 0);
}

TEST_CASE("a contact's availability follows the agent's live state")
{
	Directory d;
	std::string userId = d.gws.userId("15001");
	auto availability = [&]() -> std::string {
		rapidjson::Document doc = parse(d.gws.as("15000", "GET", "/api/v2/contacts/" + userId).body);
		if (!doc["contact"].HasMember("availability"))
			return "none";
		rapidjson::StringBuffer buffer;
		rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
		doc["contact"]["availability"].Accept(w);
		return buffer.GetString();
	};
	CHECK(availability() == "none"); /* logged out */
	REQUIRE(d.gws.as("15001", "POST", "/api/v2/me",
			 R"({"operationName":"StartContactCenterSession","channels":["voice"]})")
			.status == 200);
	d.gws.core.runAll();
	CHECK(availability().find(R"("available":false)") != std::string::npos); /* NotReady after login */
	REQUIRE(d.gws.as("15001", "POST", "/api/v2/me/channels/voice", R"({"operationName":"Ready"})").status == 200);
	d.gws.core.runAll();
	CHECK(availability() ==
	      R"({"channels":[{"channel":"voice","available":true,"phoneNumber":"15001","userActivity":"Idle",)"
	      R"("userState":{"id":"9430250E-0A1B-421F-B372-F29E69366DED","displayName":"Ready","state":"Ready"}}]})");
}

TEST_CASE("contacts: bad parameters get statusCode 10 or 1, unknown ids 6")
{
	Directory d;
	for (const char *query :
	     {"offset=-1", "offset=x", "limit=0", "limit=1001", "limit=99999999999999999999", "offset=1e3",
	      "limit=", "type=Agent", "filterName=Other&filterParameters=x", "offset=%zz"}) {
		CAPTURE(query);
		Response r = d.gws.as("15000", "GET", std::string("/api/v2/contacts?") + query);
		CHECK(r.status == 400);
		CHECK(parse(r.body)["statusCode"].GetInt() == 10);
	}
	Response missing = d.gws.as("15000", "GET", "/api/v2/contacts?filterName=NamesOrPhoneNumberMatches");
	CHECK(missing.status == 400);
	CHECK(parse(missing.body)["statusCode"].GetInt() == 1);
	Response unknown = d.gws.as("15000", "GET", "/api/v2/contacts/ffffffffffffffffffffffffffffffff");
	CHECK(unknown.status == 404);
	CHECK(d.gws.as("15000", "POST", "/api/v2/contacts", "{}").status == 405);
	CHECK(d.gws.request("GET", "/api/v2/contacts").status == 401);
}

TEST_CASE("business attributes, the disposition codes and the dispositions group")
{
	Directory d;
	Response all = d.gws.as("15000", "GET", "/internal-api/business-attributes");
	REQUIRE(all.status == 200);
	rapidjson::Document doc = parse(all.body);
	REQUIRE(doc["businessAttributes"].Size() == 1);
	const rapidjson::Value &codes = doc["businessAttributes"][0];
	CHECK(std::string(codes["name"].GetString()) == "DispositionCode");
	CHECK(codes["values"].Size() == 5);
	CHECK(std::string(codes["values"][1]["displayName"].GetString()) == "No Sale");
	Response one = d.gws.as("15000", "GET", "/internal-api/business-attributes/DispositionCode");
	CHECK(parse(one.body)["businessAttribute"]["values"].Size() == 5);
	CHECK(d.gws.as("15000", "GET", "/internal-api/business-attributes/Nothing").status == 404);
	CHECK(parse(d.gws.as("15000", "GET", "/internal-api/business-attributes?name=Nothing")
			    .body)["businessAttributes"]
		      .Size() == 0);
	CHECK(d.gws.request("GET", "/internal-api/business-attributes").status == 401);
	CHECK(d.gws.as("15000", "GET", "/internal-api/other").status == 404);
	CHECK(d.gws.as("15000", "GET", "/internal-apix/business-attributes").status == 404);

	/* Served from DispositionCode, but listed only when the annex names the attribute. */
	Response dispositions = d.gws.as("15000", "GET", "/api/v2/settings/dispositions");
	CHECK(canonical(dispositions.body) ==
	      canonical(
		      R"({"settings":[{"name":"Sale","displayName":"Sale"},{"name":"NoSale","displayName":"No Sale"},)"
		      R"({"name":"CallBack","displayName":"Call Back"},{"name":"WrongNumber","displayName":"Wrong Number"},)"
		      R"({"name":"Resolved","displayName":"Resolved"}],"statusCode":0})"));
	CHECK(d.gws.as("15000", "GET", "/api/v2/settings").body.find("dispositions") == std::string::npos);

	api::GwsConfig named = directoryConfig();
	named.desktop.userSettings = {
		{"interaction-workspace", {{"interaction.disposition.value-business-attribute", "Outcome"}}}};
	api::BusinessAttribute outcome;
	outcome.name = "Outcome";
	outcome.values = {{"Done", "Done", "", true}};
	named.desktop.businessAttributes.push_back(outcome);
	SimGws gws(named, seedDirectory(), gwsSwitchConfig());
	CHECK(canonical(gws.as("15000", "GET", "/api/v2/settings/dispositions").body) ==
	      canonical(R"({"settings":[{"name":"Done","displayName":"Done"}],"statusCode":0})"));
	CHECK(gws.as("15000", "GET", "/api/v2/settings").body.find("/api/v2/settings/dispositions") !=
	      std::string::npos);
}

TEST_CASE("users: an agent sees only itself, a supervisor every user, in pages, by userName, projected")
{
	Directory d;
	std::string me = d.gws.userId("15000");
	Response mine = d.gws.as("15000", "GET", "/api/v2/users");
	CHECK(canonical(mine.body) ==
	      canonical(R"({"statusCode":0,"uris":["http://127.0.0.1:8080/api/v2/users/)" + me + R"("]})"));
	CHECK(parse(d.gws.as("15000", "GET", "/api/v2/users?userName=agent15001&fields=*").body)["users"].Size() == 0);
	std::string other = d.gws.userId("15001");
	CHECK(d.gws.as("15000", "GET", "/api/v2/users/" + other + "/devices").status == 404);

	rapidjson::Document all = parse(d.supervisor("/api/v2/users").body);
	CHECK(all["uris"].Size() == seedDirectory().users().size());
	rapidjson::Document page = parse(d.supervisor("/api/v2/users?offset=1&limit=2&fields=id,userName").body);
	REQUIRE(page["users"].Size() == 2);
	CHECK(page["users"][0].MemberCount() == 2);
	CHECK(std::string(page["users"][0]["userName"].GetString()) == "agent15001");
	rapidjson::Document byName = parse(d.supervisor("/api/v2/users?userName=agent15001&fields=*").body);
	REQUIRE(byName["users"].Size() == 1);
	CHECK(std::string(byName["users"][0]["id"].GetString()) == other);

	/* The agent's device, found through the user: its id is what ListenIn targets. */
	rapidjson::Document devices = parse(d.supervisor("/api/v2/users/" + other + "/devices?fields=*").body);
	REQUIRE(devices["devices"].Size() == 1);
	CHECK(std::string(devices["devices"][0]["phoneNumber"].GetString()) == "15001");
	CHECK(d.supervisor("/api/v2/users/nobody/devices").status == 404);
	CHECK(d.supervisor("/api/v2/users?limit=0").status == 400);
}

TEST_CASE("groups: a supervisor sees every group and its members, an agent its own groups and itself")
{
	Directory d;
	rapidjson::Document all = parse(d.supervisor("/api/v2/groups?fields=*").body);
	REQUIRE(all["groups"].Size() == 2);
	std::string teamA = all["groups"][0]["id"].GetString();
	std::string teamB = all["groups"][1]["id"].GetString();
	CHECK(std::string(all["groups"][0]["name"].GetString()) == "Team A");
	rapidjson::Document members = parse(d.supervisor("/api/v2/groups/" + teamA + "/users?fields=userName").body);
	REQUIRE(members["users"].Size() == 3);
	CHECK(std::string(members["users"][0]["userName"].GetString()) == "supervisor16000");
	CHECK(std::string(members["users"][2]["userName"].GetString()) == "agent15001");
	rapidjson::Document group = parse(d.supervisor("/api/v2/groups/" + teamA + "?subresources=users").body);
	CHECK(group["group"]["users"].Size() == 3);

	rapidjson::Document agentGroups = parse(d.gws.as("15000", "GET", "/api/v2/groups").body);
	REQUIRE(agentGroups["uris"].Size() == 1);
	CHECK(std::string(agentGroups["uris"][0].GetString()).find(teamA) != std::string::npos);
	CHECK(d.gws.as("15000", "GET", "/api/v2/groups/" + teamB).status == 404);
	rapidjson::Document self = parse(d.gws.as("15000", "GET", "/api/v2/groups/" + teamA + "/users").body);
	REQUIRE(self["uris"].Size() == 1);
	CHECK(std::string(self["uris"][0].GetString()).find(d.gws.userId("15000")) != std::string::npos);
	CHECK(d.supervisor("/api/v2/groups/unknown").status == 404);
}

TEST_CASE("configuration: contacts, groups, business attributes and named queues parse; errors name the path")
{
	api::SandboxConfig config;
	REQUIRE_FALSE(api::parseSandboxConfig(R"({
		"dns": [{"number": "7001", "type": "ACDQueue", "name": "Billing"}],
		"contacts": [{"name": "Support", "phoneNumber": "18005550199"}],
		"groups": [{"name": "Night", "supervisors": ["supervisor16001"], "agents": ["agent15050"]}],
		"businessAttributes": [{"name": "Outcome", "values": [{"name": "Done", "default": true}]}]
	})",
					      config));
	CHECK(config.directory.contacts.size() == 1);
	CHECK(config.directory.groups.size() == 11); /* ten default teams and Night */
	CHECK(config.desktop.businessAttributes.size() == 2);
	CHECK(config.desktop.findBusinessAttribute("Outcome")->values[0].isDefault);
	std::vector<api::Contact> targets =
		api::makeTargetContacts(config.switchConfig.dns, config.directory.contacts, config.switchConfig.seed);
	CHECK(std::any_of(targets.begin(), targets.end(), [](const api::Contact &c) { return c.name == "Billing"; }));

	struct Bad {
		const char *json;
		const char *path;
	};
	for (const Bad &bad : {
		     Bad{R"({"groups": [{"name": "G", "agents": ["nobody"]}]})", "$.groups[0].agents[0]"},
		     Bad{R"({"groups": [{"agents": []}]})", "$.groups[0]"},
		     Bad{R"({"contacts": [{"name": "x"}]})", "$.contacts[0]"},
		     Bad{R"({"contacts": [{"name": "x", "phoneNumber": "1", "extra": 1}]})", "$.contacts[0].extra"},
		     Bad{R"({"businessAttributes": [{"name": "A", "values": [{"name": "v"}, {"name": "v"}]}]})",
			 "$.businessAttributes[0].values[1].name"},
		     Bad{R"({"businessAttributes": {"name": "A"}})", "$.businessAttributes"},
	     }) {
		CAPTURE(bad.json);
		api::SandboxConfig out;
		std::optional<api::SandboxConfigError> error = api::parseSandboxConfig(bad.json, out);
		REQUIRE(error);
		CHECK(error->path == bad.path);
	}
	/* Without defaults there is no default team (its users are gone). */
	api::SandboxConfig bare;
	REQUIRE_FALSE(api::parseSandboxConfig(R"({"defaults": false})", bare));
	CHECK(bare.directory.groups.empty());
}

TEST_CASE("configuration: a queue's contact id and a group's id can be pinned; a group without member lists keeps its "
	  "members")
{
	api::SandboxConfig config;
	REQUIRE_FALSE(api::parseSandboxConfig(R"({
		"dns": [{"number": "7000", "name": "Sales", "contactId": "0123456789abcdef0123456789abcdef"}],
		"groups": [{"name": "Team supervisor16000", "id": "fedcba9876543210fedcba9876543210"},
			   {"name": "Team supervisor16001", "agents": ["agent15010"]}]
	})",
					      config));
	std::vector<api::Contact> targets =
		api::makeTargetContacts(config.switchConfig.dns, config.directory.contacts, config.switchConfig.seed,
					config.directory.queueContactIds);
	auto sales =
		std::find_if(targets.begin(), targets.end(), [](const api::Contact &c) { return c.name == "Sales"; });
	REQUIRE(sales != targets.end());
	CHECK(sales->id == "0123456789abcdef0123456789abcdef");
	auto routingPoint =
		std::find_if(targets.begin(), targets.end(), [](const api::Contact &c) { return c.name == "8000"; });
	REQUIRE(routingPoint != targets.end());
	CHECK(routingPoint->id == api::derivedObjectId(config.switchConfig.seed, "contact", "8000"));

	const api::GroupConfig &pinned = config.directory.groups[0];
	CHECK(pinned.id == "fedcba9876543210fedcba9876543210");
	CHECK(pinned.supervisors == std::vector<std::string>{"supervisor16000"});
	CHECK(pinned.agents.size() == 10);
	const api::GroupConfig &given = config.directory.groups[1];
	CHECK(given.supervisors.empty());
	CHECK(given.agents == std::vector<std::string>{"agent15010"});
}
