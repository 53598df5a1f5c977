/* SPDX-License-Identifier: MIT */
/*
 * Immutable snapshots of a call and of a DN, as the switch saw them right after
 * an event. Events carry them so that a front end never has to ask the switch.
 */
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ctisim/call_facts.h"
#include "ctisim/conn_id.h"
#include "ctisim/telephony_types.h"
#include "ctisim/user_data.h"

namespace ctisim {

struct PartySnapshot {
	Dn dn;
	DnType dnType = DnType::Extension;
	PartyState state = PartyState::Ringing;
	DnRole role = DnRole::Unknown; ///< this party's ThisDNRole on the call
	bool muted = false;
	TimeMs joinedAt = 0;
	/// A supervisor's party (role Observer): how it is on the call. Mute and Coach are heard by
	/// nobody / only the monitored agent, so a front end leaves them out of the others' participants.
	std::optional<MonitorMode> monitorMode;
	/// A supervisor's party: the party it monitors on this call.
	Dn monitoredDn;

	friend bool operator==(const PartySnapshot &, const PartySnapshot &) = default;
};

/// A call as the switch reported it: its facts, its consult links and the parties on it.
struct CallSnapshot : CallFacts, ConsultLinks {
	/// The parties still on the call, newest first (the order GWS lists participants).
	std::vector<PartySnapshot> parties;

	const PartySnapshot *party(const Dn &dn) const;
	friend bool operator==(const CallSnapshot &, const CallSnapshot &) = default;
};

/// A supervisor DN's standing request to monitor an agent (TMonitorNextCall).
struct MonitoringSnapshot {
	Dn agentDn; ///< the monitored DN
	MonitorType type = MonitorType::OneCall;
	MonitorMode mode = MonitorMode::Mute; ///< follows SetMuteOn/Off on the monitored call
	MonitorScope scope = MonitorScope::Call;

	friend bool operator==(const MonitoringSnapshot &, const MonitoringSnapshot &) = default;
};

struct DnSnapshot {
	Dn dn;
	DnType type = DnType::Extension;
	AgentState agentState = AgentState::LoggedOut;
	WorkMode workMode = WorkMode::Unknown;
	std::string agentId;
	bool dnd = false;
	Dn forwardTo; ///< empty when forwarding is off
	/// The `Reasons` of the last AgentReady/AgentNotReady (what TQueryAddress returns); empty
	/// after login and logout.
	UserData reasons;
	/// Set while this DN supervises an agent (until cancelled or, for OneCall, the call ends).
	std::optional<MonitoringSnapshot> monitoring;
	/// The supervisor DN monitoring this DN; empty when none.
	Dn monitoredBy;

	friend bool operator==(const DnSnapshot &, const DnSnapshot &) = default;
};

using CallSnapshotPtr = std::shared_ptr<const CallSnapshot>;
using DnSnapshotPtr = std::shared_ptr<const DnSnapshot>;

} /* namespace ctisim */
