/* SPDX-License-Identifier: MIT */
/*
 * SessionTable: JSESSIONID sessions with unguessable ids and CSRF tokens,
 * bounded, with idle eviction only when the table is full.
 */
#include "session_table.h"

#include "secure_random.h" /* api/src */

namespace ctisim::api {

std::string SessionTable::newId() const
{
	/* Jetty-like: 26 lowercase letters and digits (~134 bits), from the kernel's CSPRNG.
	 * The route suffix (Tomcat's jvmRoute) is public; the random part stays whole. */
	std::string id = secureRandomString(26, "abcdefghijklmnopqrstuvwxyz0123456789");
	if (!route_.empty())
		id += "." + route_;
	return id;
}

const HttpSession *SessionTable::create(const std::string &userId, TimeMs now, std::size_t maxSessions,
					TimeMs idleTimeoutMs, std::size_t maxPerUser)
{
	if (auto count = perUser_.find(userId); count != perUser_.end() && count->second >= maxPerUser) {
		auto oldest = sessions_.end();
		for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
			if (it->second.userId == userId &&
			    (oldest == sessions_.end() || it->second.lastUsed < oldest->second.lastUsed))
				oldest = it;
		}
		remove(oldest);
	} else if (sessions_.size() >= maxSessions) {
		auto oldest = sessions_.end();
		for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
			if (now - it->second.lastUsed >= idleTimeoutMs &&
			    (oldest == sessions_.end() || it->second.lastUsed < oldest->second.lastUsed))
				oldest = it;
		}
		if (oldest == sessions_.end())
			return nullptr;
		remove(oldest);
	}
	HttpSession session;
	do
		session.id = newId();
	while (sessions_.count(session.id));
	session.userId = userId;
	session.csrfToken = secureRandomUuid();
	session.lastUsed = now;
	++perUser_[userId];
	auto it = sessions_.emplace(session.id, std::move(session)).first;
	return &it->second;
}

HttpSession *SessionTable::find(std::string_view id, TimeMs now)
{
	auto it = sessions_.find(id);
	if (it == sessions_.end())
		return nullptr;
	it->second.lastUsed = now;
	return &it->second;
}

void SessionTable::remove(Iterator it)
{
	if (it == sessions_.end())
		return;
	if (auto count = perUser_.find(it->second.userId); count != perUser_.end() && --count->second == 0)
		perUser_.erase(count);
	sessions_.erase(it);
}

void SessionTable::erase(std::string_view id)
{
	remove(sessions_.find(id));
}

bool SessionTable::hasSessionsOf(std::string_view userId) const
{
	return perUser_.count(userId) > 0;
}

} /* namespace ctisim::api */
