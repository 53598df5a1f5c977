/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/scenario/json_text.h"

#include <string>

#include <doctest/doctest.h>

using namespace ctisim::scenario;

TEST_CASE("parseJson accepts comments and trailing commas")
{
	rapidjson::Document doc;
	auto error = parseJson("// leading\n{\"a\": [1, 2,], /* inline */ \"b\": \"x\",}\n// trailing\n", doc);
	REQUIRE_FALSE(error);
	CHECK(doc["a"].Size() == 2);
	CHECK(writeJson(doc) == R"({"a":[1,2],"b":"x"})");
}

TEST_CASE("parseJson reports line and column")
{
	rapidjson::Document doc;
	auto error = parseJson("{\n  \"a\": 1\n  \"b\": 2\n}", doc);
	REQUIRE(error);
	CHECK(error->line == 3);
	CHECK(error->str().find("line 3") == 0);
	CHECK(parseJson("{} {}", doc));
	CHECK(parseJson("", doc));
	CHECK(parseJson(std::string("{\"a\":\0}", 7), doc));
}

TEST_CASE("parseJson refuses hostile nesting without recursing")
{
	rapidjson::Document doc;
	std::string deep(1000000, '[');
	auto error = parseJson(deep, doc);
	REQUIRE(error);
	CHECK(error->message.find("nesting deeper") != std::string::npos);
	std::string ok = std::string(10, '[') + std::string(10, ']');
	CHECK_FALSE(parseJson(ok, doc));
	std::string objects;
	for (int i = 0; i < 100; ++i)
		objects += "{\"a\":";
	CHECK(parseJson(objects + "1" + std::string(100, '}'), doc));
}

TEST_CASE("JSON paths quote keys that are not identifiers")
{
	CHECK(jsonPathKey("$", "steps") == "$.steps");
	CHECK(jsonPathIndex("$.steps", 3) == "$.steps[3]");
	CHECK(jsonPathKey("$", "odd key") == "$[\"odd key\"]");
	CHECK(jsonPathKey("$.n", "agent15000") == "$.n.agent15000");
}

TEST_CASE("previewJson cuts long values")
{
	rapidjson::Document doc;
	REQUIRE_FALSE(parseJson("\"" + std::string(500, 'x') + "\"", doc));
	CHECK(previewJson(doc, 20).size() == 23);
	CHECK(std::string(jsonTypeName(doc)) == "string");
}

TEST_CASE("findJsonPath walks keys and indices")
{
	rapidjson::Document doc;
	REQUIRE_FALSE(parseJson(R"({"body":{"calls":[{"id":"a"},{"id":"b"}]},"odd key":{"x":1}})", doc));
	std::string error;
	const rapidjson::Value *v = findJsonPath(doc, "$.body.calls[1].id", error);
	REQUIRE(v);
	CHECK(std::string(v->GetString()) == "b");
	CHECK(findJsonPath(doc, "body.calls[0].id", error));
	CHECK(findJsonPath(doc, "[\"odd key\"].x", error));
	CHECK_FALSE(findJsonPath(doc, "body.calls[2].id", error));
	CHECK(error.empty());
	CHECK_FALSE(findJsonPath(doc, "body.calls[x]", error));
	CHECK_FALSE(error.empty());
	CHECK_FALSE(findJsonPath(doc, "body..calls", error));
	CHECK_FALSE(error.empty());
}
