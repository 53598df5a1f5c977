/* SPDX-License-Identifier: MIT */
/*
 * The resource path of a REST request, split into its segments.
 */
#pragma once

#include <string_view>

#include <boost/container/small_vector.hpp>

namespace ctisim::api::rest {

/// A path's segments: room for as many as a GWS or control path has, in place
/// (a request's path is split without allocating); a longer one still splits.
using PathParts = boost::container::small_vector<std::string_view, 8>;

/// The non-empty segments of a path ("/sim/v1//state" → sim, v1, state), still
/// percent-encoded: a decoded '/' must not split a segment.
PathParts splitPath(std::string_view path);

} /* namespace ctisim::api::rest */
