/* SPDX-License-Identifier: MIT */
/*
 * Switch events as Workspace API v3 notifications: each event on a user's DN
 * is applied to the user's call view, then told on /workspace/v3/voice as
 * DnStateChanged or CallStateChanged with its notificationType; a lost and
 * recovered switch link as DnStateChanged and CallRecovered.
 */
#pragma once

#include "ctisim/event.h"

#include "workspace/workspace_state.h"

namespace ctisim::api::workspace {

/// An event of the switch on ws's user's DN (on core).
void publishSwitchEvent(WorkspaceState &state, Workspace &ws, const Event &event);
/// DnStateChanged: the user's DN as it stands.
void publishDn(WorkspaceState &state, const UserView &view);
/// EventError on the user's voice channel.
void publishError(WorkspaceState &state, const DirectoryUser &user, int errorCode, std::string_view message);
/// The switch link went down (every DN loses its capabilities) or came back (each
/// workspace reloaded, its calls told as CallRecovered).
void onLinkChange(WorkspaceState &state, bool up);
/// Loads ws's DN and calls from the switch (QueryAddress); done(ok) runs on core.
void loadWorkspace(WorkspaceState &state, const std::string &userId, std::function<void(bool)> done);

} /* namespace ctisim::api::workspace */
