/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/wire/frame.h"

#include <vector>

#include <doctest/doctest.h>

using ctisim::wire::encodeFrame;
using ctisim::wire::FrameDecoder;

TEST_CASE("a frame is a 4-byte big-endian length then the payload")
{
	std::string frame = encodeFrame("{\"a\":1}");
	REQUIRE(frame.size() == 4 + 7);
	CHECK(frame.substr(0, 4) == std::string("\0\0\0\7", 4));
	CHECK(frame.substr(4) == "{\"a\":1}");
	std::string big = encodeFrame(std::string(0x010203, 'x'));
	CHECK(big.substr(0, 4) == std::string("\0\1\2\3", 4));
}

TEST_CASE("the decoder reassembles frames split anywhere and several in one chunk")
{
	std::string stream = encodeFrame("first") + encodeFrame("") + encodeFrame("third one");
	for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
		FrameDecoder decoder;
		std::vector<std::string> got;
		decoder.feed(std::string_view(stream).substr(0, cut));
		while (auto p = decoder.next())
			got.emplace_back(*p);
		decoder.feed(std::string_view(stream).substr(cut));
		while (auto p = decoder.next())
			got.emplace_back(*p);
		REQUIRE(got.size() == 3);
		CHECK(got[0] == "first");
		CHECK(got[1] == "");
		CHECK(got[2] == "third one");
		CHECK(decoder.buffered() == 0);
	}
}

TEST_CASE("the decoder waits for the whole payload, byte by byte")
{
	std::string stream = encodeFrame("hello");
	FrameDecoder decoder;
	for (std::size_t i = 0; i + 1 < stream.size(); ++i) {
		decoder.feed(stream.substr(i, 1));
		CHECK_FALSE(decoder.next());
	}
	decoder.feed(stream.substr(stream.size() - 1));
	auto payload = decoder.next();
	REQUIRE(payload);
	CHECK(*payload == "hello");
	CHECK_FALSE(decoder.failed());
}

TEST_CASE("a frame longer than the limit fails the stream")
{
	FrameDecoder decoder(10);
	decoder.feed(encodeFrame("0123456789"));
	CHECK(decoder.next() == "0123456789");
	decoder.feed(encodeFrame("0123456789A"));
	CHECK_FALSE(decoder.next());
	CHECK(decoder.failed());
	/* Nothing more comes out of a failed stream. */
	decoder.feed(encodeFrame("ok"));
	CHECK_FALSE(decoder.next());
}
