/* SPDX-License-Identifier: MIT */
/*
 * TransparentStringHash: for maps keyed by std::string that are looked up by a
 * std::string_view (C++20 heterogeneous lookup), so that a lookup builds no key.
 */
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace ctisim::api {

/// std::hash of strings, for maps looked up by std::string_view; use with std::equal_to<>.
struct TransparentStringHash {
	using is_transparent = void;
	std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

} /* namespace ctisim::api */
