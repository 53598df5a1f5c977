/* SPDX-License-Identifier: MIT */
/*
 * SessionTable: the HTTP sessions (JSESSIONID) of the GWS layer, each bound to
 * a user and a CSRF token. Ids and tokens come from the kernel's CSPRNG
 * (secure_random.h), never from the scenario seed: they must be unguessable.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "ctisim/api/transparent_hash.h"
#include "ctisim/telephony_types.h"

namespace ctisim::api {

struct HttpSession {
	std::string id;
	std::string userId;
	std::string csrfToken; ///< uuid-shaped, like GWS's
	TimeMs lastUsed = 0;
};

class SessionTable
{
public:
	/// route non-empty: every id ends in ".route" (GwsConfig::sessionRoute), so a
	/// load balancer can send a session back to the front end that issued it.
	explicit SessionTable(std::string route = {}) : route_(std::move(route)) {}

	/// A new session for userId, or null when maxSessions are live and none has
	/// been idle for idleTimeoutMs (the oldest such one is evicted to make room).
	/// A user who already has maxPerUser sessions loses the least recently used
	/// of them instead: one client that never keeps its cookie must not use up
	/// the table and lock every other agent out.
	const HttpSession *create(const std::string &userId, TimeMs now, std::size_t maxSessions, TimeMs idleTimeoutMs,
				  std::size_t maxPerUser = SIZE_MAX);
	/// The live session with this id (its lastUsed set to now), or null.
	HttpSession *find(std::string_view id, TimeMs now);
	void erase(std::string_view id);
	bool hasSessionsOf(std::string_view userId) const;
	void clear()
	{
		sessions_.clear();
		perUser_.clear();
	}
	std::size_t size() const { return sessions_.size(); }

private:
	std::string newId() const;
	using Sessions = std::unordered_map<std::string, HttpSession, TransparentStringHash, std::equal_to<>>;
	using Iterator = Sessions::iterator;
	void remove(Iterator it);

	std::string route_;
	Sessions sessions_;
	std::unordered_map<std::string, std::size_t, TransparentStringHash, std::equal_to<>>
		perUser_; ///< live sessions by user id
};

} /* namespace ctisim::api */
