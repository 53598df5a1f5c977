/* SPDX-License-Identifier: MIT */
/*
 * TokenTable: issue, look up and expire tokens and codes.
 */
#include "workspace/token_table.h"

#include "secure_random.h" /* api/src */

namespace ctisim::api::workspace {

namespace {

constexpr std::string_view tokenAlphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

std::string key(TokenTable::Kind kind, std::string_view value)
{
	std::string k(kind == TokenTable::Kind::Code ? "c:" : kind == TokenTable::Kind::Refresh ? "r:" : "t:");
	k += value;
	return k;
}

} /* namespace */

std::string TokenTable::issue(Kind kind, std::string userId, TimeMs now, TimeMs lifetimeMs, std::size_t max,
			      std::string redirectUri)
{
	/* Codes used up leave their keys behind: drop them before they add up. */
	if (order_.size() > 2 * max + 16)
		std::erase_if(order_, [this](const std::string &k) { return !grants_.count(k); });
	while (!order_.empty() && (grants_.size() >= max || !grants_.count(order_.front()))) {
		grants_.erase(order_.front());
		order_.pop_front();
	}
	/* A uuid-shaped access token, as Genesys' tokens are; a shorter code. */
	std::string value = kind == Kind::AccessToken ? secureRandomUuid() : secureRandomString(24, tokenAlphabet);
	std::string k = key(kind, value);
	grants_[k] = Grant{std::move(userId), now + lifetimeMs, std::move(redirectUri)};
	order_.push_back(std::move(k));
	return value;
}

const Grant *TokenTable::find(Kind kind, std::string_view value, TimeMs now)
{
	if (value.empty())
		return nullptr;
	auto it = grants_.find(key(kind, value));
	if (it == grants_.end())
		return nullptr;
	if (it->second.expiresAt <= now) {
		grants_.erase(it);
		return nullptr;
	}
	return &it->second;
}

void TokenTable::erase(Kind kind, std::string_view value)
{
	grants_.erase(key(kind, value));
}

} /* namespace ctisim::api::workspace */
