/* SPDX-License-Identifier: MIT */
/*
 * The GET resources of /api/v2: the version, the user, the user's devices and
 * calls, each as the user sees it now.
 */
#pragma once

#include <string_view>

#include "gws_state.h"

namespace ctisim::api {

/// GET /api/v2/diagnostics/version
void getVersion(GwsState &state, Exchange &ex);
/// GET /api/v2/me[?subresources=...]
void getMe(GwsState &state, Exchange &ex, const UserView &view);
/// GET /api/v2/me/devices[?fields=...]
void getDevices(GwsState &state, Exchange &ex, const UserView &view);
/// GET /api/v2/me/devices/{id}
void getDevice(GwsState &state, Exchange &ex, const UserView &view);
/// GET /api/v2/me/calls[?fields=...], also /me/devices/{id}/calls
void getCalls(GwsState &state, Exchange &ex, const UserView &view);
/// GET /api/v2/me/calls/{id}
void getCall(GwsState &state, Exchange &ex, const UserView &view, std::string_view id);

} /* namespace ctisim::api */
