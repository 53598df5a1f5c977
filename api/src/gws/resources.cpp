/* SPDX-License-Identifier: MIT */
/*
 * The GET resources: each writes its JSON in the documented key order.
 */
#include "resources.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "http_auth.h" /* api/src */
#include "resource_json.h"

namespace ctisim::api {

namespace {

/// Answers {"statusCode":0,...} with the fields writeFields writes after statusCode.
template <class WriteFields> void respondResource(GwsState &state, Exchange &ex, WriteFields writeFields)
{
	rapidjson::StringBuffer buffer;
	JsonWriter w(buffer);
	w.StartObject();
	writeKey(w, "statusCode");
	w.Int(0);
	writeFields(w);
	w.EndObject();
	state.respond(ex, 200, jsonText(buffer));
}

void writeDevices(GwsState &state, JsonWriter &w, const UserView &view)
{
	w.StartArray();
	if (!view.user().deviceId.empty())
		writeDevice(w, view.user(), view.dn(), state.config, state.linkUp);
	w.EndArray();
}

void writeCalls(GwsState &state, JsonWriter &w, const UserView &view)
{
	TimeMs now = state.clock.now();
	w.StartArray();
	for (const TrackedCall *call : view.calls())
		writeCall(w, *call, view, state.config, now, state.linkUp);
	w.EndArray();
}

} /* namespace */

void getVersion(GwsState &state, Exchange &ex)
{
	respondResource(state, ex, [&](JsonWriter &w) {
		writeKey(w, "version");
		writeString(w, state.config.version);
	});
}

void getMe(GwsState &state, Exchange &ex, const UserView &view)
{
	std::optional<std::string> sub = queryParam(ex.request.query(), "subresources");
	std::vector<std::string> wanted;
	if (sub)
		wanted = *sub == "*" ? std::vector<std::string>{"devices", "calls", "settings", "skills"}
				     : splitList(*sub);
	auto want = [&](std::string_view name) {
		return std::find(wanted.begin(), wanted.end(), name) != wanted.end();
	};
	respondResource(state, ex, [&](JsonWriter &w) {
		writeKey(w, "user");
		writeUserFields(w, view.user(), state.config);
		if (want("devices")) {
			writeKey(w, "devices");
			writeDevices(state, w, view);
		}
		if (want("calls")) {
			writeKey(w, "calls");
			writeCalls(state, w, view);
		}
		if (want("settings")) {
			writeKey(w, "settings");
			w.StartObject();
			w.EndObject();
		}
		if (want("skills")) {
			writeKey(w, "skills");
			w.StartArray();
			w.EndArray();
		}
		w.EndObject();
	});
}

void getDevices(GwsState &state, Exchange &ex, const UserView &view)
{
	bool full = queryParam(ex.request.query(), "fields").has_value();
	respondResource(state, ex, [&](JsonWriter &w) {
		if (full) {
			writeKey(w, "devices");
			return writeDevices(state, w, view);
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
	respondResource(state, ex, [&](JsonWriter &w) {
		writeKey(w, "device");
		writeDevice(w, view.user(), view.dn(), state.config, state.linkUp);
	});
}

void getCalls(GwsState &state, Exchange &ex, const UserView &view)
{
	bool full = queryParam(ex.request.query(), "fields").has_value();
	respondResource(state, ex, [&](JsonWriter &w) {
		if (full) {
			writeKey(w, "calls");
			return writeCalls(state, w, view);
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
	respondResource(state, ex, [&](JsonWriter &w) {
		writeKey(w, "call");
		writeCall(w, *call, view, state.config, state.clock.now(), state.linkUp);
	});
}

} /* namespace ctisim::api */
