/* SPDX-License-Identifier: MIT */
/*
 * DesktopConfig: the embedded default and the look-ups.
 */
#include "ctisim/api/desktop_config.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include <fmt/format.h>

#include "gws/operation_table.h" /* api/src: the operation names only */

namespace ctisim::api {

namespace {

/// Whether name is a row of the GWS operation table. Names only: the
/// configuration library (which `ctisim switch` links too) has no builders.
bool isGwsOperationName(std::string_view name)
{
#define CTISIM_GWS_OP_NAME(opName, ...) #opName,
	static constexpr std::string_view names[] = {CTISIM_GWS_OPERATIONS(CTISIM_GWS_OP_NAME)};
#undef CTISIM_GWS_OP_NAME
	return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

/* The system userStates, exactly as the GWS samples (reference §3.2). */
AgentStateEntry systemState(const char *name, const char *id, const char *displayName, bool ready, const char *workMode)
{
	return AgentStateEntry{name, id, displayName, name, ready, "", workMode};
}

/* A reason state modelled on the documented OutToLunch example (desktop-fidelity.md §2.1). */
AgentStateEntry reasonState(const char *name, const char *displayName, const char *operationName)
{
	return AgentStateEntry{name, derivedAgentStateId(name), displayName, operationName, false, name, "AuxWork"};
}

struct KnownFeature {
	std::string_view id, displayName, description;
};

/* desktop-fidelity.md §1.1: the capture's texts with their spaces put back. */
constexpr std::array<KnownFeature, 3> knownFeatures = {{
	{"api-voice", "Voice API", "API for Voice"},
	{"api-supervisor-monitoring", "API Supervisor Monitoring", "API for Supervisors to Monitor Agents"},
	{"api-voice-recording", "Voice Recording API", "API for Voice Recording"},
}};

template <class T, class Key> const T *findBy(const std::vector<T> &items, Key key)
{
	auto it = std::find_if(items.begin(), items.end(), key);
	return it == items.end() ? nullptr : &*it;
}

} /* namespace */

const AgentStateEntry *DesktopConfig::findOperation(std::string_view operationName) const
{
	return findBy(agentStates, [&](const AgentStateEntry &e) { return e.operationName == operationName; });
}

const FeatureEntry *DesktopConfig::findFeature(std::string_view id) const
{
	return findBy(features, [&](const FeatureEntry &f) { return f.id == id; });
}

const SettingsGroup *DesktopConfig::findGroup(std::string_view name) const
{
	return findBy(settingsGroups, [&](const SettingsGroup &g) { return g.name == name; });
}

const BusinessAttribute *DesktopConfig::findBusinessAttribute(std::string_view name) const
{
	return findBy(businessAttributes, [&](const BusinessAttribute &a) { return a.name == name; });
}

std::optional<std::string_view> DesktopConfig::userSetting(std::string_view section, std::string_view key) const
{
	for (const auto &[name, options] : userSettings) {
		if (name != section)
			continue;
		for (const auto &[option, value] : options) {
			if (option == key)
				return std::string_view(value);
		}
	}
	return std::nullopt;
}

bool isSystemAgentState(std::string_view operationName)
{
	return operationName == "Ready" || operationName == "NotReady" || operationName == "AfterCallWork" ||
	       operationName == "AuxWork";
}

std::optional<std::string> checkAgentState(const std::vector<AgentStateEntry> &states)
{
	const AgentStateEntry &e = states.back();
	static const DesktopConfig defaults = defaultDesktopConfig();
	if (isSystemAgentState(e.operationName)) {
		const AgentStateEntry &system = *defaults.findOperation(e.operationName);
		if (e.ready != system.ready || e.workMode != system.workMode || !e.reason.empty())
			return fmt::format("{} is a system operation: its state is {}{}{} with no reason",
					   e.operationName, system.ready ? "Ready" : "NotReady",
					   system.workMode.empty() ? "" : ", workMode ", system.workMode);
	} else if (isGwsOperationName(e.operationName)) {
		return fmt::format("{} is another GWS operation", e.operationName);
	}
	for (std::size_t i = 0; i + 1 < states.size(); ++i) {
		const AgentStateEntry &other = states[i];
		if (other.operationName == e.operationName)
			return fmt::format("operationName {} is already in the catalogue", e.operationName);
		/* Desktops find the current entry by userState.displayName (desktop-fidelity.md §0.5). */
		if (other.displayName == e.displayName)
			return fmt::format("displayName \"{}\" is already in the catalogue", e.displayName);
		if (other.ready == e.ready && other.workMode == e.workMode && other.reason == e.reason)
			return fmt::format("{} has the same state, workMode and reason as {}: a userState could not "
					   "tell them apart",
					   e.operationName, other.operationName);
	}
	return std::nullopt;
}

std::string derivedAgentStateId(std::string_view name)
{
	/* Two FNV-1a passes with different bases: 128 bits, shaped as an uppercase UUID
	 * like the system ids. The same name gives the same id in every sandbox. */
	auto fnv = [&](std::uint64_t basis) {
		std::uint64_t h = basis;
		for (char c : name) {
			h ^= static_cast<unsigned char>(c);
			h *= 0x100000001b3ULL;
		}
		return h;
	};
	std::uint64_t hi = fnv(0xcbf29ce484222325ULL);
	std::uint64_t lo = fnv(0x84222325cbf29ce4ULL);
	return fmt::format("{:08X}-{:04X}-{:04X}-{:04X}-{:012X}", hi >> 32, (hi >> 16) & 0xffff, hi & 0xffff, lo >> 48,
			   lo & 0xffffffffffffULL);
}

std::string htccRoles(const std::vector<std::string> &roles)
{
	std::string out;
	for (const std::string &role : roles) {
		std::string_view name = role;
		if (name.substr(0, 5) != "ROLE_")
			continue;
		std::string lower;
		for (char c : name.substr(5))
			lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
		out += (out.empty() ? "" : ",") + lower;
	}
	return out;
}

FeatureEntry knownFeature(std::string_view id)
{
	for (const KnownFeature &f : knownFeatures) {
		if (f.id == id)
			return FeatureEntry{std::string(f.id), std::string(f.displayName), std::string(f.description)};
	}
	return FeatureEntry{std::string(id), "", ""};
}

DesktopConfig defaultDesktopConfig()
{
	DesktopConfig config;
	config.agentStates = {
		systemState("Ready", "9430250E-0A1B-421F-B372-F29E69366DED", "Ready", true, ""),
		systemState("NotReady", "900D55CC-2BB0-431F-8BF9-D3525B383BE6", "Not Ready", false, ""),
		systemState("AfterCallWork", "D3663509-3D82-4DD3-A82E-2EA8EFA02AEF", "AfterCallWork", false,
			    "AfterCallWork"),
		systemState("AuxWork", "2B36138D-C564-4562-A8CB-3C32D564F296", "AuxWork", false, "AuxWork"),
		reasonState("Lunch", "Out to Lunch", "OutToLunch"),
		reasonState("Break", "On Break", "Break"),
		reasonState("Training", "Training", "Training"),
	};
	/* Recording is off unless configured: the seed's calls have no recordingState (desktop-fidelity.md §7.4). */
	config.features = {knownFeature("api-voice"), knownFeature("api-supervisor-monitoring")};
	SettingsGroup general;
	general.name = "general-settings";
	general.displayName = "General Settings";
	general.object = {{"countryCode", "US"}, {"countryDigits", "1"}, {"countryName", "United States"}};
	config.settingsGroups.push_back(std::move(general));
	/* The disposition codes SetCallDisposition's default key (DispositionCode) takes. */
	BusinessAttribute dispositions;
	dispositions.name = "DispositionCode";
	dispositions.displayName = "Disposition Code";
	dispositions.description = "The outcome of an interaction";
	for (const char *code : {"Sale", "NoSale", "CallBack", "WrongNumber", "Resolved"}) {
		BusinessAttributeValue value;
		value.name = code;
		value.displayName = code;
		dispositions.values.push_back(std::move(value));
	}
	dispositions.values[1].displayName = "No Sale";
	dispositions.values[2].displayName = "Call Back";
	dispositions.values[3].displayName = "Wrong Number";
	config.businessAttributes.push_back(std::move(dispositions));
	return config;
}

} /* namespace ctisim::api */
