/* SPDX-License-Identifier: MIT */
/*
 * The Workspace API v3 capabilities: the kebab-case names of what can be done
 * now to a call or to the user's DN (workspace-v3.md §c). A call's come from
 * the same rules as GWS's (gws/capabilities.cpp, from the call's state as the
 * user sees it), renamed, plus the requests v3 has and GWS v2 does not.
 */
#pragma once

#include <string_view>
#include <vector>

#include "ctisim/snapshot.h"

#include "gws/user_view.h"

namespace ctisim::api::workspace {

/// The call's capabilities, in one canonical order (the reference's list). None
/// without the switch link.
std::vector<std::string_view> callCapabilities(const UserView &view, const TrackedCall &call, bool linkUp);

/// The DN's: ready, not-ready, dnd-on|dnd-off, set-forward|cancel-forward, login|logout, and a
/// supervisor's start-monitoring|stop-monitoring.
std::vector<std::string_view> dnCapabilities(const DnSnapshot *dn, bool supervisor, bool linkUp);

} /* namespace ctisim::api::workspace */
