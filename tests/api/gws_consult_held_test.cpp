/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/gws_api.h"

#include "gws_test_harness.h"

/*
 * The Held notification of a consult's parent call (found by the soak test):
 * the parent's EventHeld reaches GWS before the consult call's EventDialing,
 * yet the notification must already list the consult pair's capabilities
 * (reference: "Held parent after InitiateTransfer" has SwapCalls and
 * CompleteTransfer, no Retrieve), as GET /me/calls does right after.
 *
 * And when the consult ends, the parent gets no switch event, yet SwapCalls and
 * CompleteTransfer leave its capabilities and Retrieve comes back: the user is
 * sent a StatusChange for the parent as it stands (docs/api.md, "Capabilities
 * changed by another call"), so that a desktop's buttons follow GET /me/calls.
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

const std::string &uuid = oneCallUuid;
const std::string &callPath = oneCallPath;

std::vector<std::string> capabilities(const rapidjson::Value &call)
{
	std::vector<std::string> out;
	for (const auto &c : call["capabilities"].GetArray())
		out.emplace_back(c.GetString());
	return out;
}

/// The capabilities of the first notification for agent15000 about the parent call.
std::vector<std::string> heldNotificationCapabilities(SimGws &gws)
{
	for (const std::string &text : gws.notifier.of(gws.userId("15000"), "/v2/me/calls")) {
		rapidjson::Document d = parse(text);
		const rapidjson::Value &call = d["data"]["call"];
		if (std::string(call["id"].GetString()) == uuid) {
			CHECK(std::string(call["state"].GetString()) == "Held");
			return capabilities(call);
		}
	}
	FAIL("no notification about the parent call");
	return {};
}

std::vector<std::string> currentCapabilities(SimGws &gws)
{
	Response r = gws.as("15000", "GET", callPath);
	REQUIRE(r.status == 200);
	rapidjson::Document d = parse(r.body);
	return capabilities(d["call"]);
}

/// Starts a consult with operation from the call; the parent's Held notification
/// and GET /me/calls must both list expected.
void checkParentHeld(const std::string &operation, const std::vector<std::string> &expected)
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), oneCallConfig());
	Response r = gws.as("15000", "POST", callPath,
			    R"({"operationName":")" + operation + R"(","destination":{"phoneNumber":"15002"}})");
	REQUIRE(r.status == 200);
	CHECK(heldNotificationCapabilities(gws) == expected);
	CHECK(currentCapabilities(gws) == expected);
}

/// agent15000's call notifications: "notificationType state id".
std::vector<std::string> callMessages(SimGws &gws, std::size_t from = 0)
{
	std::vector<std::string> out;
	auto texts = gws.notifier.of(gws.userId("15000"), "/v2/me/calls");
	for (std::size_t i = from; i < texts.size(); ++i) {
		rapidjson::Document d = parse(texts[i]);
		const rapidjson::Value &call = d["data"]["call"];
		out.push_back(std::string(d["data"]["notificationType"].GetString()) + " " + call["state"].GetString() +
			      " " + (call["id"].GetString() == uuid ? "parent" : "consult"));
	}
	return out;
}

/// Starts a transfer consult to 15002 from the call; returns the consult's id.
std::string initiateTransfer(SimGws &gws)
{
	REQUIRE(gws.as("15000", "POST", callPath,
		       R"({"operationName":"InitiateTransfer","destination":{"phoneNumber":"15002"}})")
			.status == 200);
	for (const std::string &text : gws.notifier.of(gws.userId("15000"), "/v2/me/calls")) {
		rapidjson::Document d = parse(text);
		if (std::string(d["data"]["call"]["id"].GetString()) != uuid)
			return d["data"]["call"]["id"].GetString();
	}
	FAIL("no consult call");
	return {};
}

} /* namespace */

TEST_CASE("InitiateTransfer: the parent's Held notification lists SwapCalls and CompleteTransfer, not Retrieve")
{
	checkParentHeld("InitiateTransfer", {"UpdateUserData", "SwapCalls", "InitiateConference", "SingleStepTransfer",
					     "InitiateTransfer", "AttachUserData", "DeleteUserDataPair",
					     "SingleStepConference", "DeleteUserData", "Hangup", "CompleteTransfer"});
}

TEST_CASE("InitiateConference: the parent's Held notification lists Retrieve and CompleteConference")
{
	checkParentHeld("InitiateConference",
			{"UpdateUserData", "Retrieve", "InitiateConference", "SingleStepTransfer", "InitiateTransfer",
			 "AttachUserData", "CompleteConference", "DeleteUserDataPair", "SingleStepConference",
			 "DeleteUserData", "Hangup"});
}

TEST_CASE("a plain Hold, and a parent whose consult has ended, list Retrieve again")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), oneCallConfig());
	const std::vector<std::string> plainHeld = {
		"UpdateUserData",   "Retrieve",	      "InitiateConference", "SingleStepTransfer",
		"InitiateTransfer", "AttachUserData", "DeleteUserDataPair", "SingleStepConference",
		"DeleteUserData",   "Hangup"};

	SUBCASE("plain Hold")
	{
		REQUIRE(gws.as("15000", "POST", callPath, R"({"operationName":"Hold"})").status == 200);
		CHECK(heldNotificationCapabilities(gws) == plainHeld);
	}
	SUBCASE("the consult hung up")
	{
		REQUIRE(gws.as("15000", "POST", callPath,
			       R"({"operationName":"InitiateTransfer","destination":{"phoneNumber":"15002"}})")
				.status == 200);
		std::string consultId;
		for (const std::string &text : gws.notifier.of(gws.userId("15000"), "/v2/me/calls")) {
			rapidjson::Document d = parse(text);
			if (std::string(d["data"]["call"]["id"].GetString()) != uuid)
				consultId = d["data"]["call"]["id"].GetString();
		}
		REQUIRE_FALSE(consultId.empty());
		REQUIRE(gws.as("15000", "POST", "/api/v2/me/calls/" + consultId, R"({"operationName":"Hangup"})")
				.status == 200);
		CHECK(currentCapabilities(gws) == plainHeld);
	}
}

TEST_CASE("the consult ends: the held parent is notified again with its capabilities as they now are")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), oneCallConfig());
	std::string consultId = initiateTransfer(gws);
	std::size_t before = gws.notifier.of(gws.userId("15000"), "/v2/me/calls").size();

	REQUIRE(gws.as("15000", "POST", "/api/v2/me/calls/" + consultId, R"({"operationName":"Hangup"})").status ==
		200);

	CHECK(callMessages(gws, before) ==
	      std::vector<std::string>{"StatusChange Released consult", "StatusChange Held parent"});
	auto texts = gws.notifier.of(gws.userId("15000"), "/v2/me/calls");
	rapidjson::Document last = parse(texts.back());
	Response r = gws.as("15000", "GET", callPath);
	REQUIRE(r.status == 200);
	rapidjson::Document current = parse(r.body);
	CHECK(capabilities(last["data"]["call"]) == capabilities(current["call"]));
	CHECK(capabilities(current["call"]) ==
	      std::vector<std::string>{"UpdateUserData", "Retrieve", "InitiateConference", "SingleStepTransfer",
				       "InitiateTransfer", "AttachUserData", "DeleteUserDataPair",
				       "SingleStepConference", "DeleteUserData", "Hangup"});
}

TEST_CASE("CompleteTransfer ends both calls in one step: nothing more is sent")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), oneCallConfig());
	std::string consultId = initiateTransfer(gws);
	std::size_t before = gws.notifier.of(gws.userId("15000"), "/v2/me/calls").size();

	REQUIRE(gws.as("15000", "POST", "/api/v2/me/calls/" + consultId, R"({"operationName":"CompleteTransfer"})")
			.status == 200);

	for (const std::string &m : callMessages(gws, before))
		CHECK(m.find("Released") != std::string::npos);
}

TEST_CASE("a call whose capabilities did not change is not notified again")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), oneCallConfig());
	std::size_t before = gws.notifier.of(gws.userId("15000"), "/v2/me/calls").size();
	REQUIRE(gws.as("15000", "POST", callPath, R"({"operationName":"Hold"})").status == 200);
	REQUIRE(gws.as("15000", "POST", callPath, R"({"operationName":"Retrieve"})").status == 200);
	CHECK(callMessages(gws, before) ==
	      std::vector<std::string>{"StatusChange Held parent", "StatusChange Established parent"});
}
