/* SPDX-License-Identifier: MIT */
/*
 * Calls from outside and the remote parties on them: POST /sim/v1/calls,
 * POST /sim/v1/parties/{dn}/answer|hangup|dtmf, and how a number behaves,
 * PUT /sim/v1/dns/{dn}/behaviour.
 */
#include <vector>

#include <fmt/format.h>

#include "ctisim/json/value.h"

#include "control/control_reply.h"
#include "control/control_routes.h"
#include "rest/rest_error.h" /* api/src */

namespace ctisim::api::control {

namespace {

namespace status = rest::status;
using rapidjson::Value;

constexpr std::int64_t maxAnswerDelayMs = 86'400'000;

enum class PartyAction { Answer, HangUp, Dtmf };

/// False (and the error answered) when dn is not a phone number.
bool checkNumber(const std::string &dn, HttpReply &reply)
{
	if (validNumber(dn))
		return true;
	reply(rest::errorResponse(status::InputValidation, fmt::format("\"{}\" is not a phone number", printable(dn))));
	return false;
}

void actAsParty(ControlState &state, const HttpRequest &request, const std::string &dn, PartyAction action,
		HttpReply reply)
{
	if (!checkNumber(dn, reply))
		return;
	rapidjson::Document body;
	if (!parseBody(request, body, reply))
		return;
	std::optional<ConnId> connId;
	std::string callUuid;
	if (const Value *c = json::member(body, "connId")) {
		if (c->IsString())
			connId = ConnId::parse(json::str(*c));
		if (!connId) {
			reply(rest::errorResponse(status::InputValidation, "\"connId\" must be 16 hex digits"));
			return;
		}
	}
	if (const Value *u = json::member(body, "callUuid")) {
		if (!u->IsString()) {
			reply(rest::errorResponse(status::InputValidation, "\"callUuid\" must be a string"));
			return;
		}
		callUuid = std::string(json::str(*u));
	}
	std::string digits;
	if (action == PartyAction::Dtmf) {
		const Value *d = json::member(body, "digits");
		if (!d) {
			reply(rest::errorResponse(status::MissingParameter, "\"digits\" is required"));
			return;
		}
		if (!d->IsString() || d->GetStringLength() == 0) {
			reply(rest::errorResponse(status::InputValidation, "\"digits\" must be a non-empty string"));
			return;
		}
		digits = std::string(json::str(*d));
	}
	Targets t = state.targets();
	Backend *backend = t.backend;
	auto submit = [reply, backend, dn, action, digits](ConnId id) {
		auto onResult = [reply](RequestResult result) {
			if (!result.ok())
				reply(switchError(result.errorCode, result.errorMessage));
			else
				reply(okResponse());
		};
		switch (action) {
		case PartyAction::Answer: backend->submit(req::AnswerCall{{dn, id}}, onResult); break;
		case PartyAction::HangUp: backend->submit(req::ReleaseCall{{dn, id}}, onResult); break;
		case PartyAction::Dtmf: backend->submit(req::SendDtmf{dn, id, digits}, onResult); break;
		}
	};
	if (connId) {
		submit(*connId);
		return;
	}
	// Find the call by its UUID, or the only call the DN is on.
	t.control->control(ctl::DumpState{}, [reply, submit, dn, callUuid](ControlResult result) {
		std::vector<ConnId> candidates;
		for (const CallSnapshot &call : result.state.calls) {
			if (!callUuid.empty() ? call.callUuid == callUuid : call.party(dn) != nullptr)
				candidates.push_back(call.connId);
		}
		if (candidates.empty()) {
			reply(rest::errorResponse(status::NotFound,
						  callUuid.empty() ? fmt::format("{} is on no call", dn)
								   : fmt::format("No call has callUuid {}", callUuid)));
			return;
		}
		if (candidates.size() > 1) {
			reply(rest::errorResponse(
				status::MissingParameter,
				fmt::format("{} is on {} calls; name one with \"connId\" or \"callUuid\"", dn,
					    candidates.size())));
			return;
		}
		submit(candidates.front());
	});
}

} /* namespace */

void injectCall(ControlState &state, const HttpRequest &request, const RouteArgs &, HttpReply reply)
{
	rapidjson::Document body;
	if (!parseBody(request, body, reply))
		return;
	const Value *from = json::member(body, "from");
	const Value *to = json::member(body, "to");
	if (!from || !to) {
		reply(rest::errorResponse(status::MissingParameter,
					  "\"from\" and \"to\" are required (phone numbers as strings)"));
		return;
	}
	if (!from->IsString() || !validNumber(json::str(*from)) || !to->IsString() || !validNumber(json::str(*to))) {
		reply(rest::errorResponse(
			status::InputValidation,
			"\"from\" and \"to\" must be phone numbers (digits, optionally a leading '+')"));
		return;
	}
	req::MakeCall makeCall;
	makeCall.thisDn = std::string(json::str(*from));
	makeCall.destination = std::string(json::str(*to));
	if (const Value *data = json::member(body, "userData")) {
		if (!data->IsObject()) {
			reply(rest::errorResponse(status::InputValidation,
						  "\"userData\" must be an object of key/value pairs"));
			return;
		}
		for (const auto &m : data->GetObject()) {
			if (m.value.IsString())
				makeCall.userData.attach(
					{{std::string(json::str(m.name)), std::string(json::str(m.value))}});
			else if (m.value.IsInt64())
				makeCall.userData.attach({{std::string(json::str(m.name)), m.value.GetInt64()}});
			else {
				reply(rest::errorResponse(status::InputValidation,
							  fmt::format("userData \"{}\" must be a string or an integer",
								      json::str(m.name))));
				return;
			}
		}
	}
	Targets t = state.targets();
	SwitchControl *control = t.control;
	t.backend->submit(std::move(makeCall), [reply, control](RequestResult result) {
		if (!result.ok()) {
			reply(switchError(result.errorCode, result.errorMessage));
			return;
		}
		ConnId connId = result.newConnId;
		control->control(ctl::DumpState{}, [reply, connId](ControlResult dump) {
			std::string callUuid;
			for (const CallSnapshot &call : dump.state.calls) {
				if (call.connId == connId)
					callUuid = call.callUuid;
			}
			reply(jsonResponse(200, fmt::format(R"({{"statusCode":0,"connId":"{}","callUuid":"{}"}})",
							    connId.str(), callUuid)));
		});
	});
}

void partyAnswer(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply)
{
	actAsParty(state, request, args.dn, PartyAction::Answer, std::move(reply));
}

void partyHangUp(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply)
{
	actAsParty(state, request, args.dn, PartyAction::HangUp, std::move(reply));
}

void partyDtmf(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply)
{
	actAsParty(state, request, args.dn, PartyAction::Dtmf, std::move(reply));
}

void setBehaviour(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply)
{
	if (!checkNumber(args.dn, reply))
		return;
	rapidjson::Document body;
	if (!parseBody(request, body, reply))
		return;
	DnBehaviour behaviour;
	const Value *kind = json::member(body, "behaviour");
	if (!kind) {
		reply(rest::errorResponse(status::MissingParameter,
					  "\"behaviour\" is required: answer, busy, noAnswer, ringForever or reject"));
		return;
	}
	if (!kind->IsString() || !parse(json::str(*kind), behaviour.kind)) {
		reply(rest::errorResponse(status::InputValidation,
					  "\"behaviour\" must be one of answer, busy, noAnswer, ringForever, reject"));
		return;
	}
	if (const Value *delay = json::member(body, "answerDelayMs")) {
		if (!delay->IsInt64() || delay->GetInt64() < 0 || delay->GetInt64() > maxAnswerDelayMs) {
			reply(rest::errorResponse(status::InputValidation,
						  "\"answerDelayMs\" must be an integer from 0 to 86400000 (a day)"));
			return;
		}
		behaviour.answerDelayMs = delay->GetInt64();
	}
	if (const Value *code = json::member(body, "rejectCode")) {
		if (!code->IsInt() || code->GetInt() <= 0) {
			reply(rest::errorResponse(status::InputValidation,
						  "\"rejectCode\" must be a positive integer (a T-Server error code)"));
			return;
		}
		behaviour.rejectErrorCode = code->GetInt();
	}
	state.targets().control->control(ctl::SetBehaviour{args.dn, behaviour}, [reply](ControlResult result) {
		if (!result.ok())
			reply(switchError(result.errorCode, result.errorMessage));
		else
			reply(okResponse());
	});
}

} /* namespace ctisim::api::control */
