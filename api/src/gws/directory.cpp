/* SPDX-License-Identifier: MIT */
/*
 * Directory: users indexed by name, id, DN and device id; the default
 * directory and the one built from a sandbox configuration.
 */
#include "ctisim/api/directory.h"

#include <algorithm>

#include <stdexcept>

#include <fmt/format.h>

#include "ctisim/api/sandbox_config.h"
#include "ctisim/id_generator.h"

namespace ctisim::api {

namespace {

/* FNV-1a: mixes the user name into the seed so each user's ids stand alone. */
std::uint64_t mix(std::uint64_t seed, std::string_view text, std::uint64_t salt)
{
	std::uint64_t h = 0xcbf29ce484222325ULL ^ salt;
	for (char c : text) {
		h ^= static_cast<unsigned char>(c);
		h *= 0x100000001b3ULL;
	}
	return h ^ (seed * 0x9e3779b97f4a7c15ULL);
}

void addIndex(Directory::Index &index, const std::string &key, std::size_t at, const char *what)
{
	if (key.empty())
		return;
	if (!index.emplace(key, at).second)
		throw std::invalid_argument(fmt::format("directory: duplicate {} \"{}\"", what, key));
}

} /* namespace */

Directory::Directory(std::vector<DirectoryUser> users) : users_(std::move(users))
{
	for (std::size_t i = 0; i < users_.size(); ++i) {
		const DirectoryUser &u = users_[i];
		if (u.userName.empty() || u.id.empty())
			throw std::invalid_argument("directory: every user needs a userName and an id");
		addIndex(byUserName_, u.userName, i, "userName");
		addIndex(byId_, u.id, i, "user id");
		addIndex(byDn_, u.dn, i, "dn");
		addIndex(byDeviceId_, u.deviceId, i, "deviceId");
	}
}

const DirectoryUser *Directory::find(const Index &index, std::string_view key) const
{
	auto it = index.find(key);
	return it == index.end() ? nullptr : &users_[it->second];
}

const DirectoryUser *Directory::findByUserName(std::string_view userName) const
{
	return find(byUserName_, userName);
}

const DirectoryUser *Directory::findById(std::string_view id) const
{
	return find(byId_, id);
}

const DirectoryUser *Directory::findByDn(std::string_view dn) const
{
	return dn.empty() ? nullptr : find(byDn_, dn);
}

const DirectoryUser *Directory::findByDeviceId(std::string_view deviceId) const
{
	return deviceId.empty() ? nullptr : find(byDeviceId_, deviceId);
}

bool hasRole(const DirectoryUser &user, std::string_view role)
{
	return std::find(user.roles.begin(), user.roles.end(), role) != user.roles.end();
}

std::string derivedUserId(std::uint64_t seed, std::string_view userName)
{
	SeededRandom random(mix(seed, userName, 1));
	return fmt::format("{:016x}{:016x}", random.next(), random.next());
}

std::string derivedDeviceId(std::uint64_t seed, std::string_view userName)
{
	SeededRandom random(mix(seed, userName, 2));
	return makeUuid(random);
}

Directory makeDefaultDirectory(std::uint64_t seed)
{
	std::vector<DirectoryUser> users;
	auto add = [&](int n, const char *prefix, const char *firstName, std::vector<std::string> roles) {
		DirectoryUser u;
		u.dn = std::to_string(n);
		u.userName = prefix + u.dn;
		u.password = "password";
		u.firstName = firstName;
		u.lastName = u.dn;
		u.roles = std::move(roles);
		u.place = "Place" + u.dn;
		u.agentId = u.userName;
		u.id = derivedUserId(seed, u.userName);
		u.deviceId = derivedDeviceId(seed, u.userName);
		users.push_back(std::move(u));
	};
	for (int n = 15000; n < 15100; ++n)
		add(n, "agent", "Agent", {"ROLE_AGENT"});
	for (int n = 16000; n < 16010; ++n)
		add(n, "supervisor", "Supervisor", {"ROLE_AGENT", "ROLE_SUPERVISOR"});
	return Directory(std::move(users));
}

Directory makeDirectory(const std::vector<UserConfig> &users, std::uint64_t seed)
{
	std::vector<DirectoryUser> out;
	out.reserve(users.size());
	for (const UserConfig &c : users) {
		DirectoryUser u;
		u.userName = c.userName;
		u.password = c.password;
		u.firstName = c.firstName;
		u.lastName = c.lastName;
		u.roles = c.roles;
		u.dn = c.dn;
		u.place = c.dn.empty() ? std::string() : "Place" + c.dn;
		u.agentId = c.agentId.empty() ? c.userName : c.agentId;
		u.id = c.id.empty() ? derivedUserId(seed, c.userName) : c.id;
		u.deviceId = c.dn.empty() ? std::string()
					  : (c.deviceId.empty() ? derivedDeviceId(seed, c.userName) : c.deviceId);
		out.push_back(std::move(u));
	}
	return Directory(std::move(out));
}

} /* namespace ctisim::api */
