/* SPDX-License-Identifier: MIT */
/*
 * DnRegistry: every DN the switch knows, configured or external, with its agent
 * state, DND and forwarding, and a cached snapshot shared by the events that see
 * the DN unchanged.
 */
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "ctisim/snapshot.h"
#include "ctisim/switch_config.h"

namespace ctisim::sim {

struct DnState {
	DnConfig config;
	bool configured = true; ///< false for external numbers met on the fly
	AgentState agentState = AgentState::LoggedOut;
	WorkMode workMode = WorkMode::Unknown;
	std::string agentId;
	bool dnd = false;
	Dn forwardTo;
	UserData reasons; ///< of the last AgentReady/AgentNotReady
	/// This DN supervises an agent (TMonitorNextCall), until cancelled or, for OneCall, the call ends.
	std::optional<MonitoringSnapshot> monitoring;
	Dn monitoredBy; ///< the supervisor monitoring this DN; empty when none
	/// The order of the timer that ends this agent's wrap-up (WrapUpTime); 0 when none. Any
	/// agent-state change clears it, which cancels the timer.
	std::uint64_t wrapUpTimer = 0;

	DnType type() const { return config.type; }
	/// An extension with an agent logged in: rings until the agent acts.
	bool controlled() const { return config.type == DnType::Extension && agentState != AgentState::LoggedOut; }
	DnSnapshot snapshot() const;
};

class DnRegistry
{
public:
	/// Throws std::invalid_argument on duplicate or empty numbers.
	DnRegistry(const std::vector<DnConfig> &dns, bool unknownNumbersAreExternal, DnBehaviour externalBehaviour);

	/// The DN when configured or already met; nullptr otherwise (never creates).
	const DnState *find(const Dn &dn) const;
	DnState *find(const Dn &dn);
	/// Whether requests may name dn: configured, or an allowed external number.
	bool known(const Dn &dn) const;
	/// The type dn has or would have (External for unknown numbers).
	DnType typeOf(const Dn &dn) const;
	/// The behaviour dn has or would have.
	DnBehaviour behaviourOf(const Dn &dn) const;
	/// The DN, creating the entry of an allowed external number. Only call for
	/// known() numbers, and only once a request has passed validation.
	DnState &ensure(const Dn &dn);
	/// The snapshot of dn as it would be now, without creating anything.
	DnSnapshot peek(const Dn &dn) const;
	/// The cached snapshot of dn (ensure()s it); a new pointer only when it changed.
	DnSnapshotPtr snapshot(const Dn &dn);

	/// External numbers met on the fly and still remembered.
	std::size_t externalCount() const { return externals_; }
	/// Forgets the external numbers met on the fly that are on no call (not in
	/// busy): nothing distinguishes them from a number never met, and a client
	/// dialling random numbers must not grow the switch for ever. Returns how many.
	std::size_t forgetIdleExternals(const std::unordered_set<Dn> &busy);

	/// Every extension, sorted by number.
	std::vector<Dn> extensions() const;
	const std::map<Dn, DnState> &all() const { return dns_; }

private:
	std::map<Dn, DnState> dns_;
	std::map<Dn, DnSnapshotPtr> cache_;
	std::size_t externals_ = 0;
	bool unknownNumbersAreExternal_;
	DnBehaviour externalBehaviour_;
};

} /* namespace ctisim::sim */
