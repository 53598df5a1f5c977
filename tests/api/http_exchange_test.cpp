/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/http_exchange.h"

#include <doctest/doctest.h>

using ctisim::api::HttpRequest;

TEST_CASE("HttpRequest splits path and query")
{
	HttpRequest r;
	r.target = "/api/v2/me?subresources=*";
	CHECK(r.path() == "/api/v2/me");
	CHECK(r.query() == "subresources=*");
	r.target = "/api/v2/me";
	CHECK(r.query().empty());
}

TEST_CASE("HttpRequest finds headers case-insensitively and cookies among several")
{
	HttpRequest r;
	r.headers = {{"content-type", "application/json"},
		     {"Cookie", "BAYEUX_BROWSER=abc; JSESSIONID=xyz"},
		     {"cookie", "other=1"}};
	CHECK(r.header("Content-Type") == "application/json");
	CHECK(r.cookie("JSESSIONID") == "xyz");
	CHECK(r.cookie("BAYEUX_BROWSER") == "abc");
	CHECK(r.cookie("other") == "1");
	CHECK(r.cookie("missing").empty());
}
