/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/scenario/json_matcher.h"

#include <string>

#include <doctest/doctest.h>

#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/value.h"

using namespace ctisim::scenario;

namespace {

rapidjson::Document json(const std::string &text)
{
	rapidjson::Document doc;
	auto error = ctisim::json::parseWithComments(text, doc);
	REQUIRE_MESSAGE(!error, text);
	return doc;
}

std::optional<Mismatch> matchText(const std::string &expected, const std::string &actual, Captures &captures)
{
	auto e = json(expected);
	auto a = json(actual);
	return matchJson(e, a, captures);
}

std::optional<Mismatch> matchText(const std::string &expected, const std::string &actual)
{
	Captures captures;
	return matchText(expected, actual, captures);
}

} /* namespace */

TEST_CASE("exact equality by default, key order aside")
{
	CHECK_FALSE(matchText(R"({"a":1,"b":[true,null,"x"]})", R"({"b":[true,null,"x"],"a":1})"));
	CHECK_FALSE(matchText("52", "52.0"));
	CHECK(matchText(R"({"a":1})", R"({"a":1,"b":2})"));
	CHECK(matchText(R"({"a":1,"b":2})", R"({"a":1})"));
	CHECK(matchText(R"([1,2])", R"([2,1])"));
	CHECK(matchText(R"("52")", "52"));
}

TEST_CASE("a mismatch names the JSON path, expected and actual")
{
	auto m = matchText(R"({"data":{"call":{"state":"Established","participants":[{"phoneNumber":"15002"}]}}})",
			   R"({"data":{"call":{"state":"Established","participants":[{"phoneNumber":"15003"}]}}})");
	REQUIRE(m);
	CHECK(m->path == "$.data.call.participants[0].phoneNumber");
	CHECK(m->expected == "\"15002\"");
	CHECK(m->actual == "\"15003\"");
	CHECK(m->str().find("at       $.data.call.participants[0].phoneNumber") != std::string::npos);

	auto missing = matchText(R"({"a":1,"b":2})", R"({"a":1})");
	REQUIRE(missing);
	CHECK(missing->path == "$.b");
	CHECK(missing->actual == "(missing)");

	auto extra = matchText(R"({"a":1})", R"({"a":1,"metrics":{}})");
	REQUIRE(extra);
	CHECK(extra->path == "$.metrics");
	CHECK(extra->expected == "(absent)");

	auto longer = matchText("[1]", "[1,2]");
	REQUIRE(longer);
	CHECK(longer->path == "$[1]");
	CHECK(longer->note == "1 element expected, 2 received");

	auto type = matchText(R"({"d":"52"})", R"({"d":52})");
	REQUIRE(type);
	CHECK(type->note == "expected a string, received a number");
}

TEST_CASE("repeated keys (attached data) pair up in order")
{
	CHECK_FALSE(matchText(R"({"k":"Gold","k":"Silver"})", R"({"k":"Gold","k":"Silver"})"));
	auto m = matchText(R"({"k":"Gold","k":"Silver"})", R"({"k":"Gold","k":"Bronze"})");
	REQUIRE(m);
	CHECK(m->actual == "\"Bronze\"");
	auto missing = matchText(R"({"k":"Gold","k":"Silver"})", R"({"k":"Gold"})");
	REQUIRE(missing);
	CHECK(missing->note == "a repeated key");
	auto extra = matchText(R"({"k":"Gold"})", R"({"k":"Gold","k":"Silver"})");
	REQUIRE(extra);
	CHECK(extra->actual == "\"Silver\"");
	CHECK(extra->note == "this key is repeated more often than expected");
}

TEST_CASE("capabilities compare as a set")
{
	CHECK_FALSE(matchText(R"({"capabilities":["Hold","Hangup"]})", R"({"capabilities":["Hangup","Hold"]})"));
	auto m = matchText(R"({"capabilities":["Hold","Hangup"]})", R"({"capabilities":["Hangup","Retrieve"]})");
	REQUIRE(m);
	CHECK(m->path == "$.capabilities");
	CHECK(m->expected == "also \"Hold\"");
	CHECK(m->actual == "also \"Retrieve\"");
	CHECK(m->note == "compared as a set: the order does not matter");
	CHECK(matchText(R"({"capabilities":["Hold"]})", R"({"capabilities":["Hold","Hold"]})"));
	CHECK_FALSE(matchText(R"({"x":{"$unordered":[1,2,3]}})", R"({"x":[3,1,2]})"));
	CHECK(matchText(R"({"x":{"$unordered":[1,2,3]}})", R"({"x":[3,1]})"));
}

TEST_CASE("placeholders accept what may vary, and only that")
{
	CHECK_FALSE(matchText(R"({"$any":"string"})", R"("x")"));
	CHECK(matchText(R"({"$any":"string"})", "1"));
	CHECK_FALSE(matchText(R"({"$any":"number"})", "1.5"));
	CHECK(matchText(R"({"$any":"integer"})", "1.5"));
	CHECK_FALSE(matchText(R"({"$any":"value"})", "null"));
	CHECK_FALSE(matchText(R"({"$regex":"^0071"})", R"("0071027198180007")"));
	auto m = matchText(R"({"c":{"$regex":"^0071"}})", R"({"c":"0072027198180007"})");
	REQUIRE(m);
	CHECK(m->expected == "a string matching /^0071/");
	CHECK(matchText(R"({"$regex":"^0071"})", "71"));
	CHECK_FALSE(matchText(R"({"$partial":{"a":1}})", R"({"a":1,"metrics":{}})"));
	CHECK(matchText(R"({"$partial":{"a":1}})", R"({"b":1})"));
	CHECK_FALSE(matchText(R"({"$literal":{"$any":"string"}})", R"({"$any":"string"})"));
	CHECK(matchText(R"({"$literal":{"$any":"string"}})", R"("x")"));
}

TEST_CASE("captures remember values and substitute them later")
{
	Captures captures;
	CHECK_FALSE(matchText(R"({"id":{"$capture":"callId","$regex":"^01"},"n":{"$capture":"n"}})",
			      R"({"id":"01RCC3N118B1V0SL8O7GK2LAES000007","n":7})", captures));
	REQUIRE(captures.find("callId"));
	std::string error;
	CHECK(substituteText("/api/v2/me/calls/${callId}", captures, error) ==
	      "/api/v2/me/calls/01RCC3N118B1V0SL8O7GK2LAES000007");
	CHECK(substituteText("n=${n} $${literal}", captures, error) == "n=7 ${literal}");
	CHECK_FALSE(substituteText("${nope}", captures, error));
	CHECK(error.find("nope") != std::string::npos);
	CHECK_FALSE(substituteText("${callId", captures, error));

	auto in = json(R"({"count":"${n}","path":"/calls/${callId}"})");
	rapidjson::Document out;
	REQUIRE(substituteJson(in, out, out.GetAllocator(), captures, error));
	CHECK(ctisim::json::write(out) == R"({"count":7,"path":"/calls/01RCC3N118B1V0SL8O7GK2LAES000007"})");

	// A failed capture constraint leaves nothing behind.
	Captures other;
	CHECK(matchText(R"({"$capture":"x","$any":"number"})", R"("s")", other));
	CHECK_FALSE(other.find("x"));
}

TEST_CASE("hasPlaceholders finds a ${ in any string or key, however deep, and nothing else")
{
	CHECK_FALSE(hasPlaceholders(json(R"({"a":[1,"$x",{"b":"{}","$any":"string"}],"c":null})")));
	CHECK(hasPlaceholders(json(R"({"a":[1,{"b":"/calls/${callId}"}]})")));
	CHECK(hasPlaceholders(json(R"({"a":{"${key}":1}})")));
	CHECK(hasPlaceholders(json(R"(["$${literal}"])")));
	CHECK(hasPlaceholders(json(R"("${n}")")));
}

TEST_CASE("checkPattern rejects malformed placeholders with a path")
{
	auto check = [](const std::string &text) {
		auto doc = json(text);
		return checkPattern(doc, "$.body");
	};
	CHECK_FALSE(check(R"({"a":[{"$any":"string"},{"$regex":"^a"}]})"));
	auto unknown = check(R"({"a":{"$anything":"string"}})");
	REQUIRE(unknown);
	CHECK(unknown->find("$.body.a.$anything") == 0);
	CHECK(check(R"({"$any":"strin"})"));
	CHECK(check(R"({"$regex":"(unclosed"})"));
	CHECK(check(R"({"$capture":""})"));
	CHECK(check(R"({"$any":"string","$regex":"x"})"));
	CHECK(check(R"({"$any":"string","plain":1})"));
	CHECK(check(R"({"$partial":[1]})"));
	CHECK_FALSE(check(R"({"$capture":"id","$regex":"^0"})"));
	CHECK_FALSE(check(R"({"$literal":{"$weird":1}})"));
}
