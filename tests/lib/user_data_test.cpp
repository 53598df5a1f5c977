/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/user_data.h"

#include <doctest/doctest.h>

using ctisim::UserData;
using ctisim::UserDataValue;

TEST_CASE("attach duplicates keys, as TAttachUserData does")
{
	UserData d{{"A", std::string("1")}};
	d.attach(UserData{{"A", std::string("2")}, {"B", std::int64_t{3}}});
	REQUIRE(d.size() == 3);
	CHECK(d.pairs()[0].key == "A");
	CHECK(d.pairs()[1].key == "A");
	CHECK(std::get<std::string>(*d.find("A")) == "1");
}

TEST_CASE("update replaces in place and leaves one value per key")
{
	UserData d{{"A", std::string("1")}, {"B", std::string("x")}, {"A", std::string("2")}};
	d.update(UserData{{"A", std::string("9")}, {"C", std::int64_t{4}}});
	REQUIRE(d.size() == 3);
	CHECK(d.pairs()[0].key == "A");
	CHECK(std::get<std::string>(d.pairs()[0].value) == "9");
	CHECK(d.pairs()[1].key == "B");
	CHECK(d.pairs()[2].key == "C");
	CHECK(std::get<std::int64_t>(d.pairs()[2].value) == 4);
}

TEST_CASE("erase removes every pair of the key and says whether there was one")
{
	UserData d{{"A", std::string("1")}, {"A", std::string("2")}, {"B", std::string("3")}};
	CHECK(d.erase("A"));
	CHECK(d.size() == 1);
	CHECK_FALSE(d.erase("A"));
	d.clear();
	CHECK(d.empty());
}
