/* SPDX-License-Identifier: MIT */
/*
 * SetupInference: what the answers a recording proxy relays show about the
 * recorded system's configuration, as a sandbox `setup` (docs/control-api.md)
 * and, beside it, the list of what was inferred from which answer and what
 * could not be (the scenario's "inference", docs/recording.md). The directory
 * and the desktop configuration (users and their roles, features, the
 * agent-state catalogue, settings, contacts, business attributes, groups:
 * DirectoryInference) cannot change during a session, so every
 * answer teaches them; the agents' states and the calls in progress only the
 * answers that came back before the first write or notification.
 * Not thread-safe: the ProxyRecorder's mutex guards it.
 */
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/fwd.h>

#include "ctisim/api/directory_inference.h"

namespace ctisim::api {

class SetupInference
{
public:
	/// A 200 answer to GET target (path and query) that userName (may be "") asked for.
	/// started: a write or a notification was seen already.
	void learnAnswer(std::string_view target, const std::string &userName, const std::string &body, bool started);
	/// An answer carried X-CSRF-TOKEN.
	void sawCsrfToken() { csrf_ = true; }

	/// The setup, publicBaseUrl first (JSON object text).
	std::string setupJson(const std::string &publicBaseUrl) const;
	/// {"inferred": {topic: answer}, "notInferred": {topic: why}} (JSON object text).
	/// users: who sent requests; what each was sent before its first request is not known.
	std::string inferenceJson(const std::vector<std::string> &users) const;

private:
	struct UserFacts {
		std::string dn, id, deviceId, firstName, lastName;
		std::optional<std::vector<std::string>> roles;
		std::string from; ///< the answer that showed the user
		/// The agent's state when the recording started ("" = not seen yet).
		std::string agentState, workMode, reason;
		bool dnd = false;
	};
	/// A party of a call in progress; own: its user's own answer showed it.
	struct PartyFacts {
		std::string dn, state;
		bool muted = false;
		bool own = false;
	};
	/// A call in progress when the recording started, as the answers showed it.
	struct CallFacts {
		std::string connId, callUuid, callType, ani, dnis;
		std::string userDataJson; ///< strings and integers only; "" = none
		std::int64_t ageMs = -1;
		std::vector<PartyFacts> parties; ///< the originator first
	};
	/// A piece of the desktop configuration, kept as the JSON the setup takes.
	struct Seen {
		std::string json; ///< "" = not seen
		std::string from;
	};

	void learnUser(const rapidjson::Value &user, std::string_view from, bool started);
	/// A User contact: the user, its number and, unless projected, whether it was logged in.
	void learnContactUser(const rapidjson::Value &contact, std::string_view from, bool started, bool projected);
	/// The directory answers (contacts, queues, business attributes, groups, user lists); false: not one.
	bool learnDirectory(std::string_view target, const std::string &userName, const rapidjson::Value &doc,
			    bool started);
	/// The userNames of the users the setup lists, in the order it lists them.
	std::vector<std::string> setupUserNames() const;
	/// Every user the replay's configuration has: the setup's and the defaults it leaves.
	std::set<std::string> replayUserNames() const;
	void learnDevice(UserFacts &facts, const rapidjson::Value &device, bool started);
	void learnCall(const std::string &dn, const rapidjson::Value &call);
	void learnUserSettings(const rapidjson::Value &settings, const UserFacts &facts, std::string_view from);
	void learnSettings(std::string_view group, const rapidjson::Value &settings, std::string_view from);

	bool csrf_ = false;
	bool answered_ = false; ///< any 200 answer (CSRF would have shown on it)
	std::map<std::string, UserFacts> users_;
	std::vector<CallFacts> calls_; ///< in the order first seen
	Seen features_, agentStates_, userSettings_;
	bool userSettingsDiffer_ = false; ///< two users showed other sections: one setup cannot say both
	std::map<std::string, Seen> settingsGroups_;
	std::vector<std::string> groupsListed_; ///< GET /settings: the groups the system has
	/// The users in the order a supervisor's unfiltered GET /api/v2/users listed them.
	std::vector<std::string> userOrder_;
	DirectoryInference directory_;
};

} /* namespace ctisim::api */
