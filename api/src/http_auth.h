/* SPDX-License-Identifier: MIT */
/*
 * Small HTTP helpers of the GWS layer: HTTP Basic credentials, constant-time
 * comparison, query strings.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ctisim::api {

struct BasicCredentials {
	std::string user;
	std::string password;
};

/// Parses an Authorization header "Basic <base64(user:password)>"; nullopt when
/// it is absent, not Basic, or not valid base64.
std::optional<BasicCredentials> parseBasicAuth(std::string_view header);

/// Compares in time that depends only on the lengths, not on where they differ.
bool constantTimeEquals(std::string_view a, std::string_view b);

/// The value of one hex digit (either case), or -1.
int hexValue(char c);

/// Decodes %XX escapes (malformed ones are kept as they are); with plusAsSpace,
/// '+' is a space as in a query string, otherwise it stays '+' as in a path.
std::string percentDecode(std::string_view text, bool plusAsSpace);

/// The value of a query parameter (percent-decoded, '+' as space), or nullopt.
std::optional<std::string> queryParam(std::string_view query, std::string_view name);

/// Splits a comma-separated list ("devices,calls"), trimming spaces.
std::vector<std::string> splitList(std::string_view list);

} /* namespace ctisim::api */
