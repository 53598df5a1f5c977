/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/id_generator.h"

#include <set>
#include <doctest/doctest.h>

using ctisim::IdGenerator;

TEST_CASE("the same seed gives the same ids")
{
	IdGenerator a(42), b(42), c(43);
	auto a1 = a.nextCall(), b1 = b.nextCall(), c1 = c.nextCall();
	CHECK(a1.connId == b1.connId);
	CHECK(a1.callUuid == b1.callUuid);
	CHECK(a1.connId != c1.connId);
	CHECK(a1.callUuid != c1.callUuid);
}

TEST_CASE("ids have the documented shapes and never repeat")
{
	IdGenerator gen(7);
	std::set<std::string> seen;
	for (int i = 0; i < 2000; ++i) {
		auto ids = gen.nextCall();
		CHECK(ids.callUuid.size() == 32);
		for (char ch : ids.callUuid)
			CHECK(((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z')));
		CHECK(ids.connId.str().size() == 16);
		CHECK(seen.insert(ids.callUuid).second);
		CHECK(seen.insert(ids.connId.str()).second);
	}
}

TEST_CASE("skipPast moves the counter forward only")
{
	IdGenerator gen(1);
	gen.skipPast(100);
	auto ids = gen.nextCall();
	CHECK(ids.callUuid.substr(26) == "00002T"); /* 101 = 2 * 36 + 29 */
	gen.skipPast(5);
	CHECK(gen.counter() == 101);
}

TEST_CASE("makeUuid is a version 4 UUID")
{
	ctisim::SeededRandom random(3);
	std::string uuid = ctisim::makeUuid(random);
	REQUIRE(uuid.size() == 36);
	CHECK(uuid[8] == '-');
	CHECK(uuid[14] == '4');
	CHECK((uuid[19] == '8' || uuid[19] == '9' || uuid[19] == 'a' || uuid[19] == 'b'));
}
