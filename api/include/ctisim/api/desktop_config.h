/* SPDX-License-Identifier: MIT */
/*
 * DesktopConfig: what a real GWS takes from the Genesys configuration and
 * agent desktops read at start-up (docs/desktop-fidelity.md §1-§2, §7.4): the
 * agent-state catalogue, the contact center's features, the person annex
 * (user.settings) and the settings groups. Part of GwsConfig; a sandbox
 * configuration changes it with the keys "agentStates", "features",
 * "userSettings" and "settingsGroups" (docs/control-api.md).
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctisim::api {

/// Ordered string pairs: a settings section, or one object of a settings group.
using SettingsObject = std::vector<std::pair<std::string, std::string>>;
/// Ordered named sections: user.settings, {"interaction-workspace": {...}, ...}.
using SettingsSections = std::vector<std::pair<std::string, SettingsObject>>;

/// One entry of the agent-state menu (GET /api/v2/settings/agent-states).
struct AgentStateEntry {
	std::string name;	   ///< the group's key attribute
	std::string id;		   ///< the userState id
	std::string displayName;   ///< the userState displayName, unique in the catalogue
	std::string operationName; ///< POSTed to /api/v2/me/channels/voice or /api/v2/me
	bool ready = false;	   ///< state Ready; else NotReady
	std::string reason;	   ///< the T-Library ReasonCode; empty = none
	std::string workMode;	   ///< "AfterCallWork", "AuxWork" or empty (NotReady only)
};

/// A contact-center feature (`api-voice`, ...), listed by /me?subresources=features.
struct FeatureEntry {
	std::string id;
	std::string displayName;
	std::string description;
};

/// A settings group of GET /api/v2/settings/{name}: an object of strings
/// (general-settings) or an array of objects of strings.
struct SettingsGroup {
	std::string name;
	std::string displayName;
	bool isArray = false;
	SettingsObject object;		   ///< !isArray
	std::vector<SettingsObject> items; ///< isArray
};

/// A value of a business attribute (a disposition code, a case-data field...).
struct BusinessAttributeValue {
	std::string name;
	std::string displayName;
	std::string description;
	bool isDefault = false; ///< "default": the attribute's default value
};

/// A Configuration Server business attribute (GET /internal-api/business-attributes).
struct BusinessAttribute {
	std::string name;
	std::string displayName;
	std::string description;
	/// Annex sections, written as the page's userProperties [{"name": section, "value": [...]}].
	SettingsSections userProperties;
	std::vector<BusinessAttributeValue> values;
};

struct DesktopConfig {
	/// The menu, in order. The system operations (Ready, NotReady, AfterCallWork,
	/// AuxWork) work whether listed or not.
	std::vector<AgentStateEntry> agentStates;
	std::vector<FeatureEntry> features;
	/// Every user's annex; an "htcc" section is derived from the roles unless given.
	SettingsSections userSettings;
	/// general-settings and the custom groups; agent-states is served from agentStates.
	std::vector<SettingsGroup> settingsGroups;
	/// The tenant's business attributes, in order; the disposition codes among them.
	std::vector<BusinessAttribute> businessAttributes;

	const AgentStateEntry *findOperation(std::string_view operationName) const;
	const FeatureEntry *findFeature(std::string_view id) const;
	bool hasFeature(std::string_view id) const { return findFeature(id) != nullptr; }
	const SettingsGroup *findGroup(std::string_view name) const;
	const BusinessAttribute *findBusinessAttribute(std::string_view name) const;
	/// The value of an option of user.settings (section, key), or nullopt.
	std::optional<std::string_view> userSetting(std::string_view section, std::string_view key) const;
};

/// The system agent states (their operations are always accepted).
bool isSystemAgentState(std::string_view operationName);
/// Checks the last entry of a catalogue being built against the rest: its
/// operationName, displayName and (state, workMode, reason) unique; no other GWS
/// operation's name; a system operation's name only with that state. The reason
/// it is refused, or nothing.
std::optional<std::string> checkAgentState(const std::vector<AgentStateEntry> &states);
/// A stable userState id for a catalogue entry without one: a UUID derived from its name.
std::string derivedAgentStateId(std::string_view name);
/// "agent,supervisor": the htcc/roles annex value GWS grants roles by, derived from
/// the roles (ROLE_AGENT, ROLE_SUPERVISOR) when the configuration gives no htcc section.
std::string htccRoles(const std::vector<std::string> &roles);
/// The texts of a known GWS feature name; empty texts for others.
FeatureEntry knownFeature(std::string_view id);

/// The embedded default: the system states plus Lunch, Break and Training; the
/// features api-voice and api-supervisor-monitoring (api-voice-recording only when
/// configured); no annex
/// sections; general-settings of the United States; the business attribute
/// DispositionCode with a few disposition codes.
DesktopConfig defaultDesktopConfig();

} /* namespace ctisim::api */
