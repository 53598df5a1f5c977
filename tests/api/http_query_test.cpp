/* SPDX-License-Identifier: MIT */
/*
 * Query strings and percent-decoding (Boost.URL underneath).
 */
// Test that header file is self-contained.
#include "http_auth.h"

#include <doctest/doctest.h>

using namespace ctisim::api;

TEST_CASE("parseQuery decodes each key and value, '+' as a space")
{
	auto params = parseQuery("dn=%2B14155550100&limit=5&flag&&x=a+b");
	REQUIRE(params);
	REQUIRE(params->size() == 4);
	CHECK((*params)[0].key == "dn");
	CHECK((*params)[0].value == "+14155550100");
	CHECK((*params)[1].value == "5");
	CHECK((*params)[2].key == "flag");
	CHECK((*params)[2].value.empty());
	CHECK((*params)[3].value == "a b");
	REQUIRE(parseQuery(""));
	CHECK(parseQuery("")->empty());
	CHECK(parseQuery(std::string_view())->empty());
}

TEST_CASE("parseQuery refuses a malformed query; queryParam then finds nothing")
{
	CHECK_FALSE(parseQuery("a=%zz"));
	CHECK_FALSE(parseQuery("a=%4"));
	CHECK_FALSE(parseQuery("a=b c"));
	CHECK_FALSE(parseQuery("a=\"x\""));
	CHECK_FALSE(parseQuery("a=\xC3\xA9"));
	CHECK(queryParam("fields=*&subresources=devices,calls", "subresources") == "devices,calls");
	CHECK_FALSE(queryParam("fields=*", "subresources"));
	CHECK_FALSE(queryParam("subresources=%zz", "subresources"));
}

TEST_CASE("percentDecode: '+' is a space only in a query; a malformed escape leaves the text as sent")
{
	CHECK(percentDecode("%2B1415+0", false) == "+1415+0");
	CHECK(percentDecode("%2B1415+0", true) == "+1415 0");
	CHECK(percentDecode("a%2Fb", false) == "a/b");
	CHECK(percentDecode("100%", false) == "100%");
	CHECK(percentDecode("%zz%41", false) == "%zz%41");
}
