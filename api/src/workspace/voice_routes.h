/* SPDX-License-Identifier: MIT */
/*
 * The /workspace/v3/voice routes: a POST through the voice table
 * (voice_operations.h), and GET /voice/calls.
 */
#pragma once

#include <string_view>

#include "workspace/voice_operations.h"
#include "workspace/workspace_state.h"

namespace ctisim::api::workspace {

/// POST /workspace/v3/voice/{path} (callId empty) or /workspace/v3/voice/calls/{callId}/{path}.
void postVoice(WorkspaceState &state, Exchange &ex, Workspace &ws, std::string_view path, std::string_view callId);
/// GET /workspace/v3/voice/calls: {"status":{"code":0},"data":{"calls":[Call]}}
void getCalls(WorkspaceState &state, Exchange &ex, const Workspace &ws);

} /* namespace ctisim::api::workspace */
