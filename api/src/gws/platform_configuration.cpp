/* SPDX-License-Identifier: MIT */
/*
 * Platform Configuration API, read only: persons, agent-logins and skills as
 * Configuration Server objects (CfgPerson, CfgAgentLogin, CfgSkill), with the
 * page's conventions: every value a string, a filter value in quotes a string,
 * unquoted an integer.
 */
#include "platform_configuration.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "http_auth.h" /* api/src */
#include "resource_reply.h"
#include "resources.h"

namespace ctisim::api {

namespace {

constexpr std::string_view readFeature = "api-platform-configuration-read";
/* Configuration Server's enumerations, as the page's sample writes them. */
constexpr std::string_view cfgTrue = "2", cfgFalse = "1", cfgEnabled = "1";
constexpr std::string_view tenantDbid = "1", switchDbid = "101";
/// DBIDs are per object type in Configuration Server; ctisim numbers the directory's users from here.
constexpr std::size_t firstDbid = 101;

/// A CfgQuery filter: a quoted value is a string, an unquoted one an integer.
struct Filter {
	std::string name;
	std::optional<std::string> text;
	std::optional<std::int64_t> number;

	bool matches(std::string_view value) const { return text && *text == value; }
	bool matches(std::int64_t value) const { return number && *number == value; }
};

std::optional<Filter> parseFilter(const QueryParam &param)
{
	Filter filter{param.key, std::nullopt, std::nullopt};
	const std::string &v = param.value;
	if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
		filter.text = v.substr(1, v.size() - 2);
		return filter;
	}
	std::int64_t n = 0;
	auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
	if (v.empty() || ec != std::errc() || end != v.data() + v.size())
		return std::nullopt;
	filter.number = n;
	return filter;
}

struct TypeFilters {
	std::string_view type;
	std::vector<std::string_view> names; ///< the CfgQuery filters of the object this API takes
};

const std::vector<TypeFilters> &types()
{
	static const std::vector<TypeFilters> list = {
		{"persons", {"dbid", "user_name", "employee_id", "is_agent", "login_dbid", "state"}},
		{"agent-logins", {"dbid", "login_code", "switch_dbid", "state"}},
		{"skills", {"dbid", "name", "state"}},
	};
	return list;
}

void writeText(json::Writer &w, std::string_view key, std::string_view value)
{
	writeKey(w, key);
	writeString(w, value);
}

void writeEmptyObject(json::Writer &w, std::string_view key)
{
	writeKey(w, key);
	w.StartObject();
	w.EndObject();
}

/// CfgAgentLogin, keys in the page's sample order.
void writeAgentLogin(json::Writer &w, const DirectoryUser &user, std::size_t dbid)
{
	w.StartObject();
	writeText(w, "useOverride", cfgFalse);
	writeText(w, "tenantDBID", tenantDbid);
	writeText(w, "DBID", std::to_string(dbid));
	writeText(w, "switchSpecificType", "1");
	writeEmptyObject(w, "userProperties");
	writeText(w, "state", cfgEnabled);
	writeText(w, "switchDBID", switchDbid);
	writeText(w, "loginCode", user.agentId);
	w.EndObject();
}

/// CfgPerson (Configuration SDK field names); agentInfo names its agent login.
void writePerson(json::Writer &w, const DirectoryUser &user, std::size_t dbid)
{
	bool agent = hasRole(user, "ROLE_AGENT");
	w.StartObject();
	writeText(w, "DBID", std::to_string(dbid));
	writeText(w, "tenantDBID", tenantDbid);
	writeText(w, "lastName", user.lastName);
	writeText(w, "firstName", user.firstName);
	writeText(w, "employeeID", "");
	writeText(w, "userName", user.userName);
	writeText(w, "isAgent", agent ? cfgTrue : cfgFalse);
	writeText(w, "state", cfgEnabled);
	writeText(w, "emailAddress", "");
	if (agent) {
		writeKey(w, "agentInfo");
		w.StartObject();
		writeKey(w, "agentLogins");
		w.StartArray();
		if (!user.dn.empty()) {
			w.StartObject();
			writeText(w, "agentLoginDBID", std::to_string(dbid));
			writeText(w, "wrapupTime", "0");
			w.EndObject();
		}
		w.EndArray();
		writeKey(w, "skillLevels");
		w.StartArray();
		w.EndArray();
		w.EndObject();
	}
	writeEmptyObject(w, "userProperties");
	w.EndObject();
}

bool personMatches(const DirectoryUser &user, std::size_t dbid, const Filter &f)
{
	auto number = static_cast<std::int64_t>(dbid);
	if (f.name == "dbid")
		return f.matches(number);
	if (f.name == "user_name")
		return f.matches(user.userName);
	if (f.name == "employee_id")
		return f.matches(std::string_view());
	if (f.name == "is_agent")
		return f.matches(hasRole(user, "ROLE_AGENT") ? 2 : 1);
	if (f.name == "login_dbid")
		return !user.dn.empty() && f.matches(number);
	return f.matches(1); /* state: every object is enabled */
}

bool agentLoginMatches(const DirectoryUser &user, std::size_t dbid, const Filter &f)
{
	if (f.name == "dbid")
		return f.matches(static_cast<std::int64_t>(dbid));
	if (f.name == "login_code")
		return f.matches(user.agentId);
	if (f.name == "switch_dbid")
		return f.matches(101);
	return f.matches(1);
}

} /* namespace */

void getPlatformObjects(GwsState &state, Exchange &ex, const UserView &viewer, std::string_view type)
{
	if (!state.config.desktop.hasFeature(readFeature))
		return state.fail(
			ex, ApiError{status::Forbidden,
				     fmt::format("Feature {} is not enabled for this contact center", readFeature)});
	auto known = std::find_if(types().begin(), types().end(), [&](const TypeFilters &t) { return t.type == type; });
	if (known == types().end())
		return state.fail(
			ex, ApiError{status::NotFound, fmt::format("Configuration object type {} not found", type)});
	/* The page writes its string filters with raw quotes (?name="SomeName"), as curl sends them; a URL
	 * parser wants them encoded. */
	std::string query(ex.request.query());
	for (std::size_t at = query.find('"'); at != std::string::npos; at = query.find('"', at))
		query.replace(at, 1, "%22");
	std::optional<std::vector<QueryParam>> params = parseQuery(query);
	if (!params)
		return state.fail(ex, ApiError{status::InputValidation, "Malformed query string"});
	std::vector<Filter> filters;
	for (const QueryParam &param : *params) {
		if (std::find(known->names.begin(), known->names.end(), param.key) == known->names.end())
			return state.fail(ex, ApiError{status::InputValidation,
						       fmt::format("Unknown filter {} for {}", param.key, type)});
		std::optional<Filter> filter = parseFilter(param);
		if (!filter)
			return state.fail(ex,
					  ApiError{status::InputValidation,
						   fmt::format("Filter {} must be an integer or a \"quoted\" string",
							       param.key)});
		filters.push_back(std::move(*filter));
	}
	const std::vector<DirectoryUser> &users = state.directory.users();
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, type);
		w.StartArray();
		/* ctisim has no skills: a person's skill levels and the user's skills subresource are empty too. */
		for (std::size_t i = 0; type != "skills" && i < users.size(); ++i) {
			const DirectoryUser &user = users[i];
			std::size_t dbid = firstDbid + i;
			/* Configuration Server answers with the user's own permissions (the page's Security). */
			if (!mayReadUser(viewer.user(), user))
				continue;
			bool person = type == "persons";
			if (!person && user.dn.empty())
				continue; /* no DN, no agent login */
			bool all = std::all_of(filters.begin(), filters.end(), [&](const Filter &f) {
				return person ? personMatches(user, dbid, f) : agentLoginMatches(user, dbid, f);
			});
			if (!all)
				continue;
			if (person)
				writePerson(w, user, dbid);
			else
				writeAgentLogin(w, user, dbid);
		}
		w.EndArray();
	});
}

} /* namespace ctisim::api */
