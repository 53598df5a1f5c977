/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/client/http_text.h"

#include <doctest/doctest.h>

using namespace ctisim::client;

TEST_CASE("base64 encodes and decodes the RFC 4648 test vectors")
{
	const std::pair<const char *, const char *> vectors[] = {
		{"", ""},
		{"f", "Zg=="},
		{"fo", "Zm8="},
		{"foo", "Zm9v"},
		{"foob", "Zm9vYg=="},
		{"fooba", "Zm9vYmE="},
		{"foobar", "Zm9vYmFy"},
	};
	for (const auto &[bytes, text] : vectors) {
		CHECK(base64Encode(bytes) == text);
		CHECK(base64Decode(text) == std::string(bytes));
	}
	CHECK(base64Encode("agent15000:password") == "YWdlbnQxNTAwMDpwYXNzd29yZA==");
	CHECK(base64Encode(std::string("\xff\x00\xfe", 3)) == "/wD+");
	CHECK(base64Decode("/wD+") == std::string("\xff\x00\xfe", 3));
	/* Padding is optional; a character outside the alphabet is not base64. */
	CHECK(base64Decode("Zm8") == std::string("fo"));
	CHECK_FALSE(base64Decode("Zm 8="));
	CHECK_FALSE(base64Decode("Zm8*"));
}

TEST_CASE("trim drops the whitespace around, not inside")
{
	CHECK(trim(" \t a b \r\n") == "a b");
	CHECK(trim("   ").empty());
	CHECK(trim("x") == "x");
}

TEST_CASE("iequals compares ASCII without case")
{
	CHECK(iequals("Content-Type", "content-type"));
	CHECK_FALSE(iequals("Content-Type", "content-typ"));
	CHECK_FALSE(iequals("a", "b"));
}
