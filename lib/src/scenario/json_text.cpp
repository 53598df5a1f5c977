/* SPDX-License-Identifier: MIT */
/*
 * JSON text helpers: the depth-limited tolerant parser, writers and JSON paths.
 */
#include "ctisim/scenario/json_text.h"

#include <cctype>

#include <fmt/format.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace ctisim::scenario {

namespace {

/// Well-formed UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF.
bool isValidUtf8(const char *text, std::size_t length)
{
	const auto *p = reinterpret_cast<const unsigned char *>(text);
	const unsigned char *end = p + length;
	while (p < end) {
		unsigned char c = *p++;
		if (c < 0x80)
			continue;
		/* The lead byte says how many continuation bytes follow, and the
		 * smallest code point that needs that many (anything less is overlong). */
		std::size_t more = 0;
		unsigned min = 0;
		if ((c & 0xe0) == 0xc0) {
			more = 1;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			more = 2;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			more = 3;
			min = 0x10000;
		} else {
			return false;
		}
		unsigned codepoint = c & (0x3fu >> more);
		if (static_cast<std::size_t>(end - p) < more)
			return false;
		for (std::size_t i = 0; i < more; ++i, ++p) {
			if ((*p & 0xc0) != 0x80)
				return false;
			codepoint = (codepoint << 6) | (*p & 0x3fu);
		}
		if (codepoint < min || codepoint > 0x10ffff || (codepoint >= 0xd800 && codepoint <= 0xdfff))
			return false;
	}
	return true;
}

/// Forwards SAX events to the document, refusing to open more than maxDepth
/// containers. The reader is iterative, so the refusal is the only limit.
/// Strings are checked after unescaping: rapidjson turns a lone "\udc00"
/// into bytes that are not UTF-8, which its encoding check does not see.
class DepthLimiter
{
public:
	DepthLimiter(rapidjson::Document &doc, unsigned maxDepth) : doc_(doc), maxDepth_(maxDepth) {}

	bool Null() { return doc_.Null(); }
	bool Bool(bool b) { return doc_.Bool(b); }
	bool Int(int i) { return doc_.Int(i); }
	bool Uint(unsigned i) { return doc_.Uint(i); }
	bool Int64(std::int64_t i) { return doc_.Int64(i); }
	bool Uint64(std::uint64_t i) { return doc_.Uint64(i); }
	bool Double(double d) { return doc_.Double(d); }
	bool RawNumber(const char *str, rapidjson::SizeType length, bool copy)
	{
		return doc_.RawNumber(str, length, copy);
	}
	bool String(const char *str, rapidjson::SizeType length, bool copy)
	{
		return valid(str, length) && doc_.String(str, length, copy);
	}
	bool StartObject() { return enter() && doc_.StartObject(); }
	bool Key(const char *str, rapidjson::SizeType length, bool copy)
	{
		return valid(str, length) && doc_.Key(str, length, copy);
	}
	bool EndObject(rapidjson::SizeType count)
	{
		--depth_;
		return doc_.EndObject(count);
	}
	bool StartArray() { return enter() && doc_.StartArray(); }
	bool EndArray(rapidjson::SizeType count)
	{
		--depth_;
		return doc_.EndArray(count);
	}

	bool tooDeep() const { return tooDeep_; }
	bool badString() const { return badString_; }

private:
	bool valid(const char *str, rapidjson::SizeType length)
	{
		if (isValidUtf8(str, length))
			return true;
		badString_ = true;
		return false;
	}

	bool enter()
	{
		if (depth_ >= maxDepth_) {
			tooDeep_ = true;
			return false;
		}
		++depth_;
		return true;
	}

	rapidjson::Document &doc_;
	unsigned maxDepth_;
	unsigned depth_ = 0;
	bool tooDeep_ = false;
	bool badString_ = false;
};

/* Encoding is validated: invalid UTF-8 must not reach the switch, and from
 * there every client that reads the text back as JSON. */
constexpr unsigned tolerantFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseCommentsFlag |
				   rapidjson::kParseTrailingCommasFlag | rapidjson::kParseValidateEncodingFlag;
constexpr unsigned strictFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;

void locate(std::string_view text, JsonParseError &error)
{
	error.line = 1;
	error.column = 1;
	for (std::size_t i = 0; i < error.offset && i < text.size(); ++i) {
		if (text[i] == '\n') {
			++error.line;
			error.column = 1;
		} else {
			++error.column;
		}
	}
}

bool isIdentifier(std::string_view key)
{
	if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0])))
		return false;
	for (char c : key) {
		if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '$')
			return false;
	}
	return true;
}

} /* namespace */

std::string JsonParseError::str() const
{
	return fmt::format("line {}, column {}: {}", line, column, message);
}

namespace {

/* Both parsers share this; flags is a template argument of rapidjson's reader. */
template <unsigned parseFlags>
std::optional<JsonParseError> parseWithFlags(std::string_view text, rapidjson::Document &doc, unsigned maxDepth)
{
	JsonParseError error;
	if (auto nul = text.find('\0'); nul != std::string_view::npos) {
		error.message = "a NUL character is not allowed in JSON text";
		error.offset = nul;
		locate(text, error);
		return error;
	}
	// A bounded stream: it reads '\0' at the end and never past it. A
	// StringStream over a terminated copy is not enough: the UTF-8 check takes
	// a multi-byte sequence's continuation bytes without stopping at the
	// terminator, so a text ending in a lead byte was read past its end.
	// (Not wrapped in an EncodedInputStream: that one would skip a UTF-8 BOM,
	// which JSON from the network must not start with.)
	rapidjson::MemoryStream stream(text.data(), text.size());
	rapidjson::Reader reader;
	DepthLimiter limiter(doc, maxDepth);
	rapidjson::ParseResult result;
	auto generate = [&](rapidjson::Document &) {
		result = reader.Parse<parseFlags>(stream, limiter);
		return !result.IsError();
	};
	doc.SetNull();
	doc.Populate(generate);
	if (!result.IsError())
		return std::nullopt;
	if (limiter.tooDeep())
		error.message = fmt::format("nesting deeper than {} levels", maxDepth);
	else if (limiter.badString())
		error.message = "a string is not valid UTF-8 (a lone surrogate escape?)";
	else
		error.message = rapidjson::GetParseError_En(result.Code());
	error.offset = result.Offset();
	locate(text, error);
	doc.SetNull();
	return error;
}

} /* namespace */

std::optional<JsonParseError> parseJson(std::string_view text, rapidjson::Document &doc, unsigned maxDepth)
{
	return parseWithFlags<tolerantFlags>(text, doc, maxDepth);
}

std::optional<JsonParseError> parseStrictJson(std::string_view text, rapidjson::Document &doc, unsigned maxDepth)
{
	return parseWithFlags<strictFlags>(text, doc, maxDepth);
}

std::string writeJson(const rapidjson::Value &value)
{
	rapidjson::StringBuffer buffer;
	rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
	value.Accept(writer);
	return std::string(buffer.GetString(), buffer.GetSize());
}

std::string writePrettyJson(const rapidjson::Value &value)
{
	rapidjson::StringBuffer buffer;
	rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
	writer.SetIndent('\t', 1);
	value.Accept(writer);
	return std::string(buffer.GetString(), buffer.GetSize());
}

std::string previewJson(const rapidjson::Value &value, std::size_t maxChars)
{
	std::string text = writeJson(value);
	if (text.size() > maxChars) {
		text.resize(maxChars);
		text += "...";
	}
	return text;
}

const char *jsonTypeName(const rapidjson::Value &value)
{
	switch (value.GetType()) {
	case rapidjson::kNullType: return "null";
	case rapidjson::kFalseType:
	case rapidjson::kTrueType: return "boolean";
	case rapidjson::kObjectType: return "object";
	case rapidjson::kArrayType: return "array";
	case rapidjson::kStringType: return "string";
	case rapidjson::kNumberType: return "number";
	}
	return "unknown";
}

std::string jsonPathKey(const std::string &base, std::string_view key)
{
	if (isIdentifier(key))
		return fmt::format("{}.{}", base, key);
	rapidjson::Value keyValue(rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size())));
	return fmt::format("{}[{}]", base, writeJson(keyValue));
}

std::string jsonPathIndex(const std::string &base, std::size_t index)
{
	return fmt::format("{}[{}]", base, index);
}

const rapidjson::Value *findJsonPath(const rapidjson::Value &root, std::string_view path, std::string &error)
{
	error.clear();
	std::size_t i = 0;
	if (path.substr(0, 1) == "$")
		i = 1;
	const rapidjson::Value *at = &root;
	bool first = true;
	while (i < path.size()) {
		char c = path[i];
		if (c == '.' || (first && c != '[')) {
			if (c == '.')
				++i;
			std::size_t start = i;
			while (i < path.size() && path[i] != '.' && path[i] != '[')
				++i;
			std::string_view key = path.substr(start, i - start);
			if (key.empty()) {
				error = fmt::format("\"{}\": an empty key at character {}", path, start);
				return nullptr;
			}
			if (at && at->IsObject()) {
				auto it = at->FindMember(rapidjson::Value(rapidjson::StringRef(
					key.data(), static_cast<rapidjson::SizeType>(key.size()))));
				at = it == at->MemberEnd() ? nullptr : &it->value;
			} else {
				at = nullptr;
			}
		} else if (c == '[') {
			auto close = path.find(']', i);
			if (close == std::string_view::npos) {
				error = fmt::format("\"{}\": '[' without ']'", path);
				return nullptr;
			}
			std::string_view inside = path.substr(i + 1, close - i - 1);
			if (!inside.empty() && inside.front() == '"') {
				rapidjson::Document key;
				if (parseJson(inside, key) || !key.IsString()) {
					error = fmt::format("\"{}\": {} is not a quoted key", path, inside);
					return nullptr;
				}
				if (at && at->IsObject()) {
					auto it = at->FindMember(key);
					at = it == at->MemberEnd() ? nullptr : &it->value;
				} else {
					at = nullptr;
				}
			} else {
				if (inside.empty() || inside.size() > 9 ||
				    inside.find_first_not_of("0123456789") != std::string_view::npos) {
					error = fmt::format("\"{}\": [{}] is not an index", path, inside);
					return nullptr;
				}
				std::size_t index = std::stoul(std::string(inside));
				at = at && at->IsArray() && index < at->Size()
					     ? &(*at)[static_cast<rapidjson::SizeType>(index)]
					     : nullptr;
			}
			i = close + 1;
		} else {
			error = fmt::format("\"{}\": expected '.' or '[' at character {}", path, i);
			return nullptr;
		}
		first = false;
	}
	return at;
}

} /* namespace ctisim::scenario */
