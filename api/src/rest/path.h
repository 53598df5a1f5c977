/* SPDX-License-Identifier: MIT */
/*
 * The resource path of a REST request, split into its segments.
 */
#pragma once

#include <string_view>

#include <boost/container/small_vector.hpp>

#include "ctisim/api/http_exchange.h"

namespace ctisim::api::rest {

/// A path's segments: room for as many as a GWS or control path has, in place
/// (a request's path is split without allocating); a longer one still splits.
using PathParts = boost::container::small_vector<std::string_view, 8>;

/// The non-empty segments of a path ("/sim/v1//state" → sim, v1, state), still
/// percent-encoded: a decoded '/' must not split a segment.
PathParts splitPath(std::string_view path);

/// Where the segments of target's path stand in it (what splitPath finds), into segments.
void splitSegments(std::string_view target, PathSegments &segments);

/// The request's path segments, as views into its target: from the segments a
/// router before found (HttpRequest::pathSegments), else split here.
PathParts pathParts(const HttpRequest &request);

} /* namespace ctisim::api::rest */
