/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/wire/link_message.h"

#include <doctest/doctest.h>

using namespace ctisim::wire;

namespace {

LinkMessage roundTrip(const LinkMessage &message)
{
	std::string error;
	auto decoded = decodeLinkMessage(encodeLinkMessage(message), &error);
	REQUIRE_MESSAGE(decoded, error);
	CHECK(static_cast<int>(decoded->type) == static_cast<int>(message.type));
	return *decoded;
}

} /* namespace */

TEST_CASE("the hello carries protocol, version and heartbeat")
{
	LinkMessage hello;
	hello.type = LinkMessageType::Hello;
	hello.protocol = linkProtocolName;
	hello.version = linkProtocolVersion;
	hello.heartbeatMs = 250;
	CHECK(encodeLinkMessage(hello) ==
	      R"({"type":"hello","protocol":"ctisim-switch","version":3,"heartbeatMs":250})");
	LinkMessage back = roundTrip(hello);
	CHECK(back.protocol == "ctisim-switch");
	CHECK(back.version == 3);
	CHECK(back.heartbeatMs == 250);
}

TEST_CASE("a submit keeps its correlation id and its body verbatim")
{
	LinkMessage submit;
	submit.type = LinkMessageType::Submit;
	submit.id = 18446744073709551615ULL;
	submit.body = R"({"request":"RequestAnswerCall","thisDn":"15000","x":[1,{"y":null}]})";
	CHECK(encodeLinkMessage(submit) ==
	      R"({"type":"submit","id":18446744073709551615,"body":{"request":"RequestAnswerCall","thisDn":"15000","x":[1,{"y":null}]}})");
	LinkMessage back = roundTrip(submit);
	CHECK(back.id == submit.id);
	CHECK(back.body == submit.body);
}

TEST_CASE("subscribe names a DN or none; refused carries a reason")
{
	LinkMessage sub;
	sub.type = LinkMessageType::Subscribe;
	sub.id = 3;
	CHECK_FALSE(roundTrip(sub).dn);
	sub.dn = "15000";
	CHECK(roundTrip(sub).dn == "15000");
	LinkMessage refused;
	refused.type = LinkMessageType::Refused;
	refused.reason = "version 2 is not supported";
	CHECK(roundTrip(refused).reason == refused.reason);
}

TEST_CASE("the decoder refuses what is not a message of this protocol")
{
	std::string error;
	CHECK_FALSE(decodeLinkMessage("GET / HTTP/1.1\r\n", &error));
	CHECK_FALSE(decodeLinkMessage("[]", &error));
	CHECK_FALSE(decodeLinkMessage(R"({"id":1})", &error));
	CHECK_FALSE(decodeLinkMessage(R"({"type":"launch"})", &error));
	CHECK(error.find("launch") != std::string::npos);
	CHECK_FALSE(decodeLinkMessage(R"({"type":"submit","id":1})", &error));
	CHECK(error.find("body") != std::string::npos);
	CHECK_FALSE(decodeLinkMessage(R"({"type":"result","body":{}})", &error));
	CHECK(error.find("id") != std::string::npos);
	CHECK_FALSE(decodeLinkMessage(R"({"type":"result","id":-1,"body":{}})", &error));
	/* Deep nesting is an error, not a crash. */
	std::string deep = R"({"type":"event","id":1,"body":)" + std::string(100000, '[') + "}";
	CHECK_FALSE(decodeLinkMessage(deep, &error));
	CHECK(error.find("nesting deeper than 64 levels") != std::string::npos);
	/* The link parses with the one hardened parser: no invalid UTF-8 reaches the switch. */
	CHECK_FALSE(decodeLinkMessage("{\"type\":\"event\",\"id\":1,\"body\":{\"thisDn\":\"\xFF\"}}", &error));
	CHECK(error.find("not JSON") == 0);
	CHECK_FALSE(decodeLinkMessage(R"({"type":"event","id":1,"body":{"thisDn":"\udc00"}})", &error));
	CHECK(error.find("UTF-8") != std::string::npos);
	CHECK(decodeLinkMessage(R"({"type":"event","id":1,"body":{"thisDn":"caf\u00e9"}})", &error));
	/* The reason is the caller's to ask for (the lib readers' error style). */
	CHECK_FALSE(decodeLinkMessage(R"({"type":"launch"})"));
	CHECK(decodeLinkMessage(R"({"type":"heartbeat"})"));
}

TEST_CASE("unknown members are ignored, so minor additions need no new version")
{
	std::string error;
	auto message = decodeLinkMessage(R"({"type":"heartbeat","sentAt":123,"extra":{"a":1}})", &error);
	REQUIRE(message);
	CHECK(static_cast<int>(message->type) == static_cast<int>(LinkMessageType::Heartbeat));
}
