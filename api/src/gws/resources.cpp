/* SPDX-License-Identifier: MIT */
/*
 * The GET resources: each writes its JSON in the documented key order.
 */
#include "resources.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "business_attributes.h"
#include "http_auth.h" /* api/src */
#include "list_params.h"
#include "resource_json.h"
#include "resource_reply.h"

namespace ctisim::api {

namespace {

/// The user's devices; under fields=a,b each only with those keys.
void writeDevices(GwsState &state, json::Writer &w, const UserView &view, DeviceView shape,
		  const FieldSelection &fields = {})
{
	w.StartArray();
	if (!view.user().deviceId.empty())
		writeSelected(w, fields, [&](json::Writer &out) {
			writeDevice(out, view, state.config, state.directory, state.linkUp, shape);
		});
	w.EndArray();
}

/// The user's calls; under fields=a,b each only with those keys.
void writeCalls(GwsState &state, json::Writer &w, const UserView &view, const FieldSelection &fields = {})
{
	TimeMs now = state.clock.now();
	w.StartArray();
	for (const TrackedCall *call : view.calls())
		writeSelected(w, fields,
			      [&](json::Writer &out) { writeCall(out, *call, view, state.config, now, state.linkUp); });
	w.EndArray();
}

void writeEmptyArray(json::Writer &w)
{
	w.StartArray();
	w.EndArray();
}

/// The user's channels: the voice channel of a user with a DN, as /v2/me/channels reports it.
void writeChannels(GwsState &state, json::Writer &w, const UserView &view)
{
	w.StartArray();
	if (!view.user().dn.empty())
		writeVoiceChannel(w, view, state.config);
	w.EndArray();
}

void writeSettingsObject(json::Writer &w, const SettingsObject &object)
{
	w.StartObject();
	for (const auto &[key, value] : object) {
		writeKey(w, key);
		writeString(w, value);
	}
	w.EndObject();
}

/// user.settings: the configured sections, with an "htcc" section derived from the roles unless configured.
void writeUserSettings(json::Writer &w, const DirectoryUser &user, const DesktopConfig &desktop)
{
	w.StartObject();
	bool htccGiven = std::any_of(desktop.userSettings.begin(), desktop.userSettings.end(),
				     [](const auto &section) { return section.first == "htcc"; });
	if (!htccGiven) {
		writeKey(w, "htcc");
		writeSettingsObject(w, {{"roles", htccRoles(user.roles)}});
	}
	for (const auto &[name, section] : desktop.userSettings) {
		writeKey(w, name);
		writeSettingsObject(w, section);
	}
	w.EndObject();
}

std::string featureUri(const GwsConfig &config, std::string_view id)
{
	return fmt::format("{}/api/v2/features/{}", config.publicBaseUrl, id);
}

void writeFeature(json::Writer &w, const FeatureEntry &feature, const GwsConfig &config)
{
	w.StartObject();
	writeKey(w, "id");
	writeString(w, feature.id);
	writeKey(w, "displayName");
	writeString(w, feature.displayName);
	writeKey(w, "description");
	writeString(w, feature.description);
	writeKey(w, "uri");
	writeString(w, featureUri(config, feature.id));
	writeKey(w, "path");
	writeString(w, "/features/" + feature.id);
	w.EndObject();
}

/* The subresources of a user, in the capture's order (desktop-fidelity.md §1.1). */
enum class Sub : unsigned {
	Devices,
	Skills,
	Channels,
	ChannelStates,
	Interactions,
	Chats,
	Settings,
	Calls,
	Groups,
	Features
};
constexpr std::array<std::string_view, 10> subresourceNames = {"devices",      "skills",  "channels", "channelStates",
							       "interactions", "chats",	  "settings", "calls",
							       "groups",       "features"};

/// The subresources the query asks for, a bit each; "*" = all, unknown names are ignored.
unsigned wantedSubresources(const HttpRequest &request)
{
	std::optional<std::string> sub = queryParam(request.query(), "subresources");
	if (!sub)
		return 0;
	if (*sub == "*")
		return (1U << subresourceNames.size()) - 1;
	unsigned mask = 0;
	for (const std::string &name : splitList(*sub)) {
		auto it = std::find(subresourceNames.begin(), subresourceNames.end(), name);
		if (it != subresourceNames.end())
			mask |= 1U << (it - subresourceNames.begin());
	}
	return mask;
}

void writeUserResource(GwsState &state, json::Writer &w, const UserView &view, unsigned wanted)
{
	auto want = [wanted](Sub sub) { return (wanted & (1U << static_cast<unsigned>(sub))) != 0; };
	auto key = [&](json::Writer &out, Sub sub) {
		if (!want(sub))
			return false;
		writeKey(out, subresourceNames[static_cast<unsigned>(sub)]);
		return true;
	};
	UserSubresources sub;
	sub.beforeChangePassword = [&](json::Writer &out) {
		if (key(out, Sub::Devices))
			writeDevices(state, out, view, DeviceView::Resource);
		if (key(out, Sub::Skills))
			writeEmptyArray(out);
		/* The voice channel, as /v2/me/channels reports it (docs/api.md). */
		if (key(out, Sub::Channels))
			writeChannels(state, out, view);
		if (key(out, Sub::ChannelStates))
			writeEmptyArray(out);
		if (key(out, Sub::Interactions))
			writeEmptyArray(out);
		if (key(out, Sub::Chats))
			writeEmptyArray(out);
		if (key(out, Sub::Settings))
			writeUserSettings(out, view.user(), state.config.desktop);
		if (key(out, Sub::Calls))
			writeCalls(state, out, view);
	};
	sub.afterChangePassword = [&](json::Writer &out) {
		if (key(out, Sub::Groups))
			writeEmptyArray(out);
		if (key(out, Sub::Features)) {
			out.StartArray();
			for (const FeatureEntry &feature : state.config.desktop.features)
				writeFeature(out, feature, state.config);
			out.EndArray();
		}
	};
	writeUser(w, view.user(), state.config, sub);
}

/// {name, id, displayName, operationName, state, reason, workMode} (desktop-fidelity.md §2.1).
void writeAgentStateEntry(json::Writer &w, const AgentStateEntry &entry)
{
	w.StartObject();
	writeKey(w, "name");
	writeString(w, entry.name);
	UserStateText state{entry.id, entry.displayName, entry.ready ? "Ready" : "NotReady", entry.reason,
			    entry.workMode};
	writeUserState(w, state, entry.operationName);
	w.EndObject();
}

constexpr std::string_view agentStatesGroup = "agent-states";
constexpr std::string_view dispositionsGroup = "dispositions";

} /* namespace */

/// A user another user may read: oneself; a supervisor or an admin reads every user (the
/// targetDeviceUri of a supervisor's monitoring names the agent's device). Others are
/// answered as not found, like another user's call (docs/api.md).
bool mayReadUser(const DirectoryUser &viewer, const DirectoryUser &target)
{
	return viewer.id == target.id || hasRole(viewer, "ROLE_SUPERVISOR") || hasRole(viewer, "ROLE_ADMIN");
}

void getVersion(GwsState &state, Exchange &ex)
{
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "version");
		writeString(w, state.config.version);
	});
}

void getMe(GwsState &state, Exchange &ex, const UserView &view)
{
	unsigned wanted = wantedSubresources(ex.request);
	FieldSelection fields = FieldSelection::of(ex.request);
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "user");
		writeSelected(w, fields, [&](json::Writer &out) { writeUserResource(state, out, view, wanted); });
	});
}

void getDevices(GwsState &state, Exchange &ex, const UserView &view)
{
	FieldSelection fields = FieldSelection::of(ex.request);
	respondResource(state, ex, [&](json::Writer &w) {
		if (fields.given()) {
			writeKey(w, "devices");
			return writeDevices(state, w, view, DeviceView::Resource, fields);
		}
		writeKey(w, "uris");
		w.StartArray();
		if (!view.user().deviceId.empty())
			writeString(w, deviceUri(state.config, view.user()));
		w.EndArray();
	});
}

void getDevice(GwsState &state, Exchange &ex, const UserView &view)
{
	FieldSelection fields = FieldSelection::of(ex.request);
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "device");
		writeSelected(w, fields, [&](json::Writer &out) {
			writeDevice(out, view, state.config, state.directory, state.linkUp);
		});
	});
}

void getCalls(GwsState &state, Exchange &ex, const UserView &view)
{
	FieldSelection fields = FieldSelection::of(ex.request);
	respondResource(state, ex, [&](json::Writer &w) {
		if (fields.given()) {
			writeKey(w, "calls");
			return writeCalls(state, w, view, fields);
		}
		writeKey(w, "uris");
		w.StartArray();
		for (const TrackedCall *call : view.calls())
			writeString(w, callUri(state.config, call->call->callUuid));
		w.EndArray();
	});
}

void getCall(GwsState &state, Exchange &ex, const UserView &view, std::string_view id)
{
	const TrackedCall *call = view.findById(id);
	if (!call)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Call {} not found", id)});
	FieldSelection fields = FieldSelection::of(ex.request);
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "call");
		writeSelected(w, fields, [&](json::Writer &out) {
			writeCall(out, *call, view, state.config, state.clock.now(), state.linkUp);
		});
	});
}

void getUser(GwsState &state, Exchange &ex, const UserView &viewer, std::string_view id)
{
	const DirectoryUser *target = state.directory.findById(id);
	const UserView *view = target && mayReadUser(viewer.user(), *target) ? state.viewOf(target->id) : nullptr;
	if (!view)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("User {} not found", id)});
	unsigned wanted = wantedSubresources(ex.request);
	FieldSelection fields = FieldSelection::of(ex.request);
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "user");
		writeSelected(w, fields, [&](json::Writer &out) { writeUserResource(state, out, *view, wanted); });
	});
}

void getDeviceById(GwsState &state, Exchange &ex, const UserView &viewer, std::string_view id)
{
	const DirectoryUser *target = state.directory.findByDeviceId(id);
	const UserView *view = target && mayReadUser(viewer.user(), *target) ? state.viewOf(target->id) : nullptr;
	if (!view)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Device {} not found", id)});
	getDevice(state, ex, *view);
}

void getVoiceEnvironment(GwsState &state, Exchange &ex, std::string_view id)
{
	if (id != state.config.voiceEnvironmentId)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Voice environment {} not found", id)});
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "voiceEnvironment");
		w.StartObject();
		writeKey(w, "id");
		writeString(w, id);
		writeKey(w, "name");
		writeString(w, "ctisim");
		writeKey(w, "uri");
		writeString(w, voiceEnvironmentUri(state.config));
		writeKey(w, "path");
		writeString(w, fmt::format("/voice-environments/{}", id));
		w.EndObject();
	});
}

void getFeature(GwsState &state, Exchange &ex, std::string_view id)
{
	const FeatureEntry *feature = state.config.desktop.findFeature(id);
	if (!feature)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Feature {} not found", id)});
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "feature");
		writeFeature(w, *feature, state.config);
	});
}

void getSettingsGroups(GwsState &state, Exchange &ex)
{
	const GwsConfig &config = state.config;
	auto entry = [&](json::Writer &w, std::string_view displayName, std::string_view name) {
		w.StartObject();
		writeKey(w, "displayName");
		writeString(w, displayName);
		writeKey(w, "uri");
		writeString(w, fmt::format("{}/api/v2/settings/{}", config.publicBaseUrl, name));
		w.EndObject();
	};
	respondSettings(state, ex, [&](json::Writer &w) {
		w.StartArray();
		entry(w, "Agent States", agentStatesGroup);
		for (const SettingsGroup &group : config.desktop.settingsGroups)
			entry(w, group.displayName, group.name);
		if (!config.desktop.findGroup(dispositionsGroup) && dispositionsListed(config))
			entry(w, "Dispositions", dispositionsGroup);
		w.EndArray();
	});
}

void getSettingsGroup(GwsState &state, Exchange &ex, std::string_view name)
{
	const DesktopConfig &desktop = state.config.desktop;
	if (name == agentStatesGroup) {
		return respondSettings(state, ex, [&](json::Writer &w) {
			w.StartArray();
			for (const AgentStateEntry &entry : desktop.agentStates)
				writeAgentStateEntry(w, entry);
			w.EndArray();
		});
	}
	const SettingsGroup *group = desktop.findGroup(name);
	/* A configured dispositions group wins over the one made from the business attribute. */
	if (!group && name == dispositionsGroup) {
		if (const BusinessAttribute *attribute = dispositionAttribute(state.config))
			return getDispositions(state, ex, *attribute);
	}
	if (!group)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Settings group {} not found", name)});
	respondSettings(state, ex, [&](json::Writer &w) {
		if (!group->isArray)
			return writeSettingsObject(w, group->object);
		w.StartArray();
		for (const SettingsObject &item : group->items)
			writeSettingsObject(w, item);
		w.EndArray();
	});
}

void getChannels(GwsState &state, Exchange &ex, const UserView &view)
{
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "channels");
		writeChannels(state, w, view);
	});
}

void getChannel(GwsState &state, Exchange &ex, const UserView &view, std::string_view channel)
{
	if (channel != "voice" || view.user().dn.empty())
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Channel {} not found", channel)});
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "channel");
		writeVoiceChannel(w, view, state.config);
	});
}

} /* namespace ctisim::api */
