/* SPDX-License-Identifier: MIT */
/*
 * The call flow shared by the request handlers: where a dialled number leads
 * (forwarding, DND, behaviours, queues), ringing, answering, releasing with the
 * two-party and conference rules, queue distribution and the ring timers.
 */
#include <algorithm>
#include <unordered_set>

#include "ctisim/tserver_error.h"

#include "switch_core.h"

namespace ctisim::sim {

namespace {

/// Forwarding chains longer than this are treated as loops and stop where they are.
constexpr int maxForwardHops = 8;

constexpr const char *firstConferenceKey = "FirstConferencePartyDN";

bool isMember(PartyState state)
{
	return state == PartyState::Established || state == PartyState::Held;
}

} /* namespace */

int SwitchCore::resolveDestination(const Dn &dialled, Destination &out) const
{
	if (dialled.empty())
		return terr::InvalidDestinationDn;
	if (!dns_.known(dialled))
		return terr::NotConfigured;
	Dn target = dialled;
	bool forwarded = false;
	for (int hop = 0; hop < maxForwardHops; ++hop) {
		const DnState *state = dns_.find(target);
		if (!state || state->type() != DnType::Extension || state->forwardTo.empty() ||
		    !dns_.known(state->forwardTo) || state->forwardTo == dialled)
			break;
		target = state->forwardTo;
		forwarded = true;
	}
	out = Destination{};
	out.dn = target;
	out.forwarded = forwarded;
	DnType type = dns_.typeOf(target);
	if (type == DnType::AcdQueue || type == DnType::RoutingPoint) {
		out.kind = Destination::Kind::Queue;
		return 0;
	}
	const DnState *state = dns_.find(target);
	if (state && state->type() == DnType::Extension && state->dnd) {
		out.kind = Destination::Kind::Busy;
		return 0;
	}
	if (state && state->controlled())
		return 0;
	DnBehaviour behaviour = dns_.behaviourOf(target);
	if (behaviour.kind == DnBehaviour::Kind::Busy)
		out.kind = Destination::Kind::Busy;
	else if (behaviour.kind == DnBehaviour::Kind::Reject) {
		out.kind = Destination::Kind::Reject;
		out.rejectCode = behaviour.rejectErrorCode;
	}
	return 0;
}

int SwitchCore::refusal(const Destination &dest)
{
	if (dest.kind == Destination::Kind::Busy)
		return terr::TerminatingPartyBusy;
	if (dest.kind == Destination::Kind::Reject)
		return dest.rejectCode;
	return 0;
}

CallType SwitchCore::callTypeFor(const Dn &from, const Dn &to) const
{
	if (dns_.typeOf(from) == DnType::External)
		return CallType::Inbound;
	if (dns_.typeOf(to) == DnType::External)
		return CallType::Outbound;
	return CallType::Internal;
}

Party &SwitchCore::addParty(Call &call, const Dn &dn, PartyState state, DnRole role)
{
	Party party;
	party.dn = dn;
	party.dnType = dns_.ensure(dn).type();
	party.state = state;
	party.role = role;
	party.joinedAt = clock_.now();
	party.token = calls_.nextPartyToken();
	call.parties.push_back(std::move(party));
	return call.parties.back();
}

void SwitchCore::ring(Call &call, const Destination &dest, const RingSpec &spec)
{
	Party &party = addParty(call, dest.dn, PartyState::Ringing, spec.role);
	party.joinKind = spec.joinKind;
	party.addedBy = spec.addedBy;
	party.addedByReference = spec.addedByReference;
	std::uint64_t token = party.token;

	Event &event = emit(EventType::Ringing, dest.dn, &call);
	setOther(event, call, spec.otherDn);
	event.callState = dest.forwarded ? CallState::Forwarded : spec.callState;

	const DnState &state = dns_.ensure(dest.dn);
	if (state.controlled())
		return;
	const DnBehaviour &behaviour = state.config.behaviour;
	if (behaviour.kind == DnBehaviour::Kind::Answer)
		arm(Timer::Kind::AutoAnswer, behaviour.answerDelayMs, call, token);
	else if (behaviour.kind == DnBehaviour::Kind::NoAnswer)
		arm(Timer::Kind::NoAnswer, behaviour.answerDelayMs, call, token);
}

void SwitchCore::enqueue(Call &call, const Dn &queue, const Dn &caller)
{
	dns_.ensure(queue);
	call.queuedAt = queue;
	waiting_.push_back(call.connId);
	Event &event = emit(EventType::Queued, queue, &call);
	setOther(event, call, caller);
}

void SwitchCore::markConference(Call &call, const Dn &by)
{
	if (!call.conferenceOwner.empty())
		return;
	call.conferenceOwner = by;
	/* Silent: it shows in the snapshots of the events that report the conference. */
	call.userData.update(UserData{{firstConferenceKey, by}});
}

void SwitchCore::answer(Call &call, const Dn &dn)
{
	answerParty(call, dn);
	joinSupervisors(call);
}

void SwitchCore::answerParty(Call &call, const Dn &dn)
{
	Party &party = *call.party(dn);
	party.state = PartyState::Established;
	JoinKind kind = party.joinKind;
	Dn addedBy = party.addedBy;
	ReferenceId addedByReference = party.addedByReference;
	party.joinKind = JoinKind::Normal;

	if (kind != JoinKind::Conference) {
		Event &event = emit(EventType::Established, dn, &call);
		setOther(event, call, soleOther(call, dn));
		/* The Dialing side hears the answer (MakeCall, consult calls, queued calls). */
		for (std::size_t i = 0; i < call.parties.size(); ++i) {
			Party &other = call.parties[i];
			if (other.state != PartyState::Dialing)
				continue;
			other.state = PartyState::Established;
			Dn otherDn = other.dn;
			Event &e = emit(EventType::Established, otherDn, &call);
			setOther(e, call, dn);
		}
		return;
	}

	markConference(call, addedBy);
	Event &event = emit(EventType::Established, dn, &call);
	event.callState = CallState::Conferenced;
	setOther(event, call, addedBy);

	/* Every party already on the call learns of the new one: the requester first. */
	std::vector<Dn> told;
	if (const Party *requester = call.party(addedBy); requester && isMember(requester->state))
		told.push_back(addedBy);
	for (const Party &other : call.parties) {
		if (other.dn != dn && other.dn != addedBy && isMember(other.state))
			told.push_back(other.dn);
	}
	for (const Dn &to : told) {
		Event &e = emit(EventType::PartyAdded, to, &call);
		e.callState = CallState::Conferenced;
		e.thirdPartyDn = addedBy;
		e.thirdPartyDnRole = DnRole::AddedBy;
		e.otherDn = dn;
		e.otherDnRole = DnRole::NewParty;
		e.referenceId = to == addedBy ? addedByReference : 0;
	}
}

void SwitchCore::release(ConnId id, const Dn &dn, const ReleaseCause &cause)
{
	Call *call = calls_.find(id);
	Party *party = call ? call->party(dn) : nullptr;
	if (!party)
		return;
	if (party->observer()) {
		releaseObserver(*call, dn, cause);
		finishIfEmpty(id);
		return;
	}
	DnRole role = party->role;
	bool wasMember = isMember(party->state);
	/* Supervisors' observers do not count: they never keep a call alive. */
	std::size_t before = call->principalCount();
	call->removeParty(dn);

	Event &event = emit(EventType::Released, dn, call);
	event.thisDnRole = role;
	event.callState = cause.callState;
	event.thirdPartyDn = cause.thirdPartyDn;
	event.thirdPartyDnRole = cause.thirdPartyRole;
	if (call->principalCount() == 1)
		setOther(event, *call, soleOther(*call, dn));
	releaseObserversOf(*call, dn);

	std::size_t left = call->principalCount();
	if (!call->queuedAt.empty() && left == 0) {
		/* The caller hung up while waiting: the queue reports the abandon. */
		Dn queue = call->queuedAt;
		call->queuedAt.clear();
		std::erase(waiting_, id);
		Event &abandoned = emit(EventType::Abandoned, queue, call);
		abandoned.otherDn = dn;
		abandoned.callState = CallState::Abandoned;
	} else if (left == 1 && call->queuedAt.empty()) {
		/* Nobody to talk to: a two-party call ends for both. */
		auto last = std::find_if(call->parties.begin(), call->parties.end(),
					 [](const Party &p) { return !p.observer(); });
		Dn lastDn = last->dn;
		DnRole lastRole = last->role;
		call->parties.erase(last);
		Event &e = emit(EventType::Released, lastDn, call);
		e.thisDnRole = lastRole;
		e.callState = cause.othersCallState;
		e.otherDn = dn;
		e.otherDnRole = role;
	} else if (before >= 3 && (wasMember || cause.deleted) && cause.notifyOthers) {
		/* The one who deleted the party first (its copy answers its request), then oldest first. */
		std::vector<Dn> members;
		if (const Party *by = call->party(cause.thirdPartyDn); by && isMember(by->state))
			members.push_back(by->dn);
		for (const Party &other : call->parties) {
			if (isMember(other.state) && other.dn != cause.thirdPartyDn)
				members.push_back(other.dn);
		}
		for (const Dn &to : members) {
			Event &e = emit(EventType::PartyDeleted, to, call);
			e.otherDn = dn;
			e.otherDnRole = DnRole::DeletedParty;
			e.thirdPartyDn = cause.thirdPartyDn.empty() ? dn : cause.thirdPartyDn;
			e.thirdPartyDnRole = DnRole::DeletedBy;
		}
	}
	/* The call is over: supervisors still on it leave too. */
	if (call->principalCount() == 0 && call->queuedAt.empty()) {
		while (!call->parties.empty())
			releaseObserver(*call, call->parties.front().dn, ReleaseCause{});
	}
	finishIfEmpty(id);
}

void SwitchCore::finishIfEmpty(ConnId id)
{
	Call *call = calls_.find(id);
	if (!call || !call->parties.empty())
		return;
	if (call->parentConnId) {
		if (Call *parent = calls_.find(*call->parentConnId); parent && parent->consultConnId == id)
			parent->consultConnId.reset();
	}
	if (call->consultConnId) {
		if (Call *child = calls_.find(*call->consultConnId); child && child->parentConnId == id)
			child->parentConnId.reset();
	}
	std::erase(waiting_, id);
	calls_.erase(id);
}

void SwitchCore::sweepExternals()
{
	if (dns_.externalCount() < nextExternalSweep_)
		return;
	dns_.forgetIdleExternals(busyDns());
	nextExternalSweep_ = std::max<std::size_t>(256, 2 * dns_.externalCount());
}

std::unordered_set<Dn> SwitchCore::busyDns() const
{
	std::unordered_set<Dn> busy;
	for (const auto &[id, call] : calls_.all()) {
		for (const Party &party : call.parties) {
			if (party.state != PartyState::Held)
				busy.insert(party.dn);
		}
	}
	return busy;
}

Dn SwitchCore::pickAgent(const Call &call, const std::unordered_set<Dn> &busy, const std::vector<Dn> &extensions) const
{
	/* A consult is not offered to a party of the call it consults from: completing it would
	 * put that DN on the main call twice. */
	const Call *parent = call.parentConnId ? calls_.find(*call.parentConnId) : nullptr;
	const DnState *queue = dns_.find(call.queuedAt);
	const std::vector<Dn> &candidates =
		queue && !queue->config.targets.empty() ? queue->config.targets : extensions;
	for (const Dn &candidate : candidates) {
		const DnState *state = dns_.find(candidate);
		if (!state || state->type() != DnType::Extension || state->agentState != AgentState::Ready ||
		    state->dnd || call.party(candidate) || (parent && parent->party(candidate)) ||
		    busy.count(candidate))
			continue;
		return candidate;
	}
	return {};
}

void SwitchCore::distributeQueued()
{
	if (waiting_.empty())
		return;
	/* Who is busy is worked out once per pass (it was once per waiting call and
	 * candidate, a scan of every call each time: the soak test found the switch
	 * slowing down as calls piled up in a queue), then kept up to date below. */
	std::unordered_set<Dn> busy = busyDns();
	/* Listing the extensions walks every DN, external numbers included (they
	 * accumulate): once per pass too. */
	const std::vector<Dn> extensions = dns_.extensions();
	std::vector<ConnId> waiting = waiting_;
	for (ConnId id : waiting) {
		Call *call = calls_.find(id);
		if (!call || call->queuedAt.empty())
			continue;
		Dn agent = pickAgent(*call, busy, extensions);
		if (agent.empty())
			continue;
		Dn queue = call->queuedAt;
		call->queuedAt.clear();
		std::erase(waiting_, id);
		Dn caller = call->parties.empty() ? Dn() : call->parties.front().dn;

		Event &diverted = emit(EventType::Diverted, queue, call);
		diverted.otherDn = agent;
		diverted.otherDnRole = DnRole::Destination;
		diverted.thirdPartyDn = caller;

		Destination dest;
		dest.dn = agent;
		RingSpec spec;
		spec.otherDn = caller;
		ring(*call, dest, spec);
		/* The agent rings now (or whoever it forwards to). */
		if (const Call *rung = calls_.find(id)) {
			for (const Party &party : rung->parties) {
				if (party.state != PartyState::Held)
					busy.insert(party.dn);
			}
		}
	}
}

std::uint64_t SwitchCore::armWrapUp(TimeMs delay, const Dn &dn)
{
	Timer timer;
	timer.due = clock_.now() + std::max<TimeMs>(delay, 0);
	timer.order = ++timerOrder_;
	timer.kind = Timer::Kind::WrapUp;
	timer.dn = dn;
	auto at = std::upper_bound(timers_.begin(), timers_.end(), timer, [](const Timer &a, const Timer &b) {
		return a.due != b.due ? a.due < b.due : a.order < b.order;
	});
	timers_.insert(at, timer);
	return timer.order;
}

bool SwitchCore::wrapUpPending(const Timer &timer) const
{
	const DnState *state = dns_.find(timer.dn);
	return state && state->wrapUpTimer == timer.order;
}

void SwitchCore::arm(Timer::Kind kind, TimeMs delay, const Call &call, std::uint64_t partyToken)
{
	Timer timer;
	timer.due = clock_.now() + std::max<TimeMs>(delay, 0);
	timer.order = ++timerOrder_;
	timer.kind = kind;
	timer.connId = call.connId;
	timer.partyToken = partyToken;
	auto at = std::upper_bound(timers_.begin(), timers_.end(), timer, [](const Timer &a, const Timer &b) {
		return a.due != b.due ? a.due < b.due : a.order < b.order;
	});
	timers_.insert(at, timer);
}

Party *SwitchCore::ringingPartyOf(const Timer &timer, Call *&call)
{
	call = calls_.find(timer.connId);
	if (!call)
		return nullptr;
	for (Party &p : call->parties) {
		if (p.token == timer.partyToken)
			return p.state == PartyState::Ringing ? &p : nullptr;
	}
	return nullptr;
}

void SwitchCore::retargetTimers(ConnId from, ConnId to)
{
	for (Timer &timer : timers_) {
		if (timer.connId == from)
			timer.connId = to;
	}
}

void SwitchCore::fire(const Timer &timer)
{
	if (timer.kind == Timer::Kind::WrapUp) {
		/* The wrap-up time is over: SIP Server makes the agent Ready. */
		if (!wrapUpPending(timer))
			return;
		DnState *state = dns_.find(timer.dn);
		state->wrapUpTimer = 0;
		state->agentState = AgentState::Ready;
		state->workMode = WorkMode::ManualIn;
		state->reasons.clear();
		emit(EventType::AgentReady, timer.dn, nullptr);
		return;
	}
	Call *call = nullptr;
	Party *party = ringingPartyOf(timer, call);
	if (!party)
		return;
	/* An agent who logged in meanwhile answers for themself. */
	if (const DnState *state = dns_.find(party->dn); state && state->controlled())
		return;
	if (timer.kind == Timer::Kind::AutoAnswer) {
		answer(*call, party->dn);
	} else {
		ReleaseCause cause;
		cause.callState = CallState::NoAnswer;
		cause.othersCallState = CallState::NoAnswer;
		release(call->connId, party->dn, cause);
	}
}

void SwitchCore::pruneTimers()
{
	/* This runs after every step: it looks up each timer's own call (the
	 * benchmark found a scan of every call here, and the switch slowing down
	 * as finished conferences of external parties piled up). */
	std::erase_if(timers_, [this](const Timer &timer) {
		if (timer.kind == Timer::Kind::WrapUp)
			return !wrapUpPending(timer);
		Call *call = nullptr;
		return ringingPartyOf(timer, call) == nullptr;
	});
}

} /* namespace ctisim::sim */
