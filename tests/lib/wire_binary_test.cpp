/* SPDX-License-Identifier: MIT */
/*
 * The switch link's binary frames (link_binary.h) against hostile input, and
 * the call references of events. The round trip of every value is in
 * vocabulary_wire_test.cpp.
 */
// Test that header file is self-contained.
#include "ctisim/wire/link_binary.h"

#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "ctisim/wire/frame.h"

#include "wire_samples.h"

using namespace ctisim;
using namespace ctisim::wire;
using namespace ctisim::test;

namespace {

/// The payload of a frame (without its length prefix).
std::string payloadOf(const std::string &frame)
{
	return frame.substr(4);
}

/// The index of a value in its enum's list: how the binary codec writes it.
template <class E> std::size_t codecIndex(E value)
{
	for (std::size_t i = 0; i < allValues<E>.size(); ++i)
		if (allValues<E>[i] == value)
			return i;
	return allValues<E>.size();
}

/// Decodes a payload as the front end would; the error when it fails.
std::string eventError(std::string_view payload, CallCache &received)
{
	std::string error;
	std::optional<BinaryMessage> message = decodeBinaryMessage(payload, &error);
	if (!message)
		return error;
	if (eventFromBinary(message->body, received, &error))
		return {};
	return error;
}

} /* namespace */

TEST_CASE("binary frames: the handshake's JSON and the binary frames are told apart by the first byte")
{
	CHECK_FALSE(isBinaryPayload(R"({"type":"hello"})"));
	CHECK(isBinaryPayload(payloadOf(binarySwitchResetFrame())));
	auto reset = decodeBinaryMessage(payloadOf(binarySwitchResetFrame()));
	REQUIRE(reset);
	CHECK(static_cast<int>(reset->type) == static_cast<int>(LinkMessageType::SwitchReset));
	auto unsubscribe = decodeBinaryMessage(payloadOf(binaryUnsubscribeFrame(300)));
	REQUIRE(unsubscribe);
	CHECK(unsubscribe->id == 300);
	CHECK(unsubscribe->body.empty());
	/* The length prefix is the payload's. */
	const std::string frame = binaryEventFrame(9, fullEvent(EventType::Ringing), *std::make_unique<CallCache>());
	FrameDecoder decoder;
	decoder.feed(frame);
	auto payload = decoder.next();
	REQUIRE(payload);
	CHECK(*payload == payloadOf(frame));
}

TEST_CASE("binary frames: the bytes are those docs/switch-protocol.md describes")
{
	/* Length 10; tag 1 (submit), id 5, the request's index in the variant, the presence mask
	 * (bit 0: thisDn), thisDn's length and bytes. */
	const auto index = static_cast<char>(Request(req::SetDndOn{}).index());
	CHECK(binarySubmitFrame(5, req::SetDndOn{"15000"}) ==
	      std::string("\0\0\0\x0a\x01\x05", 6) + index + "\x01\x05" + "15000");
	/* Tag 9 (clock), no id; mask 3, now as a zigzag varint (-1 -> 1), virtualClock 1. */
	CHECK(binaryClockFrame({-1, true}) == std::string("\0\0\0\x05\x09\x00\x03\x01\x01", 9));
	/* Tag 5 (event), id 300 (two bytes), EventRinging's index, a mask of thisDn (bit 3), then call tag 0. */
	Event ringing;
	ringing.type = EventType::Ringing;
	ringing.thisDn = "15001";
	CallCache sent;
	const auto type = static_cast<char>(codecIndex(EventType::Ringing));
	CHECK(binaryEventFrame(300, ringing, sent) ==
	      std::string("\0\0\0\x0c\x05\xac\x02", 7) + type + "\x08\x05" + "15001" + std::string(1, '\0'));
}

TEST_CASE("binary frames: a frame cut anywhere is an error, never a crash or a wrong value")
{
	CallCache sent;
	const std::string payload = payloadOf(binaryEventFrame(9, fullEvent(EventType::Ringing), sent));
	CallCache received;
	REQUIRE(eventError(payload, received).empty());
	for (std::size_t size = 0; size < payload.size(); ++size) {
		CAPTURE(size);
		CallCache fresh;
		CHECK_FALSE(eventError(payload.substr(0, size), fresh).empty());
		CHECK(fresh.size() == 0); /* nothing remembered from a broken frame */
	}
	/* Bytes after the value. */
	CallCache fresh;
	CHECK(eventError(payload + '\0', fresh) == "1 bytes after the end of the value");

	const std::string request = binaryBody(binarySubmitFrame(1, Request{everyRequest().front()}));
	for (std::size_t size = 0; size < request.size(); ++size)
		CHECK_FALSE(requestFromBinary(request.substr(0, size)).has_value());
	const std::string state = binaryBody(binaryControlResultFrame(1, sampleControlResult()));
	for (std::size_t size = 0; size < state.size(); ++size)
		CHECK_FALSE(controlResultFromBinary(state.substr(0, size)).has_value());
}

TEST_CASE("binary frames: any byte of a frame changed decodes or fails with a message, nothing else")
{
	CallCache sent;
	const std::string payload = payloadOf(binaryEventFrame(9, fullEvent(EventType::Ringing), sent));
	for (std::size_t at = 0; at < payload.size(); ++at) {
		for (unsigned char value : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
			std::string changed = payload;
			changed[at] = static_cast<char>(value);
			CallCache received;
			std::string error = eventError(changed, received);
			/* Either an event (then one the codec writes back) or a reason; never a crash,
			 * which the sanitizer builds would report. */
			if (error.empty())
				CHECK(received.size() <= 1);
		}
	}
}

TEST_CASE("binary frames: lengths, counts, tags and indexes out of range are named errors")
{
	std::string error;
	SUBCASE("an unknown message type")
	{
		CHECK_FALSE(decodeBinaryMessage(std::string("\x63\x01", 2), &error));
		CHECK(error == "unknown message type 99");
		CHECK_FALSE(decodeBinaryMessage("", &error));
		CHECK(error == "truncated (a value runs past the end of the frame)");
	}
	SUBCASE("a message that needs an id without one")
	{
		CHECK_FALSE(decodeBinaryMessage(std::string("\x01\x00", 2), &error));
		CHECK(error == "\"submit\" without an id");
	}
	SUBCASE("a string longer than the frame")
	{
		/* SetDndOn: type index 25, mask 1 (thisDn), then a length of 2^40. */
		std::string body = binaryBody(binarySubmitFrame(1, req::SetDndOn{"15000"}));
		const std::string head = body.substr(0, 2);
		body = head + std::string("\x80\x80\x80\x80\x80\x20", 6) + "15000";
		CHECK_FALSE(requestFromBinary(body, &error));
		CHECK(error == "thisDn: a length beyond the end of the frame");
	}
	SUBCASE("a count of parties larger than the frame")
	{
		/* A mask with "calls" (bit 5), then a count of 1,000,000 and nothing else. */
		const std::string body("\x20\xc0\x84\x3d", 4);
		CHECK_FALSE(requestResultFromBinary(body, &error));
		CHECK(error == "calls: a length beyond the end of the frame");
	}
	SUBCASE("a number longer than 64 bits")
	{
		CHECK_FALSE(
			decodeBinaryMessage(std::string("\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 11), &error));
		CHECK(error == "a number longer than 64 bits");
	}
	SUBCASE("an unknown request type, enum value, member or call tag")
	{
		CHECK_FALSE(requestFromBinary(std::string("\x7f\x00", 2), &error));
		CHECK(error == "unknown request type 127");
		CHECK_FALSE(controlRequestFromBinary(std::string("\x05", 1), &error));
		CHECK(error == "unknown control type 5");
		CallCache received;
		/* EventType index 200 (a two-byte varint). */
		CHECK_FALSE(eventFromBinary(std::string("\xc8\x01\x00\x00", 4), received, &error));
		CHECK(error == "unknown value 200 of EventType");
		/* A mask bit past the event's 23 members (the call travels apart). */
		CHECK_FALSE(eventFromBinary(std::string("\x00\x80\x80\x80\x04\x00", 6), received, &error));
		CHECK(error == "a member the description does not have (it has 23)");
		CHECK_FALSE(eventFromBinary(std::string("\x00\x00\x07", 3), received, &error));
		CHECK(error == "call: unknown call tag 7");
		/* A user data value that is neither a string (0) nor an integer (1): the body ends
		 * with the pair's tag and the empty string's length. */
		std::string body =
			binaryBody(binarySubmitFrame(1, req::AttachUserData{{"", {}, {{"k", std::string()}}}}));
		body.at(body.size() - 2) = '\x02';
		CHECK_FALSE(requestFromBinary(body, &error));
		CHECK(error == "userData: unknown user data value tag 2");
	}
	SUBCASE("a reference to a call that was never sent")
	{
		CallCache sent;
		Event event = fullEvent(EventType::Established);
		CHECK_FALSE(binaryEventFrame(1, event, sent).empty());
		const std::string second = payloadOf(binaryEventFrame(1, event, sent)); /* a reference now */
		CallCache received;							/* never saw the first */
		CHECK(eventError(second, received) == "call: refers to a call that was never sent");
	}
}

TEST_CASE("binary frames: a call state is sent once per connId, and the front end shares one snapshot")
{
	CallCache sent, received;
	Event ringing = fullEvent(EventType::Ringing);
	Event dialing = fullEvent(EventType::Dialing);
	dialing.call = ringing.call; /* one switch step: the same snapshot */
	const std::string first = payloadOf(binaryEventFrame(1, ringing, sent));
	const std::string second = payloadOf(binaryEventFrame(1, dialing, sent));
	CHECK(second.size() + 200 < first.size()); /* the second has no snapshot */

	auto a = decodeBinaryMessage(first);
	auto b = decodeBinaryMessage(second);
	REQUIRE(a);
	REQUIRE(b);
	auto one = eventFromBinary(a->body, received);
	auto two = eventFromBinary(b->body, received);
	REQUIRE(one);
	REQUIRE(two);
	CHECK(one->call == two->call); /* one allocation for both */
	CHECK(*two->call == *ringing.call);
	CHECK(toJson(*two) == toJson(dialing));

	/* Another call in between does not break the reference (one per connId). */
	Event other = fullEvent(EventType::Ringing);
	auto otherCall = std::make_shared<CallSnapshot>(*ringing.call);
	otherCall->connId = ConnId(0x99);
	other.call = otherCall;
	auto c = eventFromBinary(binaryBody(binaryEventFrame(1, other, sent)), received);
	auto d = eventFromBinary(binaryBody(binaryEventFrame(1, dialing, sent)), received);
	REQUIRE(c);
	REQUIRE(d);
	CHECK(d->call == one->call);
	CHECK(received.size() == 2);

	/* A changed call is sent whole again. */
	auto changed = std::make_shared<CallSnapshot>(*ringing.call);
	changed->userData = UserData{{"k", std::string("v")}};
	Event updated = fullEvent(EventType::AttachedDataChanged);
	updated.call = changed;
	auto e = eventFromBinary(binaryBody(binaryEventFrame(1, updated, sent)), received);
	REQUIRE(e);
	CHECK(*e->call == *changed);
	CHECK(e->call != one->call);

	/* A call's last state (no parties) is sent whole and forgotten on both ends. */
	auto gone = std::make_shared<CallSnapshot>(*changed);
	gone->parties.clear();
	Event released = fullEvent(EventType::Released);
	released.call = gone;
	auto f = eventFromBinary(binaryBody(binaryEventFrame(1, released, sent)), received);
	REQUIRE(f);
	CHECK(f->call->parties.empty());
	CHECK(sent.size() == 1);
	CHECK(received.size() == 1);
	CHECK(received.find(ringing.call->connId) == nullptr);
}

TEST_CASE("binary frames: the call cache is bounded, the same way on both ends")
{
	CallCache sent, received;
	Event event = fullEvent(EventType::Ringing);
	for (std::uint64_t i = 1; i <= CallCache::capacity + 1; ++i) {
		auto call = std::make_shared<CallSnapshot>(*event.call);
		call->connId = ConnId(i);
		event.call = call;
		REQUIRE(eventFromBinary(binaryBody(binaryEventFrame(1, event, sent)), received));
	}
	CHECK(sent.size() == 1); /* full at capacity: forgotten, then the next remembered */
	CHECK(received.size() == 1);
	CHECK(received.find(ConnId(CallCache::capacity + 1)) != nullptr);
	/* A reference to a forgotten call is sent whole again. */
	event.call = std::make_shared<CallSnapshot>(*event.call);
	std::const_pointer_cast<CallSnapshot>(event.call)->connId = ConnId(1);
	auto back = eventFromBinary(binaryBody(binaryEventFrame(1, event, sent)), received);
	REQUIRE(back);
	CHECK(back->call->connId == ConnId(1));
}
