/* SPDX-License-Identifier: MIT */
/*
 * The business attribute objects of the Internal API page (InternalAPIBA
 * 8.5.0): name, displayName, description, userProperties, values, default.
 */
#include "business_attributes.h"

#include <algorithm>

#include <fmt/format.h>

#include "http_auth.h" /* api/src */
#include "resource_reply.h"

namespace ctisim::api {

namespace {

constexpr std::string_view workspaceSection = "interaction-workspace";
constexpr std::string_view dispositionOption = "interaction.disposition.value-business-attribute";

/// [{"name": section, "value": [{"name": key, "value": value}, ...]}, ...] (the page's sample).
void writeUserProperties(json::Writer &w, const SettingsSections &sections)
{
	w.StartArray();
	for (const auto &[section, options] : sections) {
		w.StartObject();
		writeKey(w, "name");
		writeString(w, section);
		writeKey(w, "value");
		w.StartArray();
		for (const auto &[key, value] : options) {
			w.StartObject();
			writeKey(w, "name");
			writeString(w, key);
			writeKey(w, "value");
			writeString(w, value);
			w.EndObject();
		}
		w.EndArray();
		w.EndObject();
	}
	w.EndArray();
}

/// name, displayName, description, userProperties: what an attribute and its values share.
void writeLabels(json::Writer &w, std::string_view name, std::string_view displayName, std::string_view description,
		 const SettingsSections &userProperties)
{
	writeKey(w, "name");
	writeString(w, name);
	writeKey(w, "displayName");
	writeString(w, displayName);
	writeKey(w, "description");
	writeString(w, description);
	writeKey(w, "userProperties");
	writeUserProperties(w, userProperties);
}

void writeValue(json::Writer &w, const BusinessAttributeValue &value)
{
	w.StartObject();
	writeLabels(w, value.name, value.displayName, value.description, {});
	writeKey(w, "default");
	w.Bool(value.isDefault);
	w.EndObject();
}

void writeAttribute(json::Writer &w, const BusinessAttribute &attribute)
{
	w.StartObject();
	writeLabels(w, attribute.name, attribute.displayName, attribute.description, attribute.userProperties);
	writeKey(w, "values");
	w.StartArray();
	for (const BusinessAttributeValue &value : attribute.values)
		writeValue(w, value);
	w.EndArray();
	writeKey(w, "default");
	w.Bool(false);
	w.EndObject();
}

} /* namespace */

void getBusinessAttributes(GwsState &state, Exchange &ex)
{
	std::optional<std::string> names = queryParam(ex.request.query(), "name");
	std::vector<std::string> wanted = names ? splitList(*names) : std::vector<std::string>();
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "businessAttributes");
		w.StartArray();
		for (const BusinessAttribute &attribute : state.config.desktop.businessAttributes) {
			if (names && std::find(wanted.begin(), wanted.end(), attribute.name) == wanted.end())
				continue;
			writeAttribute(w, attribute);
		}
		w.EndArray();
	});
}

void getBusinessAttribute(GwsState &state, Exchange &ex, std::string_view name)
{
	const BusinessAttribute *attribute = state.config.desktop.findBusinessAttribute(name);
	if (!attribute)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Business attribute {} not found", name)});
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "businessAttribute");
		writeAttribute(w, *attribute);
	});
}

const BusinessAttribute *dispositionAttribute(const GwsConfig &config)
{
	std::optional<std::string_view> named = config.desktop.userSetting(workspaceSection, dispositionOption);
	return config.desktop.findBusinessAttribute(named ? *named : std::string_view(config.defaultDispositionKey));
}

bool dispositionsListed(const GwsConfig &config)
{
	return config.desktop.userSetting(workspaceSection, dispositionOption).has_value() &&
	       dispositionAttribute(config) != nullptr;
}

void getDispositions(GwsState &state, Exchange &ex, const BusinessAttribute &attribute)
{
	respondSettings(state, ex, [&](json::Writer &w) {
		w.StartArray();
		for (const BusinessAttributeValue &value : attribute.values) {
			w.StartObject();
			writeKey(w, "name");
			writeString(w, value.name);
			writeKey(w, "displayName");
			writeString(w, value.displayName);
			w.EndObject();
		}
		w.EndArray();
	});
}

} /* namespace ctisim::api */
