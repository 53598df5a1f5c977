/* SPDX-License-Identifier: MIT */
/*
 * Regression tests for what the fuzz targets (tests/fuzz) found in lib/: each
 * case is the reduced input of a crash, with the fuzzer run that found it.
 * They catch the bug in the ASan + UBSan build; in the plain build they still
 * check the result.
 */
// Test that header file is self-contained.
#include "ctisim/json/parse.h"

#include <string>

#include <doctest/doctest.h>

using namespace ctisim;

TEST_CASE("strict and tolerant JSON: a text ending inside a UTF-8 sequence is an error, read within bounds")
{
	/* fuzz-bayeux: heap-buffer-overflow. A lead byte of a 4-byte sequence at the
	 * very end made rapidjson's UTF-8 check take continuation bytes past the
	 * end of the buffer. Longer than the small-string buffer, so the text lives
	 * on the heap, where ASan sees the overread. */
	for (const char *lead : {"\xF0", "\xF4", "\xE0", "\xED", "\xC3"}) {
		const std::string text = std::string(R"([{"channel":"/meta/connect","id":")") + lead;
		rapidjson::Document doc;
		auto strict = json::parse(text, doc);
		REQUIRE(strict);
		CHECK(strict->offset <= text.size());
		auto tolerant = json::parseWithComments(text, doc);
		REQUIRE(tolerant);
		CHECK(tolerant->offset <= text.size());
	}
}

TEST_CASE("strict JSON: valid multi-byte UTF-8 at the very end of a string still parses")
{
	const std::string text = "[\"caf\xC3\xA9 \xF0\x9F\x93\x9E\"]";
	rapidjson::Document doc;
	REQUIRE_FALSE(json::parse(text, doc));
	REQUIRE(doc.IsArray());
	CHECK(std::string(doc[0].GetString()) == "caf\xC3\xA9 \xF0\x9F\x93\x9E");
}

TEST_CASE("strict and tolerant JSON: a leading UTF-8 byte order mark is still an error")
{
	/* The bounded stream must not be one that skips a BOM (EncodedInputStream does). */
	const std::string text = "\xEF\xBB\xBF{\"operationName\":\"Hangup\"}";
	rapidjson::Document doc;
	CHECK(json::parse(text, doc));
	CHECK(json::parseWithComments(text, doc));
}
