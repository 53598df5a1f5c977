/* SPDX-License-Identifier: MIT */
/*
 * Small HTTP helpers: HTTP Basic credentials (secrets compared in constant time), and
 * percent-decoding and query strings through Boost.URL.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ctisim/client/http_text.h"
#include "ctisim/constant_time.h"

namespace ctisim::api {

struct BasicCredentials {
	std::string user;
	std::string password;
};

/// Parses an Authorization header "Basic <base64(user:password)>"; nullopt when
/// it is absent, not Basic, or not valid base64.
std::optional<BasicCredentials> parseBasicAuth(std::string_view header);

using ctisim::constantTimeEquals;

/// Decodes %XX escapes (Boost.URL); with plusAsSpace, '+' is a space as in a
/// query string, otherwise it stays '+' as in a path. A text with a malformed
/// escape is returned as it is.
std::string percentDecode(std::string_view text, bool plusAsSpace);

/// One key=value of a query string, both decoded.
struct QueryParam {
	std::string key;
	std::string value; ///< empty for a key without '='
};

/// The parameters of a query string in order (RFC 3986, parsed by Boost.URL;
/// '+' is a space), or nullopt when it is malformed: a bad %-escape, or a
/// character a query may not hold unescaped (space, '"', '{', non-ASCII, ...).
std::optional<std::vector<QueryParam>> parseQuery(std::string_view query);

/// The value of a query parameter (decoded, '+' as space), or nullopt when it
/// is absent or the query string is malformed.
std::optional<std::string> queryParam(std::string_view query, std::string_view name);

/// A comma-separated list ("devices,calls"), trimmed (the client library's HTTP text helper).
using client::splitList;

} /* namespace ctisim::api */
