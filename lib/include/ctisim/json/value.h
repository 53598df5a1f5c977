/* SPDX-License-Identifier: MIT */
/*
 * Small helpers on parsed JSON values, and JSON text out: the compact writer,
 * the indented one for files a human reviews, and a short preview for messages.
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace ctisim::json {

/// The string value's bytes (value must be a string).
inline std::string_view str(const rapidjson::Value &value)
{
	return std::string_view(value.GetString(), value.GetStringLength());
}

/// object[key], or null when object is not an object or has no such key.
const rapidjson::Value *member(const rapidjson::Value &object, std::string_view key);

/// "string", "number", "boolean", "object", "array" or "null".
const char *typeName(const rapidjson::Value &value);

/// Compact JSON text.
std::string write(const rapidjson::Value &value);
/// Indented JSON text (tabs).
std::string writePretty(const rapidjson::Value &value);
/// Compact JSON text cut to at most maxChars characters ("..." appended when cut).
std::string preview(const rapidjson::Value &value, std::size_t maxChars = 200);

} /* namespace ctisim::json */
