/* SPDX-License-Identifier: MIT */
/*
 * GET /sim/v1/clock reads the switch's clock; POST sets or advances a virtual one
 * (and delivers the delayed events that became due: FaultInjectingBackend).
 */
#include <fmt/format.h>

#include "ctisim/json/value.h"

#include "control/control_reply.h"
#include "control/control_routes.h"
#include "rest/rest_error.h" /* api/src */

namespace ctisim::api::control {

namespace {

namespace status = rest::status;
using rapidjson::Value;

/* Bounds on times from clients: the switch adds them to its clock, and an
 * int64 near its limit would overflow there. The same as the configuration's. */
constexpr std::int64_t maxTimeMs = 253'402'300'799'999; /* 9999-12-31T23:59:59.999Z */
constexpr std::int64_t maxAdvanceMs = 100LL * 365 * 86'400'000;

/// The clock after a control request, or why it could not move.
SwitchControl::ControlHandler answerClock(HttpReply reply)
{
	return [reply = std::move(reply)](ControlResult result) {
		if (!result.ok()) {
			reply(rest::errorResponse(409, status::InvalidState,
						  result.errorMessage.empty() ? "The clock cannot be changed"
									      : result.errorMessage));
			return;
		}
		reply(jsonResponse(200, fmt::format(R"({{"statusCode":0,"now":{},"virtualClock":{}}})",
						    result.state.now, result.state.virtualClock ? "true" : "false")));
	};
}

/// Moves the clock, then answers once the fault injector has delivered what
/// became due (delays on the virtual clock), so that a step's notifications
/// are out before its reply.
void moveThenAnswer(ControlState &state, ControlRequest request, HttpReply reply)
{
	state.targets().control->control(std::move(request), [&state,
							      reply = std::move(reply)](ControlResult result) mutable {
		if (!result.ok())
			return answerClock(std::move(reply))(std::move(result));
		/* On the core, where a reset swaps the fault injector: it cannot go away under us. */
		state.targets().core->post([&state, reply = std::move(reply), result = std::move(result)]() mutable {
			FaultInjectingBackend *faults = state.faultInjector();
			if (!faults)
				return answerClock(std::move(reply))(std::move(result));
			faults->clockMoved();
			faults->inspect([reply = std::move(reply), result = std::move(result)](FaultState) mutable {
				answerClock(std::move(reply))(std::move(result));
			});
		});
	});
}

} /* namespace */

void readClock(ControlState &state, const HttpRequest &, const RouteArgs &, HttpReply reply)
{
	state.targets().control->control(ctl::DumpState{}, answerClock(std::move(reply)));
}

void moveClock(ControlState &state, const HttpRequest &request, const RouteArgs &, HttpReply reply)
{
	rapidjson::Document body;
	if (!parseBody(request, body, reply))
		return;
	const Value *set = json::member(body, "set");
	const Value *advance = json::member(body, "advance");
	if ((set != nullptr) == (advance != nullptr)) {
		reply(rest::errorResponse(status::MissingParameter,
					  "Give exactly one of \"set\" (ms since the epoch) or \"advance\" (ms)"));
		return;
	}
	if (set) {
		if (!set->IsInt64() || set->GetInt64() < 0 || set->GetInt64() > maxTimeMs) {
			reply(rest::errorResponse(
				status::InputValidation,
				"\"set\" must be an integer (ms since the epoch, up to the year 9999)"));
			return;
		}
		moveThenAnswer(state, ctl::SetClock{set->GetInt64()}, std::move(reply));
	} else {
		if (!advance->IsInt64() || advance->GetInt64() < 0 || advance->GetInt64() > maxAdvanceMs) {
			reply(rest::errorResponse(status::InputValidation,
						  "\"advance\" must be an integer from 0 to 100 years (ms)"));
			return;
		}
		moveThenAnswer(state, ctl::AdvanceClock{advance->GetInt64()}, std::move(reply));
	}
}

} /* namespace ctisim::api::control */
