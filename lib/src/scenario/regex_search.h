/* SPDX-License-Identifier: MIT */
/*
 * The one place the scenario code uses std::regex (see regex_search.cpp for why
 * it is kept apart).
 */
#pragma once

#include <string>
#include <string_view>

namespace ctisim::scenario {

/// Whether the ECMAScript pattern is found in text. A bad pattern is false, with
/// its description in *error when error is not null.
bool regexSearch(std::string_view pattern, std::string_view text, std::string *error = nullptr);

/// Whether pattern compiles; error gets the reason when it does not.
bool regexValid(std::string_view pattern, std::string &error);

} /* namespace ctisim::scenario */
