/* SPDX-License-Identifier: MIT */
/*
 * Business attributes (the Configuration Server enumerations desktops read at
 * login: disposition codes, case-data formats) and the dispositions settings
 * group made from the disposition attribute.
 */
#pragma once

#include <string_view>

#include "ctisim/api/desktop_config.h"
#include "gws_state.h"

namespace ctisim::api {

/// GET /internal-api/business-attributes[?name=a,b]
void getBusinessAttributes(GwsState &state, Exchange &ex);
/// GET /internal-api/business-attributes/{name}
void getBusinessAttribute(GwsState &state, Exchange &ex, std::string_view name);

/// The attribute holding the disposition codes: the one the annex option
/// interaction-workspace/interaction.disposition.value-business-attribute names, else
/// the one named like SetCallDisposition's default key; null when there is none.
const BusinessAttribute *dispositionAttribute(const GwsConfig &config);
/// Whether GET /api/v2/settings lists the dispositions group: the annex names its attribute.
bool dispositionsListed(const GwsConfig &config);
/// GET /api/v2/settings/dispositions: {"settings":[{"name","displayName"}...],"statusCode":0}
void getDispositions(GwsState &state, Exchange &ex, const BusinessAttribute &attribute);

} /* namespace ctisim::api */
