/* SPDX-License-Identifier: MIT */
/*
 * base64 and trimming.
 */
#include "ctisim/api/http_text.h"

namespace ctisim::api {

namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64Value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

bool isSpace(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

} /* namespace */

std::string basicAuthorization(std::string_view user, std::string_view password)
{
	std::string credentials(user);
	credentials += ':';
	credentials += password;
	return "Basic " + base64Encode(credentials);
}

std::string base64Encode(std::string_view bytes)
{
	std::string out;
	out.reserve((bytes.size() + 2) / 3 * 4);
	std::size_t i = 0;
	for (; i + 2 < bytes.size(); i += 3) {
		unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
			     (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
		for (int shift = 18; shift >= 0; shift -= 6)
			out += alphabet[(n >> shift) & 63];
	}
	std::size_t rest = bytes.size() - i;
	if (rest > 0) {
		unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
		if (rest == 2)
			n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
		out += alphabet[(n >> 18) & 63];
		out += alphabet[(n >> 12) & 63];
		out += rest == 2 ? alphabet[(n >> 6) & 63] : '=';
		out += '=';
	}
	return out;
}

std::optional<std::string> base64Decode(std::string_view text)
{
	while (!text.empty() && text.back() == '=')
		text.remove_suffix(1);
	std::string out;
	out.reserve(text.size() * 3 / 4);
	unsigned buffer = 0;
	int bits = 0;
	for (char c : text) {
		int v = base64Value(c);
		if (v < 0)
			return std::nullopt;
		buffer = (buffer << 6) | static_cast<unsigned>(v);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out += static_cast<char>((buffer >> bits) & 0xff);
		}
	}
	return out;
}

std::string_view trim(std::string_view s)
{
	while (!s.empty() && isSpace(s.front()))
		s.remove_prefix(1);
	while (!s.empty() && isSpace(s.back()))
		s.remove_suffix(1);
	return s;
}

} /* namespace ctisim::api */
