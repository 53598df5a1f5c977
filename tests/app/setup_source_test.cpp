/* SPDX-License-Identifier: MIT */
/*
 * How sure the fidelity report is: the setup topic a difference follows from,
 * and whether its value was inferred, configured, defaulted or not inferred;
 * a difference whose topic was not inferred does not fail the replay.
 */
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "ctisim/app/setup_source.h"
#include "ctisim/scenario/scenario.h"

namespace {

using ctisim::app::Difference;
using ctisim::app::DiffKind;

/// A recording of a supervisor's ListenIn and an agent's desktop start-up.
constexpr const char *recording = R"({
	"setup": {"users": [{"userName": "supervisor16000", "dn": "16000", "roles": ["ROLE_AGENT", "ROLE_SUPERVISOR"]}],
		  "agentStates": [{"operationName": "Ready", "displayName": "Available", "state": "Ready"}]},
	"inference": {
		"inferred": {"users.supervisor16000": "GET /api/v2/me?subresources=*", "agentStates": "GET /api/v2/settings/agent-states"},
		"notInferred": {"users.agent15000.roles": "no answer showed its user", "features": "no answer showed it",
				"agents.15000.workMode": "a Ready agent's work mode",
				"notifications.agent15000": "what it was sent before its first request"}
	},
	"steps": [
		{"as": "supervisor16000", "request": {"method": "POST", "path": "/api/v2/me/devices/d9",
			"body": {"operationName": "ListenIn", "targetDeviceUri": "x"}}, "expect": {"status": 200}},
		{"as": "agent15000", "request": {"method": "GET", "path": "/api/v2/me?subresources=*"}, "expect": {"status": 200}},
		{"as": "agent15000", "request": {"method": "GET", "path": "/api/v2/settings/dispositions"}, "expect": {"status": 200}}
	]
})";

Difference difference(std::size_t step, std::string where, std::string path, std::string key, std::string element = {})
{
	Difference d;
	d.kind = DiffKind::Value;
	d.change = "differs";
	d.step = step;
	d.where = std::move(where);
	d.path = std::move(path);
	d.key = std::move(key);
	d.element = std::move(element);
	return d;
}

} /* namespace */

TEST_CASE("setup source: a difference names the setup topic it follows from and where its value came from")
{
	ctisim::scenario::Scenario s;
	REQUIRE_FALSE(ctisim::scenario::parseScenario("rec.json", recording, s));
	CHECK(s.hasInference);
	std::vector<Difference> list = {
		difference(0, "status", "$", ""), /* the ListenIn refused */
		difference(0, "notifications.supervisor16000", "$[0].data.devices[0].capabilities", "capabilities",
			   "Coach"),
		difference(1, "body", "$.user.settings.htcc.roles", "roles"),			 /* not inferred */
		difference(1, "body", "$.user.features[0].displayName", "displayName"),		 /* not inferred */
		difference(1, "body", "$.user.devices[0].userState.displayName", "displayName"), /* the catalogue */
		difference(1, "body", "$.user.devices[0].userState.workMode", "workMode"), /* no DN in the setup */
		difference(2, "body", "$.settings[0].name", "name"),			   /* defaulted */
		difference(1, "body", "$.user.emailAddress", "emailAddress"),
		difference(1, "body", "$.statusCode", "statusCode"), /* nothing of the setup */
		/* agent15000's desktop had no CometD session before its first request (step 1). */
		difference(0, "notifications.agent15000", "$", "", "ParticipantsUpdated on /v2/me/calls"),
		difference(1, "notifications.agent15000", "$", "", "ParticipantsUpdated on /v2/me/calls"),
	};
	ctisim::app::attributeSetup(list, s);
	std::vector<std::string> got;
	for (const Difference &d : list)
		got.push_back(d.setupTopic + " / " + d.setupSource);
	CHECK(got == std::vector<std::string>{
			     "users.supervisor16000.roles / inferred",
			     "users.supervisor16000.roles / inferred",
			     "users.agent15000.roles / not inferred",
			     "features / not inferred",
			     "agentStates / inferred",
			     "agents / defaulted",
			     "settingsGroups.dispositions / defaulted",
			     "users.agent15000 / defaulted",
			     " / ",
			     "notifications.agent15000 / not inferred",
			     " / ",
		     });
}

TEST_CASE("setup source: without an inference, what the setup gives is configured, the rest defaulted")
{
	ctisim::scenario::Scenario s;
	REQUIRE_FALSE(ctisim::scenario::parseScenario(
		"hand.json",
		R"({"setup": {"features": ["api-voice"], "users": [{"userName": "agent15000", "dn": "15000"}]},
		    "steps": [{"as": "agent15000", "request": {"method": "GET", "path": "/api/v2/me?subresources=*"},
			       "expect": {"status": 200}}]})",
		s));
	CHECK_FALSE(s.hasInference);
	CHECK(ctisim::app::setupSource(s, "features") == "configured");
	CHECK(ctisim::app::setupSource(s, "users.agent15000") == "configured");
	CHECK(ctisim::app::setupSource(s, "users.agent15000.roles") == "configured");
	CHECK(ctisim::app::setupSource(s, "users.supervisor16000.roles") == "defaulted");
	CHECK(ctisim::app::setupSource(s, "agentStates") == "defaulted");
	CHECK(ctisim::app::setupSource(s, "") == "");
}

TEST_CASE("setup source: the scenario reader refuses an inference that is not topics of strings")
{
	ctisim::scenario::Scenario s;
	auto error = ctisim::scenario::parseScenario("bad.json",
						     R"({"inference": {"inferred": {"csrf": true}}, "steps": []})", s);
	REQUIRE(error);
	CHECK(error->path == "$.inference.inferred.csrf");
	CHECK(ctisim::scenario::parseScenario("bad.json", R"({"inference": {"guessed": {}}, "steps": []})", s));
}
