/* SPDX-License-Identifier: MIT */
/*
 * The call/party model: a Call with its parties (kept oldest first, reported
 * newest first), consult links, queue position and attached data, and the
 * CallTable that owns every live call and hands out ids.
 */
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "ctisim/id_generator.h"
#include "ctisim/snapshot.h"

namespace ctisim::sim {

/// How a ringing party joins when it answers.
enum class JoinKind : std::uint8_t {
	Normal,	    ///< a plain destination: the Dialing side becomes Established too
	Conference, ///< single-step conference: EventPartyAdded to the others
	Transfer,   ///< single-step transfer: the others already got EventPartyChanged
};

/// A party on the switch: what its snapshot reports (dn, type, state, role, mute, join time, a
/// supervisor's mode and whom it monitors) plus what only the switch keeps.
struct Party : PartySnapshot {
	/// Unique per party ever created, so that a timer never acts on a later party of the same DN.
	std::uint64_t token = 0;
	JoinKind joinKind = JoinKind::Normal;
	/// Conference joins: who added this party, and the ReferenceID of that request.
	Dn addedBy;
	ReferenceId addedByReference = 0;
	/// A supervisor's party (role Observer, monitorMode set): whether it leaves with the party it
	/// monitors (scope Agent). Observers do not count for the two-party and conference rules.
	MonitorScope monitorScope = MonitorScope::Call;

	bool observer() const { return monitorMode.has_value(); }
	/// Only the snapshot's part compares (PartySnapshot's ==); comparing switch parties is a mistake.
	friend bool operator==(const Party &, const Party &) = delete;
};

/// A call on the switch: the facts and consult links its snapshot reports, its parties, its queue.
struct Call : CallFacts, ConsultLinks {
	std::vector<Party> parties; ///< oldest first
	/// The queue or routing point the call waits at; empty when not queued.
	Dn queuedAt;

	Party *party(const Dn &dn);
	const Party *party(const Dn &dn) const;
	bool removeParty(const Dn &dn);
	/// The parties that are not supervisors' observers.
	std::size_t principalCount() const;
	CallSnapshot snapshot() const;
	/// Whether snapshot() would equal s, without building it (no allocation).
	bool matches(const CallSnapshot &s) const;
};

class CallTable
{
public:
	explicit CallTable(std::uint64_t seed) : ids_(seed) {}

	Call *find(ConnId id);
	const Call *find(ConnId id) const;
	/// A new call with fresh ids that collide with no live call.
	Call &create(TimeMs now);
	/// Adds a call with pinned ids (configuration); false when the connId is taken.
	bool insert(Call call);
	void erase(ConnId id);
	/// The cached snapshot of the call; a new pointer only when the call changed.
	CallSnapshotPtr snapshot(const Call &call);

	std::uint64_t nextPartyToken() { return ++partyTokens_; }
	IdGenerator &ids() { return ids_; }
	const std::map<ConnId, Call> &all() const { return calls_; }
	std::map<ConnId, Call> &all() { return calls_; }

private:
	std::map<ConnId, Call> calls_;
	std::map<ConnId, CallSnapshotPtr> cache_;
	/// The callUuids of live calls with pinned ids: the only ones a fresh id can collide with
	/// (generated ids never repeat), so create() need not scan every call.
	std::unordered_multiset<std::string> pinnedUuids_;
	IdGenerator ids_;
	std::uint64_t partyTokens_ = 0;
};

} /* namespace ctisim::sim */
