/* SPDX-License-Identifier: MIT */
/*
 * Targets: the directory's contacts under their v3 types and DBIDs.
 */
#include "workspace/targets.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>

#include "ctisim/json/value.h"
#include "ctisim/json/write.h"
#include "gws/request_body.h"
#include "http_auth.h" /* api/src */

namespace ctisim::api::workspace {

namespace {

using json::writeKey;
using json::writeString;

/* Recents and favourites each user keeps at most. */
constexpr std::size_t maxSaved = 50;
constexpr std::size_t defaultLimit = 10;

/// A contact as a v3 target: its type and numeric DBID.
struct TargetRef {
	const Contact *contact = nullptr;
	std::string_view type;
	long long dbid = 0;
};

TargetRef refOf(const WorkspaceState &state, const Contact &contact)
{
	TargetRef ref{&contact, "custom-contact", 0};
	if (contact.user) {
		ref.type = "agent";
		ref.dbid = state.dbidOf(*contact.user);
		return ref;
	}
	/* The other contacts count from 1000 in the configuration's order. */
	const auto &targets = state.config.targets;
	auto it = std::find_if(targets.begin(), targets.end(), [&](const Contact &c) { return c.id == contact.id; });
	ref.dbid = 1000 + (it - targets.begin());
	if (contact.type == ContactType::Queue) {
		const auto &points = state.config.routingPoints;
		bool routePoint = !contact.phones.empty() && std::find(points.begin(), points.end(),
								       contact.phones.front().number) != points.end();
		ref.type = routePoint ? "route-point" : "acd-queue";
	}
	return ref;
}

std::vector<TargetRef> allTargets(const WorkspaceState &state)
{
	std::vector<TargetRef> out;
	for (const Contact *contact : state.targets.search(ContactQuery{}))
		out.push_back(refOf(state, *contact));
	return out;
}

std::optional<TargetRef> findTarget(const WorkspaceState &state, std::string_view type, std::string_view id)
{
	for (const TargetRef &ref : allTargets(state)) {
		if (ref.type == type && std::to_string(ref.dbid) == id)
			return ref;
	}
	return std::nullopt;
}

void writeTarget(json::Writer &w, const WorkspaceState &state, const TargetRef &ref)
{
	const Contact &contact = *ref.contact;
	w.StartObject();
	writeKey(w, "DBID");
	w.Int64(ref.dbid);
	writeKey(w, "name");
	writeString(w, contact.name);
	writeKey(w, "type");
	writeString(w, ref.type);
	if (const DirectoryUser *user = contact.user) {
		writeKey(w, "firstName");
		writeString(w, user->firstName);
		writeKey(w, "lastName");
		writeString(w, user->lastName);
		writeKey(w, "employeeId");
		writeString(w, user->userName);
		writeKey(w, "userName");
		writeString(w, user->userName);
	}
	if (!contact.phones.empty()) {
		writeKey(w, "number");
		writeString(w, contact.phones.front().number);
		writeKey(w, "switchName");
		writeString(w, state.config.switchName);
	}
	w.EndObject();
}

bool containsIgnoreCase(std::string_view text, std::string_view term)
{
	auto it = std::search(text.begin(), text.end(), term.begin(), term.end(), [](char a, char b) {
		return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
	});
	return it != text.end();
}

bool matches(const TargetRef &ref, std::string_view term)
{
	if (term.empty())
		return true;
	const Contact &c = *ref.contact;
	if (containsIgnoreCase(c.name, term))
		return true;
	for (const ContactPhone &phone : c.phones) {
		if (containsIgnoreCase(phone.number, term))
			return true;
	}
	const DirectoryUser *u = c.user;
	return u && (containsIgnoreCase(u->firstName, term) || containsIgnoreCase(u->lastName, term) ||
		     containsIgnoreCase(u->userName, term));
}

/// ?limit=: a positive integer up to the configured maximum (default 10, the JS client's).
MaybeError readLimit(const WorkspaceState &state, std::string_view query, std::size_t &limit)
{
	limit = defaultLimit;
	std::optional<std::string> text = queryParam(query, "limit");
	if (!text || text->empty())
		return std::nullopt;
	std::size_t value = 0;
	for (char c : *text) {
		if (c < '0' || c > '9' || value > state.config.maxTargetsLimit)
			return ApiError{
				rest::status::InputValidation,
				fmt::format("limit must be an integer from 1 to {}", state.config.maxTargetsLimit)};
		value = value * 10 + static_cast<std::size_t>(c - '0');
	}
	if (value == 0 || value > state.config.maxTargetsLimit)
		return ApiError{rest::status::InputValidation,
				fmt::format("limit must be an integer from 1 to {}", state.config.maxTargetsLimit)};
	limit = value;
	return std::nullopt;
}

/// {"status":{"code":0},"data":{"targets":[...],"totalMatches":N}}
template <class Each> void respondTargets(WorkspaceState &state, Exchange &ex, std::size_t total, Each each)
{
	state.respondData(ex, [&](json::Writer &w) {
		writeKey(w, "targets");
		w.StartArray();
		each(w);
		w.EndArray();
		writeKey(w, "totalMatches");
		w.Uint64(total);
	});
}

/// The saved targets that still resolve, newest first, at most limit.
void respondSaved(WorkspaceState &state, Exchange &ex, const std::vector<const SavedTarget *> &saved)
{
	std::size_t limit = 0;
	if (MaybeError error = readLimit(state, ex.request.query(), limit))
		return state.fail(ex, *error);
	std::vector<std::pair<TargetRef, const SavedTarget *>> found;
	for (const SavedTarget *s : saved) {
		if (auto ref = findTarget(state, s->type, s->id))
			found.emplace_back(*ref, s);
	}
	std::size_t total = found.size();
	found.resize(std::min(found.size(), limit), {TargetRef{}, nullptr});
	respondTargets(state, ex, total, [&](json::Writer &w) {
		for (const auto &[ref, s] : found)
			writeTarget(w, state, ref);
	});
}

/// {"data":{"target":{"type","DBID"|"id"}, ...}}: the target named, or an error.
MaybeError readSavedTarget(const WorkspaceState &state, const RequestBody &data, SavedTarget &out)
{
	const rapidjson::Value *target = data.member("target");
	if (!target)
		return missing("target");
	if (!target->IsObject())
		return invalid("target", "must be an object");
	const rapidjson::Value *type = json::member(*target, "type");
	const rapidjson::Value *dbid = json::member(*target, "DBID");
	if (!dbid)
		dbid = json::member(*target, "id");
	if (!type || !type->IsString() || !dbid || !(dbid->IsInt64() || dbid->IsString()))
		return invalid("target", "must name its type and DBID");
	out.type = std::string(json::str(*type));
	out.id = dbid->IsInt64() ? std::to_string(dbid->GetInt64()) : std::string(json::str(*dbid));
	if (!findTarget(state, out.type, out.id))
		return ApiError{rest::status::NotFound, fmt::format("Target {}/{} not found", out.type, out.id)};
	return std::nullopt;
}

MaybeError readData(const Exchange &ex, RequestBody &data)
{
	MaybeError error = data.parse(ex.request.body);
	return error ? error : data.within("data");
}

} /* namespace */

void getTargets(WorkspaceState &state, Exchange &ex)
{
	std::string_view query = ex.request.query();
	std::size_t limit = 0;
	if (MaybeError error = readLimit(state, query, limit))
		return state.fail(ex, *error);
	if (!query.empty() && !parseQuery(query))
		return state.fail(ex, 400, "The query string is malformed");
	std::string term = queryParam(query, "searchTerm").value_or("");
	std::optional<std::string> typesText = queryParam(query, "types");
	std::vector<std::string> types = typesText ? splitList(*typesText) : std::vector<std::string>{};
	std::vector<TargetRef> found;
	for (const TargetRef &ref : allTargets(state)) {
		bool typeOk = types.empty() || std::find(types.begin(), types.end(), ref.type) != types.end();
		if (typeOk && matches(ref, term))
			found.push_back(ref);
	}
	respondTargets(state, ex, found.size(), [&](json::Writer &w) {
		for (std::size_t i = 0; i < found.size() && i < limit; ++i)
			writeTarget(w, state, found[i]);
	});
}

void getTarget(WorkspaceState &state, Exchange &ex, std::string_view type, std::string_view id)
{
	std::optional<TargetRef> ref = findTarget(state, type, id);
	if (!ref)
		return state.fail(ex, 404, fmt::format("Target {}/{} not found", type, id));
	state.respondData(ex, [&](json::Writer &w) {
		writeKey(w, "target");
		writeTarget(w, state, *ref);
	});
}

void getRecentTargets(WorkspaceState &state, Exchange &ex, const Workspace &ws)
{
	std::vector<const SavedTarget *> saved;
	for (const SavedTarget &s : ws.recents)
		saved.push_back(&s);
	respondSaved(state, ex, saved);
}

void addRecentTarget(WorkspaceState &state, Exchange &ex, Workspace &ws)
{
	RequestBody data;
	SavedTarget target;
	MaybeError error = readData(ex, data);
	if (!error)
		error = readSavedTarget(state, data, target);
	if (!error) {
		if (const rapidjson::Value *info = data.member("recentInformation")) {
			const rapidjson::Value *media = info->IsObject() ? json::member(*info, "media") : nullptr;
			if (!info->IsObject() || (media && !media->IsString()))
				error = invalid("recentInformation", "must be an object {\"media\":\"...\"}");
			else if (media)
				target.media = std::string(json::str(*media));
		}
	}
	if (error)
		return state.fail(ex, *error);
	std::erase_if(ws.recents, [&](const SavedTarget &s) { return s.type == target.type && s.id == target.id; });
	ws.recents.push_front(std::move(target));
	if (ws.recents.size() > maxSaved)
		ws.recents.pop_back();
	state.respondStatus(ex, 0);
}

void getFavoriteTargets(WorkspaceState &state, Exchange &ex, const Workspace &ws)
{
	std::vector<const SavedTarget *> saved;
	for (const SavedTarget &s : ws.favorites)
		saved.push_back(&s);
	respondSaved(state, ex, saved);
}

void saveFavoriteTarget(WorkspaceState &state, Exchange &ex, Workspace &ws)
{
	RequestBody data;
	SavedTarget target;
	MaybeError error = readData(ex, data);
	if (!error)
		error = readSavedTarget(state, data, target);
	if (!error)
		error = data.string("category", false, target.category);
	if (error)
		return state.fail(ex, *error);
	auto same = [&](const SavedTarget &s) { return s.type == target.type && s.id == target.id; };
	if (auto it = std::find_if(ws.favorites.begin(), ws.favorites.end(), same); it != ws.favorites.end())
		*it = std::move(target);
	else if (ws.favorites.size() >= maxSaved)
		return state.fail(ex, 400, fmt::format("At most {} personal favorites", maxSaved));
	else
		ws.favorites.push_back(std::move(target));
	state.respondStatus(ex, 0);
}

void deleteFavoriteTarget(WorkspaceState &state, Exchange &ex, Workspace &ws, std::string_view type,
			  std::string_view id)
{
	auto erased = std::erase_if(ws.favorites, [&](const SavedTarget &s) { return s.type == type && s.id == id; });
	if (erased == 0)
		return state.fail(ex, 404, fmt::format("Target {}/{} is not a personal favorite", type, id));
	state.respondStatus(ex, 0);
}

} /* namespace ctisim::api::workspace */
