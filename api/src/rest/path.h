/* SPDX-License-Identifier: MIT */
/*
 * The resource path of a REST request, split into its segments.
 */
#pragma once

#include <string_view>
#include <vector>

namespace ctisim::api::rest {

/// The non-empty segments of a path ("/sim/v1//state" → sim, v1, state), still
/// percent-encoded: a decoded '/' must not split a segment.
std::vector<std::string_view> splitPath(std::string_view path);

} /* namespace ctisim::api::rest */
