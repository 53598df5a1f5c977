/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "cometd/subscription_policy.h"

#include <doctest/doctest.h>

#include "ctisim/api/bayeux_server.h"

using namespace ctisim::api;

TEST_CASE("GWS's topics, the wildcards inside them and the wildcards above them may be subscribed to")
{
	const auto receivable = BayeuxConfig{}.receivableChannels;
	for (const char *accepted :
	     {"/v2/me", "/v2/users", "/notifications/services", "/v2/me/calls", "/v2/me/devices", "/v2/me/channels",
	      "/v2/me/calls/deep", "/v2/me/*", "/v2/me/**", "/v2/me/calls/*", "/v2/me/calls/**", "/**", "/*", "/v2/*",
	      "/v2/**", "/notifications/*", "/notifications/**"}) {
		CAPTURE(accepted);
		CHECK(bayeux::subscribable(accepted, receivable));
	}
	for (const char *refused : {"/v2", "/notifications", "/v2/users/u2", "/v2/users/u2/calls", "/v2/users/*",
				    "/v2/users/**", "/v2/you/calls", "/v2/mex/calls", "/v2/m/*", "/v2/me2/**",
				    "/notifications/other", "/other", "/other/**", "/v3/me/calls", "/v2/userss"}) {
		CAPTURE(refused);
		CHECK_FALSE(bayeux::subscribable(refused, receivable));
	}
}

TEST_CASE("The receivable channels are configurable")
{
	const std::vector<std::string> onlyCalls = {"/v2/me/calls"};
	CHECK(bayeux::subscribable("/v2/me/calls", onlyCalls));
	CHECK(bayeux::subscribable("/v2/me/*", onlyCalls));
	CHECK(bayeux::subscribable("/**", onlyCalls));
	CHECK_FALSE(bayeux::subscribable("/v2/me/devices", onlyCalls));
	CHECK_FALSE(bayeux::subscribable("/v2/me/calls/*", onlyCalls));
	CHECK_FALSE(bayeux::subscribable("/v2/me/calls/x", onlyCalls));
	CHECK_FALSE(bayeux::subscribable("/**", {}));
}
