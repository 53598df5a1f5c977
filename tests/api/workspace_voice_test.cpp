/* SPDX-License-Identifier: MIT */
/*
 * Workspace API v3 voice: every route of the table answers {"status":{"code":1}}
 * and its outcome arrives as DnStateChanged / CallStateChanged built from the
 * switch's events; refusals as EventError; bad bodies and other users' calls
 * as HTTP errors; and a v2 and a v3 agent on one call.
 */
#include <doctest/doctest.h>

#include "ctisim/json/value.h"
#include "workspace_test_harness.h"

using namespace ctisim;
using namespace ctisim::test;

namespace {

constexpr std::string_view async = R"({"status":{"code":1}})";

/// The last CallStateChanged agent<dn> was sent.
rapidjson::Document lastCall(WorkspaceHarness &h, const std::string &dn)
{
	std::vector<std::string> calls = h.messagesOfType(dn, "CallStateChanged");
	REQUIRE(!calls.empty());
	return parse(calls.back());
}

std::string stateOf(const rapidjson::Document &message)
{
	return message["data"]["call"]["state"].GetString();
}

std::string capabilities(const rapidjson::Document &message)
{
	return canonical(json::write(message["data"]["call"]["capabilities"]));
}

/// agent 15000 (v3) calls 15001 (v3), which answers: the connId.
std::string establish(WorkspaceHarness &h, const std::string &a, const std::string &b)
{
	REQUIRE(h.as(a, "POST", "/workspace/v3/voice/make-call", R"({"data":{"destination":"15001"}})").body == async);
	rapidjson::Document ringing = lastCall(h, "15001");
	REQUIRE(stateOf(ringing) == "Ringing");
	std::string id = ringing["data"]["call"]["id"].GetString();
	REQUIRE(h.as(b, "POST", "/workspace/v3/voice/calls/" + id + "/answer").body == async);
	REQUIRE(stateOf(lastCall(h, "15000")) == "Established");
	return id;
}

} /* namespace */

TEST_CASE("v3 voice: ready, not-ready with the reason at the top level or in data, DND, forwarding")
{
	WorkspaceHarness h;
	std::string a = h.signIn("15000");
	CHECK(h.as(a, "POST", "/workspace/v3/voice/ready").body == async);
	rapidjson::Document dn = parse(h.messagesOfType("15000", "DnStateChanged").back());
	CHECK(dn["data"]["dn"]["agentState"].GetString() == std::string("Ready"));
	CHECK(dn["data"]["dn"]["agentWorkMode"].GetString() == std::string("ManualIn"));
	/* the JS wrapper's shape */
	CHECK(h.as(a, "POST", "/workspace/v3/voice/not-ready",
		   R"({"data":{"agentWorkMode":"AfterCallWork"},"reasonCode":"Lunch"})")
		      .body == async);
	dn = parse(h.messagesOfType("15000", "DnStateChanged").back());
	CHECK(dn["data"]["dn"]["agentState"].GetString() == std::string("NotReady"));
	CHECK(dn["data"]["dn"]["agentWorkMode"].GetString() == std::string("AfterCallWork"));
	CHECK(canonical(json::write(dn["data"]["dn"]["reasons"])) ==
	      R"([{"key":"ReasonCode","type":"str","value":"Lunch"}])");
	/* the Java client's shape */
	CHECK(h.as(a, "POST", "/workspace/v3/voice/not-ready", R"({"data":{"reasonCode":"Break"}})").body == async);
	dn = parse(h.messagesOfType("15000", "DnStateChanged").back());
	CHECK(dn["data"]["dn"]["reasons"][0]["value"].GetString() == std::string("Break"));
	CHECK(h.as(a, "POST", "/workspace/v3/voice/dnd-on").body == async);
	dn = parse(h.messagesOfType("15000", "DnStateChanged").back());
	CHECK(dn["data"]["dn"]["dnd"].GetString() == std::string("on"));
	CHECK(dn["data"]["dn"]["agentState"].GetString() == std::string("NotReady")); /* DND is apart */
	CHECK(h.as(a, "POST", "/workspace/v3/voice/dnd-off").body == async);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/set-forward", R"({"data":{"forwardTo":"15003"}})").body == async);
	dn = parse(h.messagesOfType("15000", "DnStateChanged").back());
	CHECK(dn["data"]["dn"]["forwardTo"].GetString() == std::string("15003"));
	CHECK(h.as(a, "POST", "/workspace/v3/voice/cancel-forward").body == async);
	CHECK_FALSE(parse(h.messagesOfType("15000", "DnStateChanged").back())["data"]["dn"].HasMember("forwardTo"));
	CHECK(h.as(a, "POST", "/workspace/v3/voice/logout").body == async);
	dn = parse(h.messagesOfType("15000", "DnStateChanged").back());
	CHECK(dn["data"]["dn"]["agentState"].GetString() == std::string("LoggedOut"));
	CHECK(h.as(a, "POST", "/workspace/v3/voice/login").body == async);
	dn = parse(h.messagesOfType("15000", "DnStateChanged").back());
	CHECK(dn["data"]["dn"]["agentState"].GetString() == std::string("NotReady"));
	/* bad bodies: 400, nothing sent */
	std::size_t before = h.voice("15000").size();
	CHECK(h.as(a, "POST", "/workspace/v3/voice/not-ready", R"({"data":{"agentWorkMode":"Sleeping"}})").status ==
	      400);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/set-forward", R"({"data":{}})").status == 400);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/ready", "{").status == 400);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/ready", "[]").status == 400);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/no-such-thing").status == 404);
	CHECK(h.voice("15000").size() == before);
}

TEST_CASE("v3 voice: make-call, answer, hold, retrieve, user data, DTMF, release as CallStateChanged")
{
	WorkspaceHarness h;
	std::string a = h.signIn("15000");
	std::string b = h.signIn("15001");
	std::string id = establish(h, a, b);
	rapidjson::Document established = lastCall(h, "15000");
	const rapidjson::Value &call = established["data"]["call"];
	CHECK(call["id"].GetString() == id);
	CHECK(call["connId"].GetString() == id);
	CHECK(id.size() == 16);
	CHECK(call["phoneNumber"].GetString() == std::string("15000"));
	CHECK(call["callType"].GetString() == std::string("Internal"));
	CHECK(canonical(json::write(call["participants"])) == R"([{"number":"15001","role":"RoleDestination"}])");
	CHECK(established["data"]["notificationType"].GetString() == std::string("StateChange"));
	CHECK(capabilities(established) ==
	      R"(["release","hold","send-dtmf","attach-user-data","delete-user-data-pair","update-user-data","initiate-conference","initiate-transfer","single-step-conference","single-step-transfer","start-recording","clear"])");
	CHECK(lastCall(h, "15001")["data"]["call"]["participants"][0]["role"].GetString() ==
	      std::string("RoleOrigination"));
	/* the caller's Dialing already names whom it dials (the reference's wire sample) */
	rapidjson::Document dialing = parse(h.messagesOfType("15000", "CallStateChanged").front());
	CHECK(stateOf(dialing) == "Dialing");
	CHECK(canonical(json::write(dialing["data"]["call"]["participants"])) ==
	      R"([{"number":"15001","role":"RoleDestination"}])");

	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/hold", "{}").body == async);
	CHECK(stateOf(lastCall(h, "15000")) == "Held");
	CHECK(capabilities(lastCall(h, "15000")).find("\"retrieve\"") != std::string::npos);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/retrieve", "{}").body == async);
	CHECK(stateOf(lastCall(h, "15000")) == "Established");

	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/attach-user-data",
		   R"({"data":{"userData":[{"key":"k","type":"str","value":"v"},{"key":"n","type":"int","value":7}]}})")
		      .body == async);
	rapidjson::Document attached = lastCall(h, "15001");
	CHECK(attached["data"]["notificationType"].GetString() == std::string("AttachedDataChanged"));
	CHECK(canonical(json::write(attached["data"]["call"]["userData"])) ==
	      R"([{"key":"k","type":"str","value":"v"},{"key":"n","type":"int","value":7}])");
	CHECK(h.as(b, "POST", "/workspace/v3/voice/calls/" + id + "/update-user-data",
		   R"({"data":{"userData":[{"key":"k","type":"str","value":"w"}]}})")
		      .body == async);
	CHECK(lastCall(h, "15000")["data"]["call"]["userData"][0]["value"].GetString() == std::string("w"));
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/delete-user-data-pair", R"({"data":{"key":"k"}})")
		      .body == async);
	CHECK(canonical(json::write(lastCall(h, "15000")["data"]["call"]["userData"])) ==
	      R"([{"key":"n","type":"int","value":7}])");
	/* kvlist values and malformed lists: 400 */
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/attach-user-data",
		   R"({"data":{"userData":[{"key":"k","type":"kvlist","value":[]}]}})")
		      .status == 400);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/attach-user-data", R"({"data":{"userData":{}}})")
		      .status == 400);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/send-dtmf", R"({"data":{"dtmfDigits":"12#"}})")
		      .body == async);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/send-dtmf", R"({"data":{}})").status == 400);

	/* GET /voice/calls */
	Response calls = h.as(a, "GET", "/workspace/v3/voice/calls");
	rapidjson::Document list = parse(calls.body);
	CHECK(list["status"]["code"].GetInt() == 0);
	REQUIRE(list["data"]["calls"].Size() == 1);
	CHECK(list["data"]["calls"][0]["id"].GetString() == id);

	CHECK(h.as(b, "POST", "/workspace/v3/voice/calls/" + id + "/release", "{}").body == async);
	CHECK(stateOf(lastCall(h, "15000")) == "Released");
	CHECK(stateOf(lastCall(h, "15001")) == "Released");
	CHECK(parse(h.as(a, "GET", "/workspace/v3/voice/calls").body)["data"]["calls"].Size() == 0);
	/* complete after Released: accepted; the call is gone otherwise */
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/complete", "{}").body == async);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/hold", "{}").status == 404);
}

TEST_CASE("v3 voice: another user's call id is refused, and so is an id that is not a connId")
{
	WorkspaceHarness h;
	std::string a = h.signIn("15000");
	std::string b = h.signIn("15001");
	std::string c = h.signIn("15002");
	std::string id = establish(h, a, b);
	Response r = h.as(c, "POST", "/workspace/v3/voice/calls/" + id + "/release", "{}");
	CHECK(r.status == 404);
	CHECK(parse(r.body)["status"]["code"].GetInt() == 404);
	CHECK(h.as(c, "POST", "/workspace/v3/voice/calls/not-a-connid/answer").status == 404);
	CHECK(stateOf(lastCall(h, "15000")) == "Established"); /* nothing happened */
	CHECK(h.messagesOfType("15002", "CallStateChanged").empty());
}

TEST_CASE("v3 voice: a switch refusal is an EventError to the sender only; unsupported requests say so")
{
	WorkspaceHarness h;
	std::string a = h.signIn("15000");
	std::string b = h.signIn("15001");
	std::string id = establish(h, a, b);
	/* answering an established call: the switch refuses */
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/answer").body == async);
	std::vector<std::string> errors = h.messagesOfType("15000", "EventError");
	REQUIRE(errors.size() == 1);
	rapidjson::Document error = parse(errors[0]);
	CHECK(error["data"]["error"]["errorCode"].GetInt() > 0);
	CHECK(error["data"]["error"]["errorMessage"].IsString());
	CHECK(error["channel"].GetString() == std::string("/workspace/v3/voice"));
	CHECK(h.messagesOfType("15001", "EventError").empty());
	/* coaching cannot be resumed: said, not faked */
	std::size_t calls = h.messagesOfType("15000", "CallStateChanged").size();
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/switch-to-coaching").status == 403);
	CHECK(h.messagesOfType("15000", "CallStateChanged").size() == calls);
}

TEST_CASE("v3 voice: redirect, reconnect, merge and send-user-event reach the switch")
{
	WorkspaceHarness h;
	std::string a = h.signIn("15000");
	std::string b = h.signIn("15001");
	std::string c = h.signIn("15002");
	/* redirect: 15001 sends the ringing call on to 15002 */
	CHECK(h.as(a, "POST", "/workspace/v3/voice/make-call", R"({"data":{"destination":"15001"}})").body == async);
	rapidjson::Document ringing = lastCall(h, "15001");
	std::string id = ringing["data"]["call"]["id"].GetString();
	CHECK(capabilities(ringing).find("\"redirect\"") != std::string::npos);
	CHECK(h.as(b, "POST", "/workspace/v3/voice/calls/" + id + "/redirect", R"({"data":{}})").status == 400);
	CHECK(h.as(b, "POST", "/workspace/v3/voice/calls/" + id + "/redirect", R"({"data":{"destination":"15002"}})")
		      .body == async);
	CHECK(stateOf(lastCall(h, "15001")) == "Released");
	CHECK(stateOf(lastCall(h, "15002")) == "Ringing");
	CHECK(lastCall(h, "15002")["data"]["call"]["id"].GetString() == id);
	CHECK(h.as(c, "POST", "/workspace/v3/voice/calls/" + id + "/answer").body == async);
	/* reconnect: 15002 consults 15001, then goes back to the held call */
	CHECK(h.as(c, "POST", "/workspace/v3/voice/calls/" + id + "/initiate-transfer",
		   R"({"data":{"destination":"15001"}})")
		      .body == async);
	std::string consult = lastCall(h, "15001")["data"]["call"]["id"].GetString();
	CHECK(h.as(b, "POST", "/workspace/v3/voice/calls/" + consult + "/answer").body == async);
	rapidjson::Document active = lastCall(h, "15002");
	CHECK(capabilities(active).find("\"reconnect\"") != std::string::npos);
	CHECK(capabilities(active).find("\"merge\"") != std::string::npos);
	CHECK(h.as(c, "POST", "/workspace/v3/voice/calls/" + consult + "/reconnect",
		   R"({"data":{"heldConnId":")" + id + "\"}}")
		      .body == async);
	CHECK(stateOf(lastCall(h, "15001")) == "Released");
	CHECK(stateOf(lastCall(h, "15002")) == "Established");
	CHECK(lastCall(h, "15002")["data"]["call"]["id"].GetString() == id);
	/* merge: consult again, merge the two calls into one conference on the held call's id */
	CHECK(h.as(c, "POST", "/workspace/v3/voice/calls/" + id + "/initiate-conference",
		   R"({"data":{"destination":"15001"}})")
		      .body == async);
	consult = lastCall(h, "15001")["data"]["call"]["id"].GetString();
	CHECK(h.as(b, "POST", "/workspace/v3/voice/calls/" + consult + "/answer").body == async);
	CHECK(h.as(c, "POST", "/workspace/v3/voice/calls/" + consult + "/merge",
		   R"({"data":{"otherConnId":")" + id + "\"}}")
		      .body == async);
	rapidjson::Document merged = lastCall(h, "15002");
	CHECK(merged["data"]["call"]["id"].GetString() == id);
	CHECK(merged["data"]["call"]["participants"].Size() == 2);
	CHECK(h.messagesOfType("15002", "EventError").empty());
	/* send-user-event: an EventUserEvent with the data, to the sender's DN */
	CHECK(h.as(c, "POST", "/workspace/v3/voice/send-user-event",
		   R"({"data":{"userData":[{"key":"Note","type":"str","value":"hi"}],"callUuid":"abc"}})")
		      .body == async);
	std::vector<std::string> events = h.messagesOfType("15002", "EventUserEvent");
	REQUIRE(events.size() == 1);
	rapidjson::Document event = parse(events[0]);
	CHECK(canonical(json::write(event["data"]["userData"])) == R"([{"key":"Note","type":"str","value":"hi"}])");
	CHECK(event["data"]["callUuid"].GetString() == std::string("abc"));
	CHECK(h.as(c, "POST", "/workspace/v3/voice/send-user-event", R"({"data":{}})").status == 400);
}

TEST_CASE("v3 voice: two-step transfer and conference with parentConnId; single-step conference")
{
	WorkspaceHarness h;
	std::string a = h.signIn("15000");
	std::string b = h.signIn("15001");
	std::string c = h.signIn("15002");
	std::string id = establish(h, a, b);
	/* conference: a consults c, c answers, a completes */
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/initiate-conference",
		   R"({"data":{"destination":"15002"}})")
		      .body == async);
	rapidjson::Document consult = lastCall(h, "15002");
	std::string consultId = consult["data"]["call"]["id"].GetString();
	CHECK(consultId != id);
	CHECK(h.as(c, "POST", "/workspace/v3/voice/calls/" + consultId + "/answer").body == async);
	rapidjson::Document aConsult = lastCall(h, "15000");
	CHECK(aConsult["data"]["call"]["parentConnId"].GetString() == id);
	CHECK(capabilities(aConsult).find("\"complete-conference\"") != std::string::npos);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + consultId + "/complete-conference",
		   R"({"data":{"parentConnId":")" + id + "\"}}")
		      .body == async);
	/* c's call is now the conference: its id changed, previousConnId says from what */
	bool rekeyed = false;
	for (const std::string &m : h.messagesOfType("15002", "CallStateChanged")) {
		rapidjson::Document doc = parse(m);
		const rapidjson::Value &call = doc["data"]["call"];
		if (call.HasMember("previousConnId") && call["previousConnId"].GetString() == consultId &&
		    call["id"].GetString() == id)
			rekeyed = true;
	}
	CHECK(rekeyed);
	rapidjson::Document conference = lastCall(h, "15000");
	CHECK(conference["data"]["call"]["participants"].Size() == 2);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/delete-from-conference",
		   R"({"data":{"dnToDrop":"15002"}})")
		      .body == async);
	CHECK(stateOf(lastCall(h, "15002")) == "Released");
	/* transfer: a consults c, completes the transfer; b and c end up together */
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/initiate-transfer",
		   R"({"data":{"destination":"15002"}})")
		      .body == async);
	std::string transferId = lastCall(h, "15002")["data"]["call"]["id"].GetString();
	CHECK(h.as(c, "POST", "/workspace/v3/voice/calls/" + transferId + "/answer").body == async);
	/* alternate there and back: the held call is retrieved, the active one held */
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + transferId + "/alternate",
		   R"({"data":{"heldConnId":")" + id + "\"}}")
		      .body == async);
	CHECK(stateOf(lastCall(h, "15000")) != "");
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/alternate",
		   R"({"data":{"heldConnId":")" + transferId + "\"}}")
		      .body == async);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + transferId + "/complete-transfer",
		   R"({"data":{"parentConnId":"0000000000000bad"}})")
		      .status == 404);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + transferId + "/complete-transfer",
		   R"({"data":{"parentConnId":")" + id + "\"}}")
		      .body == async);
	CHECK(stateOf(lastCall(h, "15000")) == "Released");
	CHECK(stateOf(lastCall(h, "15002")) == "Established");
	CHECK(h.messagesOfType("15000", "EventError").empty());
	/* single-step conference to a third party */
	CHECK(h.as(b, "POST", "/workspace/v3/voice/calls/" + id + "/single-step-conference",
		   R"({"data":{"destination":"15003"}})")
		      .body == async);
	CHECK(lastCall(h, "15001")["data"]["notificationType"].GetString() == std::string("ParticipantsUpdated"));
	CHECK(h.messagesOfType("15001", "EventError").empty());
}

TEST_CASE("v3 voice: recording states as CallRecordingStateChange")
{
	WorkspaceHarness h;
	std::string a = h.signIn("15000");
	std::string b = h.signIn("15001");
	std::string id = establish(h, a, b);
	CHECK_FALSE(lastCall(h, "15000")["data"]["call"].HasMember("recordingState"));
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/start-recording").body == async);
	rapidjson::Document rec = lastCall(h, "15000");
	CHECK(rec["data"]["notificationType"].GetString() == std::string("CallRecordingStateChange"));
	CHECK(rec["data"]["call"]["recordingState"].GetString() == std::string("Recording"));
	CHECK(capabilities(rec).find("\"pause-recording\"") != std::string::npos);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/pause-recording").body == async);
	CHECK(lastCall(h, "15000")["data"]["call"]["recordingState"].GetString() == std::string("Paused"));
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/stop-recording").body == async);
	CHECK(lastCall(h, "15000")["data"]["call"]["recordingState"].GetString() == std::string("Stopped"));
}

TEST_CASE("v3 voice: a v3 agent and a v2 agent on one call see the same connId and user data")
{
	WorkspaceHarness h;
	std::string a = h.signIn("15000");
	/* 15001 is a GWS v2 agent */
	REQUIRE(h.gws.as("15001", "POST", "/api/v2/me",
			 R"({"operationName":"StartContactCenterSession","channels":["voice"]})")
			.status == 200);
	CHECK(h.as(a, "POST", "/workspace/v3/voice/make-call",
		   R"({"data":{"destination":"15001","userData":[{"key":"Case","type":"str","value":"42"}]}})")
		      .body == async);
	std::string id = lastCall(h, "15000")["data"]["call"]["id"].GetString();
	std::vector<std::string> v2 = h.gws.notifier.of(h.gws.userId("15001"), "/v2/me/calls");
	REQUIRE(!v2.empty());
	rapidjson::Document ringing = parse(v2.back());
	CHECK(ringing["data"]["call"]["connId"].GetString() == id);
	CHECK(ringing["data"]["call"]["userData"]["Case"].GetString() == std::string("42"));
	std::string uuid = ringing["data"]["call"]["id"].GetString();
	REQUIRE(h.gws.as("15001", "POST", "/api/v2/me/calls/" + uuid, R"({"operationName":"Answer"})").status == 200);
	CHECK(stateOf(lastCall(h, "15000")) == "Established");
	REQUIRE(h.gws.as("15001", "POST", "/api/v2/me/calls/" + uuid,
			 R"({"operationName":"AttachUserData","userData":{"From":"v2"}})")
			.status == 200);
	CHECK(canonical(json::write(lastCall(h, "15000")["data"]["call"]["userData"])) ==
	      R"([{"key":"Case","type":"str","value":"42"},{"key":"From","type":"str","value":"v2"}])");
	/* the v3 agent transfers to a v2 agent: the v2 desktop's call carries the same connId */
	CHECK(h.as(a, "POST", "/workspace/v3/voice/calls/" + id + "/single-step-transfer",
		   R"({"data":{"destination":"15003"}})")
		      .body == async);
	CHECK(stateOf(lastCall(h, "15000")) == "Released");
	rapidjson::Document v2After = parse(h.gws.notifier.of(h.gws.userId("15001"), "/v2/me/calls").back());
	CHECK(v2After["data"]["call"]["connId"].GetString() == id);
}
