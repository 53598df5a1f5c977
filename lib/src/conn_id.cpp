/* SPDX-License-Identifier: MIT */
/*
 * ConnId text form.
 */
#include "ctisim/conn_id.h"

namespace ctisim {

std::optional<ConnId> ConnId::parse(std::string_view text)
{
	if (text.size() != 16)
		return std::nullopt;
	std::uint64_t value = 0;
	for (char c : text) {
		unsigned digit;
		if (c >= '0' && c <= '9')
			digit = static_cast<unsigned>(c - '0');
		else if (c >= 'a' && c <= 'f')
			digit = static_cast<unsigned>(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			digit = static_cast<unsigned>(c - 'A' + 10);
		else
			return std::nullopt;
		value = (value << 4) | digit;
	}
	return ConnId(value);
}

std::string ConnId::str() const
{
	static constexpr char digits[] = "0123456789abcdef";
	std::string text(16, '0');
	std::uint64_t v = value_;
	for (int i = 15; i >= 0; --i) {
		text[static_cast<std::size_t>(i)] = digits[v & 0xf];
		v >>= 4;
	}
	return text;
}

} /* namespace ctisim */
