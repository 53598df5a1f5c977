/* SPDX-License-Identifier: MIT */
/*
 * ContactDirectory: the users, queues and custom contacts, sorted once, and
 * the searches of the GWS GetContacts page (exact names, numbers, channels and
 * type; NamesOrPhoneNumberMatches patterns).
 */
#include "ctisim/api/contact_directory.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <fmt/format.h>

namespace ctisim::api {

namespace {

char lower(char c)
{
	return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool lessByName(const Contact &a, const Contact &b)
{
	auto byChar = [](char x, char y) { return lower(x) < lower(y); };
	if (std::lexicographical_compare(a.name.begin(), a.name.end(), b.name.begin(), b.name.end(), byChar))
		return true;
	if (std::lexicographical_compare(b.name.begin(), b.name.end(), a.name.begin(), a.name.end(), byChar))
		return false;
	return a.id < b.id;
}

bool contains(const std::vector<std::string> &list, std::string_view item)
{
	return std::find(list.begin(), list.end(), item) != list.end();
}

bool hasNumber(const Contact &contact, const std::vector<std::string> &numbers)
{
	for (const std::string &wanted : numbers) {
		if (wanted == "*" && !contact.phones.empty())
			return true;
		for (const ContactPhone &phone : contact.phones) {
			if (phoneKey(phone.number) == phoneKey(wanted))
				return true;
		}
	}
	return false;
}

/// The fields NamesOrPhoneNumberMatches checks (GetContacts: a user's first
/// and last name, userName and device numbers; a queue's or custom contact's
/// name and number).
bool matchesPattern(const Contact &contact, std::string_view pattern)
{
	auto match = [&](std::string_view text) { return !text.empty() && wildcardMatch(pattern, text); };
	if (match(contact.name))
		return true;
	if (contact.user && (match(contact.user->firstName) || match(contact.user->lastName)))
		return true;
	return std::any_of(contact.phones.begin(), contact.phones.end(),
			   [&](const ContactPhone &phone) { return match(phone.number); });
}

bool matches(const Contact &contact, const ContactQuery &query)
{
	if (query.type && contact.type != *query.type)
		return false;
	if (!query.names.empty() && !contains(query.names, contact.name))
		return false;
	if (!query.phoneNumbers.empty() && !hasNumber(contact, query.phoneNumbers))
		return false;
	if (!query.channels.empty() && std::none_of(contact.channels.begin(), contact.channels.end(),
						    [&](const std::string &c) { return contains(query.channels, c); }))
		return false;
	return std::all_of(query.patterns.begin(), query.patterns.end(),
			   [&](const std::string &pattern) { return matchesPattern(contact, pattern); });
}

} /* namespace */

const char *toString(ContactType type)
{
	switch (type) {
	case ContactType::User: return "User";
	case ContactType::Queue: return "Queue";
	case ContactType::Custom: break;
	}
	return "Custom";
}

std::optional<ContactType> parseContactType(std::string_view text)
{
	for (ContactType type : {ContactType::User, ContactType::Queue, ContactType::Custom}) {
		if (text == toString(type))
			return type;
	}
	return std::nullopt;
}

ContactDirectory::ContactDirectory(const Directory &users, std::vector<Contact> targets)
{
	contacts_.reserve(users.users().size() + targets.size());
	for (const DirectoryUser &user : users.users()) {
		Contact c;
		c.id = user.id;
		c.type = ContactType::User;
		c.name = user.userName;
		if (!user.dn.empty())
			c.phones.push_back({user.dn, ""});
		c.channels = {"voice"};
		c.user = &user;
		contacts_.push_back(std::move(c));
	}
	for (Contact &target : targets)
		contacts_.push_back(std::move(target));
	std::sort(contacts_.begin(), contacts_.end(), lessByName);
	for (std::size_t i = 0; i < contacts_.size(); ++i) {
		if (!byId_.emplace(contacts_[i].id, i).second)
			throw std::invalid_argument(fmt::format("contacts: duplicate id \"{}\"", contacts_[i].id));
	}
}

std::vector<const Contact *> ContactDirectory::search(const ContactQuery &query) const
{
	std::vector<const Contact *> out;
	for (const Contact &contact : contacts_) {
		if (matches(contact, query))
			out.push_back(&contact);
	}
	return out;
}

const Contact *ContactDirectory::findById(std::string_view id) const
{
	auto it = byId_.find(id);
	return it == byId_.end() ? nullptr : &contacts_[it->second];
}

std::vector<Contact> makeTargetContacts(const std::vector<DnConfig> &dns, const std::vector<CustomContact> &custom,
					std::uint64_t seed, const std::map<std::string, std::string> &queueIds)
{
	std::vector<Contact> out;
	for (const DnConfig &dn : dns) {
		if (dn.type != DnType::AcdQueue && dn.type != DnType::RoutingPoint)
			continue;
		Contact c;
		auto pinned = queueIds.find(dn.number);
		c.id = pinned != queueIds.end() ? pinned->second : derivedObjectId(seed, "contact", dn.number);
		c.type = ContactType::Queue;
		c.name = dn.name.empty() ? dn.number : dn.name;
		c.phones.push_back({dn.number, ""});
		c.channels = {"voice"};
		out.push_back(std::move(c));
	}
	for (const CustomContact &entry : custom) {
		Contact c;
		c.id = entry.id.empty() ? derivedObjectId(seed, "contact", entry.name) : entry.id;
		c.type = ContactType::Custom;
		c.name = entry.name;
		if (!entry.phoneNumber.empty())
			c.phones.push_back({entry.phoneNumber, entry.description});
		c.channels = {"voice"};
		out.push_back(std::move(c));
	}
	return out;
}

bool wildcardMatch(std::string_view pattern, std::string_view text)
{
	/* Greedy matching with one backtrack point: linear in practice, never exponential. */
	std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
	while (t < text.size()) {
		if (p < pattern.size() && pattern[p] == '*') {
			star = p++;
			resume = t;
		} else if (p < pattern.size() && lower(pattern[p]) == lower(text[t])) {
			++p;
			++t;
		} else if (star != std::string_view::npos) {
			p = star + 1;
			t = ++resume;
		} else {
			return false;
		}
	}
	while (p < pattern.size() && pattern[p] == '*')
		++p;
	return p == pattern.size();
}

std::string phoneKey(std::string_view number)
{
	std::string key;
	for (char c : number) {
		if (std::isalnum(static_cast<unsigned char>(c)))
			key += c;
	}
	return key;
}

} /* namespace ctisim::api */
