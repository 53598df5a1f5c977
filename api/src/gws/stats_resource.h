/* SPDX-License-Identifier: MIT */
/*
 * The Statistics API of GWS 8.5.1: GET /api/v1/stats/{objectId} and
 * /api/v1/stats/{objectId}/{statistic}, answered from the StatisticsBook
 * (docs/api.md, "Statistics API").
 */
#pragma once

#include "gws_state.h"

namespace ctisim::api {

/// GET /api/v1/stats/{objectId}: the latest value of each of the object's statistics.
void getObjectStatistics(GwsState &state, Exchange &ex, UserView &viewer, std::string_view object);
/// GET /api/v1/stats/{objectId}/{statistic}[?numValues&from&to]: one statistic's values.
void getObjectStatistic(GwsState &state, Exchange &ex, UserView &viewer, std::string_view object,
			std::string_view statistic);

} /* namespace ctisim::api */
