/* SPDX-License-Identifier: MIT */
/*
 * SessionTable: the Bayeux engine's sessions, by clientId and by user, and
 * the count of held connects per BAYEUX_BROWSER cookie. It keeps the
 * invariants: every session is listed under its user, and only while it is
 * in the table; a user with no session has no entry; the held counts are
 * those of the sessions holding a connect (a browser with none has no entry).
 * Not thread-safe: the engine's lock guards it.
 */
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ctisim/api/transparent_hash.h"
#include "cometd/bayeux_session.h"

namespace ctisim::api::bayeux {

class SessionTable
{
public:
	/// Takes a new session, whose clientId is not in the table yet.
	Session &add(std::unique_ptr<Session> session);
	Session *find(std::string_view clientId);
	/// Removes a session (nothing when it is not in the table); a connect it held is
	/// released (its timer cancelled) and returned, to be answered by the caller.
	std::optional<HeldConnect> remove(std::string_view clientId);

	/// The user's sessions, oldest first (empty when it has none). Removing one
	/// invalidates the list: copy what a loop that removes needs.
	const std::vector<Session *> &sessionsOf(std::string_view userId) const;

	/// Holds session's connect (it holds none).
	void hold(Session &session, HeldConnect held);
	/// Takes away the connect the session holds (it holds one), its timer cancelled.
	HeldConnect release(Session &session);
	/// Held connects of the sessions of one browser.
	std::size_t heldIn(std::string_view browserId) const;

	std::size_t size() const { return sessions_.size(); }
	std::size_t heldCount() const { return held_; }

	template <class F> void forEach(F &&f)
	{
		for (auto &entry : sessions_)
			f(*entry.second);
	}

private:
	template <class V> using ByName = std::unordered_map<std::string, V, TransparentStringHash, std::equal_to<>>;

	ByName<std::unique_ptr<Session>> sessions_;
	ByName<std::vector<Session *>> byUser_;
	ByName<std::size_t> heldPerBrowser_;
	std::size_t held_ = 0;
};

} /* namespace ctisim::api::bayeux */
