/* SPDX-License-Identifier: MIT */
/*
 * The GET resources of /api/v2: the version, the user, the user's devices,
 * calls and channels, each as the user sees it now; the URIs those carry
 * (users, devices, voice environment, features); the settings groups.
 */
#pragma once

#include <string_view>

#include "gws_state.h"

namespace ctisim::api {

/// Whether viewer may read target's user and devices: oneself; a supervisor or an
/// admin reads every user (docs/api.md, "Users and groups").
bool mayReadUser(const DirectoryUser &viewer, const DirectoryUser &target);

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

/// GET /api/v2/users/{id}[?subresources=...]: viewer's own user only (for now)
void getUser(GwsState &state, Exchange &ex, const UserView &viewer, std::string_view id);
/// GET /api/v2/devices/{id}: viewer's own device only (for now)
void getDeviceById(GwsState &state, Exchange &ex, const UserView &viewer, std::string_view id);
/// GET /api/v2/voice-environments/{id}
void getVoiceEnvironment(GwsState &state, Exchange &ex, std::string_view id);
/// GET /api/v2/features/{id}
void getFeature(GwsState &state, Exchange &ex, std::string_view id);
/// GET /api/v2/settings
void getSettingsGroups(GwsState &state, Exchange &ex);
/// GET /api/v2/settings/{group}
void getSettingsGroup(GwsState &state, Exchange &ex, std::string_view name);
/// GET /api/v2/me/channels
void getChannels(GwsState &state, Exchange &ex);
/// GET /api/v2/me/channels/{channel}
void getChannel(GwsState &state, Exchange &ex, const UserView &view, std::string_view channel);

} /* namespace ctisim::api */
