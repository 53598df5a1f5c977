/* SPDX-License-Identifier: MIT */
/*
 * The writer's escape check and its string and key writers.
 */
#include "ctisim/json/write.h"

#include <algorithm>
#include <cstdint>

namespace ctisim::json {

namespace {

bool isEscaped(char c)
{
	return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
}

} /* namespace */

/* What rapidjson escapes when it writes UTF-8 as UTF-8: control characters,
 * the quote and the backslash. Everything else is copied as it is.
 * Eight bytes per step (a byte-wise loop was ~9 % of the server's instructions):
 * (x - 0x01..01) & ~x & 0x80..80 is non-zero exactly when some byte of x is
 * zero, and with 0x20 in place of 0x01 when some byte is below 0x20; a byte
 * equal to the quote or the backslash is a zero byte of x XOR that character. */
bool needsEscape(std::string_view s)
{
	constexpr std::uint64_t ones = 0x0101010101010101u;
	constexpr std::uint64_t highBits = 0x8080808080808080u;
	const char *p = s.data();
	std::size_t left = s.size();
	for (; left >= 8; p += 8, left -= 8) {
		std::uint64_t v;
		std::memcpy(&v, p, 8);
		const std::uint64_t quote = v ^ (ones * '"');
		const std::uint64_t backslash = v ^ (ones * '\\');
		const std::uint64_t hits =
			((v - ones * 0x20) & ~v) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash);
		if (hits & highBits)
			return true;
	}
	return std::any_of(p, p + left, isEscaped);
}

/* Most strings (keys, ids, DNs, states) need no escaping: they are copied
 * whole, which skips rapidjson's per-character escape loop (its string writing
 * was ~10 % of the GWS server's instructions and ~30 % of the switch's under
 * callgrind). */
void writeString(Writer &w, std::string_view s)
{
	if (needsEscape(s))
		w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
	else
		w.UnescapedString(s.data(), s.size());
}

void writeKey(Writer &w, std::string_view key)
{
	if (needsEscape(key))
		w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
	else
		w.UnescapedString(key.data(), key.size());
}

} /* namespace ctisim::json */
