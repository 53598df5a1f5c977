/* SPDX-License-Identifier: MIT */
/*
 * The one JSON writer: rapidjson's compact writer into a StringBuffer, with
 * strings that need no escaping (most keys, ids, DNs and states) copied whole
 * instead of through rapidjson's per-character escape loop, and JSON text
 * already written (a cached snapshot) copied whole. The bytes are those
 * rapidjson itself would write. Used by the GWS resources and notifications
 * and by the wire codec.
 */
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace ctisim::json {

class Writer : public rapidjson::Writer<rapidjson::StringBuffer>
{
public:
	using rapidjson::Writer<rapidjson::StringBuffer>::Writer;

	/// s must hold no control character, quote or backslash (the caller knows:
	/// a literal, 16 hex digits...): the bytes String() would write, without its
	/// per-character escape loop. A key is a string in rapidjson's bookkeeping.
	void UnescapedString(const char *s, std::size_t length)
	{
		Prefix(rapidjson::kStringType);
		char *out = os_->Push(length + 2);
		out[0] = '"';
		std::memcpy(out + 1, s, length);
		out[length + 1] = '"';
	}

	/// One complete JSON value of the given type, copied whole (rapidjson's
	/// RawValue copies it one character at a time).
	void RawJson(std::string_view json, rapidjson::Type type)
	{
		Prefix(type);
		std::memcpy(os_->Push(json.size()), json.data(), json.size());
	}
};

/// Whether rapidjson escapes some byte of s (a control character, the quote or
/// the backslash; UTF-8 is written as it is).
bool needsEscape(std::string_view s);

/// s as a JSON string, the same bytes as Writer::String.
void writeString(Writer &w, std::string_view s);
/// key as an object key, the same bytes as Writer::Key.
void writeKey(Writer &w, std::string_view key);

} /* namespace ctisim::json */
