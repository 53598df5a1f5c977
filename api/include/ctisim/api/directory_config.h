/* SPDX-License-Identifier: MIT */
/*
 * DirectoryConfig: what the Genesys configuration holds besides the users and
 * the switch: custom contacts (targets that are neither users nor queues) and
 * the groups that put agents under supervisors. Part of SandboxConfig; the
 * keys "contacts" and "groups" change it (docs/control-api.md).
 */
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ctisim/api/directory.h"

namespace ctisim::api {

/// A target of the contacts directory that is neither a user nor a queue.
struct CustomContact {
	std::string id; ///< pinned; empty = derived from the seed and the name
	std::string name;
	std::string phoneNumber;
	std::string description;
};

/// A group as configured: its members by userName.
struct GroupConfig {
	std::string id; ///< pinned; empty = derived from the seed and the name
	std::string name;
	std::vector<std::string> supervisors;
	std::vector<std::string> agents;
};

/// A contact of the Universal Contact Server store that UCS voice identification
/// searches (IdentifyUCSContact); not a target of the contacts directory.
struct UcsContact {
	std::string id; ///< UCS's 16-character contact id; empty = derived from the seed (withUcsIds)
	std::string firstName;
	std::string lastName;
	std::vector<std::string> phoneNumbers;
	std::vector<std::string> emailAddresses;
};

struct DirectoryConfig {
	std::vector<CustomContact> contacts;
	std::vector<GroupConfig> groups;
	/// The pinned contact ids of queues and routing points, by number (dns[].contactId);
	/// the others are derived from the seed and the number.
	std::map<std::string, std::string> queueContactIds;
	/// The UCS contact store ("ucsContacts"; default: defaultUcsContacts()).
	std::vector<UcsContact> ucsContacts;
};

/// A group with its members resolved to user ids.
struct UserGroup {
	std::string id;
	std::string name;
	std::vector<std::string> supervisorIds;
	std::vector<std::string> agentIds;

	bool hasMember(std::string_view userId) const;
};

/// One group per default supervisor: supervisor160NN's team is agent150N0..agent150N9.
std::vector<GroupConfig> defaultGroups();

/// The default UCS store: one customer, with the IdentifyUCSContact page's contact id, on the
/// number the examples dial (5551234).
std::vector<UcsContact> defaultUcsContacts();

/// The groups with member ids; ids derived from seed unless pinned. Throws
/// std::invalid_argument on a member not in users or two groups with one id.
std::vector<UserGroup> resolveGroups(const std::vector<GroupConfig> &groups, const Directory &users,
				     std::uint64_t seed);

/// contacts with an id each: those without one get 16 characters derived from seed and what identifies them.
std::vector<UcsContact> withUcsIds(std::vector<UcsContact> contacts, std::uint64_t seed);

/// A stable id (32 lowercase hex digits) for a directory object that is not a user
/// ("contact", "group"), from the seed and its key.
std::string derivedObjectId(std::uint64_t seed, std::string_view kind, std::string_view key);

} /* namespace ctisim::api */
