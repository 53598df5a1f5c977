/* SPDX-License-Identifier: MIT */
/*
 * ContactDirectory: the targets an agent can call, transfer or conference to
 * (the GWS 8.5 Contacts API; later the Workspace API v3 targets): every user
 * (its id is the user id), the ACD queues and routing points of the switch,
 * and the custom contacts of the configuration. It knows names, numbers and
 * types, and answers searches in one order; what a front end adds (URIs,
 * live presence) it adds itself.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ctisim/api/directory.h"
#include "ctisim/api/directory_config.h"
#include "ctisim/switch_config.h"

namespace ctisim::api {

enum class ContactType : std::uint8_t { User, Queue, Custom };

/// "User", "Queue", "Custom" (the GWS spelling).
const char *toString(ContactType type);
std::optional<ContactType> parseContactType(std::string_view text);

struct ContactPhone {
	std::string number;
	std::string description;
};

struct Contact {
	std::string id;
	ContactType type = ContactType::Custom;
	/// The userName of a user; the configured name (or the number) of the others.
	std::string name;
	std::vector<ContactPhone> phones;
	/// The media the contact can be reached on ("voice").
	std::vector<std::string> channels;
	/// A user's entry in the user directory; null for the others.
	const DirectoryUser *user = nullptr;
};

/// A search, every given criterion applied (GET /api/v2/contacts).
struct ContactQuery {
	/// Exact names (userName for users); empty = any.
	std::vector<std::string> names;
	/// Exact numbers, compared on their letters and digits only; "*" = any contact with a number.
	std::vector<std::string> phoneNumbers;
	/// Exact channel names; empty = any.
	std::vector<std::string> channels;
	std::optional<ContactType> type;
	/// NamesOrPhoneNumberMatches: each pattern must match (case-insensitively, '*' any
	/// run of characters) one of the contact's name fields or numbers.
	std::vector<std::string> patterns;
};

class ContactDirectory
{
public:
	ContactDirectory() = default;
	/// users must outlive the directory. Throws std::invalid_argument on two contacts with one id.
	ContactDirectory(const Directory &users, std::vector<Contact> targets);

	/// Every match, sorted by name (case-insensitively), then by id.
	std::vector<const Contact *> search(const ContactQuery &query) const;
	const Contact *findById(std::string_view id) const;
	std::size_t size() const { return contacts_.size(); }

private:
	std::vector<Contact> contacts_; ///< sorted
	Directory::Index byId_;
};

/// The contacts that are not users: each ACD queue and routing point of dns
/// (type Queue) and each custom contact, ids derived from seed unless pinned
/// (a queue's in queueIds, by number).
std::vector<Contact> makeTargetContacts(const std::vector<DnConfig> &dns, const std::vector<CustomContact> &custom,
					std::uint64_t seed, const std::map<std::string, std::string> &queueIds = {});

/// Whether text matches pattern, case-insensitively; '*' matches any run of characters.
bool wildcardMatch(std::string_view pattern, std::string_view text);

/// A phone number as GWS indexes it: its letters and digits only.
std::string phoneKey(std::string_view number);

} /* namespace ctisim::api */
