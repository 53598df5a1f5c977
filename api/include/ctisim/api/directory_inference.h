/* SPDX-License-Identifier: MIT */
/*
 * DirectoryInference: the part of SetupInference that learns the directory
 * beyond the users (docs/recording.md): the queue and routing-point targets
 * (their names and contact ids), the custom contacts, the business attributes
 * and the groups, from the answers of the Contacts API, /queues, the Internal
 * API's business attributes and /groups. Users seen in those answers are
 * SetupInference's to learn; it hands over what only it can tell (whether the
 * reader sees every user, which users the setup will have).
 * Not thread-safe: the ProxyRecorder's mutex guards it.
 */
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace ctisim::api {

class DirectoryInference
{
public:
	/// A contact of type Queue or Custom (GET /api/v2/contacts[/{id}]).
	void learnContact(const rapidjson::Value &contact, std::string_view from);
	/// A queue object (GET /api/v2/queues?fields=..., /queues/{id}).
	void learnQueue(const rapidjson::Value &queue, std::string_view from);
	/// An attribute of GET /internal-api/business-attributes[/{name}].
	void learnAttribute(const rapidjson::Value &attribute, std::string_view from);
	/// A group object (GET /api/v2/groups?fields=..., /groups/{id}); members: its userNames
	/// when the answer listed every one of them (a supervisor's, with subresources=users).
	void learnGroup(const rapidjson::Value &group, std::string_view from,
			std::optional<std::vector<std::string>> members);
	/// The members of group id, every one of them (GET /api/v2/groups/{id}/users by a supervisor).
	void learnGroupMembers(std::string_view id, std::vector<std::string> members, std::string_view from);
	/// An answer was filtered, paged or read by someone who does not see everything: what it
	/// did not show is not known (the attribute or group lists are kept as seen, no more).
	void sawPartialGroupList() { groupListPartial_ = true; }

	/// Adds "dns", "contacts", "businessAttributes" and "groups" to setup; members that are
	/// not users of the setup's configuration (userNames) are left out and counted.
	void addToSetup(rapidjson::Document &setup, const std::set<std::string> &userNames) const;
	/// Adds what was inferred, and what not, to the two lists of the inference.
	void addInference(rapidjson::Value &inferred, rapidjson::Value &notInferred,
			  rapidjson::Document::AllocatorType &a, const std::set<std::string> &userNames) const;

private:
	/// A queue or routing point (a Queue contact).
	struct QueueFacts {
		std::string number, name, contactId, from;
	};
	struct CustomFacts {
		std::string id, name, number, description, from;
	};
	struct AttributeFacts {
		std::string name, json, from; ///< json: the configuration's entry
	};
	struct GroupFacts {
		std::string id, name, from;
		std::optional<std::vector<std::string>> members;
	};

	QueueFacts &queue(const std::string &number);
	GroupFacts &group(const std::string &id);

	std::vector<QueueFacts> queues_;
	std::vector<CustomFacts> custom_;
	std::vector<AttributeFacts> attributes_; ///< in the order first seen (the list's)
	std::vector<GroupFacts> groups_;	 ///< likewise
	bool groupListPartial_ = false;
};

} /* namespace ctisim::api */
