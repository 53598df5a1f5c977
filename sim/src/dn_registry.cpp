/* SPDX-License-Identifier: MIT */
/*
 * DnRegistry: configured and external DNs, their state and cached snapshots.
 */
#include "dn_registry.h"

#include <stdexcept>

namespace ctisim::sim {

DnSnapshot DnState::snapshot() const
{
	DnSnapshot s;
	s.dn = config.number;
	s.type = config.type;
	s.agentState = agentState;
	s.workMode = workMode;
	s.agentId = agentId;
	s.dnd = dnd;
	s.forwardTo = forwardTo;
	s.reasons = reasons;
	s.monitoring = monitoring;
	s.monitoredBy = monitoredBy;
	return s;
}

DnRegistry::DnRegistry(const std::vector<DnConfig> &dns, bool unknownNumbersAreExternal, DnBehaviour externalBehaviour)
    : unknownNumbersAreExternal_(unknownNumbersAreExternal), externalBehaviour_(externalBehaviour)
{
	for (const DnConfig &config : dns) {
		if (config.number.empty())
			throw std::invalid_argument("switch config: a DN has an empty number");
		DnState state;
		state.config = config;
		if (!dns_.emplace(config.number, std::move(state)).second)
			throw std::invalid_argument("switch config: DN " + config.number + " is configured twice");
	}
	for (const DnConfig &config : dns) {
		for (const Dn &target : config.targets) {
			const DnState *t = find(target);
			if (!t || t->type() != DnType::Extension)
				throw std::invalid_argument("switch config: target " + target + " of " + config.number +
							    " is not a configured extension");
		}
	}
}

const DnState *DnRegistry::find(const Dn &dn) const
{
	auto it = dns_.find(dn);
	return it == dns_.end() ? nullptr : &it->second;
}

DnState *DnRegistry::find(const Dn &dn)
{
	auto it = dns_.find(dn);
	return it == dns_.end() ? nullptr : &it->second;
}

bool DnRegistry::known(const Dn &dn) const
{
	if (dn.empty())
		return false;
	return find(dn) || unknownNumbersAreExternal_;
}

DnType DnRegistry::typeOf(const Dn &dn) const
{
	const DnState *state = find(dn);
	return state ? state->type() : DnType::External;
}

DnBehaviour DnRegistry::behaviourOf(const Dn &dn) const
{
	const DnState *state = find(dn);
	return state ? state->config.behaviour : externalBehaviour_;
}

DnState &DnRegistry::ensure(const Dn &dn)
{
	auto it = dns_.find(dn);
	if (it != dns_.end())
		return it->second;
	DnState state;
	state.config.number = dn;
	state.config.type = DnType::External;
	state.config.behaviour = externalBehaviour_;
	state.configured = false;
	++externals_;
	return dns_.emplace(dn, std::move(state)).first->second;
}

std::size_t DnRegistry::forgetIdleExternals(const std::unordered_set<Dn> &busy)
{
	std::size_t forgotten = 0;
	for (auto it = dns_.begin(); it != dns_.end();) {
		if (!it->second.configured && !busy.contains(it->first)) {
			cache_.erase(it->first);
			it = dns_.erase(it);
			++forgotten;
		} else {
			++it;
		}
	}
	externals_ -= forgotten;
	return forgotten;
}

DnSnapshot DnRegistry::peek(const Dn &dn) const
{
	if (const DnState *state = find(dn))
		return state->snapshot();
	DnSnapshot s;
	s.dn = dn;
	s.type = DnType::External;
	return s;
}

DnSnapshotPtr DnRegistry::snapshot(const Dn &dn)
{
	DnSnapshot now = ensure(dn).snapshot();
	DnSnapshotPtr &cached = cache_[dn];
	if (!cached || *cached != now)
		cached = std::make_shared<const DnSnapshot>(std::move(now));
	return cached;
}

std::vector<Dn> DnRegistry::extensions() const
{
	std::vector<Dn> out;
	for (const auto &[number, state] : dns_) {
		if (state.type() == DnType::Extension)
			out.push_back(number);
	}
	return out;
}

} /* namespace ctisim::sim */
