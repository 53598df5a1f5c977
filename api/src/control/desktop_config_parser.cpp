/* SPDX-License-Identifier: MIT */
/*
 * The configuration keys of what desktops read at start-up (DesktopConfig):
 * "agentStates", "features", "userSettings", "settingsGroups",
 * "businessAttributes". Each given key replaces the default's (settingsGroups
 * and businessAttributes: one by one, by name); an error names the JSON path.
 */
#include "desktop_config_parser.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "ctisim/json/path.h"
#include "ctisim/json/path_reader.h"
#include "ctisim/json/value.h"

namespace ctisim::api {

namespace {

using json::checkKeys;
using json::fail;
using json::str;
using rapidjson::Value;

const Value *find(const Value &object, std::string_view key)
{
	return json::member(object, key);
}

std::string text(const Value &v, const std::string &path, bool nonEmpty = true)
{
	if (!v.IsString() || (nonEmpty && v.GetStringLength() == 0))
		fail(path,
		     fmt::format("expected a {}string, found {}", nonEmpty ? "non-empty " : "", json::preview(v)));
	return std::string(str(v));
}

/// A name that goes into a URI or an operationName: letters, digits, '-', '_', '.'.
std::string name(const Value &v, const std::string &path)
{
	std::string s = text(v, path);
	if (!std::all_of(s.begin(), s.end(), [](char c) {
		    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
	    }))
		fail(path, fmt::format("expected letters, digits, '-', '_' or '.', found {}", json::preview(v)));
	return s;
}

SettingsObject settingsObject(const Value &v, const std::string &path)
{
	if (!v.IsObject())
		fail(path, fmt::format("expected an object of string values, found {}", json::preview(v)));
	SettingsObject out;
	for (const auto &m : v.GetObject())
		out.emplace_back(std::string(str(m.name)), text(m.value, json::pathKey(path, str(m.name)), false));
	return out;
}

AgentStateEntry agentState(const Value &v, const std::string &path)
{
	if (!v.IsObject())
		fail(path, "expected an object {\"displayName\": ..., \"operationName\": ..., \"state\": ...}");
	checkKeys(v, path, {"name", "id", "displayName", "operationName", "state", "reason", "workMode"});
	AgentStateEntry e;
	for (const char *required : {"displayName", "operationName", "state"}) {
		if (!find(v, required))
			fail(path, fmt::format("missing \"{}\"", required));
	}
	e.displayName = text(*find(v, "displayName"), json::pathKey(path, "displayName"));
	e.operationName = name(*find(v, "operationName"), json::pathKey(path, "operationName"));
	std::string state = text(*find(v, "state"), json::pathKey(path, "state"));
	if (state != "Ready" && state != "NotReady")
		fail(json::pathKey(path, "state"), "expected \"Ready\" or \"NotReady\"");
	e.ready = state == "Ready";
	e.name = e.operationName;
	if (const Value *n = find(v, "name"))
		e.name = text(*n, json::pathKey(path, "name"));
	/* A system state keeps its documented id unless one is given. */
	static const DesktopConfig defaults = defaultDesktopConfig();
	const AgentStateEntry *system = defaults.findOperation(e.operationName);
	e.id = system && isSystemAgentState(e.operationName) ? system->id : derivedAgentStateId(e.name);
	if (const Value *id = find(v, "id"))
		e.id = text(*id, json::pathKey(path, "id"));
	if (const Value *reason = find(v, "reason"))
		e.reason = text(*reason, json::pathKey(path, "reason"));
	if (const Value *mode = find(v, "workMode")) {
		e.workMode = text(*mode, json::pathKey(path, "workMode"));
		if (e.workMode != "AfterCallWork" && e.workMode != "AuxWork")
			fail(json::pathKey(path, "workMode"), "expected \"AfterCallWork\" or \"AuxWork\"");
	}
	if (e.ready && (!e.reason.empty() || !e.workMode.empty()))
		fail(path, "a Ready state has no \"reason\" or \"workMode\"");
	return e;
}

std::vector<AgentStateEntry> agentStates(const Value &v, const std::string &path)
{
	if (!v.IsArray() || v.Empty())
		fail(path, "expected a non-empty array of agent states (the menu, in order)");
	std::vector<AgentStateEntry> out;
	for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
		std::string itemPath = json::pathIndex(path, i);
		out.push_back(agentState(v[i], itemPath));
		if (std::optional<std::string> why = checkAgentState(out))
			fail(itemPath, *why);
	}
	return out;
}

std::vector<FeatureEntry> features(const Value &v, const std::string &path)
{
	if (!v.IsArray())
		fail(path, "expected an array of feature names such as [\"api-voice\"]");
	std::vector<FeatureEntry> out;
	for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
		std::string itemPath = json::pathIndex(path, i);
		FeatureEntry feature;
		if (v[i].IsObject()) {
			checkKeys(v[i], itemPath, {"id", "displayName", "description"});
			const Value *id = find(v[i], "id");
			if (!id)
				fail(itemPath, "missing \"id\"");
			feature = knownFeature(name(*id, json::pathKey(itemPath, "id")));
			if (const Value *d = find(v[i], "displayName"))
				feature.displayName = text(*d, json::pathKey(itemPath, "displayName"), false);
			if (const Value *d = find(v[i], "description"))
				feature.description = text(*d, json::pathKey(itemPath, "description"), false);
		} else {
			feature = knownFeature(name(v[i], itemPath));
		}
		if (std::any_of(out.begin(), out.end(), [&](const FeatureEntry &f) { return f.id == feature.id; }))
			fail(itemPath, fmt::format("feature \"{}\" is listed twice", feature.id));
		out.push_back(std::move(feature));
	}
	return out;
}

SettingsSections userSettings(const Value &v, const std::string &path)
{
	if (!v.IsObject())
		fail(path, "expected an object of sections, such as {\"interaction-workspace\": {\"key\": \"value\"}}");
	SettingsSections out;
	for (const auto &m : v.GetObject())
		out.emplace_back(std::string(str(m.name)), settingsObject(m.value, json::pathKey(path, str(m.name))));
	return out;
}

void settingsGroups(const Value &v, const std::string &path, std::vector<SettingsGroup> &groups)
{
	if (!v.IsObject())
		fail(path, "expected an object of groups, such as {\"dispositions\": [{\"name\": \"Sale\"}]}");
	for (const auto &m : v.GetObject()) {
		std::string groupPath = json::pathKey(path, str(m.name));
		SettingsGroup group;
		group.name = name(m.name, groupPath);
		if (group.name == "agent-states")
			fail(groupPath, "the agent-states group is served from \"agentStates\"");
		group.displayName = group.name == "general-settings" ? "General Settings" : group.name;
		if (m.value.IsArray()) {
			group.isArray = true;
			for (rapidjson::SizeType i = 0; i < m.value.Size(); ++i)
				group.items.push_back(settingsObject(m.value[i], json::pathIndex(groupPath, i)));
		} else if (m.value.IsObject()) {
			group.object = settingsObject(m.value, groupPath);
		} else {
			fail(groupPath, fmt::format("expected an object of strings or an array of them, found {}",
						    json::preview(m.value)));
		}
		auto same = std::find_if(groups.begin(), groups.end(),
					 [&](const SettingsGroup &g) { return g.name == group.name; });
		if (same != groups.end())
			*same = std::move(group);
		else
			groups.push_back(std::move(group));
	}
}

/// The displayName (default: the name) and description of an object that has a name.
void labels(const Value &v, const std::string &path, const std::string &name, std::string &displayName,
	    std::string &description)
{
	displayName = name;
	if (const Value *d = find(v, "displayName"))
		displayName = text(*d, json::pathKey(path, "displayName"));
	if (const Value *d = find(v, "description"))
		description = text(*d, json::pathKey(path, "description"), false);
}

BusinessAttributeValue businessAttributeValue(const Value &v, const std::string &path)
{
	if (!v.IsObject())
		fail(path, fmt::format("expected an object {{\"name\": ...}}, found {}", json::preview(v)));
	checkKeys(v, path, {"name", "displayName", "description", "default"});
	const Value *n = find(v, "name");
	if (!n)
		fail(path, "missing \"name\"");
	BusinessAttributeValue value;
	value.name = text(*n, json::pathKey(path, "name"));
	labels(v, path, value.name, value.displayName, value.description);
	if (const Value *d = find(v, "default"))
		value.isDefault = json::readBoolean(*d, json::pathKey(path, "default"));
	return value;
}

void businessAttributes(const Value &v, const std::string &path, std::vector<BusinessAttribute> &attributes)
{
	json::forEachObject(v, path, [&](const Value &item, const std::string &itemPath) {
		checkKeys(item, itemPath, {"name", "displayName", "description", "userProperties", "values"});
		const Value *n = find(item, "name");
		if (!n)
			fail(itemPath, "missing \"name\"");
		BusinessAttribute attribute;
		attribute.name = name(*n, json::pathKey(itemPath, "name"));
		labels(item, itemPath, attribute.name, attribute.displayName, attribute.description);
		if (const Value *d = find(item, "userProperties"))
			attribute.userProperties = userSettings(*d, json::pathKey(itemPath, "userProperties"));
		if (const Value *values = find(item, "values")) {
			std::string valuesPath = json::pathKey(itemPath, "values");
			if (!values->IsArray())
				fail(valuesPath, "expected an array of values such as [{\"name\": \"Sale\"}]");
			for (rapidjson::SizeType i = 0; i < values->Size(); ++i) {
				std::string valuePath = json::pathIndex(valuesPath, i);
				BusinessAttributeValue value = businessAttributeValue((*values)[i], valuePath);
				if (std::any_of(attribute.values.begin(), attribute.values.end(),
						[&](const BusinessAttributeValue &other) {
							return other.name == value.name;
						}))
					fail(json::pathKey(valuePath, "name"),
					     fmt::format("value \"{}\" is already in {}", value.name, attribute.name));
				attribute.values.push_back(std::move(value));
			}
		}
		auto same = std::find_if(attributes.begin(), attributes.end(),
					 [&](const BusinessAttribute &a) { return a.name == attribute.name; });
		if (same != attributes.end())
			*same = std::move(attribute);
		else
			attributes.push_back(std::move(attribute));
	});
}

} /* namespace */

std::optional<SandboxConfigError> parseDesktopConfig(const rapidjson::Value &root, DesktopConfig &out)
{
	DesktopConfig config = out;
	try {
		if (const Value *v = find(root, "agentStates"))
			config.agentStates = agentStates(*v, "$.agentStates");
		if (const Value *v = find(root, "features"))
			config.features = features(*v, "$.features");
		if (const Value *v = find(root, "userSettings"))
			config.userSettings = userSettings(*v, "$.userSettings");
		if (const Value *v = find(root, "settingsGroups"))
			settingsGroups(*v, "$.settingsGroups", config.settingsGroups);
		if (const Value *v = find(root, "businessAttributes"))
			businessAttributes(*v, "$.businessAttributes", config.businessAttributes);
	} catch (const json::PathError &failure) {
		return SandboxConfigError{failure.path, failure.message};
	}
	out = std::move(config);
	return std::nullopt;
}

} /* namespace ctisim::api */
