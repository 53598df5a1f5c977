/* SPDX-License-Identifier: MIT */
/*
 * Calls, parties and the table of live calls.
 */
#include "call_table.h"

#include <algorithm>
#include <cassert>

namespace ctisim::sim {

Party *Call::party(const Dn &dn)
{
	for (Party &p : parties) {
		if (p.dn == dn)
			return &p;
	}
	return nullptr;
}

const Party *Call::party(const Dn &dn) const
{
	for (const Party &p : parties) {
		if (p.dn == dn)
			return &p;
	}
	return nullptr;
}

bool Call::removeParty(const Dn &dn)
{
	auto it = std::find_if(parties.begin(), parties.end(), [&](const Party &p) { return p.dn == dn; });
	if (it == parties.end())
		return false;
	parties.erase(it);
	return true;
}

std::size_t Call::principalCount() const
{
	return static_cast<std::size_t>(
		std::count_if(parties.begin(), parties.end(), [](const Party &p) { return !p.observer(); }));
}

CallSnapshot Call::snapshot() const
{
	CallSnapshot s;
	static_cast<CallFacts &>(s) = *this;
	static_cast<ConsultLinks &>(s) = *this;
	/* GWS lists participants newest first; the model keeps them oldest first. */
	s.parties.reserve(parties.size()); /* one allocation, not one per growth */
	for (auto it = parties.rbegin(); it != parties.rend(); ++it)
		s.parties.push_back(static_cast<const PartySnapshot &>(*it));
	return s;
}

bool Call::matches(const CallSnapshot &s) const
{
	if (s.parties.size() != parties.size() || static_cast<const CallFacts &>(s) != *this ||
	    static_cast<const ConsultLinks &>(s) != *this)
		return false;
	/* The snapshot lists the parties newest first, as snapshot() writes them. */
	return std::equal(
		parties.rbegin(), parties.rend(), s.parties.begin(),
		[](const Party &p, const PartySnapshot &q) { return static_cast<const PartySnapshot &>(p) == q; });
}

Call *CallTable::find(ConnId id)
{
	auto it = calls_.find(id);
	return it == calls_.end() ? nullptr : &it->second;
}

const Call *CallTable::find(ConnId id) const
{
	auto it = calls_.find(id);
	return it == calls_.end() ? nullptr : &it->second;
}

Call &CallTable::create(TimeMs now)
{
	for (;;) {
		IdGenerator::CallIds ids = ids_.nextCall();
		if (calls_.count(ids.connId) != 0 || pinnedUuids_.count(ids.callUuid) != 0)
			continue; /* a pinned call already has these ids */
		Call call;
		call.connId = ids.connId;
		call.callUuid = std::move(ids.callUuid);
		call.startedAt = now;
		return calls_.emplace(call.connId, std::move(call)).first->second;
	}
}

bool CallTable::insert(Call call)
{
	ConnId id = call.connId;
	std::string uuid = call.callUuid;
	if (!calls_.emplace(id, std::move(call)).second)
		return false;
	pinnedUuids_.insert(std::move(uuid));
	return true;
}

void CallTable::erase(ConnId id)
{
	cache_.erase(id);
	auto it = calls_.find(id);
	if (it == calls_.end())
		return;
	if (auto pinned = pinnedUuids_.find(it->second.callUuid); pinned != pinnedUuids_.end())
		pinnedUuids_.erase(pinned);
	calls_.erase(it);
}

/* Most events of a step leave the call as the previous event saw it: the
 * cached snapshot is compared in place, and a new one is built only when
 * something changed (building one to compare was ~16 allocations per REST
 * operation). */
CallSnapshotPtr CallTable::snapshot(const Call &call)
{
	CallSnapshotPtr &cached = cache_[call.connId];
	if (!cached || !call.matches(*cached))
		cached = std::make_shared<const CallSnapshot>(call.snapshot());
	/* Debug builds (every test) check that matches() misses no field. */
	assert(*cached == call.snapshot());
	return cached;
}

} /* namespace ctisim::sim */
