/* SPDX-License-Identifier: MIT */
/*
 * writeString/writeKey write strings that need no escaping as raw values; the
 * bytes must be exactly rapidjson's own, for every kind of string.
 */
#include "ctisim/json/write.h"

#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

using namespace ctisim::json;

namespace {

/* An object {s: s, "k": [s]} written by the function under test ... */
std::string oursFor(const std::string &s)
{
	rapidjson::StringBuffer buffer;
	Writer w(buffer);
	w.StartObject();
	writeKey(w, s);
	writeString(w, s);
	writeKey(w, "k");
	w.StartArray();
	writeString(w, s);
	w.EndArray();
	w.EndObject();
	return std::string(buffer.GetString(), buffer.GetSize());
}

/* ... and by rapidjson alone. */
std::string rapidjsonFor(const std::string &s)
{
	rapidjson::StringBuffer buffer;
	Writer w(buffer);
	auto size = static_cast<rapidjson::SizeType>(s.size());
	w.StartObject();
	w.Key(s.data(), size);
	w.String(s.data(), size);
	w.Key("k");
	w.StartArray();
	w.String(s.data(), size);
	w.EndArray();
	w.EndObject();
	return std::string(buffer.GetString(), buffer.GetSize());
}

} /* namespace */

TEST_CASE("writeString and writeKey write exactly what rapidjson writes")
{
	std::vector<std::string> cases = {
		"",
		"Established",
		"017UBLW9L0AXYKA4NRT20ACXWR000001",
		"+14155550100",
		"quote \" inside",
		"back\\slash",
		"tab\there",
		"line\nbreak",
		std::string("nul\0byte", 8),
		"\x1f",
		"\x7f",
		"/slash/",
		"caf\xc3\xa9 \xe2\x82\xac",
		"\xff\xfe not UTF-8",
		std::string(254, 'a'),
		std::string(255, 'b'),
		std::string(300, 'c') + "\"",
	};
	std::mt19937 random(6);
	for (int i = 0; i < 2000; ++i) {
		std::string s(random() % 300, '\0');
		/* Mostly printable, sometimes a character that must be escaped. */
		for (char &c : s)
			c = random() % 16 == 0 ? static_cast<char>(random() % 256)
					       : static_cast<char>(' ' + random() % 95);
		cases.push_back(std::move(s));
	}
	for (const auto &s : cases) {
		CAPTURE(s);
		CHECK(oursFor(s) == rapidjsonFor(s));
	}
}

TEST_CASE("One character to escape is found at every position of a string read eight bytes at a time")
{
	/* The characters that are escaped and their neighbours that are not, in
	 * every position of strings up to 40 bytes: each 8-byte step and the tail. */
	const unsigned char probes[] = {0x00, 0x01, 0x1f, '"',	'\\', 0x20, 0x21, 0x23,
					0x5b, 0x5d, 0x7f, 0x80, 0xa2, 0xdc, 0xff};
	int compared = 0;
	for (std::size_t length = 1; length <= 40; ++length)
		for (std::size_t at = 0; at < length; ++at)
			for (unsigned char probe : probes) {
				std::string s(length, 'a');
				s[at] = static_cast<char>(probe);
				CAPTURE(s);
				CHECK(oursFor(s) == rapidjsonFor(s));
				++compared;
			}
	CHECK(compared == 820 * 15);
}

TEST_CASE("RawJson copies a value where rapidjson's RawValue would, with the same separators")
{
	const std::string object = R"({"a":[1,"x"],"b":null})";
	auto write = [&](bool ours) {
		rapidjson::StringBuffer buffer;
		Writer w(buffer);
		w.StartArray();
		for (int i = 0; i < 3; ++i) {
			if (ours)
				w.RawJson(object, rapidjson::kObjectType);
			else
				w.RawValue(object.data(), object.size(), rapidjson::kObjectType);
		}
		w.StartObject();
		w.Key("k");
		if (ours)
			w.RawJson("7", rapidjson::kNumberType);
		else
			w.RawValue("7", 1, rapidjson::kNumberType);
		w.EndObject();
		w.EndArray();
		CHECK(w.IsComplete());
		return std::string(buffer.GetString(), buffer.GetSize());
	};
	CHECK(write(true) == write(false));
	CHECK(write(true) == "[" + object + "," + object + "," + object + R"(,{"k":7}])");
}
