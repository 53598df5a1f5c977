/* SPDX-License-Identifier: MIT */
/*
 * Sample values of the Backend vocabulary for the wire codec's tests: one of
 * every request, a call and a DN snapshot with every field set, an event that
 * carries them, one of every control request, results, a JSON parse that
 * fails the test on error, and the body of a binary frame (link_binary.h).
 */
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "ctisim/json/parse.h"
#include "ctisim/wire/backend_json.h"
#include "ctisim/wire/link_binary.h"

namespace ctisim::test {

inline const ConnId call1(0x0071027198180007ULL);
inline const ConnId call2(0x00710271981800a8ULL);

inline UserData sampleData()
{
	return UserData{{"Subject", std::string("Sales")},
			{"Priority", std::int64_t{5}},
			{"Subject", std::string("dup \"quoted\" \xc3\xa9")}};
}

inline std::vector<Request> everyRequest()
{
	UserData data = sampleData();
	return {
		req::MakeCall{"15000", "15001", "site-a", data},
		req::AnswerCall{{"15001", call1}},
		req::ReleaseCall{{"15001", call1}},
		req::ClearCall{{"15001", call1}},
		req::HoldCall{{"15001", call1}},
		req::RetrieveCall{{"15001", call1}},
		req::InitiateTransfer{{"15000", call1, "15002", "", data}},
		req::CompleteTransfer{{"15000", call1, call2}},
		req::InitiateConference{{"15000", call1, "15002", "loc", {}}},
		req::CompleteConference{{"15000", call1, call2}},
		req::SingleStepTransfer{{"15000", call1, "15002", "", {}}},
		req::SingleStepConference{{"15000", call1, "15002", "", data}},
		req::DeleteFromConference{"15000", call1, "15002"},
		req::AlternateCall{{"15000", call1, call2}},
		req::SendDtmf{"15000", call1, "12#*"},
		req::SetMuteOn{{"15000", call1}},
		req::SetMuteOff{{"15000", call1}},
		req::AttachUserData{"15000", call1, data},
		req::UpdateUserData{"15000", call1, data},
		req::DeleteUserData{"15000", call1, "Subject"},
		req::DeleteAllUserData{{"15000", call1}},
		req::AgentLogin{"15000", "agent15000", "7000", WorkMode::AutoIn},
		req::AgentLogout{"15000", "7000"},
		req::AgentReady{"15000", WorkMode::ManualIn, {}},
		req::AgentNotReady{"15000", WorkMode::AuxWork, UserData{{"ReasonCode", std::string("Lunch")}}},
		req::SetDndOn{"15000"},
		req::SetDndOff{"15000"},
		req::CallForwardSet{"15000", "15003"},
		req::CallForwardCancel{"15000"},
		req::QueryAddress{"15000"},
		req::MonitorNextCall{"16000", "15000", MonitorType::AllCalls, MonitorMode::Coach, MonitorScope::Agent},
		req::CancelMonitoring{"16000", "15000"},
		req::RedirectCall{"15001", call1, "15003"},
		req::ReconnectCall{{"15000", call1, call2}},
		req::MergeCalls{{"15000", call1, call2}, MergeType::ForConference},
		req::SendUserEvent{"15000", call1, "01RCC3N118B1V0SL8O7GK2LAES000007", data},
	};
}

inline CallSnapshot sampleCall()
{
	CallSnapshot call;
	call.connId = call1;
	call.callUuid = "01RCC3N118B1V0SL8O7GK2LAES000007";
	call.callType = CallType::Inbound;
	call.ani = "+14155550100";
	call.dnis = "7000";
	call.userData = sampleData();
	call.startedAt = 1767225600000;
	call.parties.push_back(PartySnapshot{"16000", DnType::Extension, PartyState::Established, DnRole::Observer,
					     true, 1767225601500, MonitorMode::Mute, "15000"});
	call.parties.push_back(
		PartySnapshot{"15002", DnType::Extension, PartyState::Ringing, DnRole::NewParty, false, 1767225601000});
	call.parties.push_back(
		PartySnapshot{"15000", DnType::Extension, PartyState::Held, DnRole::Destination, true, 1767225600500});
	call.parties.push_back(PartySnapshot{"+14155550100", DnType::External, PartyState::Established,
					     DnRole::Origination, false, 1767225600000});
	call.parentConnId = call2;
	call.consultConnId = ConnId(0x42);
	call.consultForTransfer = true;
	call.conferenceOwner = "15000";
	return call;
}

inline DnSnapshot sampleDn()
{
	return DnSnapshot{"15000",
			  DnType::Extension,
			  AgentState::NotReady,
			  WorkMode::AuxWork,
			  "agent15000",
			  true,
			  "15009",
			  UserData{{"ReasonCode", std::string("Lunch")}},
			  MonitoringSnapshot{"15001", MonitorType::AllCalls, MonitorMode::Connect, MonitorScope::Agent},
			  "16000"};
}

inline Event fullEvent(EventType type)
{
	Event e;
	e.type = type;
	e.referenceId = 12;
	e.sequence = 4000000000123ULL;
	e.time = 1767225601234;
	e.thisDn = "15000";
	e.thisDnRole = DnRole::ConferencedBy;
	e.otherDn = "15002";
	e.otherDnRole = DnRole::NewParty;
	e.thirdPartyDn = "+14155550100";
	e.thirdPartyDnRole = DnRole::Origination;
	e.connId = call1;
	e.previousConnId = call2;
	e.callState = CallState::Conferenced;
	e.callType = CallType::Inbound;
	e.call = std::make_shared<const CallSnapshot>(sampleCall());
	e.dn = std::make_shared<const DnSnapshot>(sampleDn());
	e.digits = "123";
	e.errorCode = 56;
	e.errorMessage = "Invalid ConnectionID";
	e.failedRequest = "RequestSingleStepConference";
	e.extensions = UserData{{"BusinessCall", std::int64_t{1}}};
	e.reasons = UserData{{"ReasonCode", std::string("Lunch")}};
	e.monitorType = MonitorType::AllCalls;
	e.callUuid = "01RCC3N118B1V0SL8O7GK2LAES000007";
	/* Without sampleData()'s duplicate key: rapidjson's == looks members up by name. */
	e.userData = UserData{{"Disposition", std::string("Sale")}, {"Attempts", std::int64_t{2}}};
	return e;
}

/// One of every control request, every member set (checked against the variant by the tests).
inline std::vector<ControlRequest> everyControlRequest()
{
	SwitchConfig config;
	config.seed = 7;
	config.dns = {
		DnConfig{"15000", DnType::Extension, {}, {}, {}},
		DnConfig{"7000", DnType::AcdQueue, DnBehaviour{DnBehaviour::Kind::Reject, 0, 241}, {"15000"}, {}}};
	config.unknownNumbersAreExternal = false;
	config.externalBehaviour = DnBehaviour{DnBehaviour::Kind::Busy, 250, 233};
	InitialCall call;
	static_cast<CallFacts &>(call) = sampleCall();
	call.parties = {InitialParty{"+14155550100", PartyState::Established, false},
			InitialParty{"15000", PartyState::Held, true}};
	config.calls = {call};
	config.agents = {InitialAgent{"15000", "agent15000", AgentState::Ready, WorkMode::AutoIn, sampleData()}};
	return {
		ctl::Reset{config},
		ctl::SetBehaviour{"15001", DnBehaviour{DnBehaviour::Kind::NoAnswer, 1500, 233}},
		ctl::SetClock{1767225600000},
		ctl::AdvanceClock{-250},
		ctl::DumpState{},
	};
}

inline RequestResult sampleRequestResult()
{
	RequestResult r;
	r.referenceId = 77;
	r.errorCode = 56;
	r.errorMessage = "Invalid ConnectionID";
	r.dn = std::make_shared<const DnSnapshot>(sampleDn());
	r.calls = {std::make_shared<const CallSnapshot>(sampleCall()), std::make_shared<const CallSnapshot>()};
	r.newConnId = call2;
	return r;
}

inline ControlResult sampleControlResult()
{
	ControlResult r;
	r.errorCode = 1;
	r.errorMessage = "no such DN";
	r.state.now = 1767225600123;
	r.state.virtualClock = true;
	r.state.dns = {sampleDn(), DnSnapshot{}};
	r.state.calls = {sampleCall()};
	r.state.lastEventSequence = 99;
	return r;
}

/// The body of a frame built by link_binary.h (its payload after the tag and id).
inline std::string binaryBody(const std::string &frame)
{
	std::string error;
	std::optional<wire::BinaryMessage> message =
		wire::decodeBinaryMessage(std::string_view(frame).substr(4), &error);
	REQUIRE_MESSAGE(message.has_value(), error);
	return std::string(message->body);
}

inline rapidjson::Document parsed(const std::string &text)
{
	rapidjson::Document doc;
	auto error = json::parse(text, doc);
	REQUIRE_MESSAGE(!error, (error ? error->str() : std::string())); /* doctest -s reports successes too */
	return doc;
}

} /* namespace ctisim::test */
