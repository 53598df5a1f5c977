/* SPDX-License-Identifier: MIT */
/*
 * How the fuzz targets cut one input into parts: several requests (or Bayeux
 * POST bodies) separated by a line "---", so that one input can drive a
 * sequence (log in, dial, hold) and the fuzzer can splice sequences together.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ctisim::fuzz {

/// At most this many parts are used: longer sequences add time, not coverage.
inline constexpr std::size_t maxParts = 16;

inline std::vector<std::string_view> splitParts(const std::uint8_t *data, std::size_t size)
{
	constexpr std::string_view separator = "\n---\n";
	std::string_view rest(reinterpret_cast<const char *>(data), size);
	std::vector<std::string_view> parts;
	while (parts.size() < maxParts) {
		std::size_t at = rest.find(separator);
		parts.push_back(rest.substr(0, at));
		if (at == std::string_view::npos)
			break;
		rest.remove_prefix(at + separator.size());
	}
	return parts;
}

/// "POST /api/v2/me\n{body}" → method, target, body (no newline: no body).
struct RequestLine {
	std::string_view method;
	std::string_view target;
	std::string_view body;
};

inline RequestLine splitRequest(std::string_view part)
{
	RequestLine out;
	std::size_t eol = part.find('\n');
	std::string_view line = part.substr(0, eol);
	out.body = eol == std::string_view::npos ? std::string_view() : part.substr(eol + 1);
	std::size_t space = line.find(' ');
	out.method = line.substr(0, space);
	out.target = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
	return out;
}

} /* namespace ctisim::fuzz */
