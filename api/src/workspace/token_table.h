/* SPDX-License-Identifier: MIT */
/*
 * TokenTable: the OAuth access tokens and authorization codes /auth/v3 has
 * issued, each for one user until it expires (by the front end's clock).
 * Values come from the kernel's CSPRNG: they must be unguessable.
 */
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "ctisim/api/transparent_hash.h"
#include "ctisim/telephony_types.h"

namespace ctisim::api::workspace {

struct Grant {
	std::string userId;
	TimeMs expiresAt = 0;
	std::string redirectUri; ///< a code's: initialize-workspace and the exchange must name it again
};

class TokenTable
{
public:
	enum class Kind { AccessToken, Refresh, Code };

	/// A new token or code for userId valid for lifetimeMs; the oldest goes when max are live.
	std::string issue(Kind kind, std::string userId, TimeMs now, TimeMs lifetimeMs, std::size_t max,
			  std::string redirectUri = {});
	/// The live grant of value, or null (unknown or expired: an expired one is removed).
	const Grant *find(Kind kind, std::string_view value, TimeMs now);
	/// A code is used once.
	void erase(Kind kind, std::string_view value);
	std::size_t size() const { return grants_.size(); }

private:
	using Grants = std::unordered_map<std::string, Grant, TransparentStringHash, std::equal_to<>>;
	Grants grants_;			///< by kind prefix + value
	std::deque<std::string> order_; ///< keys, oldest first (some may be gone)
};

} /* namespace ctisim::api::workspace */
