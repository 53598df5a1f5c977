/* SPDX-License-Identifier: MIT */
/*
 * The small text helpers of HTTP that the server (api/), the client library
 * and the benchmark share: base64 (Basic authentication), trimming and comma lists. Header
 * names compare with boost::beast::iequals, re-exported here as iequals.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/core/string.hpp>

namespace ctisim::client {

/// RFC 4648 §4 base64, padded: "user:password" → "dXNlcjpwYXNzd29yZA==".
std::string base64Encode(std::string_view bytes);

/// The bytes of RFC 4648 §4 base64 text, its padding optional; nullopt when a
/// character is not of the alphabet. (Beast has a base64 too, but in its
/// detail namespace: not an interface it promises to keep.)
std::optional<std::string> base64Decode(std::string_view text);

/// The value of an Authorization header for HTTP Basic: "Basic " + base64("user:password").
std::string basicAuthorization(std::string_view user, std::string_view password);

/// s without its leading and trailing ASCII whitespace (space, tab, CR, LF, VT, FF).
std::string_view trim(std::string_view s);

/// The items of a comma-separated list ("a, b,,c" → a, b, c), each trimmed, empty ones left out.
std::vector<std::string> splitList(std::string_view list);

/// ASCII case-insensitive equality (header names, cookie attributes): Beast's.
using boost::beast::iequals;

} /* namespace ctisim::client */
