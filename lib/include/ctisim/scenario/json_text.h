/* SPDX-License-Identifier: MIT */
/*
 * JSON text in and out for scenarios and configuration files: a parser that
 * accepts comments and trailing commas and refuses absurd nesting (so a hostile
 * file gives an error, never a stack overflow), its strict twin for request
 * bodies, a writer, and the JSON-path spelling ($.steps[3].expect.status)
 * every error message uses.
 */
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace ctisim::scenario {

/// Deeper documents are refused; scenarios and configs never come close.
inline constexpr unsigned maxJsonDepth = 64;

struct JsonParseError {
	std::string message; ///< "Missing a comma or ']' after an array element."
	std::size_t offset = 0;
	std::size_t line = 1;	///< 1-based
	std::size_t column = 1; ///< 1-based

	/// "line 3, column 7: Missing a comma ..."
	std::string str() const;
};

/// Parses JSON (plus // and /* */ comments and trailing commas) into doc. The
/// parser is iterative and the depth is capped at maxDepth.
std::optional<JsonParseError> parseJson(std::string_view text, rapidjson::Document &doc,
					unsigned maxDepth = maxJsonDepth);

/// Parses strict JSON (RFC 8259: no comments, no trailing commas) into doc, for
/// bodies that come from the network: iterative, depth capped at maxDepth, and
/// strings must be valid UTF-8 (so is every string parseJson accepts).
std::optional<JsonParseError> parseStrictJson(std::string_view text, rapidjson::Document &doc,
					      unsigned maxDepth = maxJsonDepth);

/// Compact JSON text.
std::string writeJson(const rapidjson::Value &value);
/// Indented JSON text (tabs), for files a human reviews.
std::string writePrettyJson(const rapidjson::Value &value);
/// Compact JSON text cut to at most maxChars characters ("..." appended when cut).
std::string previewJson(const rapidjson::Value &value, std::size_t maxChars = 200);

/// "string", "number", "boolean", "object", "array" or "null".
const char *jsonTypeName(const rapidjson::Value &value);

/// $.a.b, or $["odd key"] when the key is not an identifier.
std::string jsonPathKey(const std::string &base, std::string_view key);
/// $.a[3]
std::string jsonPathIndex(const std::string &base, std::size_t index);

/// Finds the value at a JSON path such as "$.body.calls[0].id" or
/// "notifications.agent15000[1].data.call.id" (the "$." is optional; keys that
/// are not identifiers are written ["odd key"]). Null when there is nothing
/// there, or when the path is malformed (then error says why).
const rapidjson::Value *findJsonPath(const rapidjson::Value &root, std::string_view path, std::string &error);

} /* namespace ctisim::scenario */
