/* SPDX-License-Identifier: MIT */
/*
 * The read side of the Platform Configuration API (GWS 8.5.2 InternalConfigAPI,
 * feature api-platform-configuration-read): GET
 * /api/v2/platform/configuration/{persons|agent-logins|skills} with the CfgQuery
 * filters of those objects, answered from the user directory as Configuration
 * Server would show its CfgPerson and CfgAgentLogin objects (docs/api.md).
 */
#pragma once

#include <string_view>

#include "gws_state.h"

namespace ctisim::api {

/// GET /api/v2/platform/configuration/{type}[?filter=value...].
void getPlatformObjects(GwsState &state, Exchange &ex, const UserView &viewer, std::string_view type);

} /* namespace ctisim::api */
