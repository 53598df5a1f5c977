/* SPDX-License-Identifier: MIT */
/*
 * The text forms of a CORS policy's settings (a flag, a configuration file):
 * lists and origins. Part of the configuration library, which the switch links
 * without the front end (the lists and URLs are read by the client library's helpers).
 */
#include "ctisim/api/cors.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <fmt/format.h>

#include "ctisim/client/http_text.h"

namespace ctisim::api {

std::vector<std::string> parseCorsList(std::string_view list)
{
	return list == "none" ? std::vector<std::string>() : client::splitList(list);
}

std::string originOf(std::string_view url)
{
	auto parsed = boost::urls::parse_absolute_uri(url);
	if (!parsed || !parsed->has_authority())
		return {};
	return fmt::format("{}://{}", parsed->scheme(), parsed->encoded_host_and_port());
}

} /* namespace ctisim::api */
