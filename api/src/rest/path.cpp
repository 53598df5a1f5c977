/* SPDX-License-Identifier: MIT */
/*
 * The resource path of a REST request, split into its segments (once per
 * request: the first router keeps where they stand).
 */
#include "path.h"

#include <algorithm>

namespace ctisim::api::rest {

namespace {

/// Calls add(offset, size) for each non-empty segment of path.
template <typename Add> void forEachSegment(std::string_view path, Add add)
{
	std::size_t i = 0;
	while (i < path.size()) {
		std::size_t slash = std::min(path.find('/', i), path.size());
		if (slash > i)
			add(i, slash - i);
		i = slash + 1;
	}
}

} /* namespace */

PathParts splitPath(std::string_view path)
{
	PathParts parts; /* room for 8 in place: a longer path grows it */
	forEachSegment(path, [&](std::size_t at, std::size_t size) { parts.push_back(path.substr(at, size)); });
	return parts;
}

void splitSegments(std::string_view target, PathSegments &segments)
{
	segments.clear();
	forEachSegment(target.substr(0, target.find('?')), [&](std::size_t at, std::size_t size) {
		segments.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(size)});
	});
}

PathParts pathParts(const HttpRequest &request)
{
	std::string_view target = request.target();
	PathParts parts;
	if (request.pathSegments) {
		for (const PathSegment &segment : *request.pathSegments)
			parts.push_back(target.substr(segment.at, segment.size));
	} else {
		forEachSegment(request.path(),
			       [&](std::size_t at, std::size_t size) { parts.push_back(target.substr(at, size)); });
	}
	return parts;
}

} /* namespace ctisim::api::rest */
