/* SPDX-License-Identifier: MIT */
/*
 * Tests of the Backend vocabulary's JSON codec: every request alternative and
 * every event type survives a round trip, the spellings are the documented
 * ones, and malformed input is refused with a message naming the field.
 */
// Test that header file is self-contained.
#include "ctisim/wire/backend_json.h"

#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "ctisim/json/parse.h"

#include "wire_samples.h"

using namespace ctisim;
using namespace ctisim::wire;
using namespace ctisim::test;

namespace {

std::string memberString(const rapidjson::Value &object, const char *key)
{
	auto it = object.FindMember(key);
	REQUIRE(it != object.MemberEnd());
	REQUIRE(it->value.IsString());
	return it->value.GetString();
}

/// The reader's error for text, which must be refused.
std::string requestError(const std::string &text)
{
	rapidjson::Document doc = parsed(text);
	std::string error;
	CHECK_FALSE(requestFromJson(doc, &error).has_value());
	return error;
}

std::string eventError(const std::string &text)
{
	rapidjson::Document doc = parsed(text);
	std::string error;
	CHECK_FALSE(eventFromJson(doc, &error).has_value());
	return error;
}

} /* namespace */

TEST_CASE("backend_json: every request alternative survives a round trip")
{
	std::vector<Request> requests = everyRequest();
	std::set<std::size_t> covered;
	for (const Request &request : requests) {
		CAPTURE(requestName(request));
		covered.insert(request.index());
		std::string text = toJson(request);
		rapidjson::Document doc = parsed(text);
		CHECK(memberString(doc, "request") == requestName(request));
		std::string error;
		std::optional<Request> back = requestFromJson(doc, &error);
		REQUIRE_MESSAGE(back.has_value(), error);
		CHECK(back->index() == request.index());
		CHECK(toJson(*back) == text);
		CHECK(requestDn(*back) == requestDn(request));
	}
	CHECK(covered.size() == std::variant_size_v<Request>);
}

TEST_CASE("backend_json: request fields keep their values and spellings")
{
	Request request = req::SingleStepConference{{"15000", call1, "15002", "", sampleData()}};
	rapidjson::Document doc = parsed(toJson(request));
	CHECK(memberString(doc, "request") == "RequestSingleStepConference");
	CHECK(memberString(doc, "thisDn") == "15000");
	CHECK(memberString(doc, "connId") == "0071027198180007");
	CHECK(memberString(doc, "destination") == "15002");
	CHECK_FALSE(doc.HasMember("location")); /* empty: left out */
	const rapidjson::Value &data = doc["userData"];
	REQUIRE(data.IsObject());
	REQUIRE(data.MemberCount() == 3);
	CHECK(std::string(data.MemberBegin()->name.GetString()) == "Subject");
	CHECK(data["Priority"].GetInt64() == 5);

	auto back = requestFromJson(doc);
	REQUIRE(back.has_value());
	const auto &ssc = std::get<req::SingleStepConference>(*back);
	CHECK(ssc.connId == call1);
	CHECK(ssc.userData == sampleData()); /* order and the duplicate key kept */

	Request login = req::AgentLogin{"15000", "agent15000", "", WorkMode::AutoIn};
	rapidjson::Document loginDoc = parsed(toJson(login));
	CHECK(memberString(loginDoc, "workMode") == "AgentAutoIn");
	CHECK((std::get<req::AgentLogin>(*requestFromJson(loginDoc)).workMode == WorkMode::AutoIn));

	/* T-Library Reasons travel as a key/value object; the new work modes keep tlib.h spellings. */
	Request lunch = req::AgentNotReady{"15000", WorkMode::WalkAway, UserData{{"ReasonCode", std::string("Lunch")}}};
	rapidjson::Document lunchDoc = parsed(toJson(lunch));
	CHECK(memberString(lunchDoc, "workMode") == "AgentWalkAway");
	CHECK(memberString(lunchDoc["reasons"], "ReasonCode") == "Lunch");
	std::optional<Request> lunchBack = requestFromJson(lunchDoc);
	REQUIRE(lunchBack.has_value());
	const auto &notReady = std::get<req::AgentNotReady>(*lunchBack);
	CHECK((notReady.workMode == WorkMode::WalkAway));
	CHECK(notReady.reasons == UserData{{"ReasonCode", std::string("Lunch")}});
	CHECK_FALSE(parsed(toJson(Request{req::AgentReady{"15000", WorkMode::ManualIn, {}}})).HasMember("reasons"));
}

TEST_CASE("backend_json: redirect, reconnect, merge and user events use the tlib.h spellings")
{
	rapidjson::Document merge =
		parsed(toJson(Request{req::MergeCalls{{"15000", call1, call2}, MergeType::ForConference}}));
	CHECK(memberString(merge, "request") == "RequestMergeCalls");
	CHECK(memberString(merge, "heldConnId") == "0071027198180007");
	CHECK(memberString(merge, "currentConnId") == "00710271981800a8");
	CHECK(memberString(merge, "mergeType") == "MergeForConference");
	CHECK((std::get<req::MergeCalls>(*requestFromJson(merge)).mergeType == MergeType::ForConference));
	/* MergeForTransfer, tlib.h's 0, is the default and left out. */
	rapidjson::Document transfer =
		parsed(toJson(Request{req::MergeCalls{{"15000", call1, call2}, MergeType::ForTransfer}}));
	CHECK_FALSE(transfer.HasMember("mergeType"));
	CHECK(requestError(R"({"request":"RequestMergeCalls","mergeType":"MergeForLunch"})") ==
	      "mergeType: unknown value \"MergeForLunch\"");

	rapidjson::Document redirect = parsed(toJson(Request{req::RedirectCall{"15001", call1, "15003"}}));
	CHECK(memberString(redirect, "request") == "RequestRedirectCall");
	CHECK(memberString(redirect, "destination") == "15003");
	CHECK(memberString(parsed(toJson(Request{req::ReconnectCall{{"15000", call1, call2}}})), "request") ==
	      "RequestReconnectCall");

	rapidjson::Document user = parsed(toJson(Request{req::SendUserEvent{"15000", {}, "uuid-1", sampleData()}}));
	CHECK(memberString(user, "request") == "RequestDistributeUserEvent");
	CHECK(memberString(user, "callUuid") == "uuid-1");
	CHECK_FALSE(user.HasMember("connId")); /* null: left out */
	CHECK(user["userData"].MemberCount() == 3);

	Event event;
	event.type = EventType::UserEvent;
	event.thisDn = "15000";
	event.callUuid = "uuid-1";
	event.userData = sampleData();
	rapidjson::Document eventDoc = parsed(toJson(event));
	CHECK(memberString(eventDoc, "event") == "EventUserEvent");
	CHECK(memberString(eventDoc, "callUuid") == "uuid-1");
	std::optional<Event> back = eventFromJson(eventDoc);
	REQUIRE(back.has_value());
	CHECK(back->userData == sampleData());
	/* Other events leave both out. */
	Event ringing;
	ringing.type = EventType::Ringing;
	rapidjson::Document ringingDoc = parsed(toJson(ringing));
	CHECK_FALSE(ringingDoc.HasMember("callUuid"));
	CHECK_FALSE(ringingDoc.HasMember("userData"));
}

TEST_CASE("backend_json: monitoring requests, events and snapshot fields use the T-Server spellings")
{
	Request request = req::MonitorNextCall{"16000", "15000", MonitorType::AllCalls, MonitorMode::Connect,
					       MonitorScope::Agent};
	rapidjson::Document doc = parsed(toJson(request));
	CHECK(memberString(doc, "request") == "RequestMonitorNextCall");
	CHECK(memberString(doc, "agentDn") == "15000");
	CHECK(memberString(doc, "monitorType") == "MonitorAllCalls");
	CHECK(memberString(doc, "mode") == "connect");
	CHECK(memberString(doc, "scope") == "agent");
	std::optional<Request> read = requestFromJson(doc);
	REQUIRE(read.has_value());
	const auto &back = std::get<req::MonitorNextCall>(*read);
	CHECK((back.mode == MonitorMode::Connect));
	CHECK((back.scope == MonitorScope::Agent));
	CHECK((back.monitorType == MonitorType::AllCalls));
	CHECK(requestError(R"({"request":"RequestMonitorNextCall","mode":"whisper"})") ==
	      "mode: unknown value \"whisper\"");

	Event event;
	event.type = EventType::MonitoringCancelled;
	event.thisDn = "16000";
	event.dn = std::make_shared<const DnSnapshot>(sampleDn());
	event.call = std::make_shared<const CallSnapshot>(sampleCall());
	rapidjson::Document eventDoc = parsed(toJson(event));
	CHECK(memberString(eventDoc, "event") == "EventMonitoringCancelled");
	CHECK_FALSE(eventDoc.HasMember("monitorType")); /* OneCall, the default, is left out */
	const rapidjson::Value &monitoring = eventDoc["dn"]["monitoring"];
	CHECK(memberString(monitoring, "agentDn") == "15001");
	CHECK(memberString(monitoring, "type") == "MonitorAllCalls");
	CHECK(memberString(eventDoc["dn"], "monitoredBy") == "16000");
	const rapidjson::Value &observer = eventDoc["call"]["parties"][0];
	CHECK(memberString(observer, "role") == "RoleObserver");
	CHECK(memberString(observer, "monitorMode") == "mute");
	CHECK(memberString(observer, "monitoredDn") == "15000");
	CHECK_FALSE(eventDoc["call"]["parties"][1].HasMember("monitorMode")); /* not an observer */
	auto again = eventFromJson(eventDoc);
	REQUIRE(again.has_value());
	CHECK(*again->dn == sampleDn());
	CHECK(*again->call == sampleCall());
}

TEST_CASE("backend_json: every event type survives a round trip with its snapshots")
{
	for (EventType type : allEventTypes) {
		CAPTURE(toString(type));
		Event event = fullEvent(type);
		std::string text = toJson(event);
		rapidjson::Document doc = parsed(text);
		CHECK(memberString(doc, "event") == toString(type));
		std::string error;
		std::optional<Event> back = eventFromJson(doc, &error);
		REQUIRE_MESSAGE(back.has_value(), error);
		CHECK((back->type == type));
		CHECK(back->referenceId == event.referenceId);
		CHECK(back->sequence == event.sequence);
		CHECK(back->time == event.time);
		CHECK((back->thisDnRole == DnRole::ConferencedBy));
		CHECK(back->thirdPartyDn == "+14155550100");
		CHECK(back->connId == call1);
		CHECK(back->previousConnId == call2);
		CHECK((back->callState == CallState::Conferenced));
		CHECK(back->extensions == event.extensions);
		CHECK(back->reasons == event.reasons);
		CHECK((back->monitorType == MonitorType::AllCalls));
		CHECK(back->callUuid == event.callUuid);
		CHECK(back->userData == event.userData);
		REQUIRE(back->call != nullptr);
		CHECK(*back->call == *event.call);
		REQUIRE(back->dn != nullptr);
		CHECK(*back->dn == *event.dn);
		CHECK(toJson(*back) == text);
	}
}

TEST_CASE("backend_json: members are read in any order, the first of a duplicate counts")
{
	/* The writer's order is the description's; a hand-written journal or peer may differ. */
	rapidjson::Document doc =
		parsed(R"({"call":{"parties":[{"state":"Established","dn":"15000"}],"connId":"00000000000000a1"},)"
		       R"("thisDn":"15000","unknown":1,"sequence":7,"event":"EventRinging","thisDn":"15999"})");
	std::string error;
	std::optional<Event> back = eventFromJson(doc, &error);
	REQUIRE_MESSAGE(back.has_value(), error);
	CHECK(back->sequence == 7);
	CHECK(back->thisDn == "15000");
	REQUIRE(back->call != nullptr);
	CHECK(back->call->connId == ConnId::parse("00000000000000a1"));
	REQUIRE(back->call->parties.size() == 1);
	CHECK(back->call->parties[0].dn == "15000");
	/* An error still names the member's path. */
	doc = parsed(R"({"event":"EventRinging","call":{"parties":[{"dn":"1"},{"state":"Talking"}]}})");
	CHECK_FALSE(eventFromJson(doc, &error).has_value());
	CHECK(error == "call.parties[1].state: unknown value \"Talking\"");
}

TEST_CASE("backend_json: an event at its defaults is small and reads back as defaults")
{
	Event event;
	event.type = EventType::DndOn;
	event.thisDn = "15000";
	CHECK(toJson(event) == R"({"event":"EventDNDOn","thisDn":"15000"})");
	auto back = eventFromJson(parsed(toJson(event)));
	REQUIRE(back.has_value());
	CHECK(back->connId.isNull());
	CHECK_FALSE(back->previousConnId.has_value());
	CHECK(back->call == nullptr);
	CHECK((back->callType == CallType::Unknown));

	/* A snapshot whose fields differ from the event's defaults keeps them. */
	CallSnapshot unknownType = sampleCall();
	unknownType.callType = CallType::Unknown;
	event.call = std::make_shared<const CallSnapshot>(unknownType);
	auto again = eventFromJson(parsed(toJson(event)));
	REQUIRE(again.has_value());
	REQUIRE(again->call != nullptr);
	CHECK((again->call->callType == CallType::Unknown));
}

TEST_CASE("backend_json: request results")
{
	RequestResult result;
	result.referenceId = 77;
	result.newConnId = call2;
	result.dn = std::make_shared<const DnSnapshot>(sampleDn());
	result.calls.push_back(std::make_shared<const CallSnapshot>(sampleCall()));
	std::string text = toJson(result);
	auto back = requestResultFromJson(parsed(text));
	REQUIRE(back.has_value());
	CHECK(back->referenceId == 77);
	CHECK(back->ok());
	CHECK(back->newConnId == call2);
	REQUIRE(back->dn != nullptr);
	CHECK(*back->dn == sampleDn());
	REQUIRE(back->calls.size() == 1);
	CHECK(*back->calls[0] == sampleCall());
	CHECK(toJson(*back) == text);

	RequestResult failed;
	failed.referenceId = 3;
	failed.errorCode = 56;
	failed.errorMessage = "Invalid ConnectionID";
	CHECK(toJson(failed) == R"({"referenceId":3,"errorCode":56,"errorMessage":"Invalid ConnectionID"})");
}

TEST_CASE("backend_json: control requests and results")
{
	SwitchConfig config;
	config.seed = 42;
	config.unknownNumbersAreExternal = false;
	config.externalBehaviour = DnBehaviour{DnBehaviour::Kind::NoAnswer, 3000, 233};
	config.dns.push_back(DnConfig{"15000", DnType::Extension, {}, {}});
	config.dns.push_back(
		DnConfig{"7000", DnType::AcdQueue, DnBehaviour{DnBehaviour::Kind::Busy, 0, 233}, {"15000", "15001"}});
	InitialCall initial;
	initial.connId = call1;
	initial.callUuid = "uuid";
	initial.callType = CallType::Inbound;
	initial.ani = "+1";
	initial.userData = sampleData();
	initial.parties.push_back(InitialParty{"15000", PartyState::Held, true});
	config.calls.push_back(initial);
	config.agents.push_back(InitialAgent{"15000", "agent15000", AgentState::NotReady, WorkMode::AuxWork,
					     UserData{{"ReasonCode", std::string("Lunch")}}});

	std::vector<ControlRequest> requests = {
		ctl::Reset{config},
		ctl::Reset{},
		ctl::SetBehaviour{"15001", DnBehaviour{DnBehaviour::Kind::Reject, 0, 91}},
		ctl::SetClock{1767225600000},
		ctl::AdvanceClock{1500},
		ctl::DumpState{},
	};
	for (const ControlRequest &request : requests) {
		std::string text = toJson(request);
		CAPTURE(text);
		std::string error;
		auto back = controlRequestFromJson(parsed(text), &error);
		REQUIRE_MESSAGE(back.has_value(), error);
		CHECK(back->index() == request.index());
		CHECK(toJson(*back) == text);
	}
	CHECK(toJson(ControlRequest{ctl::AdvanceClock{1500}}) == R"({"control":"AdvanceClock","deltaMs":1500})");
	auto reset = controlRequestFromJson(parsed(toJson(ControlRequest{ctl::Reset{config}})));
	REQUIRE(reset.has_value());
	const SwitchConfig &c = *std::get<ctl::Reset>(*reset).config;
	CHECK(c.seed == 42);
	CHECK_FALSE(c.unknownNumbersAreExternal);
	CHECK(c.externalBehaviour == config.externalBehaviour);
	REQUIRE(c.dns.size() == 2);
	CHECK((c.dns[1].type == DnType::AcdQueue));
	CHECK(c.dns[1].targets == std::vector<Dn>{"15000", "15001"});
	REQUIRE(c.calls.size() == 1);
	CHECK(c.calls[0].userData == sampleData());
	CHECK((c.calls[0].parties[0].state == PartyState::Held));
	CHECK((c.agents[0].state == AgentState::NotReady));
	CHECK(c.agents[0].reasons == UserData{{"ReasonCode", std::string("Lunch")}});

	ControlResult result;
	result.state.now = 5;
	result.state.virtualClock = true;
	result.state.lastEventSequence = 9;
	result.state.dns.push_back(sampleDn());
	result.state.calls.push_back(sampleCall());
	std::string text = toJson(result);
	auto back = controlResultFromJson(parsed(text));
	REQUIRE(back.has_value());
	CHECK(back->state.virtualClock);
	CHECK(back->state.dns == result.state.dns);
	CHECK(back->state.calls == result.state.calls);
	CHECK(toJson(*back) == text);
	CHECK(toJson(back->state) == toJson(result.state));
}

TEST_CASE("backend_json: malformed requests are refused with the field named")
{
	CHECK(requestError("[]") == "expected an object");
	CHECK(requestError("{}") == "\"request\" is required (a string)");
	CHECK(requestError(R"({"request":5})") == "\"request\" is required (a string)");
	CHECK(requestError(R"({"request":"RequestTeleport"})") == "request: unknown value \"RequestTeleport\"");
	CHECK(requestError(R"({"request":"RequestAnswerCall","thisDn":15000})") == "thisDn: expected a string");
	CHECK(requestError(R"({"request":"RequestAnswerCall","connId":"xyz"})") ==
	      "connId: expected a connection id (16 hex digits)");
	CHECK(requestError(R"({"request":"RequestAgentReady","workMode":"Sleepy"})") ==
	      "workMode: unknown value \"Sleepy\"");
	CHECK(requestError(R"({"request":"RequestMakeCall","userData":{"a":[1]}})") ==
	      "userData.a: expected a string or an integer");
	CHECK(requestError(R"({"request":"RequestMakeCall","userData":[]})") ==
	      "userData: expected an object of key/value pairs");
	std::string longName(500, 'x');
	CHECK(requestError(R"({"request":")" + longName + "\"}").size() < 80);
	/* Unknown members are ignored (newer writers). */
	auto ok = requestFromJson(parsed(R"({"request":"RequestSetDNDOn","thisDn":"1","future":[1,2]})"));
	REQUIRE(ok.has_value());
	CHECK(std::holds_alternative<req::SetDndOn>(*ok));
}

TEST_CASE("backend_json: malformed events and snapshots are refused with the path")
{
	CHECK(eventError(R"({"thisDn":"1"})") == "\"event\" is required (\"EventRinging\", ...)");
	CHECK(eventError(R"({"event":"EventTeleported"})") == "event: unknown value \"EventTeleported\"");
	CHECK(eventError(R"({"event":"EventRinging","sequence":-1})") ==
	      "sequence: expected an unsigned 64-bit integer");
	CHECK(eventError(R"({"event":"EventRinging","referenceId":4294967296})") ==
	      "referenceId: expected an unsigned 32-bit integer");
	CHECK(eventError(R"({"event":"EventRinging","call":{"parties":[{"dn":"1"},{"state":"Talking"}]}})") ==
	      "call.parties[1].state: unknown value \"Talking\"");
	CHECK(eventError(R"({"event":"EventRinging","dn":[]})") == "dn: expected an object");
	CHECK(eventError(R"({"event":"EventRinging","errorCode":1.5})") == "errorCode: expected a 32-bit integer");

	std::string error;
	CHECK_FALSE(controlRequestFromJson(parsed(R"({"control":"Explode"})"), &error).has_value());
	CHECK(error == "control: unknown value \"Explode\"");
	CHECK_FALSE(controlRequestFromJson(parsed(R"({"control":"SetBehaviour","behaviour":{"kind":"sing"}})"), &error)
			    .has_value());
	CHECK(error == "behaviour.kind: unknown value \"sing\"");
	CHECK_FALSE(switchStateFromJson(parsed(R"({"dns":[{"agentState":"Sleeping"}]})"), &error).has_value());
	CHECK(error == "dns[0].agentState: unknown value \"Sleeping\"");
}

TEST_CASE("backend_json: hostile text neither crashes the parser nor the reader")
{
	/* The parser refuses deep nesting; what it lets through, the reader refuses by field. */
	std::string deep = std::string(100000, '[') + std::string(100000, ']');
	rapidjson::Document doc;
	auto parseError = json::parse(deep, doc);
	REQUIRE(parseError);
	CHECK(parseError->message.find("nesting deeper") != std::string::npos);

	std::string error;
	std::string nested =
		R"({"event":"EventRinging","call":{"parties":)" + std::string(60, '[') + std::string(60, ']') + "}}";
	REQUIRE_FALSE(json::parse(nested, doc));
	CHECK_FALSE(requestFromJson(doc, &error).has_value());
	CHECK_FALSE(eventFromJson(doc, &error).has_value());
	CHECK(error == "call.parties[0]: expected an object");

	CHECK(json::parse("{\"request\":", doc));
}
