/* SPDX-License-Identifier: MIT */
/*
 * The binary visitors of the wire codec (switch link protocol 3): the same
 * fields() descriptions as the JSON visitors (codec.h), written and read as
 * bytes. A described value is a presence mask (a varint whose bit i says that
 * the description's i-th member follows) and its present members in order; a
 * member left out is at its default, as in the JSON. Unsigned numbers are
 * LEB128 varints, signed ones zigzag varints, booleans one byte, strings a
 * varint length and their bytes, enums the index of their value in the enum's
 * list (spelled_enum.h), optionals and shared pointers a 0/1 byte and the
 * value, vectors a varint count and the values, user data a count and, per
 * pair, its key, a 0 (string) or 1 (integer) byte and the value.
 *
 * The reader trusts nothing: every length and count is checked against the
 * bytes that are left before anything is allocated, and an unknown mask bit,
 * enum index or tag is an error naming the member, as the JSON reader's are.
 *
 * Internal to lib/src/wire.
 */
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "ctisim/spelled_enum.h"

#include "codec.h"

namespace ctisim::wire::codec {

/* -------------------------------------------------------------- writing */

inline void putVarint(std::string &out, std::uint64_t v)
{
	while (v >= 0x80) {
		out += static_cast<char>((v & 0x7f) | 0x80);
		v >>= 7;
	}
	out += static_cast<char>(v);
}

inline void putSigned(std::string &out, std::int64_t v)
{
	putVarint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

inline void putBytes(std::string &out, std::string_view bytes)
{
	putVarint(out, bytes.size());
	out += bytes;
}

void putValue(std::string &out, const std::string &text);
void putValue(std::string &out, bool value);
void putValue(std::string &out, int value);
void putValue(std::string &out, std::int64_t value);
void putValue(std::string &out, std::uint32_t value);
void putValue(std::string &out, std::uint64_t value);
void putValue(std::string &out, ConnId id);
void putValue(std::string &out, const UserData &data);

template <class E>
requires std::is_enum_v<E>
void putValue(std::string &out, E value);
template <class T> void putValue(std::string &out, const std::optional<T> &value);
template <class T> void putValue(std::string &out, const std::vector<T> &values);
template <class T> void putValue(std::string &out, const std::shared_ptr<const T> &value);
template <class S>
requires std::is_class_v<S>
void putValue(std::string &out, const S &object);

/// Which members of object are not at their default: the presence mask.
template <class S> struct MaskVisitor {
	const S &object;
	std::uint64_t mask = 0;
	unsigned index = 0;

	template <std::size_t N, class C, class T> void operator()(const char (&)[N], T C::*member)
	{
		if (!isDefault(object.*member, FieldWriter<S>::defaults().*member))
			mask |= std::uint64_t{1} << index;
		++index;
	}
};

template <class S> struct BinaryFieldWriter {
	std::string &out;
	const S &object;
	std::uint64_t mask;
	unsigned index = 0;

	template <std::size_t N, class C, class T> void operator()(const char (&)[N], T C::*member)
	{
		if (mask & (std::uint64_t{1} << index++))
			putValue(out, object.*member);
	}
};

/// Visits S's description (fields()) with v.
template <class S> struct Described {
	template <class V> void operator()(V &v) const { fields(v, static_cast<const S *>(nullptr)); }
};

/// The presence mask and the members of object that describe(visitor) visits.
template <class S, class Describe> void putMembers(std::string &out, const S &object, Describe describe)
{
	static_assert(maxFields <= 64);
	MaskVisitor<S> m{object};
	describe(m);
	putVarint(out, m.mask);
	BinaryFieldWriter<S> w{out, object, m.mask};
	describe(w);
}

template <class S> void putMembers(std::string &out, const S &object)
{
	putMembers(out, object, Described<S>{});
}

/// The index of a value in its enum's list.
template <SpelledEnum E> std::size_t enumIndex(E value)
{
	const auto &values = allValues<E>;
	for (std::size_t i = 0; i < values.size(); ++i)
		if (values[i] == value)
			return i;
	return values.size(); /* not a listed value: the reader refuses it */
}

template <class E>
requires std::is_enum_v<E>
void putValue(std::string &out, E value)
{
	static_assert(SpelledEnum<E>, "the wire carries spelled enums only");
	putVarint(out, enumIndex(value));
}

template <class T> void putValue(std::string &out, const std::optional<T> &value)
{
	out += static_cast<char>(value ? 1 : 0);
	if (value)
		putValue(out, *value);
}

template <class T> void putValue(std::string &out, const std::vector<T> &values)
{
	putVarint(out, values.size());
	for (const T &value : values)
		putValue(out, value);
}

template <class T> void putValue(std::string &out, const std::shared_ptr<const T> &value)
{
	out += static_cast<char>(value ? 1 : 0);
	if (value)
		putValue(out, *value);
}

template <class S>
requires std::is_class_v<S>
void putValue(std::string &out, const S &object)
{
	putMembers(out, object);
}

/// A variant: the index of its alternative, then the alternative's members.
template <class Variant> void putVariant(std::string &out, const Variant &value)
{
	putVarint(out, value.index());
	std::visit([&out](const auto &alternative) { putMembers(out, alternative); }, value);
}

/* -------------------------------------------------------------- reading */

/// The bytes still to read of one body, and the error collector.
struct BinaryInput {
	Reader &r;
	const unsigned char *at;
	const unsigned char *end;

	std::size_t left() const { return static_cast<std::size_t>(end - at); }

	bool varint(std::uint64_t &out)
	{
		out = 0;
		for (unsigned shift = 0; shift < 64; shift += 7) {
			if (at == end)
				return r.fail("truncated (a number runs past the end of the frame)");
			const unsigned char byte = *at++;
			if (shift == 63 && byte > 1)
				return r.fail("a number longer than 64 bits");
			out |= std::uint64_t{byte & 0x7fu} << shift;
			if ((byte & 0x80) == 0)
				return true;
		}
		return r.fail("a number longer than 64 bits");
	}

	bool byte(unsigned char &out)
	{
		if (at == end)
			return r.fail("truncated (a value runs past the end of the frame)");
		out = *at++;
		return true;
	}

	/// A count of things that take at least one byte each: no more than the bytes left.
	bool count(std::size_t &out)
	{
		std::uint64_t n = 0;
		if (!varint(n))
			return false;
		if (n > left())
			return r.fail("a length beyond the end of the frame");
		out = static_cast<std::size_t>(n);
		return true;
	}

	bool bytes(std::string_view &out)
	{
		std::size_t n = 0;
		if (!count(n))
			return false;
		out = std::string_view(reinterpret_cast<const char *>(at), n);
		at += n;
		return true;
	}

	/// A 0 or 1 byte.
	bool flag(bool &out)
	{
		unsigned char b = 0;
		if (!byte(b))
			return false;
		if (b > 1)
			return r.fail("expected 0 or 1");
		out = b == 1;
		return true;
	}
};

bool getValue(BinaryInput &in, std::string &out);
bool getValue(BinaryInput &in, bool &out);
bool getValue(BinaryInput &in, int &out);
bool getValue(BinaryInput &in, std::int64_t &out);
bool getValue(BinaryInput &in, std::uint32_t &out);
bool getValue(BinaryInput &in, std::uint64_t &out);
bool getValue(BinaryInput &in, ConnId &out);
bool getValue(BinaryInput &in, UserData &out);

template <class E>
requires std::is_enum_v<E>
bool getValue(BinaryInput &in, E &out)
{
	std::uint64_t index = 0;
	if (!in.varint(index))
		return false;
	if (index >= allValues<E>.size())
		return in.r.fail(fmt::format("unknown value {} of {}", index, EnumList<E>::name));
	out = allValues<E>[index];
	return true;
}

template <class T> bool getValue(BinaryInput &in, std::optional<T> &out);
template <class T> bool getValue(BinaryInput &in, std::vector<T> &out);
template <class T> bool getValue(BinaryInput &in, std::shared_ptr<const T> &out);
template <class S>
requires std::is_class_v<S>
bool getValue(BinaryInput &in, S &out);

template <class S> struct BinaryFieldReader {
	BinaryInput &in;
	S &object;
	std::uint64_t mask;
	unsigned index = 0;

	template <std::size_t N, class C, class T> void operator()(const char (&key)[N], T C::*member)
	{
		if ((mask & (std::uint64_t{1} << index++)) == 0 || !in.r.ok())
			return;
		in.r.push(key);
		getValue(in, object.*member);
		in.r.pop();
	}
};

/// Counts the members a description visits.
struct CountVisitor {
	unsigned n = 0;
	template <std::size_t N, class C, class T> void operator()(const char (&)[N], T C::*) { ++n; }
};

template <class S, class Describe> bool getMembers(BinaryInput &in, S &object, Describe describe)
{
	std::uint64_t mask = 0;
	if (!in.varint(mask))
		return false;
	CountVisitor count;
	describe(count);
	if (count.n < 64 && (mask >> count.n) != 0)
		return in.r.fail(fmt::format("a member the description does not have (it has {})", count.n));
	BinaryFieldReader<S> v{in, object, mask};
	describe(v);
	return in.r.ok();
}

template <class S> bool getMembers(BinaryInput &in, S &object)
{
	return getMembers(in, object, Described<S>{});
}

/// The 0/1 byte before an optional value or a pointer; out is reset when it says absent.
template <class P> bool getPresence(BinaryInput &in, P &out, bool &present)
{
	if (!in.flag(present))
		return false;
	if (!present)
		out.reset();
	return true;
}

template <class T> bool getValue(BinaryInput &in, std::optional<T> &out)
{
	bool present = false;
	if (!getPresence(in, out, present) || !present)
		return in.r.ok();
	T value{};
	if (!getValue(in, value))
		return false;
	out = std::move(value);
	return true;
}

template <class T> bool getValue(BinaryInput &in, std::vector<T> &out)
{
	std::size_t n = 0;
	if (!in.count(n))
		return false;
	std::vector<T> values;
	values.reserve(n);
	for (std::size_t i = 0; i < n; ++i) {
		in.r.push(i);
		bool read = getValue(in, values.emplace_back());
		in.r.pop();
		if (!read)
			return false;
	}
	out = std::move(values);
	return true;
}

template <class T> bool getValue(BinaryInput &in, std::shared_ptr<const T> &out)
{
	bool present = false;
	if (!getPresence(in, out, present) || !present)
		return in.r.ok();
	auto value = std::make_shared<T>();
	if (!getValue(in, *value))
		return false;
	out = std::move(value);
	return true;
}

template <class S>
requires std::is_class_v<S>
bool getValue(BinaryInput &in, S &out)
{
	return getMembers(in, out);
}

template <class Variant, std::size_t I> bool getAlternative(BinaryInput &in, Variant &out)
{
	return getMembers(in, out.template emplace<I>());
}

/// A variant written by putVariant; kind names it in a message ("request").
template <class Variant> bool getVariant(BinaryInput &in, Variant &out, const char *kind)
{
	constexpr std::size_t n = std::variant_size_v<Variant>;
	using ReadFn = bool (*)(BinaryInput &, Variant &);
	static constexpr auto table = []<std::size_t... I>(std::index_sequence<I...>)
	{
		return std::array<ReadFn, n>{&getAlternative<Variant, I>...};
	}
	(std::make_index_sequence<n>{});
	std::uint64_t index = 0;
	if (!in.varint(index))
		return false;
	if (index >= n)
		return in.r.fail(fmt::format("unknown {} type {}", kind, index));
	return table[index](in, out);
}

/// Reads all of body into out with read(in, out); bytes left over are an error.
template <class T, class Read> std::optional<T> getTop(std::string_view body, std::string *error, Read read)
{
	Reader r(error);
	BinaryInput in{r, reinterpret_cast<const unsigned char *>(body.data()),
		       reinterpret_cast<const unsigned char *>(body.data()) + body.size()};
	T value{};
	if (!read(in, value))
		return std::nullopt;
	if (in.left() != 0) {
		r.fail(fmt::format("{} bytes after the end of the value", in.left()));
		return std::nullopt;
	}
	return value;
}

} /* namespace ctisim::wire::codec */
