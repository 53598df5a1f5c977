/* SPDX-License-Identifier: MIT */
/*
 * The user and group lists a supervisor desktop finds its agents with:
 * GET /api/v2/users, /api/v2/users/{id}/devices, /api/v2/groups,
 * /api/v2/groups/{id} and /api/v2/groups/{id}/users. An agent sees only
 * itself (docs/api.md, "Users and groups").
 */
#pragma once

#include <string_view>

#include "gws_state.h"

namespace ctisim::api {

/// GET /api/v2/users[?userName=&offset=&limit=&fields=]
void getUsers(GwsState &state, Exchange &ex, const UserView &viewer);
/// GET /api/v2/users/{id}/devices[?fields=]
void getUserDevices(GwsState &state, Exchange &ex, const UserView &viewer, std::string_view id);
/// GET /api/v2/groups[?offset=&limit=&fields=]
void getGroups(GwsState &state, Exchange &ex, const UserView &viewer);
/// GET /api/v2/groups/{id}[?subresources=users&fields=]
void getGroup(GwsState &state, Exchange &ex, const UserView &viewer, std::string_view id);
/// GET /api/v2/groups/{id}/users[?offset=&limit=&fields=]
void getGroupUsers(GwsState &state, Exchange &ex, const UserView &viewer, std::string_view id);

} /* namespace ctisim::api */
