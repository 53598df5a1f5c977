/* SPDX-License-Identifier: MIT */
/*
 * Which switch event makes which v3 notification.
 */
#include "workspace/voice_events.h"

#include <memory>
#include <optional>

#include "gws/call_recording.h"
#include "workspace/voice_messages.h"

namespace ctisim::api::workspace {

namespace {

/* Released calls a workspace remembers for complete. */
constexpr std::size_t releasedMemory = 100;

bool isDnEvent(EventType type)
{
	switch (type) {
	case EventType::AgentLogin:
	case EventType::AgentLogout:
	case EventType::AgentReady:
	case EventType::AgentNotReady:
	case EventType::DndOn:
	case EventType::DndOff:
	case EventType::ForwardSet:
	case EventType::ForwardCancel:
	case EventType::MonitoringNextCall:
	case EventType::MonitoringCancelled: return true;
	default: return false;
	}
}

/// The notificationType of a call event (workspace-v3.md §d); empty: not told (DtmfSent has none in v3).
std::string_view notificationTypeOf(EventType type)
{
	switch (type) {
	case EventType::Ringing:
	case EventType::Dialing:
	case EventType::Established:
	case EventType::Released:
	case EventType::Held:
	case EventType::Retrieved:
	case EventType::MuteOn:
	case EventType::MuteOff: return "StateChange";
	case EventType::PartyAdded:
	case EventType::PartyDeleted:
	case EventType::PartyChanged: return "ParticipantsUpdated";
	case EventType::AttachedDataChanged: return "AttachedDataChanged";
	default: return "";
	}
}

} /* namespace */

void publishDn(WorkspaceState &state, const UserView &view)
{
	state.publish(view.user(), voiceChannel, dnStateChanged(state, view));
}

void publishError(WorkspaceState &state, const DirectoryUser &user, int errorCode, std::string_view message)
{
	state.publish(user, voiceChannel, eventError(errorCode, message));
}

void publishSwitchEvent(WorkspaceState &state, Workspace &ws, const Event &event)
{
	UserView &view = ws.view;
	if (event.type == EventType::UserEvent)
		return state.publish(view.user(), voiceChannel, userEvent(event));
	/* A GSIP_RECORD change is the recording's (as GWS tells it): CallRecordingStateChange. */
	std::optional<RecordingState> recordingBefore;
	if (event.type == EventType::AttachedDataChanged && event.call) {
		if (const TrackedCall *before = view.find(event.call->connId))
			recordingBefore = recordingStateOf(*before->call);
	}
	const TrackedCall *call = view.apply(event);
	if (isDnEvent(event.type))
		return publishDn(state, view);
	std::string_view type = notificationTypeOf(event.type);
	if (!call || type.empty())
		return;
	if (recordingBefore && *recordingBefore != recordingStateOf(*call->call))
		type = "CallRecordingStateChange";
	state.publish(view.user(), voiceChannel, callStateChanged(state, view, *call, type, event.previousConnId));
	if (call->ownState == PartyState::Released) {
		ws.releasedCalls.push_back(call->call->connId);
		if (ws.releasedCalls.size() > releasedMemory)
			ws.releasedCalls.pop_front();
		view.forget(call->call->connId);
	}
}

void loadWorkspace(WorkspaceState &state, const std::string &userId, std::function<void(bool)> done)
{
	Workspace *ws = state.workspaceOf(userId);
	if (!ws || ws->view.user().dn.empty())
		return done(ws != nullptr);
	std::weak_ptr<WorkspaceState> weak = state.weak_from_this();
	state.backend.submit(req::QueryAddress{ws->view.user().dn},
			     [weak, userId, done = std::move(done)](RequestResult result) {
				     auto self = weak.lock();
				     if (!self)
					     return;
				     Workspace *loaded = self->workspaceOf(userId);
				     if (loaded && result.ok()) {
					     loaded->view.load(result.dn, result.calls);
					     loaded->loaded = true;
				     }
				     done(loaded && result.ok());
			     });
}

void onLinkChange(WorkspaceState &state, bool up)
{
	state.linkUp = up;
	for (auto &[userId, ws] : state.workspaces) {
		if (!up) {
			publishDn(state, ws.view);
			continue;
		}
		loadWorkspace(state, userId, [weak = state.weak_from_this(), userId = userId](bool ok) {
			auto self = weak.lock();
			Workspace *back = self ? self->workspaceOf(userId) : nullptr;
			if (!ok || !back)
				return;
			publishDn(*self, back->view);
			for (const TrackedCall *call : back->view.calls())
				self->publish(back->view.user(), voiceChannel,
					      callStateChanged(*self, back->view, *call, "CallRecovered"));
			self->notifier.flush();
		});
	}
}

} /* namespace ctisim::api::workspace */
