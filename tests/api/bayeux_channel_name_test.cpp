/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "cometd/channel_name.h"

#include <doctest/doctest.h>

using namespace ctisim::api;

TEST_CASE("Bayeux channel names are validated as CometD does")
{
	CHECK(channel::isValid("/v2/me/calls"));
	CHECK(channel::isValid("/v2/me/*"));
	CHECK(channel::isValid("/v2/me/**"));
	CHECK(channel::isValid("/meta/connect"));
	CHECK(channel::isValid("/a-b_c.d@e~f"));
	CHECK_FALSE(channel::isValid(""));
	CHECK_FALSE(channel::isValid("/"));
	CHECK_FALSE(channel::isValid("v2/me"));
	CHECK_FALSE(channel::isValid("/v2//me"));
	CHECK_FALSE(channel::isValid("/v2/me/"));
	CHECK_FALSE(channel::isValid("/v2/*/calls"));
	CHECK_FALSE(channel::isValid("/v2/me/***"));
	CHECK_FALSE(channel::isValid("/v2/me/a*"));
	CHECK_FALSE(channel::isValid("/v2/me calls"));
	CHECK_FALSE(channel::isValid("/v2/\"me\""));
}

TEST_CASE("Bayeux channel kinds")
{
	CHECK(channel::isWildcard("/v2/me/*"));
	CHECK(channel::isWildcard("/v2/me/**"));
	CHECK_FALSE(channel::isWildcard("/v2/me/calls"));
	CHECK(channel::isMeta("/meta/connect"));
	CHECK(channel::isMeta("/meta"));
	CHECK_FALSE(channel::isMeta("/metadata"));
	CHECK(channel::isService("/service/x"));
	CHECK_FALSE(channel::isService("/services"));
}

TEST_CASE("A concrete channel is matched by itself, its parent's /* and every ancestor's /**")
{
	for (const char *subscription : {"/v2/me/calls", "/v2/me/*", "/v2/me/**", "/v2/**", "/**"})
		CHECK(channel::matches(subscription, "/v2/me/calls"));
	for (const char *subscription : {"/v2/me/call", "/v2/me/callsx", "/v2/*", "/*", "/v2/me/calls/*",
					 "/v2/me/calls/**", "/v2/you/*", "/v2/m/**"})
		CHECK_FALSE(channel::matches(subscription, "/v2/me/calls"));
	for (const char *subscription : {"/a", "/*", "/**"})
		CHECK(channel::matches(subscription, "/a"));
	CHECK_FALSE(channel::matches("/a/*", "/a"));
	CHECK_FALSE(channel::matches("/a/**", "/a"));
}
