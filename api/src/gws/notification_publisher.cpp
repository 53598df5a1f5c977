/* SPDX-License-Identifier: MIT */
/*
 * The notification publisher: the JSON of each CometD message, and which
 * events reach which channel.
 */
#include "notification_publisher.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ctisim/api/traffic_observer.h"

#include "capabilities.h"
#include "operation_table.h"
#include "resource_json.h"

namespace ctisim::api {

namespace {

constexpr std::string_view callsChannel = "/v2/me/calls";
constexpr std::string_view devicesChannel = "/v2/me/devices";
constexpr std::string_view channelsChannel = "/v2/me/channels";
constexpr std::string_view recordingChange = "CallRecordingStateChange";

const char *notificationTypeOf(EventType type)
{
	switch (type) {
	case EventType::PartyAdded:
	case EventType::PartyDeleted:
	case EventType::PartyChanged: return "ParticipantsUpdated";
	case EventType::AttachedDataChanged: return "AttachedDataChanged";
	case EventType::DtmfSent: return "DtmfSent";
	default: return "StatusChange";
	}
}

bool isMonitoringEvent(EventType type)
{
	return type == EventType::MonitoringNextCall || type == EventType::MonitoringCancelled;
}

/// What the view showed of a call before an event, for the type of notification the event makes.
struct CallNotice {
	std::optional<MonitorMode> observing; ///< the user's own party was a supervisor's, in this mode
	bool muted = false;		      ///< the user's own party was muted
	bool otherListed = false;	      ///< the event's other party was listed in participants
	/// before a user-data change: the call's recording state (a GSIP_RECORD change is the recording's)
	std::optional<RecordingState> recording;
};

CallNotice noticeBefore(const UserView &view, const Event &event)
{
	CallNotice notice;
	const TrackedCall *before = event.call ? view.find(event.call->connId) : nullptr;
	if (!before)
		return notice;
	notice.observing = before->observing;
	notice.muted = before->muted;
	const PartySnapshot *other = before->call->party(event.otherDn);
	notice.otherListed = other && listedParticipant(*other);
	if (event.type == EventType::AttachedDataChanged)
		notice.recording = view.context(*before).recording;
	return notice;
}

/// The supervision cases (desktop-fidelity.md §6.4, §6.5): on the supervisor's call, a mute
/// that left its own party as it was is the monitored agent's (MonitoredUserMutedStateChange);
/// a silent supervisor joining or leaving changes the agent's supervisorListeningIn, not its
/// participants (StatusChange).
const char *notificationTypeOf(const CallNotice &before, const TrackedCall &call, const Event &event)
{
	if ((event.type == EventType::MuteOn || event.type == EventType::MuteOff) && call.observing &&
	    before.observing == call.observing && before.muted == call.muted)
		return "MonitoredUserMutedStateChange";
	if (event.otherDnRole == DnRole::Observer) {
		const PartySnapshot *other = call.call->party(event.otherDn);
		bool listed = other && listedParticipant(*other);
		if (event.type == EventType::PartyAdded && !listed)
			return "StatusChange";
		if (event.type == EventType::PartyDeleted && !before.otherListed)
			return "StatusChange";
	}
	return notificationTypeOf(event.type);
}

bool isDeviceEvent(EventType type)
{
	switch (type) {
	case EventType::AgentLogin:
	case EventType::AgentLogout:
	case EventType::AgentReady:
	case EventType::AgentNotReady:
	case EventType::DndOn:
	case EventType::DndOff:
	case EventType::ForwardSet:
	case EventType::ForwardCancel: return true;
	default: return false;
	}
}

/// What changes the voice channel's userState or doNotDisturb (desktop-fidelity.md §3.2).
bool isChannelEvent(EventType type)
{
	return isDeviceEvent(type) && type != EventType::ForwardSet && type != EventType::ForwardCancel;
}

bool isCallEvent(EventType type)
{
	switch (type) {
	case EventType::Ringing:
	case EventType::Dialing:
	case EventType::Established:
	case EventType::Released:
	case EventType::Held:
	case EventType::Retrieved:
	case EventType::PartyChanged:
	case EventType::PartyAdded:
	case EventType::PartyDeleted:
	case EventType::AttachedDataChanged:
	case EventType::DtmfSent:
	case EventType::MuteOn:
	case EventType::MuteOff: return true;
	default: return false;
	}
}

/// An operation's errors go where its resource's notifications go: a call operation's
/// (Dial's too) on /v2/me/calls, the agent's and the device's on /v2/me/devices. An
/// error of a request GwsApi did not send goes by its T-Library request, else by its call.
bool errorOnCalls(const Event &error, std::string_view op)
{
	if (const OperationRow *row = findOperation(op))
		return accepts(row->places, Place::Call) || accepts(row->places, Place::DeviceCalls);
	static const std::vector<std::string_view> deviceRequests = {
		"AgentLogin", "AgentLogout",	"AgentReady",	     "AgentNotReady", "SetDndOn",
		"SetDndOff",  "CallForwardSet", "CallForwardCancel", "QueryAddress"};
	if (std::find(deviceRequests.begin(), deviceRequests.end(), op) != deviceRequests.end())
		return false;
	return !error.connId.isNull();
}

/// The state's notification writer, on its emptied buffer, their room kept.
json::Writer &notificationWriter(GwsState &state)
{
	state.notificationBuffer.Clear();
	state.notificationWriter.Reset(state.notificationBuffer);
	return state.notificationWriter;
}

/// Shares the text notificationWriter() has written.
void publish(GwsState &state, const UserView &view, std::string_view channel)
{
	auto message = std::make_shared<const std::string>(jsonText(state.notificationBuffer));
	if (state.config.trafficObserver)
		state.config.trafficObserver->onNotification(view.user().userName, *message);
	state.notifier.publish(view.user().id, channel, std::move(message));
}

/// {"data":{"messageType":...,"<listKey>":[item]},"channel":...}: a device's or a channel's state.
template <class WriteItem>
void publishStateList(GwsState &state, const UserView &view, std::string_view channel, std::string_view messageType,
		      std::string_view listKey, WriteItem writeItem)
{
	json::Writer &w = notificationWriter(state);
	w.StartObject();
	writeKey(w, "data");
	w.StartObject();
	writeKey(w, "messageType");
	writeString(w, messageType);
	writeKey(w, listKey);
	w.StartArray();
	writeItem(w);
	w.EndArray();
	w.EndObject();
	writeKey(w, "channel");
	writeString(w, channel);
	w.EndObject();
	publish(state, view, channel);
}

/* ---- capabilities another call changed ----------------------------------------------------
 * A call's capabilities depend on the user's other calls: the consult pair's SwapCalls,
 * CompleteTransfer and CompleteConference, and Retrieve on a parent held for a transfer.
 * When the other call of the pair ends, this call gets no switch event, yet its
 * capabilities change: the user is then sent a StatusChange for it, as it stands
 * (docs/api.md, "Capabilities changed by another call"). The check runs once the
 * switch step is over, so that a pair ending in one step (CompleteTransfer) sends
 * nothing more. */

std::uint64_t currentCapabilities(const GwsState &state, const UserView &view, const TrackedCall &call)
{
	return state.linkUp ? callCapabilityMask(view.context(call)) : 0;
}

void checkCapabilitiesAfterStep(GwsState &state, const UserView &view)
{
	if (state.capabilityCheckDue.empty() && !state.stepEndsInResult) {
		state.core.post([weak = state.weak_from_this()] {
			if (auto self = weak.lock())
				notifyChangedCapabilities(*self);
		});
	}
	if (std::find(state.capabilityCheckDue.begin(), state.capabilityCheckDue.end(), view.user().id) ==
	    state.capabilityCheckDue.end())
		state.capabilityCheckDue.push_back(view.user().id);
}

} /* namespace */

void notifyChangedCapabilities(GwsState &state)
{
	for (const std::string &userId : std::exchange(state.capabilityCheckDue, {})) {
		const UserView *view = state.viewOf(userId);
		auto sent = state.sentCapabilities.find(userId);
		if (!view || sent == state.sentCapabilities.end())
			continue;
		/* Calls merged into another one leave without a Released of their own. */
		std::erase_if(sent->second, [view](const auto &entry) { return !view->find(entry.first); });
		for (const TrackedCall *call : view->calls()) {
			auto told = sent->second.find(call->call->connId);
			/* A call never notified (loaded at start) is the client's to GET. */
			if (told != sent->second.end() && told->second != currentCapabilities(state, *view, *call))
				publishCallState(state, *view, *call);
		}
	}
	state.notifier.flush();
}

void publishSwitchEvent(GwsState &state, UserView &view, const Event &event)
{
	const CallNotice notice = noticeBefore(view, event);
	const TrackedCall *call = view.apply(event);
	/* Supervision set up or ended: the supervisor's device shows it, the agent's nothing (§6.3). */
	if (isMonitoringEvent(event.type)) {
		if (event.thisDnRole == DnRole::Observer)
			publishDevice(state, view);
		return;
	}
	if (isDeviceEvent(event.type)) {
		publishDevice(state, view);
		if (isChannelEvent(event.type))
			publishVoiceChannel(state, view);
		return;
	}
	if (!call || !isCallEvent(event.type))
		return;
	/* A GSIP_RECORD change is the recording's: CallRecordingStateChange, not AttachedDataChanged. */
	if (notice.recording && *notice.recording != view.context(*call).recording)
		publishCall(state, view, *call, event, recordingChange);
	else
		publishCall(state, view, *call, event, notificationTypeOf(notice, *call, event));
	if (call->ownState == PartyState::Released)
		view.forget(call->call->connId);
	checkCapabilitiesAfterStep(state, view);
}

void publishDevice(GwsState &state, const UserView &view)
{
	publishStateList(state, view, devicesChannel, "DeviceStateChangeMessage", "devices",
			 [&](json::Writer &w) { writeDevice(w, view, state.config, state.directory, state.linkUp); });
}

void publishVoiceChannel(GwsState &state, const UserView &view)
{
	publishStateList(state, view, channelsChannel, "ChannelStateChangeMessageV2", "channels",
			 [&](json::Writer &w) { writeVoiceChannel(w, view, state.config); });
}

void publishCall(GwsState &state, const UserView &view, const TrackedCall &call, const Event &event)
{
	publishCall(state, view, call, event, notificationTypeOf(event.type));
}

/* CallRecordingStateChange has no "extensions": the 2015 StartCallRecording sample has none
 * (desktop-fidelity.md §7.2). */
void publishCall(GwsState &state, const UserView &view, const TrackedCall &call, const Event &event,
		 std::string_view notificationType)
{
	json::Writer &w = notificationWriter(state);
	w.StartObject();
	writeKey(w, "data");
	w.StartObject();
	writeKey(w, "notificationType");
	writeString(w, notificationType);
	writeKey(w, "call");
	writeCall(w, call, view, state.config, event.time, state.linkUp);
	writeKey(w, "phoneNumber");
	writeString(w, view.user().dn);
	if (notificationType != recordingChange) {
		writeKey(w, "extensions");
		if (event.extensions.empty()) {
			w.StartObject();
			writeKey(w, "BusinessCall");
			w.Int(0);
			w.EndObject();
		} else {
			writeUserData(w, event.extensions);
		}
	}
	writeKey(w, "messageType");
	writeString(w, "CallStateChangeMessage");
	w.EndObject();
	writeKey(w, "channel");
	writeString(w, callsChannel);
	w.EndObject();
	publish(state, view, callsChannel);
	if (call.ownState == PartyState::Released)
		state.sentCapabilities[view.user().id].erase(call.call->connId);
	else
		state.sentCapabilities[view.user().id][call.call->connId] = currentCapabilities(state, view, call);
}

void publishCallState(GwsState &state, const UserView &view, const TrackedCall &call)
{
	Event status;
	status.type = EventType::Established; /* any state event: a StatusChange */
	status.time = state.clock.now();
	publishCall(state, view, call, status);
}

void publishError(GwsState &state, const UserView &view, const Event &error, const std::string &op)
{
	std::string_view channel = errorOnCalls(error, op) ? callsChannel : devicesChannel;
	json::Writer &w = notificationWriter(state);
	w.StartObject();
	writeKey(w, "data");
	w.StartObject();
	writeKey(w, "messageType");
	writeString(w, "ErrorMessage");
	writeKey(w, "notificationType");
	writeString(w, "Error");
	writeKey(w, "errorCode");
	w.Int(error.errorCode);
	writeKey(w, "errorMessage");
	writeString(w, error.errorMessage);
	writeKey(w, "operationName");
	writeString(w, op);
	writeKey(w, "referenceId");
	w.Uint(error.referenceId);
	writeKey(w, "phoneNumber");
	writeString(w, view.user().dn);
	if (!error.connId.isNull()) {
		if (const TrackedCall *call = view.find(error.connId)) {
			writeKey(w, "call");
			writeCall(w, *call, view, state.config, error.time ? error.time : state.clock.now(),
				  state.linkUp);
		}
	}
	w.EndObject();
	writeKey(w, "channel");
	writeString(w, channel);
	w.EndObject();
	publish(state, view, channel);
}

} /* namespace ctisim::api */
