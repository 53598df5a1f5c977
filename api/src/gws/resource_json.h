/* SPDX-License-Identifier: MIT */
/*
 * The GWS JSON shapes: error bodies and their HTTP statuses, and the call,
 * device and user resources with their keys in the documented order.
 */
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/stringbuffer.h>

#include "ctisim/api/directory.h"
#include "ctisim/api/gws_config.h"
#include "ctisim/json/write.h"
#include "ctisim/snapshot.h"
#include "rest/rest_error.h" /* api/src */
#include "user_view.h"

namespace ctisim::api {

/// The one JSON writer (lib/include/ctisim/json/write.h).
using json::writeKey;
using json::writeString;

/// GWS statusCode values, their HTTP statuses and the error body: the REST contract
/// the control API shares (api/src/rest/rest_error.h).
namespace status = rest::status;
using rest::errorBody;
using rest::httpStatusFor;

/// The text a writer has written into buffer.
inline std::string jsonText(const rapidjson::StringBuffer &buffer)
{
	return std::string(buffer.GetString(), buffer.GetSize());
}

/// Each key once, with its first value; integers as numbers.
void writeUserData(json::Writer &w, const UserData &data);

/// Whether a party is among the others' participants: a supervisor's only when barged in
/// (connect mode); listening in or coaching, nobody else hears it (desktop-fidelity.md §6.5).
bool listedParticipant(const PartySnapshot &party);

/// The participant a call lists before its other party exists on the switch: the dialled number of a
/// call the user is dialling, when no other party is listed (GWS's Dial sample; the v3 wire sample,
/// workspace-v3.md §d). Null otherwise. Both front ends list it, each in its own shape.
const Dn *dialledParticipant(const CallSnapshot &call, PartyState ownState, bool otherListed);

std::string deviceUri(const GwsConfig &config, const DirectoryUser &user);
std::string callUri(const GwsConfig &config, std::string_view callId);
std::string voiceEnvironmentUri(const GwsConfig &config);

/// The call resource as view's user sees it, duration measured at `at`. Without
/// a switch link (linkUp false) it has no capabilities: nothing can be done to it.
void writeCall(json::Writer &w, const TrackedCall &call, const UserView &view, const GwsConfig &config, TimeMs at,
	       bool linkUp = true);

/// Device capabilities: ForwardCallsOn/Off then DoNotDisturbOn/Off; for a supervisor,
/// ListenIn, Coach, BargeIn and, while monitoring is set up, CancelSupervisorMonitoring.
std::vector<std::string_view> deviceCapabilities(const DnSnapshot *dn, bool supervisor = false);

/// A userState's fields; empty reason or workMode: no such key.
struct UserStateText {
	std::string_view id, displayName, state, reason, workMode;
};
/// The userState of a DN in a NotReady reason, named as the catalogue names it
/// (its entry with the same state, work mode and reason, else the system state's).
UserStateText userStateOf(const DnSnapshot *dn, std::string_view reason, const DesktopConfig &desktop);
/// The object {id, displayName, state, reason, workMode} (desktop-fidelity.md §2.2).
void writeUserState(json::Writer &w, const UserStateText &state);
/// Its keys only, with operationName after displayName when given (a catalogue entry).
void writeUserState(json::Writer &w, const UserStateText &state, std::string_view operationName);

/// Notification: the DeviceStateChangeMessage shape; Resource adds the
/// "description" and "channels" the /me views have (desktop-fidelity.md §1.1).
enum class DeviceView { Notification, Resource };
/// The device resource of view's user (its DN may be unknown yet). Without a
/// switch link (linkUp false) it is "deviceState":"Inactive" with no capabilities.
/// A supervisor's device ends with supervisorMonitoringState while monitoring is set
/// up; its targetDeviceUri names the monitored DN's device in directory.
void writeDevice(json::Writer &w, const UserView &view, const GwsConfig &config, const Directory &directory,
		 bool linkUp = true, DeviceView shape = DeviceView::Notification);

/// The voice channel object {"channel":"voice","userState":...,"doNotDisturb":...}
/// (desktop-fidelity.md §3.1): the device's userState.
void writeVoiceChannel(json::Writer &w, const UserView &view, const GwsConfig &config);

/// The subresources of a user object, in the two places the capture puts them.
struct UserSubresources {
	std::function<void(json::Writer &)> beforeChangePassword; ///< devices ... calls
	std::function<void(json::Writer &)> afterChangePassword;  ///< groups, features
};
/// The user resource, with its subresources between "enabled" and "uri" (desktop-fidelity.md §1.1).
void writeUser(json::Writer &w, const DirectoryUser &user, const GwsConfig &config, const UserSubresources &sub = {});

} /* namespace ctisim::api */
