/* SPDX-License-Identifier: MIT */
/*
 * The in-flight tracker: local ids for operations waiting for the switch,
 * their results, time-outs and errors.
 */
#include "inflight.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "notification_publisher.h"
#include "resource_json.h"

namespace ctisim::api {

namespace {

void onTimeoutTimer(GwsState &state);

/* Unclaimed EventErrors kept at most (errors of requests GwsApi did not send). */
constexpr std::size_t maxPendingErrors = 64;

/* What a client gets for an operation while T-Server is out of reach (docs/api.md). */
constexpr std::string_view linkDownMessage =
	"T-Server is unavailable (No connection to the switch): try again when the device is Active";

/// Takes an operation out of inFlight; empty when it already ended.
std::optional<InFlightOperation> takeOperation(GwsState &state, std::uint64_t id)
{
	auto node = state.inFlight.extract(id);
	if (node.empty())
		return std::nullopt;
	return std::move(node.mapped());
}

/// Publishes the pending errors: whatever is left was not caused by GwsApi.
void flushPendingErrors(GwsState &state)
{
	auto pending = std::move(state.pendingErrors);
	state.pendingErrors.clear();
	for (auto &[ref, error] : pending) {
		UserView *view = state.viewOfDn(error.thisDn);
		std::string_view name = error.failedRequest;
		if (name.substr(0, 7) == "Request")
			name.remove_prefix(7);
		if (view)
			publishError(state, *view, error, std::string(name));
	}
}

void onResult(GwsState &state, const Exchange &ex, const std::string &op, const RequestResult &result)
{
	if (!result.ok()) {
		auto it = state.pendingErrors.find(result.referenceId);
		Event error;
		if (it != state.pendingErrors.end()) {
			error = std::move(it->second);
			state.pendingErrors.erase(it);
		} else {
			error.type = EventType::Error;
			error.referenceId = result.referenceId;
			error.errorCode = result.errorCode;
			error.errorMessage = result.errorMessage;
			error.time = state.clock.now();
		}
		if (UserView *view = state.viewOf(ex.userId))
			publishError(state, *view, error, op);
	}
	/* Whatever is left was not caused by GwsApi: tell the user about it now. */
	flushPendingErrors(state);
}

void onOperationResult(GwsState &state, std::uint64_t id, const RequestResult &result)
{
	std::optional<InFlightOperation> operation = takeOperation(state, id);
	if (!operation) {
		/* Too late: the client has had its answer. Its EventError must not surface later. */
		state.pendingErrors.erase(result.referenceId);
		return;
	}
	onResult(state, operation->ex, operation->op, result);
	/* The step's events are all in (backend.h): its notifications leave before the response. */
	if (!state.capabilityCheckDue.empty())
		notifyChangedCapabilities(state);
	if (operation->endSession)
		state.endSession(operation->ex);
	if (!operation->answer.empty())
		return state.respond(operation->ex, 200, std::move(operation->answer));
	state.respondOk(operation->ex);
}

/// Arms the time-out timer for deadline unless it is armed for an earlier one.
void armTimeout(GwsState &state, Executor::TimePoint deadline)
{
	if (state.timeoutArmedAt && *state.timeoutArmedAt <= deadline)
		return;
	if (!state.timeoutTimer) {
		std::weak_ptr<GwsState> weak = state.weak_from_this();
		state.timeoutTimer = state.core.makeTimer([weak] {
			if (auto self = weak.lock())
				onTimeoutTimer(*self);
		});
	}
	state.timeoutArmedAt = deadline;
	state.timeoutTimer->armAt(deadline);
}

/// The time-out timer fired: answers 504 every operation past its deadline and
/// re-arms for the earliest deadline left. Operations answered meanwhile are gone
/// already. (A reset may change the time-out: deadlines need not follow ids.)
void onTimeoutTimer(GwsState &state)
{
	state.timeoutArmedAt.reset();
	const Executor::TimePoint now = state.core.now();
	std::optional<Executor::TimePoint> next;
	for (auto it = state.inFlight.begin(); it != state.inFlight.end();) {
		if (it->second.deadline > now) {
			next = next ? std::min(*next, it->second.deadline) : it->second.deadline;
			++it;
			continue;
		}
		InFlightOperation operation = std::move(it->second);
		it = state.inFlight.erase(it);
		state.fail(operation.ex, ApiError{status::Internal,
						  fmt::format("T-Server did not answer {} within {} ms",
							      operation.requestName, state.config.requestTimeoutMs),
						  504});
	}
	if (next)
		armTimeout(state, *next);
}

} /* namespace */

void submitOperation(GwsState &state, Exchange &ex, Request request, std::string op, bool endSession,
		     std::string answer)
{
	if (!state.linkUp)
		return state.fail(ex, ApiError{status::Internal, std::string(linkDownMessage), 503});
	std::uint64_t id = state.nextOperation++;
	const Executor::TimePoint deadline =
		state.core.now() + std::chrono::milliseconds(state.config.requestTimeoutMs);
	state.inFlight.emplace(id, InFlightOperation{std::move(ex), std::move(op), requestName(request), endSession,
						     std::move(answer), deadline});
	std::weak_ptr<GwsState> weak = state.weak_from_this();
	/* On the core, the switch may run the step now and answer before submit returns. */
	state.stepEndsInResult = true;
	state.backend.submit(std::move(request), [weak, id](RequestResult result) {
		if (auto self = weak.lock())
			onOperationResult(*self, id, result);
	});
	state.stepEndsInResult = false;
	if (!state.capabilityCheckDue.empty())
		notifyChangedCapabilities(state);
	/* Answered already (inside submit): only one still waiting needs the timer. */
	if (!state.inFlight.contains(id))
		return;
	if (state.config.requestTimeoutMs > 0)
		armTimeout(state, deadline);
}

void holdSwitchError(GwsState &state, const Event &error)
{
	if (state.pendingErrors.size() >= maxPendingErrors)
		flushPendingErrors(state);
	state.pendingErrors[error.referenceId] = error;
}

void abandonInFlight(GwsState &state, const Event &error)
{
	for (auto &[id, operation] : std::exchange(state.inFlight, {})) {
		/* Accepted before the link went: answered as accepted, the failure comes on CometD. */
		if (UserView *view = state.viewOf(operation.ex.userId))
			publishError(state, *view, error, operation.op);
		state.respondOk(operation.ex);
	}
}

} /* namespace ctisim::api */
