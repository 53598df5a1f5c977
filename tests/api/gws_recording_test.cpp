/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "gws/call_recording.h"

#include <algorithm>

#include "gws_test_harness.h"

/*
 * Call recording over the simulated switch (docs/desktop-fidelity.md §7): the
 * feature api-voice-recording, recordingState and the recording capabilities,
 * CallRecordingStateChange with GSIP_RECORD, the transitions the capabilities
 * refuse, and the "not enabled" error without the feature.
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

const std::string uuid = "01RCC3N118B1V0SL8O7GK2LAES000007";
const std::string callPath = "/api/v2/me/calls/" + uuid;

api::GwsConfig recordingConfig()
{
	api::GwsConfig config;
	config.desktop.features.push_back(api::knownFeature("api-voice-recording"));
	return config;
}

SwitchConfig oneCall()
{
	SwitchConfig config = gwsSwitchConfig();
	config.calls.push_back(seedCall(0x0071027198180007ULL, uuid, gwsT - 34'000));
	config.calls.back().ani = "15000"; /* 15000 called 15001, as in the sample */
	return config;
}

std::vector<std::string> strings(const rapidjson::Value &array)
{
	std::vector<std::string> out;
	for (const auto &v : array.GetArray())
		out.emplace_back(v.GetString());
	return out;
}

std::vector<std::string> keys(const rapidjson::Value &object)
{
	std::vector<std::string> out;
	for (const auto &m : object.GetObject())
		out.emplace_back(m.name.GetString());
	return out;
}

const std::vector<std::string> establishedCaps = {"UpdateUserData", "SendDtmf",		  "InitiateConference",
						  "Hold",	    "SingleStepTransfer", "InitiateTransfer",
						  "AttachUserData", "DeleteUserDataPair", "SingleStepConference",
						  "DeleteUserData", "MuteCall",		  "Hangup"};

std::vector<std::string> withRecording(std::initializer_list<const char *> ops)
{
	std::vector<std::string> out = establishedCaps;
	out.insert(out.end(), ops.begin(), ops.end());
	return out;
}

/// The one notification a recording operation sends to the user of dn on /v2/me/calls.
rapidjson::Document recordingNotification(SimGws &gws, const std::string &dn, std::size_t before)
{
	std::vector<std::string> got = gws.notifier.of(gws.userId(dn), "/v2/me/calls");
	REQUIRE(got.size() == before + 1);
	return parse(got.back());
}

} /* namespace */

TEST_CASE("with api-voice-recording each transition is an UpdateUserData of GSIP_RECORD and a CallRecordingStateChange")
{
	SimGws gws(recordingConfig(), seedDirectory(), oneCall());

	Response call = gws.as("15000", "GET", callPath);
	REQUIRE(call.status == 200);
	rapidjson::Document before = parse(call.body);
	CHECK(std::string(before["call"]["recordingState"].GetString()) == "Stopped");
	CHECK(strings(before["call"]["capabilities"]) == withRecording({"StartCallRecording"}));

	struct Step {
		const char *operation;
		const char *recordingState;
		const char *gsipRecord;
		std::initializer_list<const char *> recordingCaps;
	};
	const Step steps[] = {
		{"StartCallRecording", "Recording", "ON", {"PauseCallRecording", "StopCallRecording"}},
		{"PauseCallRecording", "Paused", "PAUSED", {"ResumeCallRecording", "StopCallRecording"}},
		{"ResumeCallRecording", "Recording", "ON", {"PauseCallRecording", "StopCallRecording"}},
		{"StopCallRecording", "Stopped", "OFF", {"StartCallRecording"}},
	};
	std::string fileName;
	for (const Step &step : steps) {
		CAPTURE(step.operation);
		std::size_t sent15000 = gws.notifier.of(gws.userId("15000"), "/v2/me/calls").size();
		std::size_t sent15001 = gws.notifier.of(gws.userId("15001"), "/v2/me/calls").size();
		Response r = gws.as("15000", "POST", callPath,
				    std::string(R"({"operationName":")") + step.operation + R"("})");
		CHECK(r.status == 200);
		CHECK(r.body == R"({"statusCode":0})");

		/* Every party of the call sees the change on its own copy. */
		rapidjson::Document other = recordingNotification(gws, "15001", sent15001);
		CHECK(std::string(other["data"]["notificationType"].GetString()) == "CallRecordingStateChange");
		CHECK(std::string(other["data"]["call"]["recordingState"].GetString()) == step.recordingState);

		rapidjson::Document d = recordingNotification(gws, "15000", sent15000);
		const rapidjson::Value &data = d["data"];
		/* The 2015 sample's keys: no "extensions". */
		CHECK(keys(data) == std::vector<std::string>{"notificationType", "call", "phoneNumber", "messageType"});
		CHECK(std::string(data["notificationType"].GetString()) == "CallRecordingStateChange");
		CHECK(std::string(data["messageType"].GetString()) == "CallStateChangeMessage");
		const rapidjson::Value &c = data["call"];
		CHECK(std::string(c["recordingState"].GetString()) == step.recordingState);
		CHECK(strings(c["capabilities"]) == withRecording(step.recordingCaps));
		CHECK(std::string(c["userData"]["GSIP_RECORD"].GetString()) == step.gsipRecord);
		/* The file name is given once, on the first start, and kept. */
		std::string name = c["userData"]["GSIP_REC_FN"].GetString();
		if (fileName.empty())
			fileName = name;
		CHECK(name == fileName);
		std::vector<std::string> callKeys = keys(c);
		auto at = std::find(callKeys.begin(), callKeys.end(), "recordingState");
		REQUIRE(at != callKeys.end());
		CHECK(*(at - 1) == "mute");
		CHECK(*(at + 1) == "supervisorListeningIn");
	}
	/* <callUuid>_<thisDN>_<ani>_<dnis>_<date>_<time>_<host>__%3Ccont_center_id%3E; the call started
	 * 34 s before 2026-01-01T00:00:00Z. */
	CHECK(fileName == uuid + "_15000_15000_15001_2025-12-31_23-59-26_127-dot-0-dot-0-dot-1__%3Ccont_center_id%3E");
}

TEST_CASE("a transition the recording state does not allow is refused with statusCode 2 and changes nothing")
{
	SimGws gws(recordingConfig(), seedDirectory(), oneCall());
	std::size_t before = gws.notifier.messages.size();
	for (const char *op : {"PauseCallRecording", "ResumeCallRecording", "StopCallRecording"}) {
		CAPTURE(op);
		Response r = gws.as("15000", "POST", callPath, std::string(R"({"operationName":")") + op + R"("})");
		CHECK(r.status == 400);
		rapidjson::Document d = parse(r.body);
		CHECK(d["statusCode"].GetInt() == 2);
		CHECK(std::string(d["statusMessage"].GetString()) ==
		      std::string("Operation ") + op + " is not valid in the call's current state");
	}
	REQUIRE(gws.as("15000", "POST", callPath, R"({"operationName":"StartCallRecording"})").status == 200);
	Response again = gws.as("15000", "POST", callPath, R"({"operationName":"StartCallRecording"})");
	CHECK(again.status == 400);
	CHECK(parse(again.body)["statusCode"].GetInt() == 2);
	/* Only the one start was notified (to both parties). */
	CHECK(gws.notifier.messages.size() == before + 2);
	/* Held: no recording operation (SIP Server records the established media path). */
	REQUIRE(gws.as("15000", "POST", callPath, R"({"operationName":"Hold"})").status == 200);
	rapidjson::Document held = parse(gws.as("15000", "GET", callPath).body);
	CHECK(std::string(held["call"]["recordingState"].GetString()) == "Recording");
	for (const std::string &op : strings(held["call"]["capabilities"]))
		CHECK(op.find("Recording") == std::string::npos);
}

TEST_CASE("without api-voice-recording (the default) no recordingState, and the operations are not enabled")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), oneCall());
	rapidjson::Document call = parse(gws.as("15000", "GET", callPath).body);
	CHECK_FALSE(call["call"].HasMember("recordingState"));
	CHECK(strings(call["call"]["capabilities"]) == establishedCaps);
	std::size_t before = gws.notifier.messages.size();
	for (const char *op :
	     {"StartCallRecording", "PauseCallRecording", "ResumeCallRecording", "StopCallRecording"}) {
		CAPTURE(op);
		Response r = gws.as("15000", "POST", callPath, std::string(R"({"operationName":")") + op + R"("})");
		CHECK(r.status == 403);
		CHECK(r.body ==
		      R"({"statusCode":3,"statusMessage":"Feature api-voice-recording is not enabled for this contact center"})");
	}
	CHECK(gws.notifier.messages.size() == before);
}
