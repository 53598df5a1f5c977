/* SPDX-License-Identifier: MIT */
/*
 * Calls, parties and the table of live calls.
 */
#include "call_table.h"

#include <algorithm>

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

CallSnapshot Call::snapshot() const
{
	CallSnapshot s;
	s.connId = connId;
	s.callUuid = callUuid;
	s.callType = callType;
	s.ani = ani;
	s.dnis = dnis;
	s.userData = userData;
	s.startedAt = startedAt;
	/* GWS lists participants newest first; the model keeps them oldest first. */
	for (auto it = parties.rbegin(); it != parties.rend(); ++it) {
		PartySnapshot p;
		p.dn = it->dn;
		p.dnType = it->dnType;
		p.state = it->state;
		p.role = it->role;
		p.muted = it->muted;
		p.joinedAt = it->joinedAt;
		s.parties.push_back(std::move(p));
	}
	s.parentConnId = parentConnId;
	s.consultConnId = consultConnId;
	s.consultForTransfer = consultForTransfer;
	s.conferenceOwner = conferenceOwner;
	return s;
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

CallSnapshotPtr CallTable::snapshot(const Call &call)
{
	CallSnapshot now = call.snapshot();
	CallSnapshotPtr &cached = cache_[call.connId];
	if (!cached || *cached != now)
		cached = std::make_shared<const CallSnapshot>(std::move(now));
	return cached;
}

} /* namespace ctisim::sim */
