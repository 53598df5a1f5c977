/* SPDX-License-Identifier: MIT */
/*
 * The Statistics API of GWS 8.5.1: GET /api/v1/stats/{objectId} and
 * /api/v1/stats/{objectId}/{statistic}, answered from the StatisticsBook
 * (docs/api.md, "Statistics API").
 */
#pragma once

#include "rest/path.h" /* api/src */

#include "gws_state.h"

namespace ctisim::api {

/// The path below /api/v1 of an authenticated request (its segments, "stats" first).
void routeStats(GwsState &state, Exchange &ex, const rest::PathParts &parts);

} /* namespace ctisim::api */
