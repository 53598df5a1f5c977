/* SPDX-License-Identifier: MIT */
/*
 * SessionTable: JSESSIONID sessions with unguessable ids and CSRF tokens,
 * bounded, with idle eviction only when the table is full.
 */
#include "session_table.h"

namespace ctisim::api {

SessionTable::SessionTable()
{
	std::random_device device;
	std::seed_seq seq{device(), device(), device(), device(), device(), device(), device(), device()};
	random_.seed(seq);
}

std::string SessionTable::randomId()
{
	/* Jetty-like: 26 lowercase letters and digits (~134 bits). */
	static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	std::string id;
	for (int i = 0; i < 26; ++i)
		id += alphabet[random_() % 36];
	return id;
}

std::string SessionTable::randomUuid()
{
	static constexpr char hex[] = "0123456789abcdef";
	std::string out;
	std::uint64_t words[2] = {random_(), random_()};
	for (int i = 0; i < 32; ++i) {
		out += hex[(words[i / 16] >> (60 - 4 * (i % 16))) & 0xf];
		if (i == 7 || i == 11 || i == 15 || i == 19)
			out += '-';
	}
	return out;
}

const HttpSession *SessionTable::create(const std::string &userId, TimeMs now, std::size_t maxSessions,
					TimeMs idleTimeoutMs)
{
	if (sessions_.size() >= maxSessions) {
		auto oldest = sessions_.end();
		for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
			if (now - it->second.lastUsed >= idleTimeoutMs &&
			    (oldest == sessions_.end() || it->second.lastUsed < oldest->second.lastUsed))
				oldest = it;
		}
		if (oldest == sessions_.end())
			return nullptr;
		sessions_.erase(oldest);
	}
	HttpSession session;
	do
		session.id = randomId();
	while (sessions_.count(session.id));
	session.userId = userId;
	session.csrfToken = randomUuid();
	session.lastUsed = now;
	auto it = sessions_.emplace(session.id, std::move(session)).first;
	return &it->second;
}

HttpSession *SessionTable::find(std::string_view id, TimeMs now)
{
	auto it = sessions_.find(std::string(id));
	if (it == sessions_.end())
		return nullptr;
	it->second.lastUsed = now;
	return &it->second;
}

void SessionTable::erase(std::string_view id)
{
	sessions_.erase(std::string(id));
}

bool SessionTable::hasSessionsOf(std::string_view userId) const
{
	for (const auto &[id, session] : sessions_) {
		if (session.userId == userId)
			return true;
	}
	return false;
}

} /* namespace ctisim::api */
