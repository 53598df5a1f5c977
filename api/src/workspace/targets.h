/* SPDX-License-Identifier: MIT */
/*
 * The Workspace API v3 targets (workspace-v3.md §a, "Targets"): search,
 * one target, the user's recents and personal favourites, over the same
 * directory as GWS's contacts (ContactDirectory: users, ACD queues, routing
 * points, custom contacts).
 */
#pragma once

#include <string_view>

#include "workspace/workspace_state.h"

namespace ctisim::api::workspace {

/// GET /workspace/v3/targets?searchTerm=&limit=&types= (types absent: every type)
void getTargets(WorkspaceState &state, Exchange &ex);
/// GET /workspace/v3/targets/{type}/{id}
void getTarget(WorkspaceState &state, Exchange &ex, std::string_view type, std::string_view id);
/// GET /workspace/v3/targets/recents?limit=, POST .../recents/add, POST .../recents/ack-missed-calls
void getRecentTargets(WorkspaceState &state, Exchange &ex, const Workspace &ws);
void addRecentTarget(WorkspaceState &state, Exchange &ex, Workspace &ws);
/// GET /workspace/v3/targets/personal-favorites?limit=, POST .../save, POST .../delete/{type}/{id}
void getFavoriteTargets(WorkspaceState &state, Exchange &ex, const Workspace &ws);
void saveFavoriteTarget(WorkspaceState &state, Exchange &ex, Workspace &ws);
void deleteFavoriteTarget(WorkspaceState &state, Exchange &ex, Workspace &ws, std::string_view type,
			  std::string_view id);

} /* namespace ctisim::api::workspace */
