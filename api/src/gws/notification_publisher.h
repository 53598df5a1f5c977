/* SPDX-License-Identifier: MIT */
/*
 * The notification publisher: backend events, link changes and operation
 * errors as the per-user CometD messages of /v2/me/calls, /v2/me/devices and
 * /v2/me/channels (docs/api.md, "Notifications"), each serialized once.
 */
#pragma once

#include <string>
#include <string_view>

#include "ctisim/event.h"

#include "gws_state.h"

namespace ctisim::api {

/// A call or device event of the switch on view's DN: applied to the view, then notified.
void publishSwitchEvent(GwsState &state, UserView &view, const Event &event);

/// DeviceStateChangeMessage: the user's device as it stands.
void publishDevice(GwsState &state, const UserView &view);
/// ChannelStateChangeMessageV2: the voice channel as it stands (after each agent-state or DND change).
void publishVoiceChannel(GwsState &state, const UserView &view);
/// CallStateChangeMessage for call after event.
void publishCall(GwsState &state, const UserView &view, const TrackedCall &call, const Event &event);
/// ... with the notificationType given (the supervision and recording cases).
void publishCall(GwsState &state, const UserView &view, const TrackedCall &call, const Event &event,
		 std::string_view notificationType);
/// A notification about call as it stands, outside any switch event.
void publishCallState(GwsState &state, const UserView &view, const TrackedCall &call);
/// The end of a switch step: users whose calls' capabilities another call changed get a
/// StatusChange for them. Runs by itself after a step (a posted task), or is called by the
/// result that ends a step served inline (GwsState::stepEndsInResult).
void notifyChangedCapabilities(GwsState &state);
/// ErrorMessage for an EventError; op is the operationName (or the T-Library request's).
void publishError(GwsState &state, const UserView &view, const Event &error, const std::string &op);

} /* namespace ctisim::api */
