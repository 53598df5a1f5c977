/* SPDX-License-Identifier: MIT */
/*
 * The Workspace API v3 voice shapes (workspace-v3.md §c): the Call and Dn
 * objects, and the whole CometD messages of /workspace/v3/voice
 * (CallStateChanged, DnStateChanged, EventError), each written once.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ctisim/conn_id.h"
#include "ctisim/event.h"
#include "ctisim/json/write.h"

#include "workspace/workspace_state.h"

namespace ctisim::api::workspace {

/// "Unknown", "ManualIn", "AutoIn", "AfterCallWork", "AuxWork", ... (the T-Library names without "Agent").
std::string_view workModeName(WorkMode mode);

/// The Call object as view's user sees it; previousConnId when its connId has just changed.
void writeCall(json::Writer &w, const WorkspaceState &state, const UserView &view, const TrackedCall &call,
	       const std::optional<ConnId> &previousConnId = std::nullopt);
/// The Dn object of view's user.
void writeDn(json::Writer &w, const WorkspaceState &state, const UserView &view);

/// {"data":{"notificationType":...,"call":{...},"messageType":"CallStateChanged"},"channel":"/workspace/v3/voice"}
std::string callStateChanged(const WorkspaceState &state, const UserView &view, const TrackedCall &call,
			     std::string_view notificationType,
			     const std::optional<ConnId> &previousConnId = std::nullopt);
/// {"data":{"dn":{...},"messageType":"DnStateChanged"},"channel":"/workspace/v3/voice"}
std::string dnStateChanged(const WorkspaceState &state, const UserView &view);
/// {"data":{"userData":[kv],"callUuid":...,"connId":...,"messageType":"EventUserEvent"},...}
std::string userEvent(const Event &event);
/// {"data":{"error":{"errorCode":n,"errorMessage":"..."},"messageType":"EventError"},"channel":"/workspace/v3/voice"}
std::string eventError(int errorCode, std::string_view errorMessage);

} /* namespace ctisim::api::workspace */
