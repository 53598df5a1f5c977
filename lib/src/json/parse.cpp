/* SPDX-License-Identifier: MIT */
/*
 * The hardened parser: a size cap, rapidjson's iterative reader with a depth
 * limit, and UTF-8 checks on every string after unescaping.
 */
#include "ctisim/json/parse.h"

#include <vector>

#include <fmt/format.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

namespace ctisim::json {

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

void locate(std::string_view text, ParseError &error)
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

} /* namespace */

std::string ParseError::str() const
{
	return fmt::format("line {}, column {}: {}", line, column, message);
}

namespace {

/* Both parsers share this; flags is a template argument of rapidjson's reader. */
template <unsigned parseFlags>
std::optional<ParseError> parseWithFlags(std::string_view text, rapidjson::Document &doc, ParseLimits limits)
{
	ParseError error;
	if (text.size() > limits.maxBytes) {
		doc.SetNull();
		error.message =
			fmt::format("the text is {} bytes, more than the limit of {}", text.size(), limits.maxBytes);
		error.offset = limits.maxBytes;
		locate(text, error);
		return error;
	}
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
	/* One reader per thread: its stack (and the allocator that owns it) stays
	 * between parses instead of being allocated for each; Parse starts from an
	 * empty stack and a clear result, and no parse runs inside another. */
	thread_local rapidjson::Reader reader;
	DepthLimiter limiter(doc, limits.maxDepth);
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
		error.message = fmt::format("nesting deeper than {} levels", limits.maxDepth);
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

std::optional<ParseError> parse(std::string_view text, rapidjson::Document &doc, ParseLimits limits)
{
	return parseWithFlags<strictFlags>(text, doc, limits);
}

std::optional<ParseError> parseWithComments(std::string_view text, rapidjson::Document &doc, ParseLimits limits)
{
	return parseWithFlags<tolerantFlags>(text, doc, limits);
}

/* The first chunk of the pool is a buffer of the spare's own, which the pool's
 * Clear() empties but keeps (chunks added past it are freed). The document's
 * build stack is still allocated per parse: rapidjson frees it after each. */
struct PooledDocument::Spare {
	static constexpr std::size_t poolBytes = 8 * 1024;
	alignas(std::max_align_t) char buffer[poolBytes];
	rapidjson::MemoryPoolAllocator<> pool{buffer, sizeof buffer};
	rapidjson::Document doc{&pool};
};

namespace {

/* Spares kept per thread at most: as many documents as live at once on one
 * thread (one per request being handled there, rarely two). */
constexpr std::size_t maxSpares = 4;

std::vector<std::unique_ptr<PooledDocument::Spare>> &spares()
{
	thread_local std::vector<std::unique_ptr<PooledDocument::Spare>> list = [] {
		std::vector<std::unique_ptr<PooledDocument::Spare>> empty;
		empty.reserve(maxSpares); /* giving one back never allocates */
		return empty;
	}();
	return list;
}

} /* namespace */

PooledDocument::PooledDocument()
{
	auto &list = spares();
	if (list.empty()) {
		spare_ = std::make_unique<Spare>();
		return;
	}
	spare_ = std::move(list.back());
	list.pop_back();
}

PooledDocument::~PooledDocument()
{
	auto &list = spares();
	if (list.size() >= maxSpares)
		return;
	spare_->doc.SetNull(); /* the pool's values need no destructor */
	spare_->pool.Clear();
	list.push_back(std::move(spare_));
}

rapidjson::Document &PooledDocument::operator*() const
{
	return spare_->doc;
}

} /* namespace ctisim::json */
