/* SPDX-License-Identifier: MIT */
/*
 * The Statistics API resource: which object an id names, who may read it, the
 * range parameters, the documented answer.
 */
#include "stats_resource.h"

#include <charconv>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "http_auth.h" /* api/src */
#include "resource_json.h"
#include "resources.h"

namespace ctisim::api {

namespace {

/// What an object id names: an agent's DN (a user id or a device id) or a queue's.
struct StatTarget {
	StatObject kind = StatObject::Agent;
	Dn dn;
	const UserView *agent = nullptr;
};

std::optional<StatTarget> findTarget(GwsState &state, const UserView &viewer, std::string_view id)
{
	const DirectoryUser *user = state.directory.findById(id);
	if (!user)
		user = state.directory.findByDeviceId(id);
	if (user) {
		const UserView *view = state.viewOf(user->id);
		if (!view || user->dn.empty() || !mayReadUser(viewer.user(), *user))
			return std::nullopt;
		return StatTarget{StatObject::Agent, user->dn, view};
	}
	for (const Dn &queue : state.config.queues) {
		if (queue == id)
			return StatTarget{StatObject::Queue, queue, nullptr};
	}
	return std::nullopt;
}

/// A query parameter that must be a whole number (milliseconds, or a count from 1).
MaybeError wholeNumber(const HttpRequest &request, std::string_view name, std::uint64_t min,
		       std::optional<std::uint64_t> &out)
{
	std::optional<std::string> text = queryParam(request.query(), name);
	if (!text)
		return std::nullopt;
	std::uint64_t value = 0;
	auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
	if (text->empty() || ec != std::errc() || end != text->data() + text->size() || value < min ||
	    value > static_cast<std::uint64_t>(INT64_MAX))
		return ApiError{status::InputValidation,
				fmt::format("Invalid value of {}: a whole number from {} is expected", name, min)};
	out = value;
	return std::nullopt;
}

MaybeError parseRange(const HttpRequest &request, StatRange &range)
{
	if (!parseQuery(request.query()))
		return ApiError{status::InputValidation, "Invalid query string"};
	std::optional<std::uint64_t> numValues, from, to;
	if (MaybeError error = wholeNumber(request, "numValues", 1, numValues))
		return error;
	if (MaybeError error = wholeNumber(request, "from", 0, from))
		return error;
	if (MaybeError error = wholeNumber(request, "to", 0, to))
		return error;
	if (from && to && *from > *to)
		return ApiError{status::InputValidation, "Invalid time range: from is after to"};
	if (numValues)
		range.numValues = static_cast<std::size_t>(*numValues);
	if (from)
		range.from = static_cast<TimeMs>(*from);
	if (to)
		range.to = static_cast<TimeMs>(*to);
	return std::nullopt;
}

/// {"objectId","statusCode":0,"statistics":[{"statistic","value","time"}]}: the StatisticsAPI sample's order.
void respondStatistics(GwsState &state, Exchange &ex, std::string_view objectId, const std::vector<StatSample> &samples)
{
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	w.StartObject();
	writeKey(w, "objectId");
	writeString(w, objectId);
	writeKey(w, "statusCode");
	w.Int(0);
	writeKey(w, "statistics");
	w.StartArray();
	for (const StatSample &sample : samples) {
		w.StartObject();
		writeKey(w, "statistic");
		writeString(w, sample.statistic);
		writeKey(w, "value");
		if (const auto *number = std::get_if<std::int64_t>(&sample.value))
			w.Int64(*number);
		else
			writeString(w, std::get<std::string>(sample.value));
		writeKey(w, "time");
		w.Int64(sample.time);
		w.EndObject();
	}
	w.EndArray();
	w.EndObject();
	state.respond(ex, 200, jsonText(buffer));
}

/// GET /api/v1/stats/{objectId}[/{statistic}]: every statistic's latest value, or one
/// statistic's values in the query's range.
void answerStatistics(GwsState &state, Exchange &ex, UserView &viewer, std::string_view object,
		      const std::string_view *statisticName)
{
	/* Ids are taken as they are, like every GWS id (they are hex, uuids or digits). */
	std::string objectId(object);
	std::optional<StatTarget> target = findTarget(state, viewer, objectId);
	/* Another agent's statistics are answered like an unknown object: they hide its existence. */
	if (!target)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Object {} not found", objectId)});
	TimeMs now = state.clock.now();
	std::string agentState;
	if (target->agent)
		agentState =
			userStateOf(target->agent->dn(), target->agent->reason(), state.config.desktop).displayName;
	if (!statisticName)
		return respondStatistics(state, ex, objectId,
					 state.statistics.latest(target->kind, target->dn, agentState, now));
	StatRange range;
	if (MaybeError error = parseRange(ex.request, range))
		return state.fail(ex, *error);
	std::string statistic(*statisticName);
	std::optional<std::vector<StatSample>> samples =
		state.statistics.range(target->kind, target->dn, statistic, agentState, range, now);
	if (!samples)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Statistic {} not found for object {}",
									     statistic, objectId)});
	respondStatistics(state, ex, objectId, *samples);
}

} /* namespace */

void getObjectStatistics(GwsState &state, Exchange &ex, UserView &viewer, std::string_view object)
{
	answerStatistics(state, ex, viewer, object, nullptr);
}

void getObjectStatistic(GwsState &state, Exchange &ex, UserView &viewer, std::string_view object,
			std::string_view statistic)
{
	answerStatistics(state, ex, viewer, object, &statistic);
}

} /* namespace ctisim::api */
