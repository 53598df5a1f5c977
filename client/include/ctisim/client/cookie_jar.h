/* SPDX-License-Identifier: MIT */
/*
 * CookieJar: what a GWS client keeps between requests, as a browser would:
 * the cookies the server set (JSESSIONID, BAYEUX_BROWSER; Max-Age=0 deletes
 * one), and GWS's CSRF token (the header the server names in X-CSRF-HEADER,
 * X-CSRF-TOKEN by default) that every write must echo.
 */
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctisim::client {

using Headers = std::vector<std::pair<std::string, std::string>>;

class CookieJar
{
public:
	/// Takes the Set-Cookie, X-CSRF-HEADER and CSRF token headers of a response.
	void remember(const Headers &responseHeaders);

	/// The Cookie header's value ("a=1; b=2"), "" with no cookie.
	std::string cookieHeader() const;
	/// The CSRF header a request with this method carries (writes only: not
	/// GET, HEAD, OPTIONS), or nullopt before the server sent a token.
	std::optional<std::pair<std::string, std::string>> csrfHeader(std::string_view method) const;

	const std::map<std::string, std::string> &cookies() const { return cookies_; }

private:
	std::map<std::string, std::string> cookies_;
	std::string csrfHeader_ = "X-CSRF-TOKEN";
	std::string csrfToken_;
};

} /* namespace ctisim::client */
