/* SPDX-License-Identifier: MIT */
/*
 * The configuration keys of the directory beyond users and DNs: "contacts"
 * (custom targets), "groups" (agents under supervisors) and "ucsContacts" (the
 * UCS store voice identification searches; an entry replaces the one of its id). An entry with the
 * name of one already there replaces it (a group given without member lists
 * keeps the members it had: an id or a name pinned alone); others are added.
 * An error names the JSON path.
 */
#include "directory_config_parser.h"

#include <algorithm>

#include <fmt/format.h>

#include "ctisim/json/path.h"
#include "ctisim/json/path_reader.h"
#include "ctisim/json/value.h"

namespace ctisim::api {

namespace {

using json::checkKeys;
using json::fail;
using rapidjson::Value;

std::string text(const Value &object, std::string_view key, const std::string &path, bool required)
{
	const Value *v = json::member(object, key);
	if (!v) {
		if (required)
			fail(path, fmt::format("missing \"{}\"", key));
		return {};
	}
	std::string s = json::readString(*v, json::pathKey(path, key));
	if (required && s.empty())
		fail(json::pathKey(path, key), "expected a non-empty string");
	return s;
}

template <class T> void replaceOrAdd(std::vector<T> &items, T item)
{
	auto same = std::find_if(items.begin(), items.end(), [&](const T &other) { return other.name == item.name; });
	if (same != items.end())
		*same = std::move(item);
	else
		items.push_back(std::move(item));
}

CustomContact contact(const Value &v, const std::string &path)
{
	checkKeys(v, path, {"id", "name", "phoneNumber", "description"});
	CustomContact c;
	c.id = text(v, "id", path, false);
	c.name = text(v, "name", path, true);
	c.phoneNumber = text(v, "phoneNumber", path, true);
	c.description = text(v, "description", path, false);
	return c;
}

std::vector<std::string> strings(const Value &object, std::string_view key, const std::string &path)
{
	std::vector<std::string> out;
	const Value *list = json::member(object, key);
	if (!list)
		return out;
	std::string listPath = json::pathKey(path, key);
	if (!list->IsArray())
		fail(listPath, "expected an array of strings");
	for (rapidjson::SizeType i = 0; i < list->Size(); ++i)
		out.push_back(json::readString((*list)[i], json::pathIndex(listPath, i)));
	return out;
}

UcsContact ucsContact(const Value &v, const std::string &path)
{
	checkKeys(v, path, {"id", "firstName", "lastName", "phoneNumbers", "emailAddresses"});
	UcsContact c;
	c.id = text(v, "id", path, false);
	c.firstName = text(v, "firstName", path, false);
	c.lastName = text(v, "lastName", path, false);
	c.phoneNumbers = strings(v, "phoneNumbers", path);
	c.emailAddresses = strings(v, "emailAddresses", path);
	if (c.lastName.empty() && c.phoneNumbers.empty() && c.emailAddresses.empty())
		fail(path, "expected a \"lastName\", \"phoneNumbers\" or \"emailAddresses\" to identify it by");
	return c;
}

std::vector<std::string> userNames(const Value &group, std::string_view key, const std::string &path,
				   const std::vector<UserConfig> &users)
{
	std::vector<std::string> names;
	const Value *list = json::member(group, key);
	if (!list)
		return names;
	std::string listPath = json::pathKey(path, key);
	if (!list->IsArray())
		fail(listPath, "expected an array of user names such as [\"agent15000\"]");
	for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
		std::string itemPath = json::pathIndex(listPath, i);
		std::string name = json::readString((*list)[i], itemPath);
		bool known = std::any_of(users.begin(), users.end(),
					 [&](const UserConfig &u) { return u.userName == name; });
		if (!known)
			fail(itemPath, fmt::format("no user \"{}\" in this configuration", name));
		names.push_back(std::move(name));
	}
	return names;
}

GroupConfig group(const Value &v, const std::string &path, const std::vector<UserConfig> &users)
{
	checkKeys(v, path, {"id", "name", "supervisors", "agents"});
	GroupConfig g;
	g.id = text(v, "id", path, false);
	g.name = text(v, "name", path, true);
	g.supervisors = userNames(v, "supervisors", path, users);
	g.agents = userNames(v, "agents", path, users);
	return g;
}

/// The default groups name default users, which a configuration may have replaced.
void dropUnknownMembers(std::vector<GroupConfig> &groups, const std::vector<UserConfig> &users)
{
	auto unknown = [&](const std::string &name) {
		return std::none_of(users.begin(), users.end(),
				    [&](const UserConfig &u) { return u.userName == name; });
	};
	for (GroupConfig &g : groups) {
		g.supervisors.erase(std::remove_if(g.supervisors.begin(), g.supervisors.end(), unknown),
				    g.supervisors.end());
		g.agents.erase(std::remove_if(g.agents.begin(), g.agents.end(), unknown), g.agents.end());
	}
}

} /* namespace */

std::vector<GroupConfig> defaultGroups()
{
	std::vector<GroupConfig> groups;
	for (int team = 0; team < 10; ++team) {
		GroupConfig g;
		std::string supervisor = fmt::format("supervisor{}", 16000 + team);
		g.name = fmt::format("Team {}", supervisor);
		g.supervisors = {supervisor};
		for (int n = 0; n < 10; ++n)
			g.agents.push_back(fmt::format("agent{}", 15000 + team * 10 + n));
		groups.push_back(std::move(g));
	}
	return groups;
}

std::vector<UcsContact> defaultUcsContacts()
{
	return {{"0000DaA3G4VF000Q", "Pat", "Customer", {"5551234"}, {"pat.customer@example.com"}}};
}

std::optional<SandboxConfigError> parseDirectoryConfig(const rapidjson::Value &root, SandboxConfig &out)
{
	DirectoryConfig config = out.directory;
	try {
		if (const Value *v = json::member(root, "contacts"))
			json::forEachObject(*v, "$.contacts", [&](const Value &item, const std::string &path) {
				replaceOrAdd(config.contacts, contact(item, path));
			});
		if (const Value *v = json::member(root, "ucsContacts"))
			json::forEachObject(*v, "$.ucsContacts", [&](const Value &item, const std::string &path) {
				UcsContact c = ucsContact(item, path);
				auto same = std::find_if(
					config.ucsContacts.begin(), config.ucsContacts.end(),
					[&](const UcsContact &other) { return !c.id.empty() && other.id == c.id; });
				if (same != config.ucsContacts.end())
					*same = std::move(c);
				else
					config.ucsContacts.push_back(std::move(c));
			});
		dropUnknownMembers(config.groups, out.users);
		if (const Value *v = json::member(root, "groups"))
			json::forEachObject(*v, "$.groups", [&](const Value &item, const std::string &path) {
				GroupConfig g = group(item, path, out.users);
				auto same =
					std::find_if(config.groups.begin(), config.groups.end(),
						     [&](const GroupConfig &other) { return other.name == g.name; });
				bool membersGiven = json::member(item, "supervisors") || json::member(item, "agents");
				if (same != config.groups.end() && !membersGiven) {
					g.supervisors = same->supervisors;
					g.agents = same->agents;
				}
				replaceOrAdd(config.groups, std::move(g));
			});
	} catch (const json::PathError &failure) {
		return SandboxConfigError{failure.path, failure.message};
	}
	out.directory = std::move(config);
	return std::nullopt;
}

} /* namespace ctisim::api */
