/* SPDX-License-Identifier: MIT */
/*
 * The two envelopes of a successful GET: {"statusCode":0,...} for resources,
 * {"settings":...,"statusCode":0} for the settings family.
 */
#pragma once

#include <rapidjson/stringbuffer.h>

#include "gws_state.h"
#include "resource_json.h"

namespace ctisim::api {

/// Answers {"statusCode":0,...} with the fields writeFields writes after statusCode.
template <class WriteFields> void respondResource(GwsState &state, Exchange &ex, WriteFields writeFields)
{
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	w.StartObject();
	writeKey(w, "statusCode");
	w.Int(0);
	writeFields(w);
	w.EndObject();
	state.respond(ex, 200, jsonText(buffer));
}

/// Answers {...,"statusCode":0}: the settings family puts statusCode last (desktop-fidelity.md §1.3).
template <class WriteFields> void respondSettings(GwsState &state, Exchange &ex, WriteFields writeFields)
{
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	w.StartObject();
	writeKey(w, "settings");
	writeFields(w);
	writeKey(w, "statusCode");
	w.Int(0);
	w.EndObject();
	state.respond(ex, 200, jsonText(buffer));
}

} /* namespace ctisim::api */
