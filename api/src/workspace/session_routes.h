/* SPDX-License-Identifier: MIT */
/*
 * The workspace session (workspace-v3.md §a "Session", §b): initialize-workspace
 * (Bearer token or authorization code → WORKSPACE_SESSIONID), activate-channels
 * (the agent logged in on its DN), current-session, logout.
 */
#pragma once

#include "workspace/workspace_state.h"

namespace ctisim::api::workspace {

/// POST /workspace/v3/initialize-workspace[?code=&redirect_uri=]
void initializeWorkspace(WorkspaceState &state, Exchange &ex);
/// POST /workspace/v3/activate-channels {"data":{"agentId","dn"|"placeName",...}}
void activateChannels(WorkspaceState &state, Exchange &ex, Workspace &ws);
/// GET /workspace/v3/current-session
void getCurrentSession(WorkspaceState &state, Exchange &ex, const Workspace &ws);
/// POST /workspace/v3/logout: always a 2xx JSON (the JS client does not catch it).
void logoutWorkspace(WorkspaceState &state, Exchange &ex);

} /* namespace ctisim::api::workspace */
