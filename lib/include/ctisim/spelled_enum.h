/* SPDX-License-Identifier: MIT */
/*
 * An enum listed once with its spellings. CTISIM_SPELLED_ENUM declares the enum
 * from an X-macro list of X(enumerator, value, spelling) and, from the same
 * list, its toString() (a switch), its parse() and EnumList<E>::entries (every
 * value with its spelling, in list order): a value added to the list is spelled
 * both ways at once, and the wire codec, which reads and writes every enum
 * through these two functions, carries it.
 */
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace ctisim {

/// One enumerator and its spelling.
template <class E> struct EnumSpelling {
	E value;
	const char *spelling;
};

/// Specialized by CTISIM_SPELLED_ENUM: `name`, the enum's, and `entries`, every enumerator with its
/// spelling, in list order.
template <class E> struct EnumList;

/// An enum declared by CTISIM_SPELLED_ENUM.
template <class E>
concept SpelledEnum = requires
{
	EnumList<E>::entries;
};

/// Every value of a spelled enum, in list order.
template <SpelledEnum E>
inline constexpr auto allValues = [] {
	std::array<E, std::size(EnumList<E>::entries)> values{};
	for (std::size_t i = 0; i < values.size(); ++i)
		values[i] = EnumList<E>::entries[i].value;
	return values;
}();

/// The value whose spelling is text; false when none is.
template <SpelledEnum E> bool parseSpelled(std::string_view text, E &out)
{
	for (const EnumSpelling<E> &entry : EnumList<E>::entries) {
		if (text == entry.spelling) {
			out = entry.value;
			return true;
		}
	}
	return false;
}

} /* namespace ctisim */

#define CTISIM_ENUM_ENUMERATOR(name, value, spelling) name = value,
#define CTISIM_ENUM_SPELLING(name, value, spelling) {E::name, spelling},
#define CTISIM_ENUM_CASE(name, value, spelling)                                                                        \
	case E::name: return spelling;

/// Declares `enum class Enum : Underlying` from LIST, its EnumList, toString() (`fallback` for a value
/// outside the list) and parse() (false for a spelling outside it). In namespace ctisim.
#define CTISIM_SPELLED_ENUM(Enum, Underlying, LIST, fallback)                                                          \
	enum class Enum : Underlying { LIST(CTISIM_ENUM_ENUMERATOR) };                                                 \
	template <> struct EnumList<Enum> {                                                                            \
		using E = Enum;                                                                                        \
		static constexpr const char *name = #Enum;                                                             \
		static constexpr EnumSpelling<Enum> entries[] = {LIST(CTISIM_ENUM_SPELLING)};                          \
	};                                                                                                             \
	constexpr const char *toString(Enum value)                                                                     \
	{                                                                                                              \
		using E = Enum;                                                                                        \
		switch (value) {                                                                                       \
			LIST(CTISIM_ENUM_CASE)                                                                         \
		}                                                                                                      \
		return fallback;                                                                                       \
	}                                                                                                              \
	inline bool parse(std::string_view text, Enum &out)                                                            \
	{                                                                                                              \
		return parseSpelled(text, out);                                                                        \
	}
