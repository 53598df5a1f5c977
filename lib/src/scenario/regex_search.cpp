/* SPDX-License-Identifier: MIT */
/*
 * std::regex behind two functions. GCC 12 with -fsanitize=address,undefined
 * reports a false -Wmaybe-uninitialized inside <regex> (std::function moves in
 * the NFA builder); with warnings as errors that would break the sanitizer
 * build, so this translation unit alone silences that one warning.
 */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "regex_search.h"

#include <regex>

namespace ctisim::scenario {

bool regexSearch(std::string_view pattern, std::string_view text, std::string *error)
{
	try {
		std::regex re(pattern.begin(), pattern.end(), std::regex::ECMAScript);
		return std::regex_search(text.begin(), text.end(), re);
	} catch (const std::regex_error &e) {
		if (error)
			*error = e.what();
		return false;
	}
}

bool regexValid(std::string_view pattern, std::string &error)
{
	try {
		std::regex re(pattern.begin(), pattern.end(), std::regex::ECMAScript);
		return true;
	} catch (const std::regex_error &e) {
		error = e.what();
		return false;
	}
}

} /* namespace ctisim::scenario */
