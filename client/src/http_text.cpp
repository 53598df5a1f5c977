/* SPDX-License-Identifier: MIT */
/*
 * base64, trimming and comma lists.
 */
#include "ctisim/client/http_text.h"

#include <array>

namespace ctisim::client {

namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Each byte's value in the alphabet, -1 for a byte outside it.
constexpr std::array<signed char, 256> decodeTable = [] {
	std::array<signed char, 256> table{};
	table.fill(-1);
	for (std::size_t i = 0; i < alphabet.size(); ++i)
		table[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
	return table;
}();

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
	/* Every Basic request decodes one: written in place, no per-byte growth check. */
	std::string out(text.size() * 3 / 4, '\0');
	std::size_t n = 0;
	unsigned buffer = 0;
	int bits = 0;
	for (char c : text) {
		int v = decodeTable[static_cast<unsigned char>(c)];
		if (v < 0)
			return std::nullopt;
		buffer = (buffer << 6) | static_cast<unsigned>(v);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = static_cast<char>((buffer >> bits) & 0xff);
		}
	}
	out.resize(n);
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

std::vector<std::string> splitList(std::string_view list)
{
	std::vector<std::string> out;
	while (true) {
		std::size_t comma = list.find(',');
		std::string_view item = trim(list.substr(0, comma));
		if (!item.empty())
			out.emplace_back(item);
		if (comma == std::string_view::npos)
			break;
		list = list.substr(comma + 1);
	}
	return out;
}

} /* namespace ctisim::client */
