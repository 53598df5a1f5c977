/* SPDX-License-Identifier: MIT */
/*
 * The one JSON parser. Every JSON text the program reads goes through it: HTTP
 * and Bayeux bodies, control requests, switch-link messages, the journal,
 * scenarios and configuration files. It is iterative, refuses absurd nesting
 * and oversized texts (so a hostile input gives an error, never a stack
 * overflow or an exhausted heap), and refuses strings that are not UTF-8 (so
 * invalid text never reaches the switch, and from there every client).
 */
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace ctisim::json {

/// What a parse accepts at most. The defaults are far beyond any request,
/// message, scenario or configuration; callers with a tighter bound pass it.
struct ParseLimits {
	unsigned maxDepth = 64;		  ///< nested arrays and objects
	std::size_t maxBytes = 64u << 20; ///< the whole text
};

struct ParseError {
	std::string message; ///< "Missing a comma or ']' after an array element."
	std::size_t offset = 0;
	std::size_t line = 1;	///< 1-based
	std::size_t column = 1; ///< 1-based

	/// "line 3, column 7: Missing a comma ..."
	std::string str() const;
};

/// Strict JSON (RFC 8259), for everything that comes from the network.
std::optional<ParseError> parse(std::string_view text, rapidjson::Document &doc, ParseLimits limits = {});

/// JSON plus // and /* */ comments and trailing commas, for files a human
/// writes (scenarios, configurations). Otherwise as hardened as parse().
std::optional<ParseError> parseWithComments(std::string_view text, rapidjson::Document &doc, ParseLimits limits = {});

/// A document whose memory is reused, for the paths that parse a small text per
/// request (GWS operation bodies, Bayeux messages): its value pool comes from
/// this thread's spares and goes back, emptied but not freed, when it is
/// destroyed, instead of a pool and its allocators being created and freed for
/// every parse (rapidjson still allocates the build stack per parse). Use it
/// like a Document: parse(text, *doc).
class PooledDocument
{
public:
	PooledDocument();
	~PooledDocument();
	PooledDocument(const PooledDocument &) = delete;
	PooledDocument &operator=(const PooledDocument &) = delete;

	rapidjson::Document &operator*() const;
	rapidjson::Document *operator->() const { return &**this; }

	struct Spare; ///< the memory reused (parse.cpp)

private:
	std::unique_ptr<Spare> spare_;
};

} /* namespace ctisim::json */
