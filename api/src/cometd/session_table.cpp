/* SPDX-License-Identifier: MIT */
/*
 * The Bayeux session table (session_table.h).
 */
#include "cometd/session_table.h"

#include <algorithm>
#include <utility>

namespace ctisim::api::bayeux {

Session &SessionTable::add(std::unique_ptr<Session> session)
{
	Session &s = *session;
	byUser_[s.userId].push_back(&s);
	sessions_.emplace(s.clientId, std::move(session));
	return s;
}

Session *SessionTable::find(std::string_view clientId)
{
	auto it = sessions_.find(clientId);
	return it == sessions_.end() ? nullptr : it->second.get();
}

std::optional<HeldConnect> SessionTable::remove(std::string_view clientId)
{
	auto it = sessions_.find(clientId);
	if (it == sessions_.end())
		return std::nullopt;
	Session &s = *it->second;
	std::optional<HeldConnect> held;
	if (s.held)
		held = release(s);
	auto user = byUser_.find(s.userId);
	if (user != byUser_.end()) {
		std::erase(user->second, &s);
		if (user->second.empty())
			byUser_.erase(user);
	}
	sessions_.erase(it);
	return held;
}

const std::vector<Session *> &SessionTable::sessionsOf(std::string_view userId) const
{
	static const std::vector<Session *> none;
	auto user = byUser_.find(userId);
	return user == byUser_.end() ? none : user->second;
}

void SessionTable::hold(Session &session, HeldConnect held)
{
	session.held = std::move(held);
	++held_;
	++heldPerBrowser_[session.browserId];
}

HeldConnect SessionTable::release(Session &session)
{
	HeldConnect held = std::move(*session.held);
	session.held.reset();
	/* Not needed for correctness (a stale timer finds another generation), but
	 * the timer's wait ends now instead of at the hold's end. */
	if (held.timer)
		held.timer->cancel();
	--held_;
	auto browser = heldPerBrowser_.find(session.browserId);
	if (browser != heldPerBrowser_.end() && --browser->second == 0)
		heldPerBrowser_.erase(browser);
	return held;
}

std::size_t SessionTable::heldIn(std::string_view browserId) const
{
	auto browser = heldPerBrowser_.find(browserId);
	return browser == heldPerBrowser_.end() ? 0 : browser->second;
}

} /* namespace ctisim::api::bayeux */
