/* SPDX-License-Identifier: MIT */
/*
 * The subscription policy (subscription_policy.h).
 */
#include "cometd/subscription_policy.h"

#include <algorithm>

#include "cometd/channel_name.h"

namespace ctisim::api::bayeux {

namespace {

/// "/a/b/" for "/a/b/*" and "/a/b/**"; "/" for "/*" and "/**".
std::string_view wildcardPrefix(std::string_view wildcard)
{
	return wildcard.substr(0, wildcard.rfind('/') + 1);
}

bool allows(std::string_view receivable, std::string_view subscription)
{
	if (!channel::isWildcard(subscription))
		return receivable == subscription || channel::matches(receivable, subscription);
	std::string_view prefix = wildcardPrefix(subscription);
	// Inside a pattern: "/v2/me/*" or "/v2/me/calls/**" under "/v2/me/**".
	if (receivable.ends_with("/**") && prefix.starts_with(wildcardPrefix(receivable)))
		return true;
	// Over an ancestor: "/**", "/*" and "/v2/**" above "/v2/me".
	return receivable.size() > prefix.size() && receivable.starts_with(prefix);
}

} /* namespace */

bool subscribable(std::string_view subscription, const std::vector<std::string> &receivable)
{
	return std::any_of(receivable.begin(), receivable.end(),
			   [subscription](const std::string &r) { return allows(r, subscription); });
}

} /* namespace ctisim::api::bayeux */
