/* SPDX-License-Identifier: MIT */
/*
 * The router: an /api/v2 request authenticated (HTTP Basic, JSESSIONID),
 * checked for its CSRF token, and handed to the resource, the operation
 * dispatch or the Bayeux endpoint its method and path name.
 */
#pragma once

#include "gws_state.h"

namespace ctisim::api {

/// Answers ex, now or once the switch has (on core).
void routeRequest(GwsState &state, Exchange ex);

} /* namespace ctisim::api */
