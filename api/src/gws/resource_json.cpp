/* SPDX-License-Identifier: MIT */
/*
 * Serialization of the GWS resources. Key order follows the documented samples
 * exactly (reference §3.4, §3.5, §5.1 and the seed).
 */
#include "resource_json.h"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "call_recording.h"
#include "supervisor_operations.h"

namespace ctisim::api {

namespace {

/* The logged-out userState: not a menu entry; its state is one of the two documented values (a client
 * maps state to an enum), the displayName tells it apart (docs/api.md, Choice; reference §13). */
constexpr UserStateText loggedOut{loggedOutStateId, "Logged Out", "NotReady", "", ""};

std::string_view workModeName(WorkMode mode)
{
	switch (mode) {
	case WorkMode::AfterCallWork: return "AfterCallWork";
	case WorkMode::AuxWork: return "AuxWork";
	default: return "";
	}
}

void writeParticipant(json::Writer &w, const Dn &dn)
{
	w.StartObject();
	writeKey(w, "e164Number");
	writeString(w, "");
	writeKey(w, "formattedPhoneNumber");
	writeString(w, dn);
	writeKey(w, "phoneNumber");
	writeString(w, dn);
	writeKey(w, "digits");
	writeString(w, dn);
	w.EndObject();
}

/// {"state","mode","scope","targetDeviceUri"}: the Coach sample's order (desktop-fidelity.md §6.2).
void writeMonitoringState(json::Writer &w, const MonitoringSnapshot &m, const GwsConfig &config,
			  const Directory &directory)
{
	writeKey(w, "supervisorMonitoringState");
	w.StartObject();
	writeKey(w, "state");
	writeString(w, m.mode == MonitorMode::Mute ? "ListenIn" : m.mode == MonitorMode::Coach ? "Coach" : "BargeIn");
	writeKey(w, "mode");
	writeString(w, m.type == MonitorType::OneCall ? "NextCall" : "AllCalls");
	writeKey(w, "scope");
	writeString(w, m.scope == MonitorScope::Agent ? "Agent" : "Call");
	writeKey(w, "targetDeviceUri");
	const DirectoryUser *target = directory.findByDn(m.agentDn);
	writeString(w, target ? deviceUri(config, *target) : std::string());
	w.EndObject();
}

/// A supervisor is on the call listening in or coaching the user (desktop-fidelity.md §6.6).
bool supervisorListeningIn(const CallSnapshot &call, const Dn &user)
{
	return std::any_of(call.parties.begin(), call.parties.end(), [&](const PartySnapshot &p) {
		return p.role == DnRole::Observer && p.monitoredDn == user && p.monitorMode != MonitorMode::Connect;
	});
}

/// On a supervisor's call: whether the monitored agent's party is muted.
bool monitoredUserMuted(const CallSnapshot &call, const Dn &supervisor)
{
	const PartySnapshot *own = call.party(supervisor);
	const PartySnapshot *monitored = own && own->role == DnRole::Observer ? call.party(own->monitoredDn) : nullptr;
	return monitored && monitored->muted;
}

} /* namespace */

void writeUserData(json::Writer &w, const UserData &data)
{
	w.StartObject();
	std::vector<std::string_view> seen;
	for (const UserDataPair &pair : data.pairs()) {
		if (std::find(seen.begin(), seen.end(), pair.key) != seen.end())
			continue;
		seen.push_back(pair.key);
		writeKey(w, pair.key);
		if (const auto *s = std::get_if<std::string>(&pair.value))
			writeString(w, *s);
		else
			w.Int64(std::get<std::int64_t>(pair.value));
	}
	w.EndObject();
}

bool listedParticipant(const PartySnapshot &party)
{
	return party.role != DnRole::Observer || party.monitorMode == MonitorMode::Connect;
}

const Dn *dialledParticipant(const CallSnapshot &call, PartyState ownState, bool otherListed)
{
	return !otherListed && ownState == PartyState::Dialing && !call.dnis.empty() ? &call.dnis : nullptr;
}

std::string deviceUri(const GwsConfig &config, const DirectoryUser &user)
{
	return fmt::format("{}/api/v2/devices/{}", config.publicBaseUrl, user.deviceId);
}

std::string voiceEnvironmentUri(const GwsConfig &config)
{
	return config.publicBaseUrl + "/api/v2/voice-environments/" + config.voiceEnvironmentId;
}

std::string callUri(const GwsConfig &config, std::string_view callId)
{
	return fmt::format("{}/api/v2/me/calls/{}", config.publicBaseUrl, callId);
}

void writeCall(json::Writer &w, const TrackedCall &tracked, const UserView &view, const GwsConfig &config, TimeMs at,
	       bool linkUp)
{
	const CallSnapshot &call = *tracked.call;
	const std::string &id = call.callUuid;
	w.StartObject();
	writeKey(w, "id");
	writeString(w, id);
	writeKey(w, "state");
	writeString(w, toString(tracked.ownState));
	writeKey(w, "callUuid");
	writeString(w, call.callUuid);
	writeKey(w, "connId");
	writeString(w, call.connId.str());
	writeKey(w, "deviceUri");
	writeString(w, deviceUri(config, view.user()));
	writeKey(w, "participants");
	w.StartArray();
	bool anyOther = false;
	for (const PartySnapshot &party : call.parties) {
		if (party.dn != view.user().dn && listedParticipant(party)) {
			writeParticipant(w, party.dn);
			anyOther = true;
		}
	}
	if (const Dn *dialled = dialledParticipant(call, tracked.ownState, anyOther))
		writeParticipant(w, *dialled);
	w.EndArray();
	if (call.callType == CallType::Inbound) {
		writeKey(w, "ani");
		writeString(w, call.ani);
	}
	writeKey(w, "dnis");
	writeString(w, call.dnis);
	writeKey(w, "callType");
	writeString(w, toString(call.callType));
	const CallContext context = view.context(tracked);
	writeKey(w, "capabilities");
	w.StartArray();
	if (linkUp) {
		for (std::string_view op : callCapabilities(context))
			writeString(w, op);
	}
	w.EndArray();
	/* The parent of a consult call, when the user is on it too (its URI is a /me/calls URI);
	 * the CompleteConference sample puts its URI after capabilities, its path after path. */
	const TrackedCall *parent = call.parentConnId ? view.find(*call.parentConnId) : nullptr;
	if (parent) {
		writeKey(w, "parentCallUri");
		writeString(w, callUri(config, parent->call->callUuid));
	}
	if (!call.userData.empty()) {
		writeKey(w, "userData");
		writeUserData(w, call.userData);
	}
	writeKey(w, "duration");
	TimeMs elapsed = at > call.startedAt ? at - call.startedAt : 0;
	writeString(w, std::to_string(elapsed / 1000));
	writeKey(w, "mute");
	writeString(w, tracked.muted ? "On" : "Off");
	if (context.recording != RecordingState::NotConfigured) {
		writeKey(w, "recordingState");
		writeString(w, recordingStateName(context.recording));
	}
	writeKey(w, "supervisorListeningIn");
	w.Bool(supervisorListeningIn(call, view.user().dn));
	writeKey(w, "monitoredUserMuted");
	w.Bool(monitoredUserMuted(call, view.user().dn));
	/* The supervisor samples have no "monitoring" key on the supervisor's call (desktop-fidelity.md §6.6). */
	if (!tracked.observing) {
		writeKey(w, "monitoring");
		w.Bool(false);
	}
	writeKey(w, "uri");
	writeString(w, callUri(config, id));
	writeKey(w, "path");
	writeString(w, "/calls/" + id);
	if (parent) {
		writeKey(w, "parentCallPath");
		writeString(w, "/calls/" + parent->call->callUuid);
	}
	w.EndObject();
}

std::vector<std::string_view> deviceCapabilities(const DnSnapshot *dn, bool supervisor)
{
	bool forwarding = dn && !dn->forwardTo.empty();
	bool dnd = dn && dn->dnd;
	std::vector<std::string_view> caps = {forwarding ? "ForwardCallsOff" : "ForwardCallsOn",
					      dnd ? "DoNotDisturbOff" : "DoNotDisturbOn"};
	if (supervisor) {
		caps.insert(caps.end(), {"ListenIn", "Coach", "BargeIn"});
		if (dn && dn->monitoring)
			caps.push_back("CancelSupervisorMonitoring");
	}
	return caps;
}

UserStateText userStateOf(const DnSnapshot *dn, std::string_view reason, const DesktopConfig &desktop)
{
	if (!dn || dn->agentState == AgentState::LoggedOut)
		return loggedOut;
	bool ready = dn->agentState == AgentState::Ready;
	std::string_view workMode = ready ? std::string_view() : workModeName(dn->workMode);
	for (const AgentStateEntry &e : desktop.agentStates) {
		if (e.ready == ready && e.workMode == workMode && e.reason == reason)
			return {e.id, e.displayName, ready ? "Ready" : "NotReady", e.reason, e.workMode};
	}
	/* Not in the menu: the system state's texts with the raw reason (desktop-fidelity.md §2.4). */
	static const DesktopConfig defaults = defaultDesktopConfig();
	const AgentStateEntry *system = defaults.findOperation(ready		  ? "Ready"
							       : workMode.empty() ? "NotReady"
										  : workMode);
	return {system->id, system->displayName, ready ? "Ready" : "NotReady", reason, workMode};
}

void writeUserState(json::Writer &w, const UserStateText &state, std::string_view operationName)
{
	writeKey(w, "id");
	writeString(w, state.id);
	writeKey(w, "displayName");
	writeString(w, state.displayName);
	if (!operationName.empty()) {
		writeKey(w, "operationName");
		writeString(w, operationName);
	}
	writeKey(w, "state");
	writeString(w, state.state);
	if (!state.reason.empty()) {
		writeKey(w, "reason");
		writeString(w, state.reason);
	}
	if (!state.workMode.empty()) {
		writeKey(w, "workMode");
		writeString(w, state.workMode);
	}
}

void writeUserState(json::Writer &w, const UserStateText &state)
{
	w.StartObject();
	writeUserState(w, state, {});
	w.EndObject();
}

void writeDevice(json::Writer &w, const UserView &view, const GwsConfig &config, const Directory &directory,
		 bool linkUp, DeviceView shape)
{
	const DirectoryUser &user = view.user();
	const DnSnapshot *dn = view.dn();
	w.StartObject();
	writeKey(w, "id");
	writeString(w, user.deviceId);
	writeKey(w, "deviceState");
	writeString(w, linkUp ? "Active" : "Inactive");
	writeKey(w, "userState");
	writeUserState(w, userStateOf(dn, view.reason(), config.desktop));
	writeKey(w, "phoneNumber");
	writeString(w, user.dn);
	if (shape == DeviceView::Resource) {
		writeKey(w, "description");
		writeString(w, "");
	}
	writeKey(w, "e164Number");
	writeString(w, user.dn);
	writeKey(w, "telephonyNetwork");
	writeString(w, "Private");
	writeKey(w, "doNotDisturb");
	writeString(w, dn && dn->dnd ? "On" : "Off");
	if (dn && !dn->forwardTo.empty()) {
		writeKey(w, "forwardTo");
		writeString(w, dn->forwardTo);
	}
	writeKey(w, "voiceEnvironmentUri");
	writeString(w, voiceEnvironmentUri(config));
	writeKey(w, "capabilities");
	w.StartArray();
	if (linkUp) {
		for (std::string_view op : deviceCapabilities(dn, maySupervise(user, config)))
			writeString(w, op);
	}
	w.EndArray();
	if (shape == DeviceView::Resource) {
		writeKey(w, "channels");
		w.StartArray();
		writeString(w, "voice");
		w.EndArray();
	}
	if (dn && dn->monitoring)
		writeMonitoringState(w, *dn->monitoring, config, directory);
	w.EndObject();
}

void writeVoiceChannel(json::Writer &w, const UserView &view, const GwsConfig &config)
{
	w.StartObject();
	writeKey(w, "channel");
	writeString(w, "voice");
	writeKey(w, "userState");
	writeUserState(w, userStateOf(view.dn(), view.reason(), config.desktop));
	/* The channel's key is dndState (CometD notifications 8.5.0; the HTCC sample's Channel.m); devices keep
	 * doNotDisturb. */
	writeKey(w, "dndState");
	writeString(w, view.dn() && view.dn()->dnd ? "On" : "Off");
	w.EndObject();
}

void writeUser(json::Writer &w, const DirectoryUser &user, const GwsConfig &config, const UserSubresources &sub)
{
	w.StartObject();
	writeKey(w, "id");
	writeString(w, user.id);
	writeKey(w, "userName");
	writeString(w, user.userName);
	writeKey(w, "password");
	writeString(w, "");
	writeKey(w, "firstName");
	writeString(w, user.firstName);
	writeKey(w, "lastName");
	writeString(w, user.lastName);
	writeKey(w, "emailAddress");
	writeString(w, "");
	writeKey(w, "roles");
	w.StartArray();
	for (const std::string &role : user.roles)
		writeString(w, role);
	w.EndArray();
	writeKey(w, "enabled");
	w.Bool(true);
	if (sub.beforeChangePassword)
		sub.beforeChangePassword(w);
	writeKey(w, "changePasswordOnFirstLogin");
	w.Bool(false);
	if (sub.afterChangePassword)
		sub.afterChangePassword(w);
	writeKey(w, "contactCenterId");
	writeString(w, config.contactCenterId);
	writeKey(w, "uri");
	writeString(w, config.publicBaseUrl + "/api/v2/users/" + user.id);
	writeKey(w, "path");
	writeString(w, "/users/" + user.id);
	w.EndObject();
}

} /* namespace ctisim::api */
