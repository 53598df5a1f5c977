/* SPDX-License-Identifier: MIT */
/*
 * The groups of the configuration with their members resolved to user ids,
 * and the ids of directory objects that are not users.
 */
#include "ctisim/api/directory_config.h"

#include <algorithm>

#include <fmt/format.h>

#include "ctisim/id_generator.h"

namespace ctisim::api {

bool UserGroup::hasMember(std::string_view userId) const
{
	auto in = [&](const std::vector<std::string> &ids) {
		return std::find(ids.begin(), ids.end(), userId) != ids.end();
	};
	return in(supervisorIds) || in(agentIds);
}

std::vector<UserGroup> resolveGroups(const std::vector<GroupConfig> &groups, const Directory &users, std::uint64_t seed)
{
	std::vector<UserGroup> out;
	auto ids = [&](const GroupConfig &group, const std::vector<std::string> &names) {
		std::vector<std::string> resolved;
		for (const std::string &name : names) {
			const DirectoryUser *user = users.findByUserName(name);
			if (!user)
				throw std::invalid_argument(
					fmt::format("group \"{}\": no user \"{}\"", group.name, name));
			resolved.push_back(user->id);
		}
		return resolved;
	};
	for (const GroupConfig &group : groups) {
		UserGroup resolved;
		resolved.id = group.id.empty() ? derivedObjectId(seed, "group", group.name) : group.id;
		resolved.name = group.name;
		resolved.supervisorIds = ids(group, group.supervisors);
		resolved.agentIds = ids(group, group.agents);
		if (std::any_of(out.begin(), out.end(), [&](const UserGroup &g) { return g.id == resolved.id; }))
			throw std::invalid_argument(fmt::format("groups: duplicate id \"{}\"", resolved.id));
		out.push_back(std::move(resolved));
	}
	return out;
}

std::vector<UcsContact> withUcsIds(std::vector<UcsContact> contacts, std::uint64_t seed)
{
	for (UcsContact &c : contacts) {
		if (!c.id.empty())
			continue;
		std::string key = c.lastName;
		for (const std::string &number : c.phoneNumbers)
			key += "/" + number;
		for (const std::string &address : c.emailAddresses)
			key += "/" + address;
		c.id = derivedObjectId(seed, "ucs", key).substr(0, 16);
	}
	return contacts;
}

std::string derivedObjectId(std::uint64_t seed, std::string_view kind, std::string_view key)
{
	/* FNV-1a of kind and key mixed with the seed, like the user ids (directory.cpp). */
	std::uint64_t h = 0xcbf29ce484222325ULL;
	auto feed = [&](std::string_view text) {
		for (char c : text) {
			h ^= static_cast<unsigned char>(c);
			h *= 0x100000001b3ULL;
		}
	};
	feed(kind);
	feed(":");
	feed(key);
	SeededRandom random(h ^ (seed * 0x9e3779b97f4a7c15ULL));
	return fmt::format("{:016x}{:016x}", random.next(), random.next());
}

} /* namespace ctisim::api */
