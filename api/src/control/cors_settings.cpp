/* SPDX-License-Identifier: MIT */
/*
 * The text forms of a CORS policy's settings (a flag, a configuration file):
 * lists and origins. Part of the configuration library, which the switch links
 * without the front end.
 */
#include "ctisim/api/cors.h"

namespace ctisim::api {

std::vector<std::string> parseCorsList(std::string_view list)
{
	std::vector<std::string> items;
	if (list == "none")
		return items;
	while (!list.empty()) {
		std::size_t comma = list.find(',');
		std::string_view item = list.substr(0, comma);
		if (std::size_t first = item.find_first_not_of(" \t"); first != std::string_view::npos)
			items.emplace_back(item.substr(first, item.find_last_not_of(" \t") - first + 1));
		list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
	}
	return items;
}

std::string originOf(std::string_view url)
{
	std::size_t scheme = url.find("://");
	if (scheme == std::string_view::npos)
		return {};
	std::size_t end = url.find_first_of("/?#", scheme + 3);
	return std::string(url.substr(0, end));
}

} /* namespace ctisim::api */
