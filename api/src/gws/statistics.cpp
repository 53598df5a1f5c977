/* SPDX-License-Identifier: MIT */
/*
 * StatisticsBook: the counts and times of each watched DN, from its events.
 */
#include "statistics.h"

#include <algorithm>

namespace ctisim::api {

namespace {

/* The names, once (docs/api.md, "Statistics API"). */
constexpr std::string_view currentState = "currentState";
constexpr std::string_view timeInCurrentState = "timeInCurrentState";
constexpr std::string_view numCalls = "numCalls";
constexpr std::string_view numAnsweredCalls = "numAnsweredCalls";
constexpr std::string_view numDroppedCalls = "numDroppedCalls";
constexpr std::string_view totalTalkTime = "totalTalkTime";
constexpr std::string_view numCallsWaiting = "numCallsWaiting";
constexpr std::string_view numDistributedCalls = "numDistributedCalls";
constexpr std::string_view numAbandonedCalls = "numAbandonedCalls";

bool isAgentStateEvent(EventType type)
{
	return type == EventType::AgentLogin || type == EventType::AgentLogout || type == EventType::AgentReady ||
	       type == EventType::AgentNotReady;
}

std::int64_t seconds(TimeMs ms)
{
	return static_cast<std::int64_t>(ms / 1000);
}

bool inRange(TimeMs at, const StatRange &range)
{
	return (!range.from || at >= *range.from) && (!range.to || at <= *range.to);
}

std::size_t wantedValues(const StatRange &range)
{
	if (range.numValues)
		return *range.numValues;
	return range.from || range.to ? SIZE_MAX : 1;
}

} /* namespace */

const std::vector<std::string_view> &StatisticsBook::statisticNames(StatObject kind)
{
	static const std::vector<std::string_view> agent = {currentState,     timeInCurrentState, numCalls,
							    numAnsweredCalls, numDroppedCalls,	  totalTalkTime};
	static const std::vector<std::string_view> queue = {numCallsWaiting, numCalls, numDistributedCalls,
							    numAbandonedCalls};
	return kind == StatObject::Agent ? agent : queue;
}

void StatisticsBook::reset(TimeMs now)
{
	dns_.clear();
	startedAt_ = now;
}

StatisticsBook::DnRecord &StatisticsBook::record(const Dn &dn)
{
	auto [it, added] = dns_.try_emplace(dn);
	if (added)
		it->second.stateSince = startedAt_;
	return it->second;
}

const StatisticsBook::DnRecord *StatisticsBook::find(const Dn &dn) const
{
	auto it = dns_.find(dn);
	return it == dns_.end() ? nullptr : &it->second;
}

void StatisticsBook::load(const Dn &dn, const std::vector<CallSnapshotPtr> &calls, TimeMs now)
{
	bool known = dns_.count(dn) != 0;
	DnRecord &rec = record(dn);
	if (!known)
		rec.stateSince = now;
	/* The calls the DN is on now: a call gone meanwhile stops talking now. */
	for (auto it = rec.calls.begin(); it != rec.calls.end();) {
		bool stillOn = std::any_of(calls.begin(), calls.end(), [&](const CallSnapshotPtr &c) {
			return c && c->connId == it->first && c->party(dn);
		});
		if (stillOn) {
			++it;
			continue;
		}
		endTalk(rec, it->second, now);
		it = rec.calls.erase(it);
	}
	for (const CallSnapshotPtr &call : calls) {
		const PartySnapshot *own = call ? call->party(dn) : nullptr;
		if (!own)
			continue;
		CallOnDn &onDn = rec.calls[call->connId];
		onDn.ringing = own->state == PartyState::Ringing;
		if (own->state == PartyState::Established && !onDn.talkingSince)
			onDn.talkingSince = now;
		else if (own->state != PartyState::Established)
			endTalk(rec, onDn, now);
	}
}

void StatisticsBook::count(DnRecord &rec, std::string_view statistic, std::int64_t delta, TimeMs at)
{
	History &history = rec.counts[statistic];
	std::int64_t value = (history.values.empty() ? 0 : history.values.back().second) + delta;
	history.values.emplace_back(at, value);
	while (history.values.size() > std::max<std::size_t>(historyLimit_, 1))
		history.values.pop_front();
}

void StatisticsBook::endTalk(DnRecord &rec, CallOnDn &call, TimeMs at)
{
	if (call.talkingSince && at > *call.talkingSince)
		rec.talkMs += at - *call.talkingSince;
	call.talkingSince.reset();
}

void StatisticsBook::onEvent(const Event &event)
{
	auto it = dns_.find(event.thisDn);
	if (it == dns_.end())
		return; /* a DN nobody asks about (an external number): not kept */
	DnRecord &rec = it->second;
	if (isAgentStateEvent(event.type)) {
		rec.stateSince = event.time;
		return;
	}
	switch (event.type) {
	case EventType::Queued:
		count(rec, numCalls, 1, event.time);
		count(rec, numCallsWaiting, 1, event.time);
		return;
	case EventType::Diverted:
		count(rec, numDistributedCalls, 1, event.time);
		count(rec, numCallsWaiting, -1, event.time);
		return;
	case EventType::Abandoned:
		count(rec, numAbandonedCalls, 1, event.time);
		count(rec, numCallsWaiting, -1, event.time);
		return;
	default: onCallEvent(rec, event);
	}
}

void StatisticsBook::onCallEvent(DnRecord &rec, const Event &event)
{
	if (event.connId.isNull())
		return;
	/* A consult merged into another call carries on as that call. */
	if (event.previousConnId && *event.previousConnId != event.connId) {
		auto old = rec.calls.find(*event.previousConnId);
		if (old != rec.calls.end()) {
			CallOnDn moved = old->second;
			rec.calls.erase(old);
			auto [merged, added] = rec.calls.try_emplace(event.connId, moved);
			if (!added)
				endTalk(rec, moved, event.time);
		}
	}
	auto found = rec.calls.find(event.connId);
	switch (event.type) {
	case EventType::Ringing:
	case EventType::Dialing: {
		if (found == rec.calls.end()) {
			count(rec, numCalls, 1, event.time);
			found = rec.calls.emplace(event.connId, CallOnDn{}).first;
		}
		found->second.ringing = event.type == EventType::Ringing;
		return;
	}
	case EventType::Established:
	case EventType::Retrieved: {
		if (found == rec.calls.end())
			found = rec.calls.emplace(event.connId, CallOnDn{}).first;
		if (found->second.ringing) {
			count(rec, numAnsweredCalls, 1, event.time);
			found->second.ringing = false;
		}
		if (!found->second.talkingSince)
			found->second.talkingSince = event.time;
		return;
	}
	case EventType::Held:
		if (found != rec.calls.end())
			endTalk(rec, found->second, event.time);
		return;
	case EventType::Released:
		if (found == rec.calls.end())
			return;
		if (found->second.ringing)
			count(rec, numDroppedCalls, 1, event.time);
		endTalk(rec, found->second, event.time);
		rec.calls.erase(found);
		return;
	default: return;
	}
}

std::optional<StatSample> StatisticsBook::current(StatObject kind, const DnRecord *rec, std::string_view statistic,
						  std::string_view agentState, TimeMs now) const
{
	const std::vector<std::string_view> &names = statisticNames(kind);
	auto name = std::find(names.begin(), names.end(), statistic);
	if (name == names.end())
		return std::nullopt;
	TimeMs stateSince = rec ? rec->stateSince : startedAt_;
	if (*name == currentState)
		return StatSample{*name, std::string(agentState), stateSince};
	if (*name == timeInCurrentState)
		return StatSample{*name, seconds(now > stateSince ? now - stateSince : 0), now};
	if (*name == totalTalkTime) {
		TimeMs talk = rec ? rec->talkMs : 0;
		if (rec) {
			for (const auto &[connId, call] : rec->calls) {
				if (call.talkingSince && now > *call.talkingSince)
					talk += now - *call.talkingSince;
			}
		}
		return StatSample{*name, seconds(talk), now};
	}
	if (rec) {
		auto history = rec->counts.find(*name);
		if (history != rec->counts.end() && !history->second.values.empty())
			return StatSample{*name, history->second.values.back().second,
					  history->second.values.back().first};
	}
	return StatSample{*name, std::int64_t{0}, startedAt_};
}

std::vector<StatSample> StatisticsBook::latest(StatObject kind, const Dn &dn, std::string_view agentState,
					       TimeMs now) const
{
	const DnRecord *rec = find(dn);
	std::vector<StatSample> samples;
	for (std::string_view name : statisticNames(kind))
		samples.push_back(*current(kind, rec, name, agentState, now));
	return samples;
}

std::optional<std::vector<StatSample>> StatisticsBook::range(StatObject kind, const Dn &dn, std::string_view statistic,
							     std::string_view agentState, const StatRange &range,
							     TimeMs now) const
{
	const DnRecord *rec = find(dn);
	std::optional<StatSample> latestValue = current(kind, rec, statistic, agentState, now);
	if (!latestValue)
		return std::nullopt;
	std::vector<StatSample> samples;
	std::size_t wanted = wantedValues(range);
	const History *history = nullptr;
	if (rec) {
		auto it = rec->counts.find(latestValue->statistic);
		history = it == rec->counts.end() ? nullptr : &it->second;
	}
	if (!history) {
		/* A state, a running time, or a count that never changed: its one value. */
		if (wanted > 0 && inRange(latestValue->time, range))
			samples.push_back(*latestValue);
		return samples;
	}
	for (auto it = history->values.rbegin(); it != history->values.rend() && samples.size() < wanted; ++it) {
		if (inRange(it->first, range))
			samples.push_back(StatSample{latestValue->statistic, it->second, it->first});
	}
	return samples;
}

} /* namespace ctisim::api */
