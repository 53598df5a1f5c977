/* SPDX-License-Identifier: MIT */
/*
 * The facts of a call, declared once: what it is (CallFacts) and how it is tied
 * to a consult (ConsultLinks). A configuration's initial call, the switch's own
 * call and the snapshot an event carries each are these facts plus what is
 * their own (their parties), so that one is made from another by assigning the
 * facts, not by copying member by member.
 */
#pragma once

#include <optional>
#include <string>

#include "ctisim/conn_id.h"
#include "ctisim/telephony_types.h"
#include "ctisim/user_data.h"

namespace ctisim {

/// What a call is, whoever is on it: its ids, its type and numbers, its user data, its start.
struct CallFacts {
	ConnId connId;
	std::string callUuid; ///< 32 characters, e.g. "01RCC3N118B1V0SL8O7GK2LAES000007"
	CallType callType = CallType::Internal;
	Dn ani;
	Dn dnis;
	UserData userData;
	TimeMs startedAt = 0;

	friend bool operator==(const CallFacts &, const CallFacts &) = default;
};

/// How a call is tied to a consult, on the switch and in its snapshots.
struct ConsultLinks {
	/// For a consult call: the call it was initiated from (held on the initiator's side).
	std::optional<ConnId> parentConnId;
	/// For a call with an active consult: that consult call.
	std::optional<ConnId> consultConnId;
	/// Whether the consult was initiated as a transfer or as a conference.
	bool consultForTransfer = false;
	/// The DN that formed the first conference on this call (empty if never a conference).
	Dn conferenceOwner;

	friend bool operator==(const ConsultLinks &, const ConsultLinks &) = default;
};

} /* namespace ctisim */
