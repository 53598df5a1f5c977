/* SPDX-License-Identifier: MIT */
/*
 * Comparing secrets (passwords, CSRF tokens, the switch link's token) in a time
 * that does not depend on where they first differ.
 */
#pragma once

#include <string_view>

namespace ctisim {

/// a == b, looking at every byte of a whatever the contents: how long it takes
/// says nothing of how much of a secret b a guess a got right.
bool constantTimeEquals(std::string_view a, std::string_view b);

} /* namespace ctisim */
