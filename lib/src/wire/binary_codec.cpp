/* SPDX-License-Identifier: MIT */
/*
 * The binary codec's scalars: strings, booleans, integers, ConnIds and user
 * data, written and read (binary_codec.h).
 */
#include "binary_codec.h"

#include <limits>

namespace ctisim::wire::codec {

void putValue(std::string &out, const std::string &text)
{
	putBytes(out, text);
}

void putValue(std::string &out, bool value)
{
	out += static_cast<char>(value ? 1 : 0);
}

void putValue(std::string &out, int value)
{
	putSigned(out, value);
}

void putValue(std::string &out, std::int64_t value)
{
	putSigned(out, value);
}

void putValue(std::string &out, std::uint32_t value)
{
	putVarint(out, value);
}

void putValue(std::string &out, std::uint64_t value)
{
	putVarint(out, value);
}

void putValue(std::string &out, ConnId id)
{
	putVarint(out, id.value());
}

void putValue(std::string &out, const UserData &data)
{
	putVarint(out, data.pairs().size());
	for (const UserDataPair &pair : data.pairs()) {
		putBytes(out, pair.key);
		if (const auto *text = std::get_if<std::string>(&pair.value)) {
			out += '\0';
			putBytes(out, *text);
		} else {
			out += '\1';
			putSigned(out, std::get<std::int64_t>(pair.value));
		}
	}
}

namespace {

std::int64_t unzigzag(std::uint64_t v)
{
	return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

} /* namespace */

bool getValue(BinaryInput &in, std::string &out)
{
	std::string_view bytes;
	if (!in.bytes(bytes))
		return false;
	out.assign(bytes);
	return true;
}

bool getValue(BinaryInput &in, bool &out)
{
	return in.flag(out);
}

bool getValue(BinaryInput &in, int &out)
{
	std::uint64_t v = 0;
	if (!in.varint(v))
		return false;
	const std::int64_t value = unzigzag(v);
	if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
		return in.r.fail("expected a 32-bit integer");
	out = static_cast<int>(value);
	return true;
}

bool getValue(BinaryInput &in, std::int64_t &out)
{
	std::uint64_t v = 0;
	if (!in.varint(v))
		return false;
	out = unzigzag(v);
	return true;
}

bool getValue(BinaryInput &in, std::uint32_t &out)
{
	std::uint64_t v = 0;
	if (!in.varint(v))
		return false;
	if (v > std::numeric_limits<std::uint32_t>::max())
		return in.r.fail("expected an unsigned 32-bit integer");
	out = static_cast<std::uint32_t>(v);
	return true;
}

bool getValue(BinaryInput &in, std::uint64_t &out)
{
	return in.varint(out);
}

bool getValue(BinaryInput &in, ConnId &out)
{
	std::uint64_t v = 0;
	if (!in.varint(v))
		return false;
	out = ConnId(v);
	return true;
}

bool getValue(BinaryInput &in, UserData &out)
{
	std::size_t n = 0;
	if (!in.count(n))
		return false;
	UserData data;
	for (std::size_t i = 0; i < n; ++i) {
		std::string_view key;
		unsigned char tag = 0;
		if (!in.bytes(key) || !in.byte(tag))
			return false;
		if (tag == 0) {
			std::string_view text;
			if (!in.bytes(text))
				return false;
			data.attach({{std::string(key), std::string(text)}});
		} else if (tag == 1) {
			std::int64_t value = 0;
			if (!getValue(in, value))
				return false;
			data.attach({{std::string(key), value}});
		} else {
			return in.r.fail(fmt::format("unknown user data value tag {}", tag));
		}
	}
	out = std::move(data);
	return true;
}

} /* namespace ctisim::wire::codec */
