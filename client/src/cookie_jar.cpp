/* SPDX-License-Identifier: MIT */
/*
 * The cookie and CSRF jar.
 */
#include "ctisim/client/cookie_jar.h"

#include <fmt/format.h>

#include "ctisim/client/http_text.h"

namespace ctisim::client {

namespace {

/// Whether a Set-Cookie's attributes say Max-Age=0 (the server deletes the cookie).
bool expires(std::string_view setCookie)
{
	std::size_t at = setCookie.find(';');
	while (at != std::string_view::npos) {
		std::size_t end = setCookie.find(';', at + 1);
		std::string_view attribute =
			trim(setCookie.substr(at + 1, end == std::string_view::npos ? end : end - at - 1));
		std::size_t eq = attribute.find('=');
		if (eq != std::string_view::npos && iequals(trim(attribute.substr(0, eq)), "Max-Age") &&
		    trim(attribute.substr(eq + 1)) == "0")
			return true;
		at = end;
	}
	return false;
}

} /* namespace */

void CookieJar::remember(const Headers &responseHeaders)
{
	std::string csrfHeaderName;
	for (const auto &[name, value] : responseHeaders) {
		if (iequals(name, "Set-Cookie")) {
			std::string_view pair = std::string_view(value).substr(0, value.find(';'));
			auto eq = pair.find('=');
			if (eq == std::string_view::npos)
				continue;
			std::string cookieName(trim(pair.substr(0, eq)));
			if (expires(value))
				cookies_.erase(cookieName);
			else
				cookies_[cookieName] = std::string(trim(pair.substr(eq + 1)));
		} else if (iequals(name, "X-CSRF-HEADER")) {
			csrfHeaderName = value;
		}
	}
	if (!csrfHeaderName.empty())
		csrfHeader_ = csrfHeaderName;
	for (const auto &[name, value] : responseHeaders) {
		if (iequals(name, csrfHeader_) || iequals(name, "X-CSRF-TOKEN"))
			csrfToken_ = value;
	}
}

std::string CookieJar::cookieHeader() const
{
	std::string header;
	for (const auto &[name, value] : cookies_) {
		if (!header.empty())
			header += "; ";
		header += name;
		header += '=';
		header += value;
	}
	return header;
}

std::optional<std::pair<std::string, std::string>> CookieJar::csrfHeader(std::string_view method) const
{
	if (csrfToken_.empty() || method == "GET" || method == "HEAD" || method == "OPTIONS")
		return std::nullopt;
	return std::pair{csrfHeader_, csrfToken_};
}

} /* namespace ctisim::client */
