/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/gws_api.h"

#include "gws_test_harness.h"

/*
 * Operations over a FakeBackend: each GWS operation's backend request, every
 * validation error (answered at once, nothing submitted), foreign ids, and the
 * asynchronous error notification of a switch rejection.
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

const ConnId conn(0x0071027198180007ULL);
const std::string uuid = "01RCC3N118B1V0SL8O7GK2LAES000007";
const std::string callPath = "/api/v2/me/calls/" + uuid;

PartySnapshot party(const Dn &dn, PartyState state)
{
	PartySnapshot p;
	p.dn = dn;
	p.state = state;
	return p;
}

CallSnapshotPtr snapshot(std::vector<PartySnapshot> parties, ConnId id = conn, std::string callUuid = uuid)
{
	auto call = std::make_shared<CallSnapshot>();
	call->connId = id;
	call->callUuid = std::move(callUuid);
	call->callType = CallType::Internal;
	call->dnis = "15001";
	call->startedAt = gwsT - 10'000;
	call->parties = std::move(parties);
	return call;
}

Event callEvent(EventType type, const Dn &dn, CallSnapshotPtr call)
{
	Event e;
	e.type = type;
	e.thisDn = dn;
	e.connId = call->connId;
	e.call = std::move(call);
	e.time = gwsT;
	return e;
}

/// A FakeGws where agent15000 is in an Established call with 15001.
struct Fixture {
	Fixture() : gws(api::GwsConfig{}, seedDirectory())
	{
		gws.backend->emit(callEvent(
			EventType::Established, "15000",
			snapshot({party("15001", PartyState::Established), party("15000", PartyState::Established)})));
		gws.notifier.messages.clear();
	}
	Response post(const std::string &body, const std::string &path = callPath)
	{
		return gws.as("15000", "POST", path, body);
	}
	const Request &last() const { return gws.backend->submitted.back().request; }
	std::size_t count() const { return gws.backend->submitted.size(); }
	FakeGws gws;
};

void checkError(const Response &r, unsigned http, int statusCode)
{
	CAPTURE(r.body);
	CHECK(r.status == http);
	rapidjson::Document d = parse(r.body);
	REQUIRE(d.IsObject());
	CHECK(d.MemberCount() == 2);
	CHECK(d["statusCode"].GetInt() == statusCode);
	CHECK(d["statusMessage"].IsString());
}

} /* namespace */

TEST_CASE("call operations map to their T-Library requests with thisDn = the user's DN")
{
	Fixture f;
	auto ok = [&](const std::string &body) {
		Response r = f.post(body);
		CAPTURE(body);
		CHECK(r.status == 200);
		CHECK(r.body == R"({"statusCode":0})");
	};
	ok(R"({"operationName":"Hangup"})");
	CHECK(std::get<req::ReleaseCall>(f.last()).thisDn == "15000");
	CHECK(std::get<req::ReleaseCall>(f.last()).connId == conn);
	ok(R"({"operationName":"Hold"})");
	CHECK(std::holds_alternative<req::HoldCall>(f.last()));
	ok(R"({"operationName":"ClearCall"})");
	CHECK(std::holds_alternative<req::ClearCall>(f.last()));
	ok(R"({"operationName":"MuteCall"})");
	CHECK(std::holds_alternative<req::SetMuteOn>(f.last()));
	ok(R"({"operationName":"DeleteUserData"})");
	CHECK(std::holds_alternative<req::DeleteAllUserData>(f.last()));

	ok(R"({"operationName":"SingleStepTransfer","destination":{"phoneNumber":"15003"},"location":"SW1",
	       "userData":{"TransferReason":"Escalation","Count":3}})");
	const auto &sst = std::get<req::SingleStepTransfer>(f.last());
	CHECK(sst.thisDn == "15000");
	CHECK(sst.destination == "15003");
	CHECK(sst.location == "SW1");
	CHECK(sst.userData == UserData{{"TransferReason", std::string("Escalation")}, {"Count", std::int64_t(3)}});
	ok(R"({"operationName":"SingleStepConference","destination":{"phoneNumber":"15002"}})");
	CHECK(std::get<req::SingleStepConference>(f.last()).destination == "15002");
	ok(R"({"operationName":"InitiateTransfer","destination":{"phoneNumber":"15002"}})");
	CHECK(std::holds_alternative<req::InitiateTransfer>(f.last()));
	ok(R"({"operationName":"InitiateConference","destination":{"phoneNumber":"15002"}})");
	CHECK(std::holds_alternative<req::InitiateConference>(f.last()));

	ok(R"({"operationName":"SendDtmf","digits":"12*#"})");
	CHECK(std::get<req::SendDtmf>(f.last()).digits == "12*#");
	ok(R"({"operationName":"AttachUserData","userData":{"A":"1"}})");
	CHECK(std::get<req::AttachUserData>(f.last()).userData == UserData{{"A", std::string("1")}});
	ok(R"({"operationName":"UpdateUserData","userData":{"A":"2"}})");
	CHECK(std::holds_alternative<req::UpdateUserData>(f.last()));
	ok(R"({"operationName":"DeleteUserDataPair","key":"A"})");
	CHECK(std::get<req::DeleteUserData>(f.last()).key == "A");
	ok(R"({"operationName":"SetCallDisposition","disposition":"Referred"})");
	CHECK(std::get<req::UpdateUserData>(f.last()).userData ==
	      UserData{{"DispositionCode", std::string("Referred")}});
	ok(R"({"operationName":"SetCallDisposition","disposition":"Sold","dispositionKey":"Outcome"})");
	CHECK(std::get<req::UpdateUserData>(f.last()).userData == UserData{{"Outcome", std::string("Sold")}});
}

TEST_CASE("Answer on a ringing call; conference owner removes a participant")
{
	FakeGws gws(api::GwsConfig{}, seedDirectory());
	gws.backend->emit(
		callEvent(EventType::Ringing, "15000",
			  snapshot({party("15000", PartyState::Ringing), party("15001", PartyState::Established)})));
	CHECK(gws.as("15000", "POST", callPath, R"({"operationName":"Answer"})").status == 200);
	CHECK(std::holds_alternative<req::AnswerCall>(gws.backend->submitted.back().request));

	auto conf = std::const_pointer_cast<CallSnapshot>(
		snapshot({party("15002", PartyState::Established), party("15001", PartyState::Established),
			  party("15000", PartyState::Established)}));
	conf->conferenceOwner = "15000";
	gws.backend->emit(callEvent(EventType::PartyAdded, "15000", conf));
	CHECK(gws.as("15000", "POST", callPath,
		     R"({"operationName":"RemoveParticipantFromConference","participant":"15001"})")
		      .status == 200);
	const auto &del = std::get<req::DeleteFromConference>(gws.backend->submitted.back().request);
	CHECK(del.dnToDrop == "15001");
	CHECK(del.connId == conn);
	Response notOn = gws.as("15000", "POST", callPath,
				R"({"operationName":"RemoveParticipantFromConference","participant":"15009"})");
	checkError(notOn, 400, 10);
}

TEST_CASE("consult pair: CompleteTransfer, CompleteConference and SwapCalls find the related call")
{
	FakeGws gws(api::GwsConfig{}, seedDirectory());
	const ConnId consultId(0x0071027198180009ULL);
	const std::string consultUuid = "01RCC3N118B1V0SL8O7GK2LAES000009";
	auto parent = std::const_pointer_cast<CallSnapshot>(
		snapshot({party("15001", PartyState::Established), party("15000", PartyState::Held)}));
	parent->consultConnId = consultId;
	parent->consultForTransfer = true;
	auto consult = std::const_pointer_cast<CallSnapshot>(
		snapshot({party("15002", PartyState::Established), party("15000", PartyState::Established)}, consultId,
			 consultUuid));
	consult->callType = CallType::Consult;
	consult->parentConnId = conn;
	gws.backend->emit(callEvent(EventType::Held, "15000", parent));
	gws.backend->emit(callEvent(EventType::Established, "15000", consult));

	/* The consult call names its parent. */
	rapidjson::Document c = parse(gws.as("15000", "GET", "/api/v2/me/calls/" + consultUuid).body);
	CHECK(std::string(c["call"]["parentCallUri"].GetString()) == base + callPath);
	CHECK(std::string(c["call"]["parentCallPath"].GetString()) == "/calls/" + uuid);
	CHECK(std::string(c["call"]["callType"].GetString()) == "Consult");

	CHECK(gws.as("15000", "POST", "/api/v2/me/calls/" + consultUuid, R"({"operationName":"CompleteTransfer"})")
		      .status == 200);
	auto ct = std::get<req::CompleteTransfer>(gws.backend->submitted.back().request);
	CHECK(ct.heldConnId == conn);
	CHECK(ct.currentConnId == consultId);

	CHECK(gws.as("15000", "POST", "/api/v2/me/calls/" + consultUuid,
		     R"({"operationName":"CompleteConference","consultCallUri":")" + base + callPath + "\"}")
		      .status == 200);
	auto cc = std::get<req::CompleteConference>(gws.backend->submitted.back().request);
	CHECK(cc.heldConnId == conn);
	CHECK(cc.currentConnId == consultId);

	CHECK(gws.as("15000", "POST", callPath,
		     R"({"operationName":"SwapCalls","otherCallUri":")" + base + "/api/v2/me/calls/" + consultUuid +
			     "\"}")
		      .status == 200);
	auto swap = std::get<req::AlternateCall>(gws.backend->submitted.back().request);
	CHECK(swap.heldConnId == conn);
	CHECK(swap.currentConnId == consultId);

	Response unknownUri = gws.as("15000", "POST", callPath,
				     R"({"operationName":"SwapCalls","otherCallUri":"http://x/api/v2/me/calls/NOPE"})");
	checkError(unknownUri, 404, 6);
}

TEST_CASE("agent state, session and device operations")
{
	FakeGws gws(api::GwsConfig{}, seedDirectory());
	auto post = [&](const std::string &path, const std::string &body) {
		Response r = gws.as("15000", "POST", path, body);
		CAPTURE(body);
		CHECK(r.status == 200);
		return gws.backend->submitted.back().request;
	};
	auto login = std::get<req::AgentLogin>(
		post("/api/v2/me", R"({"operationName":"StartContactCenterSession","channels":["voice"]})"));
	CHECK(login.thisDn == "15000");
	CHECK(login.agentId == "agent15000");
	CHECK((std::get<req::AgentReady>(post("/api/v2/me/channels/voice", R"({"operationName":"Ready"})")).workMode ==
	       WorkMode::ManualIn));
	CHECK((std::get<req::AgentReady>(
		       post("/api/v2/me/channels/voice", R"({"operationName":"Ready","workmode":"AutoIn"})"))
		       .workMode == WorkMode::AutoIn));
	CHECK((std::get<req::AgentNotReady>(post("/api/v2/me/channels/voice", R"({"operationName":"NotReady"})"))
		       .workMode == WorkMode::Unknown));
	CHECK((std::get<req::AgentNotReady>(
		       post("/api/v2/me/channels/voice", R"({"operationName":"AfterCallWork","wrapUpTime":"0"})"))
		       .workMode == WorkMode::AfterCallWork));
	CHECK((std::get<req::AgentNotReady>(post("/api/v2/me/channels/voice", R"({"operationName":"AuxWork"})"))
		       .workMode == WorkMode::AuxWork));

	std::string device = "/api/v2/me/devices/" + seedDeviceId;
	CHECK(std::holds_alternative<req::SetDndOn>(post(device, R"({"operationName":"DoNotDisturbOn"})")));
	CHECK(std::get<req::CallForwardSet>(post(device, R"({"operationName":"ForwardCallsOn","destination":"5001"})"))
		      .destination == "5001");
	auto dial = std::get<req::MakeCall>(post(
		device + "/calls",
		R"({"operationName":"Dial","destination":{"phoneNumber":"15002"},"userData":{"Product":"Guitars"}})"));
	CHECK(dial.thisDn == "15000");
	CHECK(dial.destination == "15002");
	CHECK(dial.userData == UserData{{"Product", std::string("Guitars")}});

	/* Device capabilities follow the DN state: DoNotDisturbOff is not valid while DND is off. */
	checkError(gws.as("15000", "POST", device, R"({"operationName":"DoNotDisturbOff"})"), 400, 2);
	checkError(gws.as("15000", "POST", device,
			  R"({"operationName":"ForwardCallsOn","destination":{"phoneNumber":"5001"}})"),
		   400, 10);
	checkError(gws.as("15000", "POST", device, R"({"operationName":"ForwardCallsOn"})"), 400, 1);
	checkError(
		gws.as("15000", "POST", "/api/v2/me/channels/voice", R"({"operationName":"Ready","workmode":"Fast"})"),
		400, 10);
	checkError(gws.as("15000", "POST", "/api/v2/me", R"({"operationName":"StartContactCenterSession"})"), 400, 1);
	/* Without voice nothing succeeds: only that channel's error (desktop-fidelity.md §4). */
	checkError(gws.as("15000", "POST", "/api/v2/me",
			  R"({"operationName":"StartContactCenterSession","channels":["chat"]})"),
		   500, 4);
	checkError(
		gws.as("15000", "POST", "/api/v2/me", R"({"operationName":"StartContactCenterSession","channels":[]})"),
		400, 10);
	checkError(gws.as("15000", "POST", "/api/v2/me",
			  R"({"operationName":"StartContactCenterSession","channels":"voice"})"),
		   400, 10);
}

TEST_CASE("StartContactCenterSession takes nulls as absent and reads devicePath")
{
	auto start = [](const std::string &params, unsigned http, int statusCode, bool logsIn) {
		FakeGws gws(api::GwsConfig{}, seedDirectory());
		CAPTURE(params);
		const std::size_t before = gws.backend->submitted.size();
		Response r =
			gws.as("15000", "POST", "/api/v2/me",
			       R"({"operationName":"StartContactCenterSession","channels":["voice"])" + params + "}");
		if (http == 200)
			CHECK(r.status == 200);
		else
			checkError(r, http, statusCode);
		REQUIRE(gws.backend->submitted.size() == before + (logsIn ? 1 : 0));
		if (logsIn) {
			auto login = std::get<req::AgentLogin>(gws.backend->submitted.back().request);
			CHECK(login.thisDn == "15000");
			CHECK(login.agentId == "agent15000");
			CHECK(login.queue.empty());
		}
	};
	/* The C# GWS client's start-up (gws-voice-api.md §13). */
	start(R"(,"loginCode":null,"queue":null,"devicePath":null,"place":null)", 200, 0, true);
	start(R"(,"devicePath":"/devices/)" + seedDeviceId + "\"", 200, 0, true);
	start(R"(,"devicePath":"http://127.0.0.1:8080/api/v2/devices/)" + seedDeviceId + "\"", 200, 0, true);
	start(R"(,"devicePath":"")", 200, 0, true);
	start(R"(,"devicePath":"/devices/9c14cad7-17c4-48d0-8492-7cf0ff92c224")", 404, 6, false);
	start(R"(,"devicePath":"/devices/")", 404, 6, false);
	start(R"(,"devicePath":42)", 400, 10, false);
}

TEST_CASE("validation errors are answered at once and submit nothing")
{
	Fixture f;
	std::size_t before = f.count();
	struct Case {
		const char *body;
		unsigned http;
		int statusCode;
	};
	const Case cases[] = {
		{"{not json", 400, 10},
		{"[1,2]", 400, 10},
		{"", 400, 10},
		{R"({})", 400, 10},
		{R"({"operationName":5})", 400, 10},
		{R"({"operationName":"Fly"})", 400, 10},
		{R"({"operationName":"Answer"})", 400, 2},
		{R"({"operationName":"Retrieve"})", 400, 2},
		{R"({"operationName":"UnmuteCall"})", 400, 2},
		{R"({"operationName":"SingleStepConference"})", 400, 1},
		{R"({"operationName":"SingleStepConference","destination":"15002"})", 400, 10},
		{R"({"operationName":"SingleStepConference","destination":{}})", 400, 1},
		{R"({"operationName":"SingleStepConference","destination":{"phoneNumber":15002}})", 400, 10},
		{R"({"operationName":"SingleStepConference","destination":{"phoneNumber":"15002"},"location":1})", 400,
		 10},
		{R"({"operationName":"SingleStepConference","destination":{"phoneNumber":"15002"},"userData":[1]})",
		 400, 10},
		{R"({"operationName":"SingleStepConference","destination":{"phoneNumber":"15002"},"userData":{"a":{"b":1}}})",
		 400, 10},
		{R"({"operationName":"SingleStepConference","destination":{"phoneNumber":"15002"},"userData":{"a":1.5}})",
		 400, 10},
		{R"({"operationName":"SendDtmf"})", 400, 1},
		{R"({"operationName":"SendDtmf","digits":"12a"})", 400, 10},
		{R"({"operationName":"SendDtmf","digits":5})", 400, 10},
		{R"({"operationName":"AttachUserData"})", 400, 1},
		{R"({"operationName":"UpdateUserData","userData":"x"})", 400, 10},
		{R"({"operationName":"DeleteUserDataPair"})", 400, 1},
		{R"({"operationName":"DeleteUserDataPair","key":7})", 400, 10},
		{R"({"operationName":"SetCallDisposition"})", 400, 1},
		{R"({"operationName":"RemoveParticipantFromConference","participant":"15001"})", 400, 2},
		{R"({"operationName":"CompleteTransfer"})", 400, 2},
	};
	for (const Case &c : cases) {
		CAPTURE(c.body);
		checkError(f.post(c.body), c.http, c.statusCode);
	}
	CHECK(f.count() == before);
}

TEST_CASE("unknown routes, wrong methods, foreign calls and devices")
{
	Fixture f;
	FakeGws &gws = f.gws;
	/* agent15001 cannot see or act on agent15000's call or device. */
	gws.backend->emit(callEvent(
		EventType::Established, "15001",
		snapshot({party("15001", PartyState::Established), party("15000", PartyState::Established)})));
	checkError(gws.as("15002", "GET", callPath), 404, 6);
	checkError(gws.as("15002", "POST", callPath, R"({"operationName":"Hangup"})"), 404, 6);
	checkError(
		gws.as("15001", "POST", "/api/v2/me/devices/" + seedDeviceId, R"({"operationName":"DoNotDisturbOn"})"),
		404, 6);
	checkError(
		gws.as("15001", "POST", "/api/v2/me/devices/" + seedDeviceId + "/calls", R"({"operationName":"Dial"})"),
		404, 6);
	Response foreign = gws.as("15002", "GET", callPath);
	CHECK(foreign.body.find("15001") == std::string::npos);

	checkError(gws.as("15000", "GET", "/api/v2/me/nothing"), 404, 6);
	checkError(gws.as("15000", "GET", "/api/v2/nothing"), 404, 6);
	checkError(gws.as("15000", "GET", "/api/v3/me"), 404, 6);
	checkError(gws.as("15000", "GET", "/api/v2/me/calls/x/y"), 404, 6);
	Response del = gws.as("15000", "DELETE", callPath);
	checkError(del, 405, 3);
	CHECK(del.header("Allow") == "GET, POST");
	checkError(gws.as("15000", "POST", "/api/v2/me/calls", "{}"), 405, 3);
	checkError(gws.as("15000", "PUT", "/api/v2/me/channels/voice"), 405, 3);
	checkError(gws.as("15000", "POST", "/api/v2/me/channels"), 405, 3);
	checkError(gws.as("15000", "POST", "/api/v2/me/channels/chat", R"({"operationName":"Ready"})"), 404, 6);
	checkError(gws.as("15000", "POST", "/api/v2/settings/agent-states", "{}"), 405, 3);
	checkError(gws.as("15000", "PUT", "/api/v2/me"), 405, 3);
}

TEST_CASE("SetCallDisposition on a released call answers 0 and sends nothing")
{
	Fixture f;
	f.gws.backend->emit(callEvent(EventType::Released, "15000", snapshot({})));
	CHECK(f.gws.notifier.messages.size() == 1);
	std::size_t before = f.count();
	Response r = f.post(R"({"operationName":"SetCallDisposition","disposition":"Referred"})");
	CHECK(r.status == 200);
	CHECK(r.body == R"({"statusCode":0})");
	CHECK(f.count() == before);
	CHECK(f.gws.notifier.messages.size() == 1);
	/* Any other operation on the released call: not found. */
	checkError(f.post(R"({"operationName":"Hangup"})"), 404, 6);
	CHECK(parse(f.gws.as("15000", "GET", "/api/v2/me/calls").body)["uris"].Size() == 0);
}

TEST_CASE("a switch rejection answers statusCode 0 and becomes an error notification")
{
	Fixture f;
	f.gws.backend->autoComplete = false;
	auto reply = std::make_shared<Response>();
	api::HttpRequest request;
	request.setMethod("POST");
	request.setTarget(callPath);
	request.body = R"({"operationName":"SingleStepConference","destination":{"phoneNumber":"99999"}})";
	request.addHeader("Authorization", "Basic " + base64Encode("agent15000:password"));
	f.gws.api.handle(request, [reply](api::HttpResponse r) {
		reply->status = r.status;
		reply->body = r.body;
		reply->answered = true;
	});
	f.gws.core.runAll();
	CHECK_FALSE(reply->answered); /* waits for the switch */

	Event error;
	error.type = EventType::Error;
	error.thisDn = "15000";
	error.connId = conn;
	error.referenceId = f.gws.backend->submitted.back().referenceId;
	error.errorCode = 59;
	error.errorMessage = "DN is not configured in CME";
	error.failedRequest = "RequestSingleStepConference";
	error.time = gwsT;
	f.gws.backend->emit(error);
	RequestResult result;
	result.errorCode = 59;
	result.errorMessage = "DN is not configured in CME";
	f.gws.backend->complete(f.gws.backend->submitted.size() - 1, result);

	CHECK(reply->answered);
	CHECK(reply->body == R"({"statusCode":0})");
	std::vector<std::string> got = f.gws.notifier.of(f.gws.userId("15000"), "/v2/me/calls");
	REQUIRE(got.size() == 1);
	rapidjson::Document d = parse(got[0]);
	std::string prefix = R"({"data":{"messageType":"ErrorMessage","notificationType":"Error","errorCode":59,)"
			     R"("errorMessage":"DN is not configured in CME","operationName":"SingleStepConference",)"
			     R"("referenceId":)" +
			     std::to_string(error.referenceId) + R"(,"phoneNumber":"15000","call":{"id":")" + uuid;
	CHECK(got[0].rfind(prefix, 0) == 0);
	CHECK(std::string(d["channel"].GetString()) == "/v2/me/calls");
}

TEST_CASE("an agent-state rejection goes to /v2/me/devices")
{
	FakeGws gws(api::GwsConfig{}, seedDirectory());
	gws.backend->autoComplete = false;
	api::HttpRequest request;
	request.setMethod("POST");
	request.setTarget("/api/v2/me/channels/voice");
	request.body = R"({"operationName":"Ready"})";
	request.addHeader("Authorization", "Basic " + base64Encode("agent15000:password"));
	gws.api.handle(request, [](api::HttpResponse) {});
	gws.core.runAll();
	RequestResult result;
	result.errorCode = 1707;
	result.errorMessage = "Agent not logged in";
	gws.backend->complete(gws.backend->submitted.size() - 1, result);
	std::vector<std::string> got = gws.notifier.of(gws.userId("15000"), "/v2/me/devices");
	REQUIRE(got.size() == 1);
	rapidjson::Document d = parse(got[0]);
	CHECK(d["data"]["errorCode"].GetInt() == 1707);
	CHECK(std::string(d["data"]["operationName"].GetString()) == "Ready");
	CHECK_FALSE(d["data"].HasMember("call"));
}
