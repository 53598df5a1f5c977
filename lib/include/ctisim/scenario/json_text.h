/* SPDX-License-Identifier: MIT */
/*
 * Transitional: the old name of json::parse, still included by
 * api/src/gws/request_body.cpp. Remove it when gws includes ctisim/json/parse.h.
 */
#pragma once

#include "ctisim/json/parse.h"

namespace ctisim::scenario {

inline std::optional<json::ParseError> parseStrictJson(std::string_view text, rapidjson::Document &doc)
{
	return json::parse(text, doc);
}

} /* namespace ctisim::scenario */
