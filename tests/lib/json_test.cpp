/* SPDX-License-Identifier: MIT */
/*
 * The JSON module: the one hardened parser (depth, size, UTF-8), the value
 * helpers and writers, JSON paths, and the path-naming reader.
 */
// Test that header files are self-contained.
#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/path_reader.h"
#include "ctisim/json/value.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

using namespace ctisim;

TEST_CASE("parseWithComments accepts comments and trailing commas; parse does not")
{
	const std::string text = "// leading\n{\"a\": [1, 2,], /* inline */ \"b\": \"x\",}\n// trailing\n";
	rapidjson::Document doc;
	REQUIRE_FALSE(json::parseWithComments(text, doc));
	CHECK(doc["a"].Size() == 2);
	CHECK(json::write(doc) == R"({"a":[1,2],"b":"x"})");
	CHECK(json::parse(text, doc));
	CHECK(doc.IsNull());
	CHECK(json::parse("[1,]", doc));
	REQUIRE_FALSE(json::parse(R"({"a":[1,2],"b":"x"})", doc));
}

TEST_CASE("parse errors carry line and column")
{
	rapidjson::Document doc;
	auto error = json::parseWithComments("{\n  \"a\": 1\n  \"b\": 2\n}", doc);
	REQUIRE(error);
	CHECK(error->line == 3);
	CHECK(error->str().find("line 3") == 0);
	CHECK(json::parse("{} {}", doc));
	CHECK(json::parse("", doc));
	auto nul = json::parse(std::string("{\"a\":\0}", 7), doc);
	REQUIRE(nul);
	CHECK(nul->offset == 5);
}

TEST_CASE("the depth cap refuses hostile nesting without recursing")
{
	rapidjson::Document doc;
	std::string deep(1000000, '[');
	for (auto parse : {json::parse, json::parseWithComments}) {
		auto error = parse(deep, doc, {});
		REQUIRE(error);
		CHECK(error->message == "nesting deeper than 64 levels");
		CHECK(error->offset == 64);
	}
	CHECK_FALSE(json::parse(std::string(64, '[') + std::string(64, ']'), doc));
	CHECK(json::parse(std::string(65, '[') + std::string(65, ']'), doc));
	CHECK_FALSE(json::parse(std::string(65, '[') + std::string(65, ']'), doc, {.maxDepth = 65}));
	std::string objects;
	for (int i = 0; i < 100; ++i)
		objects += "{\"a\":";
	CHECK(json::parse(objects + "1" + std::string(100, '}'), doc));
}

TEST_CASE("the size cap refuses a text before reading it")
{
	rapidjson::Document doc;
	const std::string text = R"({"a":")" + std::string(100, 'x') + "\"}";
	auto error = json::parse(text, doc, {.maxBytes = 50});
	REQUIRE(error);
	CHECK(error->message == "the text is 108 bytes, more than the limit of 50");
	CHECK(doc.IsNull());
	CHECK_FALSE(json::parse(text, doc, {.maxBytes = text.size()}));
	CHECK(json::parseWithComments(text, doc, {.maxBytes = text.size() - 1}));
}

TEST_CASE("strings that are not UTF-8 are refused, raw or escaped")
{
	rapidjson::Document doc;
	for (std::string bad : {
		     std::string("[\"\xC3\"]"),		    // truncated sequence
		     std::string("[\"\xC0\xAF\"]"),	    // overlong '/'
		     std::string("[\"\xED\xA0\x80\"]"),	    // encoded surrogate
		     std::string("[\"\xF4\x90\x80\x80\"]"), // past U+10FFFF
		     std::string("[\"\xFF\"]"),		    // never a lead byte
		     std::string(R"(["\udc00"])"),	    // lone low surrogate escape
		     std::string(R"({"\ud800x":1})"),	    // lone high surrogate in a key
	     }) {
		CAPTURE(bad);
		CHECK(json::parse(bad, doc));
		CHECK(json::parseWithComments(bad, doc));
	}
	auto error = json::parse(R"(["\udc00"])", doc);
	REQUIRE(error);
	CHECK(error->message.find("not valid UTF-8") != std::string::npos);
	REQUIRE_FALSE(json::parse(R"(["caf\u00e9 \ud83d\udcde", "\u00e9"])", doc));
	CHECK(json::str(doc[0]) == "caf\xC3\xA9 \xF0\x9F\x93\x9E");
}

TEST_CASE("value helpers: str, member, typeName, preview")
{
	rapidjson::Document doc;
	REQUIRE_FALSE(json::parse(R"({"s":"a\u0000b","n":1,"o":{},"a":[],"t":true,"z":null})", doc));
	CHECK(json::str(doc["s"]) == std::string_view("a\0b", 3));
	REQUIRE(json::member(doc, "n"));
	CHECK(json::member(doc, "n")->GetInt() == 1);
	CHECK_FALSE(json::member(doc, "missing"));
	CHECK_FALSE(json::member(doc["a"], "n")); // not an object: no member, no assertion
	CHECK(std::string(json::typeName(doc["s"])) == "string");
	CHECK(std::string(json::typeName(doc["n"])) == "number");
	CHECK(std::string(json::typeName(doc["o"])) == "object");
	CHECK(std::string(json::typeName(doc["a"])) == "array");
	CHECK(std::string(json::typeName(doc["t"])) == "boolean");
	CHECK(std::string(json::typeName(doc["z"])) == "null");
	REQUIRE_FALSE(json::parse("\"" + std::string(500, 'x') + "\"", doc));
	CHECK(json::preview(doc, 20) == "\"" + std::string(19, 'x') + "...");
	CHECK(json::writePretty(doc).size() == 502);
}

TEST_CASE("JSON paths quote keys that are not identifiers")
{
	CHECK(json::pathKey("$", "steps") == "$.steps");
	CHECK(json::pathIndex("$.steps", 3) == "$.steps[3]");
	CHECK(json::pathKey("$", "odd key") == "$[\"odd key\"]");
	CHECK(json::pathKey("$.n", "agent15000") == "$.n.agent15000");
	CHECK(json::pathKey("$", "1st") == "$[\"1st\"]");
}

TEST_CASE("findPath walks keys and indices")
{
	rapidjson::Document doc;
	REQUIRE_FALSE(json::parse(R"({"body":{"calls":[{"id":"a"},{"id":"b"}]},"odd key":{"x":1}})", doc));
	std::string error;
	const rapidjson::Value *v = json::findPath(doc, "$.body.calls[1].id", error);
	REQUIRE(v);
	CHECK(json::str(*v) == "b");
	CHECK(json::findPath(doc, "body.calls[0].id", error));
	CHECK(json::findPath(doc, "[\"odd key\"].x", error));
	CHECK_FALSE(json::findPath(doc, "body.calls[2].id", error));
	CHECK(error.empty());
	CHECK_FALSE(json::findPath(doc, "body.calls[x]", error));
	CHECK(error == "\"body.calls[x]\": [x] is not an index");
	CHECK_FALSE(json::findPath(doc, "body..calls", error));
	CHECK(error == "\"body..calls\": an empty key at character 5");
}

namespace {

struct Person {
	std::string name;
	std::int64_t age = 0;
	bool admin = false;
};

/// A reader as the scenario and configuration readers are written.
std::optional<json::PathError> readPeople(std::string_view text, std::vector<Person> &out)
{
	rapidjson::Document doc;
	if (auto error = json::parse(text, doc))
		return json::PathError{"", error->str()};
	return json::readDocument([&] {
		if (!doc.IsObject())
			json::fail("$", "expected an object");
		json::checkKeys(doc, "$", {"people"});
		const rapidjson::Value *people = json::member(doc, "people");
		if (!people)
			json::fail("$", "missing \"people\"");
		json::forEachObject(*people, "$.people", [&](const rapidjson::Value &item, const std::string &path) {
			json::checkKeys(item, path, {"name", "age", "admin"});
			Person p;
			if (const auto *v = json::member(item, "name"))
				p.name = json::readString(*v, json::pathKey(path, "name"));
			if (const auto *v = json::member(item, "age"))
				p.age = json::readInteger(*v, json::pathKey(path, "age"), 0, 150);
			if (const auto *v = json::member(item, "admin"))
				p.admin = json::readBoolean(*v, json::pathKey(path, "admin"));
			out.push_back(p);
		});
	});
}

std::string readError(std::string_view text)
{
	std::vector<Person> people;
	auto error = readPeople(text, people);
	return error ? error->str() : "";
}

} /* namespace */

TEST_CASE("the path reader reads a good document and names the path of a bad one")
{
	std::vector<Person> people;
	REQUIRE_FALSE(readPeople(R"({"people":[{"name":"Ann","age":40,"admin":true},{"name":"Bo"}]})", people));
	REQUIRE(people.size() == 2);
	CHECK(people[0].name == "Ann");
	CHECK(people[0].age == 40);
	CHECK(people[0].admin);
	CHECK(people[1].age == 0);

	CHECK(readError("[]") == "$: expected an object");
	CHECK(readError("{}") == "$: missing \"people\"");
	CHECK(readError(R"({"persons":[]})") == R"($.persons: unknown key "persons"; expected one of "people")");
	CHECK(readError(R"({"people":{}})") == "$.people: expected an array, found a object");
	CHECK(readError(R"({"people":[{},3]})") == "$.people[1]: expected an object, found a number");
	CHECK(readError(R"({"people":[{"name":7}]})") == "$.people[0].name: expected a string, found 7");
	CHECK(readError(R"({"people":[{"age":"40"}]})") ==
	      R"($.people[0].age: expected an integer from 0 to 150, found "40")");
	CHECK(readError(R"({"people":[{"age":151}]})") ==
	      "$.people[0].age: expected an integer from 0 to 150, found 151");
	CHECK(readError(R"({"people":[{"admin":1}]})") == "$.people[0].admin: expected true or false, found 1");
	CHECK(readError(R"({"people":[{"odd key":1}]})") ==
	      R"($.people[0]["odd key"]: unknown key "odd key"; expected one of "name", "age", "admin")");
	CHECK(readError("{") != "");
}

TEST_CASE("a PathError without a path is its message alone")
{
	CHECK(json::PathError{"", "cannot open the file"}.str() == "cannot open the file");
	CHECK(json::PathError{"$.a", "bad"}.str() == "$.a: bad");
}
