/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/gws_api.h"

#include "gws_test_harness.h"

/*
 * An operation runs where it arrives (docs/architecture.md, "Threads"): a
 * request handed over on the core, as the server's connections do, goes
 * through the GWS state and the switch and is answered inside that one task,
 * with its notifications published first, including the capability check at
 * the end of the switch step.
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

const std::string &uuid = oneCallUuid;
const std::string &callPath = oneCallPath;

std::string consultId(SimGws &gws)
{
	for (const std::string &text : gws.notifier.of(gws.userId("15000"), "/v2/me/calls")) {
		rapidjson::Document d = parse(text);
		if (std::string(d["data"]["call"]["id"].GetString()) != uuid)
			return d["data"]["call"]["id"].GetString();
	}
	return {};
}

} /* namespace */

TEST_CASE("On the core, an operation is answered inside the task it arrived in, after its notifications")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), oneCallConfig());
	gws.onCore = true;
	std::size_t before = gws.notifier.messages.size();
	Response r = gws.as("15000", "POST", callPath, R"({"operationName":"Hold"})");
	CHECK(r.status == 200);
	CHECK(r.body == R"({"statusCode":0})");
	CHECK(gws.answeredInside);
	CHECK(gws.tasksRun == 1);
	CHECK(gws.core.pending() == 0);
	CHECK(gws.notifier.messages.size() > before);
}

TEST_CASE("On the core, the capability check of the step's end comes before the answer, with no task of its own")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), oneCallConfig());
	REQUIRE(gws.as("15000", "POST", callPath,
		       R"({"operationName":"InitiateTransfer","destination":{"phoneNumber":"15002"}})")
			.status == 200);
	std::string consult = consultId(gws);
	REQUIRE_FALSE(consult.empty());
	std::size_t before = gws.notifier.of(gws.userId("15000"), "/v2/me/calls").size();
	gws.onCore = true;
	/* Ending the consult changes the parent's capabilities without a switch event on it. */
	Response r = gws.as("15000", "POST", "/api/v2/me/calls/" + consult, R"({"operationName":"Hangup"})");
	CHECK(r.status == 200);
	CHECK(gws.answeredInside);
	CHECK(gws.tasksRun == 1);
	bool parentStatusChange = false;
	auto texts = gws.notifier.of(gws.userId("15000"), "/v2/me/calls");
	for (std::size_t i = before; i < texts.size(); ++i) {
		rapidjson::Document d = parse(texts[i]);
		if (std::string(d["data"]["call"]["id"].GetString()) == uuid &&
		    std::string(d["data"]["notificationType"].GetString()) == "StatusChange")
			parentStatusChange = true;
	}
	CHECK(parentStatusChange);
}
