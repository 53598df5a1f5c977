/* SPDX-License-Identifier: MIT */
/*
 * ConnId: T-Server's 64-bit connection id, shown as 16 lowercase hex digits.
 */
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ctisim {

class ConnId
{
public:
	constexpr ConnId() = default;
	constexpr explicit ConnId(std::uint64_t value) : value_(value) {}

	/// Parses exactly 16 hex digits (either case); nullopt otherwise.
	static std::optional<ConnId> parse(std::string_view text);

	constexpr std::uint64_t value() const { return value_; }
	constexpr bool isNull() const { return value_ == 0; }

	/// 16 lowercase hex digits, e.g. "0071027198180007".
	std::string str() const;

	friend constexpr auto operator<=>(ConnId, ConnId) = default;

private:
	std::uint64_t value_ = 0;
};

} /* namespace ctisim */

template <> struct std::hash<ctisim::ConnId> {
	std::size_t operator()(ctisim::ConnId id) const noexcept { return std::hash<std::uint64_t>{}(id.value()); }
};
