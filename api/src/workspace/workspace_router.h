/* SPDX-License-Identifier: MIT */
/*
 * The Workspace API v3 router: the API key, the session cookie, then method
 * and path to the piece that answers.
 */
#pragma once

#include "workspace/workspace_state.h"

namespace ctisim::api::workspace {

/// Answers ex, now or once the switch has (on core).
void routeRequest(WorkspaceState &state, Exchange ex);

} /* namespace ctisim::api::workspace */
