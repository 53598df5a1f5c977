/* SPDX-License-Identifier: MIT */
/*
 * UserView: one user's picture of the switch, built from the events on the
 * user's DN the way GWS builds it from TEvents: the DN state (agent, DND,
 * forwarding) and the calls the DN is on, keyed by connId.
 */
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ctisim/api/directory.h"
#include "ctisim/event.h"
#include "ctisim/snapshot.h"
#include "capabilities.h"

namespace ctisim::api {

struct TrackedCall {
	CallSnapshotPtr call;
	/// The user's party state; Released once the party is gone.
	PartyState ownState = PartyState::Established;
	bool muted = false;
	/// The user's party is a supervisor's (RoleObserver), monitoring in this mode.
	std::optional<MonitorMode> observing;
	/// A consult the user has just initiated from this call, known before the
	/// consult call's own first event (see UserView::apply).
	std::optional<ConnId> initiatedConsult;
};

class UserView
{
public:
	/// recordsCalls: the contact center has api-voice-recording (calls carry a recording state).
	explicit UserView(DirectoryUser user, std::size_t releasedMemory = 100, bool recordsCalls = false);

	const DirectoryUser &user() const { return user_; }
	/// Null until the DN's state is known.
	const DnSnapshot *dn() const { return dn_.get(); }
	/// The agent's NotReady reason: the ReasonCode of the T-Library Reasons of the
	/// last agent-state event (or of QueryAddress); empty = none.
	const std::string &reason() const { return reason_; }

	/// Replaces the state with the result of a QueryAddress.
	void load(DnSnapshotPtr dn, const std::vector<CallSnapshotPtr> &calls);
	/// Applies an event addressed to the user's DN. For a call event, returns the
	/// call after it (still tracked even when Released; call forget() after
	/// notifying). Returns null for DN-only events and unknown calls.
	const TrackedCall *apply(const Event &event);
	/// Stops tracking a released call, remembering its id for SetCallDisposition.
	void forget(ConnId connId);

	const TrackedCall *find(ConnId connId) const;
	const TrackedCall *findById(std::string_view callUuid) const;
	/// A call this user had and that was released (kept for SetCallDisposition).
	bool wasReleased(std::string_view callUuid) const;
	/// Tracked calls in the order they first appeared.
	std::vector<const TrackedCall *> calls() const;

	/// The call this one is paired with by a consult (both tracked), or null.
	const TrackedCall *related(const TrackedCall &call) const;
	CallContext context(const TrackedCall &call) const;

private:
	void applyAgentState(const Event &event);
	TrackedCall *findMutable(ConnId connId);
	void track(const CallSnapshotPtr &call);

	DirectoryUser user_;
	std::size_t releasedMemory_;
	bool recordsCalls_;
	DnSnapshotPtr dn_;
	std::string reason_;
	std::vector<TrackedCall> calls_;
	std::deque<std::string> released_;
};

} /* namespace ctisim::api */
