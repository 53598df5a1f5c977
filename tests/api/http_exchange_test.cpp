/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/http_exchange.h"

#include <string>

#include <doctest/doctest.h>

using ctisim::api::HttpRequest;

TEST_CASE("HttpRequest splits path and query")
{
	HttpRequest r;
	r.setTarget("/api/v2/me?subresources=*");
	CHECK(r.path() == "/api/v2/me");
	CHECK(r.query() == "subresources=*");
	r.setTarget("/api/v2/me");
	CHECK(r.query().empty());
}

TEST_CASE("HttpRequest finds headers case-insensitively and cookies among several")
{
	HttpRequest r;
	r.addHeader("content-type", "application/json");
	r.addHeader("Cookie", "BAYEUX_BROWSER=abc; JSESSIONID=xyz");
	r.addHeader("cookie", "other=1");
	CHECK(r.header("Content-Type") == "application/json");
	CHECK(r.cookie("JSESSIONID") == "xyz");
	CHECK(r.cookie("BAYEUX_BROWSER") == "abc");
	CHECK(r.cookie("other") == "1");
	CHECK(r.cookie("missing").empty());
}

TEST_CASE("HttpRequest keeps its head in one buffer: headers in order, views valid after a move")
{
	/* A short head sits in the string itself (SSO): moving the request moves its bytes. */
	HttpRequest shortOne("GET", "/a");
	shortOne.addHeader("X", "1");
	HttpRequest moved = std::move(shortOne);
	CHECK(moved.method() == "GET");
	CHECK(moved.target() == "/a");
	CHECK(moved.header("x") == "1");

	HttpRequest r("POST", "/api/v2/me?x=1");
	for (int i = 0; i < 20; ++i) /* more than the fields kept in place */
		r.addHeader("X-" + std::to_string(i), std::string(40, static_cast<char>('a' + i % 26)));
	HttpRequest copy = r;
	HttpRequest again = std::move(r);
	for (const HttpRequest *q : {&copy, &again}) {
		int i = 0;
		for (const auto &[name, value] : q->headers()) {
			CHECK(name == "X-" + std::to_string(i));
			CHECK(value == std::string(40, static_cast<char>('a' + i % 26)));
			++i;
		}
		CHECK(i == 20);
		CHECK(q->method() == "POST");
		CHECK(q->path() == "/api/v2/me");
		CHECK(q->query() == "x=1");
	}
}

TEST_CASE("HttpRequest: a target set again replaces the old one and its path segments")
{
	HttpRequest r("GET", "/api/v2/me");
	r.pathSegments.emplace();
	r.addHeader("Host", "h");
	r.setTarget("/sim/v1/state");
	CHECK_FALSE(r.pathSegments.has_value());
	CHECK(r.path() == "/sim/v1/state");
	CHECK(r.header("host") == "h");
	CHECK(r.method() == "GET");
}

TEST_CASE("HttpRequest: each part of the head is followed by a NUL (Boost.URL's parse_query reads up to one)")
{
	HttpRequest r("GET", "/api/v2/contacts?offset=2&limit=3");
	r.addHeader("Authorization", "Basic xyz");
	CHECK(r.query().data()[r.query().size()] == '\0');
	CHECK(r.header("authorization").data()[r.header("authorization").size()] == '\0');
}
