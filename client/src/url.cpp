/* SPDX-License-Identifier: MIT */
/*
 * Url through Boost.URL's RFC 3986 parser.
 */
#include "ctisim/client/url.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <fmt/format.h>

namespace ctisim::client {

std::optional<Url> Url::parse(std::string_view text, std::string &error)
{
	auto parsed = boost::urls::parse_uri(text);
	boost::urls::scheme scheme = parsed ? parsed->scheme_id() : boost::urls::scheme::none;
	bool httpPrefix = text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
	if (!parsed && httpPrefix) {
		error = fmt::format("\"{}\" is not a valid URL ({})", text, parsed.error().message());
		return std::nullopt;
	}
	if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https) {
		error = fmt::format("\"{}\": the URL must start with http:// or https://", text);
		return std::nullopt;
	}
	const boost::urls::url_view &url = *parsed;
	if (url.has_query() || url.has_fragment()) {
		error = fmt::format("\"{}\": the URL takes no query or fragment", text);
		return std::nullopt;
	}
	Url out;
	out.tls = scheme == boost::urls::scheme::https;
	out.host = std::string(url.encoded_host());
	out.port = url.has_port() ? std::string(url.port()) : std::string(out.tls ? "443" : "80");
	bool digits = !out.port.empty() && out.port.size() <= 5 &&
		      out.port.find_first_not_of("0123456789") == std::string::npos;
	if (!url.has_authority() || out.host.empty() || !digits || std::stoul(out.port) == 0 ||
	    std::stoul(out.port) > 65535) {
		error = fmt::format("\"{}\": the URL has no valid host and port", text);
		return std::nullopt;
	}
	std::string_view path = url.encoded_path();
	while (!path.empty() && path.back() == '/')
		path.remove_suffix(1);
	out.basePath = std::string(path);
	return out;
}

std::string Url::str() const
{
	return fmt::format("{}://{}{}", tls ? "https" : "http", hostHeader(), basePath);
}

std::string Url::strWithPort() const
{
	return fmt::format("{}://{}:{}{}", tls ? "https" : "http", host, port, basePath);
}

std::string Url::hostHeader() const
{
	return defaultPort() ? host : host + ":" + port;
}

std::string_view Url::hostName() const
{
	std::string_view name = host;
	if (name.size() > 2 && name.front() == '[' && name.back() == ']')
		return name.substr(1, name.size() - 2);
	return name;
}

} /* namespace ctisim::client */
