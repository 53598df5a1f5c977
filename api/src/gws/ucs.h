/* SPDX-License-Identifier: MIT */
/*
 * UCS voice identification (GWS 8.5.2 "UCS Integration with Voice API"):
 * IdentifyUCSContact on /api/v2/contacts/ucs and SetCallContact on
 * /api/v2/ucs/interactions/{id}, answered from the configured UCS store, the
 * outcome as a CometD notification on /v2/me/ucs (docs/api.md).
 */
#pragma once

#include <string_view>

#include "gws_state.h"

namespace ctisim::api {

/// The CometD channel of the UCS answers (docs/api.md: a Choice).
inline constexpr std::string_view ucsChannel = "/v2/me/ucs";

/// POST /api/v2/contacts/ucs {"operationName":"IdentifyUCSContact", ...}.
void postUcsContacts(GwsState &state, Exchange &ex, const UserView &view);
/// POST /api/v2/ucs/interactions/{interactionId} {"operationName":"SetCallContact","contactPath":...}.
void postUcsInteraction(GwsState &state, Exchange &ex, const UserView &view, std::string_view interactionId);

} /* namespace ctisim::api */
