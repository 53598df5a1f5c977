/* SPDX-License-Identifier: MIT */
/*
 * The wire codec's scalars: strings, booleans, integers, ConnIds and user data,
 * written and read.
 */
#include "codec.h"

namespace ctisim::wire::codec {

void writeValue(json::Writer &w, const std::string &text, Fields)
{
	json::writeString(w, text);
}

void writeValue(json::Writer &w, bool value, Fields)
{
	w.Bool(value);
}

void writeValue(json::Writer &w, int value, Fields)
{
	w.Int(value);
}

void writeValue(json::Writer &w, std::int64_t value, Fields)
{
	w.Int64(value);
}

void writeValue(json::Writer &w, std::uint32_t value, Fields)
{
	w.Uint(value);
}

void writeValue(json::Writer &w, std::uint64_t value, Fields)
{
	w.Uint64(value);
}

/// Without ConnId::str(): 16 characters would not fit a short string.
void writeValue(json::Writer &w, ConnId id, Fields)
{
	static constexpr char hex[] = "0123456789abcdef";
	char text[16];
	std::uint64_t v = id.value();
	for (int i = 15; i >= 0; --i) {
		text[i] = hex[v & 0xf];
		v >>= 4;
	}
	w.UnescapedString(text, 16);
}

void writeValue(json::Writer &w, const UserData &data, Fields)
{
	w.StartObject();
	for (const UserDataPair &pair : data.pairs()) {
		json::writeKey(w, pair.key);
		if (const auto *text = std::get_if<std::string>(&pair.value))
			writeValue(w, *text);
		else
			w.Int64(std::get<std::int64_t>(pair.value));
	}
	w.EndObject();
}

/// For messages: at most 40 characters of what was sent.
std::string quoted(std::string_view text)
{
	if (text.size() > 40)
		return fmt::format("\"{}...\"", text.substr(0, 40));
	return fmt::format("\"{}\"", text);
}

bool readValue(Reader &r, const Value &json, std::string &out)
{
	if (!json.IsString())
		return r.fail("expected a string");
	out.assign(json.GetString(), json.GetStringLength());
	return true;
}

bool readValue(Reader &r, const Value &json, bool &out)
{
	if (!json.IsBool())
		return r.fail("expected true or false");
	out = json.GetBool();
	return true;
}

bool readValue(Reader &r, const Value &json, int &out)
{
	if (!json.IsInt())
		return r.fail("expected a 32-bit integer");
	out = json.GetInt();
	return true;
}

bool readValue(Reader &r, const Value &json, std::int64_t &out)
{
	if (!json.IsInt64())
		return r.fail("expected a 64-bit integer");
	out = json.GetInt64();
	return true;
}

bool readValue(Reader &r, const Value &json, std::uint32_t &out)
{
	if (!json.IsUint())
		return r.fail("expected an unsigned 32-bit integer");
	out = json.GetUint();
	return true;
}

bool readValue(Reader &r, const Value &json, std::uint64_t &out)
{
	if (!json.IsUint64())
		return r.fail("expected an unsigned 64-bit integer");
	out = json.GetUint64();
	return true;
}

bool readValue(Reader &r, const Value &json, ConnId &out)
{
	std::optional<ConnId> id;
	if (json.IsString())
		id = ConnId::parse(json::str(json));
	if (!id)
		return r.fail("expected a connection id (16 hex digits)");
	out = *id;
	return true;
}

bool readValue(Reader &r, const Value &json, UserData &out)
{
	if (!json.IsObject())
		return r.fail("expected an object of key/value pairs");
	UserData data;
	for (const auto &member : json.GetObject()) {
		std::string key(member.name.GetString(), member.name.GetStringLength());
		if (member.value.IsString()) {
			data.attach({{std::move(key), std::string(json::str(member.value))}});
		} else if (member.value.IsInt64()) {
			data.attach({{std::move(key), member.value.GetInt64()}});
		} else {
			r.push(member.name.GetString());
			r.fail("expected a string or an integer");
			r.pop();
			return false;
		}
	}
	out = std::move(data);
	return true;
}

} /* namespace ctisim::wire::codec */
