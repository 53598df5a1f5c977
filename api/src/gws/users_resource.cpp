/* SPDX-License-Identifier: MIT */
/*
 * Users and groups as lists: URIs without `fields`, objects with it (Request
 * parameters 8.5.0), a page of them by offset and limit.
 */
#include "users_resource.h"

#include <algorithm>

#include <fmt/format.h>

#include "http_auth.h" /* api/src */
#include "list_params.h"
#include "resource_reply.h"
#include "resources.h"

namespace ctisim::api {

namespace {

bool supervises(const DirectoryUser &viewer)
{
	return hasRole(viewer, "ROLE_SUPERVISOR") || hasRole(viewer, "ROLE_ADMIN");
}

/// A group viewer may see: every group for a supervisor or an admin, an agent's own groups.
bool mayReadGroup(const DirectoryUser &viewer, const UserGroup &group)
{
	return supervises(viewer) || group.hasMember(viewer.id);
}

const UserGroup *findGroup(const GwsState &state, const DirectoryUser &viewer, std::string_view id)
{
	for (const UserGroup &group : state.config.groups) {
		if (group.id == id)
			return mayReadGroup(viewer, group) ? &group : nullptr;
	}
	return nullptr;
}

std::string userUri(const GwsConfig &config, const DirectoryUser &user)
{
	return fmt::format("{}/api/v2/users/{}", config.publicBaseUrl, user.id);
}

std::string groupUri(const GwsConfig &config, const UserGroup &group)
{
	return fmt::format("{}/api/v2/groups/{}", config.publicBaseUrl, group.id);
}

void writeGroup(json::Writer &w, GwsState &state, const UserGroup &group,
		const std::vector<const DirectoryUser *> *users)
{
	w.StartObject();
	writeKey(w, "id");
	writeString(w, group.id);
	writeKey(w, "name");
	writeString(w, group.name);
	if (users) {
		writeKey(w, "users");
		w.StartArray();
		for (const DirectoryUser *user : *users)
			writeUser(w, *user, state.config);
		w.EndArray();
	}
	writeKey(w, "uri");
	writeString(w, groupUri(state.config, group));
	writeKey(w, "path");
	writeString(w, "/groups/" + group.id);
	w.EndObject();
}

/// {"uris":[...]} or {"users":[...]}: a page of users.
void respondUserList(GwsState &state, Exchange &ex, const std::vector<const DirectoryUser *> &users)
{
	Page page;
	if (MaybeError error = parsePage(ex.request, state.config.maxListLimit, page))
		return state.fail(ex, *error);
	FieldSelection fields = FieldSelection::of(ex.request);
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, fields.given() ? "users" : "uris");
		w.StartArray();
		for (std::size_t i = page.begin(users.size()); i < page.end(users.size()); ++i) {
			const DirectoryUser &user = *users[i];
			if (!fields.given()) {
				writeString(w, userUri(state.config, user));
				continue;
			}
			writeSelected(w, fields, [&](json::Writer &out) { writeUser(out, user, state.config); });
		}
		w.EndArray();
	});
}

/// The members of group that viewer may read: supervisors first, then agents, each once.
std::vector<const DirectoryUser *> membersOf(const GwsState &state, const DirectoryUser &viewer, const UserGroup &group)
{
	std::vector<const DirectoryUser *> members;
	auto add = [&](const std::vector<std::string> &ids) {
		for (const std::string &id : ids) {
			const DirectoryUser *user = state.directory.findById(id);
			if (user && mayReadUser(viewer, *user) &&
			    std::find(members.begin(), members.end(), user) == members.end())
				members.push_back(user);
		}
	};
	add(group.supervisorIds);
	add(group.agentIds);
	return members;
}

} /* namespace */

void getUsers(GwsState &state, Exchange &ex, const UserView &viewer)
{
	std::optional<std::string> names = queryParam(ex.request.query(), "userName");
	std::vector<std::string> wanted = names ? splitList(*names) : std::vector<std::string>();
	std::vector<const DirectoryUser *> users;
	for (const DirectoryUser &user : state.directory.users()) {
		if (!mayReadUser(viewer.user(), user))
			continue;
		if (names && std::find(wanted.begin(), wanted.end(), user.userName) == wanted.end())
			continue;
		users.push_back(&user);
	}
	respondUserList(state, ex, users);
}

void getUserDevices(GwsState &state, Exchange &ex, const UserView &viewer, std::string_view id)
{
	const DirectoryUser *target = state.directory.findById(id);
	const UserView *view = target && mayReadUser(viewer.user(), *target) ? state.viewOf(target->id) : nullptr;
	if (!view)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("User {} not found", id)});
	getDevices(state, ex, *view);
}

void getGroups(GwsState &state, Exchange &ex, const UserView &viewer)
{
	Page page;
	if (MaybeError error = parsePage(ex.request, state.config.maxListLimit, page))
		return state.fail(ex, *error);
	FieldSelection fields = FieldSelection::of(ex.request);
	std::vector<const UserGroup *> groups;
	for (const UserGroup &group : state.config.groups) {
		if (mayReadGroup(viewer.user(), group))
			groups.push_back(&group);
	}
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, fields.given() ? "groups" : "uris");
		w.StartArray();
		for (std::size_t i = page.begin(groups.size()); i < page.end(groups.size()); ++i) {
			if (!fields.given()) {
				writeString(w, groupUri(state.config, *groups[i]));
				continue;
			}
			writeSelected(w, fields,
				      [&](json::Writer &out) { writeGroup(out, state, *groups[i], nullptr); });
		}
		w.EndArray();
	});
}

void getGroup(GwsState &state, Exchange &ex, const UserView &viewer, std::string_view id)
{
	const UserGroup *group = findGroup(state, viewer.user(), id);
	if (!group)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Group {} not found", id)});
	std::optional<std::string> sub = queryParam(ex.request.query(), "subresources");
	std::vector<std::string> subs = sub ? splitList(*sub) : std::vector<std::string>();
	bool withUsers =
		std::any_of(subs.begin(), subs.end(), [](const std::string &s) { return s == "*" || s == "users"; });
	std::vector<const DirectoryUser *> members = membersOf(state, viewer.user(), *group);
	FieldSelection fields = FieldSelection::of(ex.request);
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "group");
		writeSelected(w, fields, [&](json::Writer &out) {
			writeGroup(out, state, *group, withUsers ? &members : nullptr);
		});
	});
}

void getGroupUsers(GwsState &state, Exchange &ex, const UserView &viewer, std::string_view id)
{
	const UserGroup *group = findGroup(state, viewer.user(), id);
	if (!group)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Group {} not found", id)});
	respondUserList(state, ex, membersOf(state, viewer.user(), *group));
}

} /* namespace ctisim::api */
