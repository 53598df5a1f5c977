/* SPDX-License-Identifier: MIT */
/*
 * The v3 voice shapes, keys in the order of the official client's models
 * (Call.js, Dn.js) where the captures do not show another.
 */
#include "workspace/voice_messages.h"

#include <rapidjson/stringbuffer.h>

#include "gws/call_recording.h"
#include "gws/resource_json.h" /* listedParticipant, dialledParticipant */
#include "workspace/kv_list.h"
#include "workspace/voice_capabilities.h"

namespace ctisim::api::workspace {

namespace {

using json::writeKey;
using json::writeString;

/// One `participants` entry: `{number, role}` with the TDNRole name.
void writeParticipant(json::Writer &w, std::string_view number, DnRole role)
{
	w.StartObject();
	writeKey(w, "number");
	writeString(w, number);
	writeKey(w, "role");
	writeString(w, toString(role));
	w.EndObject();
}

void writeNames(json::Writer &w, const std::vector<std::string_view> &names)
{
	w.StartArray();
	for (std::string_view name : names)
		writeString(w, name);
	w.EndArray();
}

/// A whole message on /workspace/v3/voice.
template <class WriteData> std::string voiceMessage(std::string_view messageType, WriteData writeData)
{
	return channelMessage(voiceChannel, messageType, writeData);
}

} /* namespace */

std::string_view workModeName(WorkMode mode)
{
	if (mode == WorkMode::Unknown)
		return "Unknown";
	return std::string_view(toString(mode)).substr(5); /* "AgentManualIn" → "ManualIn" */
}

void writeCall(json::Writer &w, const WorkspaceState &state, const UserView &view, const TrackedCall &tracked,
	       const std::optional<ConnId> &previousConnId)
{
	const CallSnapshot &call = *tracked.call;
	const std::string connId = call.connId.str();
	w.StartObject();
	writeKey(w, "type");
	writeString(w, "Call");
	writeKey(w, "id");
	writeString(w, connId);
	if (previousConnId && *previousConnId != call.connId) {
		writeKey(w, "previousConnId");
		writeString(w, previousConnId->str());
	}
	if (call.parentConnId) {
		writeKey(w, "parentConnId");
		writeString(w, call.parentConnId->str());
	}
	writeKey(w, "phoneNumber");
	writeString(w, view.user().dn);
	writeKey(w, "connId");
	writeString(w, connId);
	writeKey(w, "callUuid");
	writeString(w, call.callUuid);
	writeKey(w, "callType");
	writeString(w, toString(call.callType));
	writeKey(w, "state");
	writeString(w, toString(tracked.ownState));
	writeKey(w, "capabilities");
	writeNames(w, callCapabilities(view, tracked, state.linkUp));
	writeKey(w, "participants");
	w.StartArray();
	bool anyOther = false;
	for (const PartySnapshot &party : call.parties) {
		if (party.dn == view.user().dn || !listedParticipant(party))
			continue;
		writeParticipant(w, party.dn, party.role);
		anyOther = true;
	}
	/* v3 names the dialled number's role: the destination (EventDialing's ThirdPartyDN). */
	if (const Dn *dialled = dialledParticipant(call, tracked.ownState, anyOther))
		writeParticipant(w, *dialled, DnRole::Destination);
	w.EndArray();
	writeKey(w, "dnis");
	writeString(w, call.dnis);
	if (!call.ani.empty()) {
		writeKey(w, "ani");
		writeString(w, call.ani);
	}
	/* "absent if recording was never started" (the model): a call without GSIP_RECORD. */
	if (call.userData.contains("GSIP_RECORD")) {
		writeKey(w, "recordingState");
		writeString(w, recordingStateName(recordingStateOf(call)));
	}
	writeKey(w, "userData");
	writeKvList(w, call.userData);
	writeKey(w, "extensions");
	w.StartArray();
	w.EndArray();
	w.EndObject();
}

void writeDn(json::Writer &w, const WorkspaceState &state, const UserView &view)
{
	const DnSnapshot *dn = view.dn();
	w.StartObject();
	writeKey(w, "number");
	writeString(w, view.user().dn);
	writeKey(w, "switchName");
	writeString(w, state.config.switchName);
	writeKey(w, "agentId");
	writeString(w, dn && !dn->agentId.empty() ? dn->agentId : view.user().agentId);
	writeKey(w, "agentState");
	writeString(w, toString(dn ? dn->agentState : AgentState::LoggedOut));
	writeKey(w, "agentWorkMode");
	writeString(w, workModeName(dn ? dn->workMode : WorkMode::Unknown));
	writeKey(w, "dnd");
	bool dnd = dn && dn->dnd;
	if (state.config.auth.dndAsBoolean)
		w.Bool(dnd);
	else
		writeString(w, dnd ? "on" : "off");
	if (dn && !dn->forwardTo.empty()) {
		writeKey(w, "forwardTo");
		writeString(w, dn->forwardTo);
	}
	writeKey(w, "capabilities");
	writeNames(w, dnCapabilities(dn, hasRole(view.user(), "ROLE_SUPERVISOR"), state.linkUp));
	if (dn && !dn->reasons.empty()) {
		writeKey(w, "reasons");
		writeKvList(w, dn->reasons);
	}
	w.EndObject();
}

std::string callStateChanged(const WorkspaceState &state, const UserView &view, const TrackedCall &call,
			     std::string_view notificationType, const std::optional<ConnId> &previousConnId)
{
	return voiceMessage("CallStateChanged", [&](json::Writer &w) {
		writeKey(w, "notificationType");
		writeString(w, notificationType);
		writeKey(w, "call");
		writeCall(w, state, view, call, previousConnId);
	});
}

std::string dnStateChanged(const WorkspaceState &state, const UserView &view)
{
	return voiceMessage("DnStateChanged", [&](json::Writer &w) {
		writeKey(w, "dn");
		writeDn(w, state, view);
	});
}

std::string userEvent(const Event &event)
{
	return voiceMessage("EventUserEvent", [&](json::Writer &w) {
		writeKey(w, "userData");
		writeKvList(w, event.userData);
		if (!event.callUuid.empty()) {
			writeKey(w, "callUuid");
			writeString(w, event.callUuid);
		}
		if (!event.connId.isNull()) {
			writeKey(w, "connId");
			writeString(w, event.connId.str());
		}
	});
}

std::string eventError(int errorCode, std::string_view errorMessage)
{
	return voiceMessage("EventError", [&](json::Writer &w) {
		writeKey(w, "error");
		w.StartObject();
		writeKey(w, "errorCode");
		w.Int(errorCode);
		writeKey(w, "errorMessage");
		writeString(w, errorMessage);
		w.EndObject();
	});
}

} /* namespace ctisim::api::workspace */
