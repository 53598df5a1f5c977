/* SPDX-License-Identifier: MIT */
/*
 * Which channels a Bayeux session may subscribe to. Delivery is per user (the
 * GWS layer publishes each notification to one user's sessions), so no
 * subscription can reach another user's messages; the policy keeps the names
 * a session subscribes to among the channels GWS serves.
 */
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ctisim::api::bayeux {

/// Whether a session may subscribe to subscription, a valid channel name that is
/// neither /meta nor /service. receivable lists the channels a session may
/// receive on: a channel ("/v2/me"), or a pattern ending in "/**" for every channel
/// below a prefix ("/v2/me/**"). Accepted: one of them or a channel a pattern
/// matches ("/v2/me/calls"); a wildcard inside a pattern ("/v2/me/*",
/// "/v2/me/calls/**"); and a wildcard over an ancestor of one of them ("/**",
/// "/*", "/v2/**"), which receives only the session's own user's messages like
/// any other. Refused: anything else, such as "/v2/users/u2/calls" or "/v2/users/*".
bool subscribable(std::string_view subscription, const std::vector<std::string> &receivable);

} /* namespace ctisim::api::bayeux */
