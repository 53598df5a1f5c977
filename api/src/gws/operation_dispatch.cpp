/* SPDX-License-Identifier: MIT */
/*
 * Operation dispatch by the operation table.
 */
#include "operation_dispatch.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "agent_operations.h"
#include "capabilities.h"
#include "inflight.h"
#include "resource_json.h"
#include "supervisor_operations.h"

namespace ctisim::api {

namespace {

/// The row of the body's operationName that is accepted at the target's place; a
/// name of the agent-state catalogue (not a system state) takes the catalogue row.
MaybeError findRow(const RequestBody &body, const OperationTarget &target, const GwsConfig &config,
		   const OperationRow *&row, std::string &name)
{
	if (MaybeError error = body.operationName(name))
		return error;
	row = findOperation(name);
	if (!row && config.desktop.findOperation(name))
		row = &catalogueStateRow();
	if (row && accepts(row->places, target.place))
		return std::nullopt;
	/* On an ended call, only what an ended call takes: anything else finds no call. */
	if (target.place == Place::ReleasedCall)
		return ApiError{status::NotFound, fmt::format("Call {} not found", target.callId)};
	return ApiError{status::InputValidation,
			fmt::format("Input validation error: unknown operationName '{}'", name)};
}

/// The gate: Gate::Supervisor first refuses a user without the role (desktop-fidelity.md §6.2);
/// a gate's feature must be on for the contact center (§6.2, §7.4); then the call's or device's
/// capabilities must allow the operation now (for Gate::Supervisor, its builder checks the state).
MaybeError checkGate(const OperationRow &row, const OperationTarget &target, const GwsConfig &config)
{
	if (row.gate == Gate::Always)
		return std::nullopt;
	if (row.gate == Gate::Supervisor && !hasSupervisorRole(target.view.user()))
		return ApiError{status::PermissionDenied,
				"The user does not have permission to perform this operation"};
	if (std::string_view feature = requiredFeature(row.gate);
	    !feature.empty() && !config.desktop.hasFeature(feature))
		return ApiError{status::Forbidden,
				fmt::format("Feature {} is not enabled for this contact center", feature)};
	if (row.gate == Gate::Supervisor)
		return std::nullopt;
	if (target.place == Place::Call) {
		if (!callOperationAllowed(target.view.context(*target.call), row.op))
			return ApiError{status::InvalidState,
					fmt::format("Operation {} is not valid in the call's current state", row.name)};
		return std::nullopt;
	}
	std::vector<std::string_view> caps =
		deviceCapabilities(target.view.dn(), maySupervise(target.view.user(), config));
	if (std::find(caps.begin(), caps.end(), row.name) == caps.end())
		return ApiError{status::InvalidState,
				fmt::format("Operation {} is not valid in the device's current state", row.name)};
	return std::nullopt;
}

} /* namespace */

void dispatchOperation(GwsState &state, Exchange &ex, const OperationTarget &target)
{
	RequestBody body;
	const OperationRow *row = nullptr;
	std::string name;
	MaybeError error = body.parse(ex.request.body);
	if (!error)
		error = findRow(body, target, state.config, row, name);
	if (!error)
		error = checkGate(*row, target, state.config);
	if (error)
		return state.fail(ex, *error);
	OperationPlan plan =
		row->build(OperationInput{row->op, name, body, target.view, target.call, state.config, state});
	if (plan.error)
		return state.fail(ex, *plan.error);
	if (plan.request)
		return submitOperation(state, ex, std::move(*plan.request), name, plan.endsSession,
				       std::move(plan.answer));
	if (plan.endsSession)
		state.endSession(ex);
	if (!plan.answer.empty())
		return state.respond(ex, 200, std::move(plan.answer));
	state.respondOk(ex);
}

} /* namespace ctisim::api */
