/* SPDX-License-Identifier: MIT */
/*
 * /sim/v1/faults: the faults in force (GET) and new ones (POST): the link down,
 * events delayed, requests or events dropped (docs/reliability.md).
 */
#include <chrono>

#include <fmt/format.h>

#include "ctisim/json/value.h"

#include "control/control_reply.h"
#include "control/control_routes.h"
#include "rest/rest_error.h" /* api/src */

namespace ctisim::api::control {

namespace {

namespace status = rest::status;
using rapidjson::Value;

/// What a POST changes; nothing for a GET.
struct FaultChange {
	std::optional<bool> linkUp;
	std::optional<std::int64_t> delayMs;
	std::optional<std::int64_t> drop;
	std::optional<std::int64_t> dropEvents;
};

std::string faultsJson(const FaultState &state)
{
	return fmt::format(
		R"({{"statusCode":0,"link":"{}","eventDelayMs":{},"dropRequests":{},"droppedRequests":{},"dropEvents":{},"droppedEvents":{}}})",
		state.linkUp ? "up" : "down", state.eventDelay.count(), state.dropRequests, state.droppedRequests,
		state.dropEvents, state.droppedEvents);
}

/// A non-negative integer of at most max, or an error message.
std::optional<std::string> checkCount(const Value &value, std::string_view key, std::int64_t max)
{
	if (!value.IsInt64() || value.GetInt64() < 0 || value.GetInt64() > max)
		return fmt::format("\"{}\" must be an integer from 0 to {}", key, max);
	return std::nullopt;
}

/// Applies change and answers the faults in force.
void applyFaults(ControlState &state, FaultChange change, HttpReply reply)
{
	/* On the core, where a reset swaps the fault injector: it cannot go away under us. */
	state.targets().core->post([&state, reply = std::move(reply), change]() mutable {
		FaultInjectingBackend *faults = state.faultInjector();
		if (!faults)
			return reply(rest::errorResponse(501, status::Internal,
							 "Fault injection is not available on this server"));
		if (change.linkUp)
			faults->setLinkUp(*change.linkUp);
		if (change.delayMs)
			faults->setEventDelay(std::chrono::milliseconds(*change.delayMs));
		if (change.drop)
			faults->dropRequests(static_cast<std::size_t>(*change.drop));
		if (change.dropEvents)
			faults->dropEvents(static_cast<std::size_t>(*change.dropEvents));
		faults->inspect(
			[reply = std::move(reply)](FaultState now) { reply(jsonResponse(200, faultsJson(now))); });
	});
}

} /* namespace */

void readFaults(ControlState &state, const HttpRequest &, const RouteArgs &, HttpReply reply)
{
	applyFaults(state, FaultChange{}, std::move(reply));
}

void setFaults(ControlState &state, const HttpRequest &request, const RouteArgs &, HttpReply reply)
{
	rapidjson::Document body;
	if (!parseBody(request, body, reply))
		return;
	FaultChange change;
	for (const auto &m : body.GetObject()) {
		std::string_view key = json::str(m.name);
		std::optional<std::string> error;
		if (key == "link") {
			if (m.value.IsString() && (json::str(m.value) == "up" || json::str(m.value) == "down"))
				change.linkUp = json::str(m.value) == "up";
			else
				error = "\"link\" must be \"up\" or \"down\"";
		} else if (key == "eventDelayMs") {
			if (!(error = checkCount(m.value, key, 60'000)))
				change.delayMs = m.value.GetInt64();
		} else if (key == "dropRequests") {
			if (!(error = checkCount(m.value, key, 1'000'000)))
				change.drop = m.value.GetInt64();
		} else if (key == "dropEvents") {
			if (!(error = checkCount(m.value, key, 1'000'000)))
				change.dropEvents = m.value.GetInt64();
		} else {
			error = fmt::format("Unknown key \"{}\" (use link, eventDelayMs, dropRequests, dropEvents)",
					    key);
		}
		if (error)
			return reply(rest::errorResponse(status::InputValidation, *error));
	}
	if (!change.linkUp && !change.delayMs && !change.drop && !change.dropEvents)
		return reply(rest::errorResponse(
			status::MissingParameter,
			"Give at least one of \"link\", \"eventDelayMs\", \"dropRequests\", \"dropEvents\""));
	applyFaults(state, change, std::move(reply));
}

} /* namespace ctisim::api::control */
