/* SPDX-License-Identifier: MIT */
/*
 * Path segments.
 */
#include "path.h"

#include <algorithm>

namespace ctisim::api::rest {

PathParts splitPath(std::string_view path)
{
	PathParts parts; /* room for 8 in place: a longer path grows it */
	std::size_t i = 0;
	while (i < path.size()) {
		std::size_t slash = std::min(path.find('/', i), path.size());
		if (slash > i)
			parts.push_back(path.substr(i, slash - i));
		i = slash + 1;
	}
	return parts;
}

} /* namespace ctisim::api::rest */
