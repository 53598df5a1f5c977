/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/conn_id.h"

#include <doctest/doctest.h>

using ctisim::ConnId;

TEST_CASE("ConnId round-trips the documented form")
{
	auto id = ConnId::parse("0071027198180007");
	REQUIRE(id.has_value());
	CHECK(id->value() == 0x0071027198180007ULL);
	CHECK(id->str() == "0071027198180007");
	CHECK(ConnId::parse("007102719260B004")->str() == "007102719260b004");
}

TEST_CASE("ConnId rejects anything but 16 hex digits")
{
	CHECK_FALSE(ConnId::parse(""));
	CHECK_FALSE(ConnId::parse("007102719818000"));
	CHECK_FALSE(ConnId::parse("00710271981800071"));
	CHECK_FALSE(ConnId::parse("007102719818000g"));
	CHECK_FALSE(ConnId::parse("01RCC3N118B1V0SL8O7GK2LAES000007"));
}
