/* SPDX-License-Identifier: MIT */
/*
 * The initialization of a workspace as the official clients wait for it on
 * /workspace/v3/initialization (workspace-v3.md §b.4): one
 * WorkspaceInitializationProgress, then WorkspaceInitializationComplete with
 * the user and the configuration, sent to each of the user's CometD sessions
 * when it subscribes (the client subscribes only after its handshake).
 */
#pragma once

#include "ctisim/json/write.h"
#include "workspace/workspace_state.h"

namespace ctisim::api::workspace {

/// The two messages for user, submitted at `at`.
GreetingPtr initializationGreeting(const WorkspaceState &state, const DirectoryUser &user, TimeMs at);

/// The user object of the Complete message (and of GET /current-session).
void writeUser(json::Writer &w, const WorkspaceState &state, const DirectoryUser &user);

} /* namespace ctisim::api::workspace */
