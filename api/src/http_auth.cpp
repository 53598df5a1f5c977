/* SPDX-License-Identifier: MIT */
/*
 * HTTP Basic decoding, constant-time comparison and query parsing.
 */
#include "http_auth.h"

#include <utility>

#include <boost/url/params_encoded_view.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/pct_string_view.hpp>

#include "ctisim/api/http_exchange.h"
#include "ctisim/client/http_text.h"

namespace ctisim::api {

using client::base64Decode;
using client::trim;

std::optional<BasicCredentials> parseBasicAuth(std::string_view header)
{
	header = trim(header);
	if (header.size() < 6)
		return std::nullopt;
	if (!equalsIgnoreCase(header.substr(0, 5), "basic") || header[5] != ' ')
		return std::nullopt;
	std::optional<std::string> decoded = base64Decode(trim(header.substr(6)));
	if (!decoded)
		return std::nullopt;
	std::size_t colon = decoded->find(':');
	if (colon == std::string::npos)
		return std::nullopt;
	return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

std::string percentDecode(std::string_view text, bool plusAsSpace)
{
	auto encoded = boost::urls::make_pct_string_view(text);
	if (!encoded)
		return std::string(text);
	boost::urls::encoding_opts options;
	options.space_as_plus = plusAsSpace;
	return encoded->decode(options);
}

std::optional<std::vector<QueryParam>> parseQuery(std::string_view query)
{
	/* Boost 1.81's parse_query reads an empty view with strlen(): a null or
	 * unterminated pointer would be read past. Nothing to parse anyway. */
	if (query.empty())
		return std::vector<QueryParam>{};
	auto parsed = boost::urls::parse_query(query);
	if (!parsed)
		return std::nullopt;
	boost::urls::encoding_opts options;
	options.space_as_plus = true;
	std::vector<QueryParam> params;
	for (const boost::urls::param_pct_view &param : *parsed) {
		if (param.key.empty() && !param.has_value)
			continue; /* "a=1&&b=2" */
		params.push_back({param.key.decode(options), param.has_value ? param.value.decode(options) : ""});
	}
	return params;
}

std::optional<std::string> queryParam(std::string_view query, std::string_view name)
{
	std::optional<std::vector<QueryParam>> params = parseQuery(query);
	if (!params)
		return std::nullopt;
	for (QueryParam &param : *params) {
		if (param.key == name)
			return std::move(param.value);
	}
	return std::nullopt;
}

} /* namespace ctisim::api */
