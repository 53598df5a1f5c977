/* SPDX-License-Identifier: MIT */
#include "ctisim/constant_time.h"

#include <cstddef>

namespace ctisim {

bool constantTimeEquals(std::string_view a, std::string_view b)
{
	unsigned char diff = a.size() == b.size() ? 0 : 1;
	for (std::size_t i = 0; i < a.size(); ++i)
		diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
	return diff == 0;
}

} /* namespace ctisim */
