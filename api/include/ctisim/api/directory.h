/* SPDX-License-Identifier: MIT */
/*
 * Directory: the GWS users, each with one device (a DN on the switch). The GWS
 * layer authenticates against it and maps events on a DN to the user who owns
 * that DN. Ids derived from a seed are stable across restarts.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ctisim/api/transparent_hash.h"
#include "ctisim/telephony_types.h"

namespace ctisim::api {

struct UserConfig; /* sandbox_config.h */

/// One GWS user. (Named DirectoryUser because sandbox_config.h already has a
/// UserConfig in this namespace: that one is the configuration input, this one
/// the resolved entry with every id filled in.)
struct DirectoryUser {
	std::string id; ///< 32 lowercase hex digits
	std::string userName;
	std::string password;
	std::string firstName;
	std::string lastName;
	std::vector<std::string> roles = {"ROLE_AGENT"};
	Dn dn;		      ///< the user's device phone number; empty = no device
	std::string deviceId; ///< uuid of the device
	std::string place;
	std::string agentId; ///< T-Server agent login id (AgentLogin)
};

/// Whether the user has role ("ROLE_SUPERVISOR", ...).
bool hasRole(const DirectoryUser &user, std::string_view role);

class Directory
{
public:
	Directory() = default;
	/// Throws std::invalid_argument on a duplicate userName, id, dn or deviceId,
	/// or on a user without userName or id.
	explicit Directory(std::vector<DirectoryUser> users);

	const std::vector<DirectoryUser> &users() const { return users_; }
	const DirectoryUser *findByUserName(std::string_view userName) const;
	const DirectoryUser *findById(std::string_view id) const;
	const DirectoryUser *findByDn(std::string_view dn) const;
	const DirectoryUser *findByDeviceId(std::string_view deviceId) const;

	/// Users by one of their keys, looked up by a string_view without building a key.
	using Index = std::unordered_map<std::string, std::size_t, TransparentStringHash, std::equal_to<>>;

private:
	const DirectoryUser *find(const Index &index, std::string_view key) const;

	std::vector<DirectoryUser> users_;
	Index byUserName_;
	Index byId_;
	Index byDn_;
	Index byDeviceId_;
};

/// The user id (32 hex) and device id (uuid) of userName under seed. They depend
/// only on (seed, userName), so adding a user does not change the others' ids.
std::string derivedUserId(std::uint64_t seed, std::string_view userName);
std::string derivedDeviceId(std::uint64_t seed, std::string_view userName);

/// Extensions 15000..15099: user agent<DN>, password "password", agent id
/// agent<DN>, first name "Agent", last name <DN>, ROLE_AGENT, place Place<DN>;
/// extensions 16000..16009: user supervisor<DN> likewise, ROLE_AGENT and ROLE_SUPERVISOR.
Directory makeDefaultDirectory(std::uint64_t seed);

/// The directory of a sandbox configuration: empty ids are derived from seed,
/// an empty agentId becomes the userName. Throws like Directory's constructor.
Directory makeDirectory(const std::vector<UserConfig> &users, std::uint64_t seed);

} /* namespace ctisim::api */
