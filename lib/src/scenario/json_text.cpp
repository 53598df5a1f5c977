/* SPDX-License-Identifier: MIT */
/*
 * JSON text helpers: the depth-limited tolerant parser, writers and JSON paths.
 */
#include "ctisim/scenario/json_text.h"

#include <cctype>

#include <fmt/format.h>
#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace ctisim::scenario {

namespace {

/// Forwards SAX events to the document, refusing to open more than maxDepth
/// containers. The reader is iterative, so the refusal is the only limit.
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
	bool String(const char *str, rapidjson::SizeType length, bool copy) { return doc_.String(str, length, copy); }
	bool StartObject() { return enter() && doc_.StartObject(); }
	bool Key(const char *str, rapidjson::SizeType length, bool copy) { return doc_.Key(str, length, copy); }
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

private:
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
};

constexpr unsigned parseFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseCommentsFlag |
				rapidjson::kParseTrailingCommasFlag;

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

std::optional<JsonParseError> parseJson(std::string_view text, rapidjson::Document &doc, unsigned maxDepth)
{
	JsonParseError error;
	if (auto nul = text.find('\0'); nul != std::string_view::npos) {
		error.message = "a NUL character is not allowed in JSON text";
		error.offset = nul;
		locate(text, error);
		return error;
	}
	// The reader needs a terminated buffer; files are small.
	std::string buffer(text);
	rapidjson::StringStream stream(buffer.c_str());
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
	else
		error.message = rapidjson::GetParseError_En(result.Code());
	error.offset = result.Offset();
	locate(text, error);
	doc.SetNull();
	return error;
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
				auto it = at->FindMember(rapidjson::Value(
					rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
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
				at = at && at->IsArray() && index < at->Size() ? &(*at)[static_cast<rapidjson::SizeType>(index)]
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
