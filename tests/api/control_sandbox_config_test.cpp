/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/sandbox_config.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

using namespace ctisim;
using namespace ctisim::api;

namespace {

std::string errorOf(const std::string &text)
{
	SandboxConfig config;
	auto error = parseSandboxConfig(text, config);
	return error ? error->str() : std::string();
}

const DnConfig *findDn(const SandboxConfig &config, const std::string &number)
{
	for (const DnConfig &dn : config.switchConfig.dns) {
		if (dn.number == number)
			return &dn;
	}
	return nullptr;
}

} /* namespace */

TEST_CASE("the default configuration: 100 agents, 10 supervisors, a queue, a routing point")
{
	SandboxConfig config = defaultSandboxConfig(7);
	CHECK(config.switchConfig.seed == 7);
	CHECK(config.switchConfig.dns.size() == 112);
	CHECK(config.users.size() == 110);
	const UserConfig *user = config.findUser("agent15042");
	REQUIRE(user);
	CHECK(user->dn == "15042");
	CHECK(user->password == "password");
	CHECK(user->roles == std::vector<std::string>{"ROLE_AGENT"});
	const UserConfig *supervisor = config.findUser("supervisor16009");
	REQUIRE(supervisor);
	CHECK(supervisor->dn == "16009");
	CHECK(supervisor->password == "password");
	CHECK(supervisor->roles == std::vector<std::string>{"ROLE_AGENT", "ROLE_SUPERVISOR"});
	CHECK(findDn(config, "16009"));
	REQUIRE(findDn(config, "7000"));
	CHECK((findDn(config, "7000")->type == DnType::AcdQueue));
	CHECK((findDn(config, "8000")->type == DnType::RoutingPoint));
	CHECK(config.switchConfig.unknownNumbersAreExternal);
	CHECK_FALSE(config.virtualClock);
	CHECK_FALSE(config.controlAccess);

	SandboxConfig empty;
	REQUIRE_FALSE(parseSandboxConfig("  \n", empty));
	CHECK(empty.users.size() == 110);
}

TEST_CASE("a scenario setup pins users, devices, calls and the virtual clock")
{
	SandboxConfig config;
	auto error = parseSandboxConfig(R"({
		// the set-up of the documented SingleStepConference sample
		"seed": 42,
		"publicBaseUrl": "http://127.0.0.1:8080/",
		"clock": {"virtual": true, "start": "2026-01-01T00:00:52Z"},
		"users": [{"userName": "agent15000", "dn": "15000", "deviceId": "631608b3-ceb1-472b-ba05-2ae39555b0d1"}],
		"agents": [{"dn": "15000", "state": "Ready", "workMode": "ManualIn"}],
		"dns": [{"number": "15002", "behaviour": "ringForever"}, {"number": "7001", "type": "ACDQueue", "targets": ["15001"]}],
		"calls": [{
			"connId": "0071027198180007", "callUuid": "01RCC3N118B1V0SL8O7GK2LAES000007",
			"callType": "Internal", "dnis": "15001", "ageMs": 52000,
			"userData": {"AccountNumber": "12345", "Count": 3},
			"parties": [{"dn": "15000", "state": "Established"}, {"dn": "15001", "state": "Established"}],
		}],
		"control": {"user": "admin", "password": "secret"},
	})",
					config);
	REQUIRE_MESSAGE(!error, error->str());
	CHECK(config.switchConfig.seed == 42);
	CHECK(config.publicBaseUrl == "http://127.0.0.1:8080");
	CHECK(config.virtualClock);
	CHECK(config.clockStart == SandboxConfig::defaultClockStart + 52000);
	const UserConfig *user = config.findUser("agent15000");
	REQUIRE(user);
	CHECK(user->deviceId == "631608b3-ceb1-472b-ba05-2ae39555b0d1");
	CHECK(config.users.size() == 110);
	REQUIRE(config.switchConfig.agents.size() == 1);
	CHECK(config.switchConfig.agents[0].agentId == "agent15000");
	CHECK((config.switchConfig.agents[0].state == AgentState::Ready));
	CHECK((findDn(config, "15002")->behaviour.kind == DnBehaviour::Kind::RingForever));
	CHECK(findDn(config, "7001")->targets == std::vector<Dn>{"15001"});
	REQUIRE(config.switchConfig.calls.size() == 1);
	const InitialCall &call = config.switchConfig.calls[0];
	CHECK(call.connId.str() == "0071027198180007");
	CHECK(call.ani == "15000");
	CHECK(call.dnis == "15001");
	CHECK(call.startedAt == SandboxConfig::defaultClockStart);
	CHECK(call.userData.size() == 2);
	CHECK(call.parties.size() == 2);
	REQUIRE(config.controlAccess);
	CHECK(config.controlAccess->user == "admin");
}

TEST_CASE("calls without pinned ids get distinct generated ids; real-clock ages apply later")
{
	SandboxConfig config;
	REQUIRE_FALSE(parseSandboxConfig(R"({"calls": [
		{"parties": [{"dn": "15000"}, {"dn": "15001"}], "ageMs": 1000},
		{"parties": [{"dn": "15002"}, {"dn": "+14155550100", "state": "Held"}]}]})",
					 config));
	REQUIRE(config.switchConfig.calls.size() == 2);
	CHECK_FALSE(config.switchConfig.calls[0].connId.isNull());
	CHECK(config.switchConfig.calls[0].connId != config.switchConfig.calls[1].connId);
	CHECK(config.switchConfig.calls[0].callUuid != config.switchConfig.calls[1].callUuid);
	config.applyCallAges(5000);
	CHECK(config.switchConfig.calls[0].startedAt == 4000);
	CHECK(config.switchConfig.calls[1].startedAt == 5000);
}

TEST_CASE("defaults: false starts from nothing")
{
	SandboxConfig config;
	REQUIRE_FALSE(parseSandboxConfig(R"({"defaults": false, "unknownNumbers": "reject",
		"users": [{"userName": "alice", "password": "pw", "dn": "2001"}]})",
					 config));
	CHECK(config.users.size() == 1);
	CHECK(config.switchConfig.dns.size() == 1);
	CHECK_FALSE(config.switchConfig.unknownNumbersAreExternal);
}

TEST_CASE("configuration errors name the JSON path and what was expected")
{
	CHECK(errorOf("[]") == "$: expected a configuration object, found a array");
	CHECK(errorOf("{").find("$: not valid JSON: line 1") == 0);
	CHECK(errorOf(R"({"sede": 1})").find("$.sede: unknown key \"sede\"") == 0);
	CHECK(errorOf(R"({"seed": -1})") == "$.seed: expected a non-negative integer, found -1");
	CHECK(errorOf(R"({"clock": {"start": "yesterday"}})") ==
	      "$.clock.start: expected milliseconds since the epoch or \"YYYY-MM-DDTHH:MM:SSZ\", found \"yesterday\"");
	CHECK(errorOf(R"({"dns": [{"number": "15002", "behaviour": "sleepy"}]})")
		      .find("$.dns[0].behaviour: expected one of \"answer\"") == 0);
	CHECK(errorOf(R"({"calls": [{"connId": "xyz", "parties": [{"dn": "1"}]}]})")
		      .find("$.calls[0].connId: expected 16 hex digits") == 0);
	CHECK(errorOf(R"({"calls": [{"parties": [{"dn": "15000"}, {"dn": "15001", "state": "Talking"}]}]})")
		      .find("$.calls[0].parties[1].state: expected one of") == 0);
	CHECK(errorOf(R"({"calls": [{"parties": []}]})").find("$.calls[0].parties: expected a non-empty array") == 0);
	CHECK(errorOf(R"({"users": [{"password": "x"}]})") == "$.users[0]: missing \"userName\"");
	CHECK(errorOf(R"({"users": [{"userName": "q", "dn": "7000"}]})") == "$.users[0].dn: 7000 is not an extension");
	CHECK(errorOf(R"({"agents": [{"dn": "15000", "state": "Busy"}]})") ==
	      "$.agents[0].state: expected \"Ready\" or \"NotReady\"");
	CHECK(errorOf(R"({"publicBaseUrl": "localhost"})").find("$.publicBaseUrl: expected an http://") == 0);
	CHECK(errorOf(std::string(100000, '[')).find("nesting deeper") != std::string::npos);
}

TEST_CASE("the desktop keys: agent-state catalogue, features, annex and settings groups")
{
	SandboxConfig config;
	REQUIRE_FALSE(parseSandboxConfig(R"({
		"agentStates": [
			{"operationName": "Ready", "displayName": "Available", "state": "Ready"},
			{"operationName": "Meeting", "displayName": "In a Meeting", "state": "NotReady", "reason": "Meeting",
			 "workMode": "AuxWork"}
		],
		"features": ["api-voice", {"id": "api-custom", "displayName": "Custom"}],
		"userSettings": {"interaction-workspace": {"voice.prompt-for-end": "false"}},
		"settingsGroups": {"dispositions": [{"name": "Sale"}]}
	})",
					 config));
	const DesktopConfig &d = config.desktop;
	REQUIRE(d.agentStates.size() == 2);
	CHECK(d.agentStates[0].id == "9430250E-0A1B-421F-B372-F29E69366DED"); /* a system state keeps its id */
	CHECK(d.agentStates[1].id == derivedAgentStateId("Meeting"));
	CHECK(d.agentStates[1].reason == "Meeting");
	REQUIRE(d.features.size() == 2);
	CHECK(d.features[0].displayName == "Voice API");
	CHECK(d.features[1].displayName == "Custom");
	REQUIRE(d.userSettings.size() == 1);
	CHECK(d.userSettings[0].second[0].second == "false");
	REQUIRE(d.findGroup("dispositions"));
	CHECK(d.findGroup("dispositions")->isArray);
	CHECK(d.findGroup("general-settings")); /* the default group stays */

	/* The default: the documented OutToLunch example among the system states. */
	const SandboxConfig defaults = defaultSandboxConfig(); /* findOperation points into it */
	const AgentStateEntry *lunch = defaults.desktop.findOperation("OutToLunch");
	REQUIRE(lunch);
	CHECK(lunch->displayName == "Out to Lunch");
	CHECK(lunch->reason == "Lunch");
	CHECK(lunch->workMode == "AuxWork");

	auto states = [](const std::string &entries) { return errorOf(R"({"agentStates": [)" + entries + "]}"); };
	CHECK(states(R"({"operationName": "A", "displayName": "X", "state": "NotReady", "reason": "a"},
		       {"operationName": "B", "displayName": "X", "state": "NotReady", "reason": "b"})") ==
	      "$.agentStates[1]: displayName \"X\" is already in the catalogue");
	CHECK(states(R"({"operationName": "A", "displayName": "X", "state": "NotReady", "reason": "a"},
		       {"operationName": "B", "displayName": "Y", "state": "NotReady", "reason": "a"})") ==
	      "$.agentStates[1]: B has the same state, workMode and reason as A: a userState could not tell them "
	      "apart");
	CHECK(states(R"({"operationName": "NotReady", "displayName": "X", "state": "NotReady", "reason": "a"})") ==
	      "$.agentStates[0]: NotReady is a system operation: its state is NotReady with no reason");
	CHECK(states(R"({"operationName": "Hangup", "displayName": "X", "state": "NotReady"})") ==
	      "$.agentStates[0]: Hangup is another GWS operation");
	CHECK(states(R"({"operationName": "A", "displayName": "X", "state": "Busy"})") ==
	      "$.agentStates[0].state: expected \"Ready\" or \"NotReady\"");
	CHECK(states(R"({"operationName": "A", "displayName": "X", "state": "Ready", "reason": "r"})") ==
	      "$.agentStates[0]: a Ready state has no \"reason\" or \"workMode\"");
	CHECK(states(R"({"operationName": "A", "state": "Ready"})") == "$.agentStates[0]: missing \"displayName\"");
	CHECK(states(R"({"operationName": "A b", "displayName": "X", "state": "Ready"})")
		      .find("$.agentStates[0].operationName: expected letters") == 0);
	CHECK(errorOf(R"({"agentStates": []})") ==
	      "$.agentStates: expected a non-empty array of agent states (the menu, in order)");
	CHECK(errorOf(R"({"features": ["api-voice", "api-voice"]})") ==
	      "$.features[1]: feature \"api-voice\" is listed twice");
	CHECK(errorOf(R"({"userSettings": {"htcc": {"roles": 1}}})") ==
	      "$.userSettings.htcc.roles: expected a string, found 1");
	CHECK(errorOf(R"({"settingsGroups": {"agent-states": {}}})") ==
	      "$.settingsGroups[\"agent-states\"]: the agent-states group is served from \"agentStates\"");
}

TEST_CASE("crossOriginSettings as GWS writes them: comma-separated strings or arrays; defaults kept")
{
	SandboxConfig defaults;
	REQUIRE_FALSE(parseSandboxConfig("{}", defaults));
	CHECK(defaults.cors.allowedOrigins == std::vector<std::string>{"http://localhost:*", "http://127.0.0.1:*"});
	CHECK(defaults.cors.allowCredentials);
	CHECK(defaults.cors.exposedHeaders == std::vector<std::string>{"X-CSRF-HEADER", "X-CSRF-TOKEN"});

	SandboxConfig config;
	REQUIRE_FALSE(parseSandboxConfig(R"({"crossOriginSettings": {
		"allowedOrigins": "https://crm.example.com, http://*.widgets.example",
		"allowedMethods": ["GET", "POST"],
		"allowCredentials": false,
		"exposedHeaders": ""}})",
					 config));
	CHECK(config.cors.allowedOrigins ==
	      std::vector<std::string>{"https://crm.example.com", "http://*.widgets.example"});
	CHECK(config.cors.allowedMethods == std::vector<std::string>{"GET", "POST"});
	CHECK(config.cors.allowedHeaders == defaults.cors.allowedHeaders);
	CHECK_FALSE(config.cors.allowCredentials);
	CHECK(config.cors.exposedHeaders.empty());

	SandboxConfig off;
	REQUIRE_FALSE(parseSandboxConfig(R"({"crossOriginSettings": {"allowedOrigins": ""}})", off));
	CHECK_FALSE(off.cors.enabled());

	CHECK(errorOf(R"({"crossOriginSettings": "*"})").find("$.crossOriginSettings: expected an object") == 0);
	CHECK(errorOf(R"({"crossOriginSettings": {"allowedOrigin": "*"}})")
		      .find("$.crossOriginSettings.allowedOrigin: unknown key") == 0);
	CHECK(errorOf(R"({"crossOriginSettings": {"allowedOrigins": 1}})")
		      .find("$.crossOriginSettings.allowedOrigins: expected a comma-separated string") == 0);
	CHECK(errorOf(R"({"crossOriginSettings": {"allowedOrigins": ["a", 2]}})")
		      .find("$.crossOriginSettings.allowedOrigins[1]:") == 0);
	CHECK(errorOf(R"({"crossOriginSettings": {"allowCredentials": "yes"}})")
		      .find("$.crossOriginSettings.allowCredentials:") == 0);
}

TEST_CASE("an agent logged in at the start may have a NotReady reason, kept as the switch keeps it")
{
	SandboxConfig config;
	REQUIRE_FALSE(parseSandboxConfig(
		R"({"agents": [{"dn": "15000", "state": "NotReady", "workMode": "AuxWork", "reason": "Lunch"}]})",
		config));
	REQUIRE(config.switchConfig.agents.size() == 1);
	const ctisim::UserDataValue *code = config.switchConfig.agents[0].reasons.find("ReasonCode");
	REQUIRE(code != nullptr);
	CHECK(*code == ctisim::UserDataValue(std::string("Lunch")));
	CHECK(errorOf(R"({"agents": [{"dn": "15000", "reason": ""}]})") ==
	      "$.agents[0].reason: expected a non-empty reason code");
}
