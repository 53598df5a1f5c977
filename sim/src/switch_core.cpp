/* SPDX-License-Identifier: MIT */
/*
 * SwitchCore set-up (configuration, pinned calls, logged-in agents), request
 * dispatch, event construction, errors and state dumps.
 */
#include "switch_core.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "ctisim/tserver_error.h"

namespace ctisim::sim {

SwitchCore::SwitchCore(SwitchConfig config, const Clock &clock, std::uint64_t lastSequence)
    : config_(std::move(config)), clock_(clock),
      dns_(config_.dns, config_.unknownNumbersAreExternal, config_.externalBehaviour), calls_(config_.seed),
      sequence_(lastSequence)
{
	setUpAgents();
	setUpCalls();
}

void SwitchCore::setUpAgents()
{
	for (const InitialAgent &agent : config_.agents) {
		DnState *state = dns_.find(agent.dn);
		if (!state || state->type() != DnType::Extension)
			throw std::invalid_argument("switch config: agent " + agent.agentId + " is on " + agent.dn +
						    ", which is not a configured extension");
		if (state->agentState != AgentState::LoggedOut)
			throw std::invalid_argument("switch config: two agents on " + agent.dn);
		state->agentState = agent.state == AgentState::LoggedOut ? AgentState::NotReady : agent.state;
		state->agentId = agent.agentId;
		state->workMode = agent.workMode;
		state->reasons = agent.reasons;
	}
}

void SwitchCore::setUpCalls()
{
	/* Pinned ids are validated first so that generated ids can skip them. */
	std::set<std::string> uuids;
	for (const InitialCall &initial : config_.calls) {
		std::string name = initial.connId.isNull() ? initial.callUuid : initial.connId.str();
		if (initial.parties.size() < 2)
			throw std::invalid_argument("switch config: call " + name + " needs at least two parties");
		std::set<Dn> seen;
		for (const InitialParty &party : initial.parties) {
			if (!dns_.known(party.dn))
				throw std::invalid_argument("switch config: party " + party.dn + " of call " + name +
							    " is not a configured DN");
			DnType type = dns_.typeOf(party.dn);
			if (type != DnType::Extension && type != DnType::External)
				throw std::invalid_argument("switch config: party " + party.dn + " of call " + name +
							    " is a queue or routing point");
			if (party.state == PartyState::Released)
				throw std::invalid_argument("switch config: party " + party.dn + " of call " + name +
							    " is Released");
			if (!seen.insert(party.dn).second)
				throw std::invalid_argument("switch config: " + party.dn + " is twice on call " + name);
		}
		if (!initial.callUuid.empty() && !uuids.insert(initial.callUuid).second)
			throw std::invalid_argument("switch config: two calls with callUuid " + initial.callUuid);
	}
	for (const InitialCall &initial : config_.calls) {
		Call call;
		static_cast<CallFacts &>(call) = initial;
		if (call.connId.isNull() || call.callUuid.empty()) {
			IdGenerator::CallIds ids;
			do {
				ids = calls_.ids().nextCall();
			} while (calls_.find(ids.connId) || uuids.count(ids.callUuid));
			if (call.connId.isNull())
				call.connId = ids.connId;
			if (call.callUuid.empty())
				call.callUuid = ids.callUuid;
		}
		for (const InitialParty &initialParty : initial.parties) {
			bool first = call.parties.empty();
			Party &party = addParty(call, initialParty.dn, initialParty.state,
						first ? DnRole::Origination : DnRole::Destination);
			party.muted = initialParty.muted;
			party.joinedAt = initial.startedAt;
		}
		std::string name = call.connId.str();
		if (!calls_.insert(std::move(call)))
			throw std::invalid_argument("switch config: two calls with connId " + name);
	}
	/* Uncontrolled parties that ring at start behave as if the call had just reached them. */
	for (auto &[id, call] : calls_.all()) {
		for (const Party &party : call.parties) {
			const DnState *state = dns_.find(party.dn);
			if (party.state != PartyState::Ringing || (state && state->controlled()))
				continue;
			DnBehaviour behaviour = dns_.behaviourOf(party.dn);
			if (behaviour.kind == DnBehaviour::Kind::Answer)
				arm(Timer::Kind::AutoAnswer, behaviour.answerDelayMs, call, party.token);
			else if (behaviour.kind == DnBehaviour::Kind::NoAnswer)
				arm(Timer::Kind::NoAnswer, behaviour.answerDelayMs, call, party.token);
		}
	}
}

namespace {

/// The call a request names, for the EventError (the current call for two-call requests).
ConnId requestConnId(const Request &request)
{
	return std::visit(
		[](const auto &r) -> ConnId {
			if constexpr (requires { r.connId; })
				return r.connId;
			else if constexpr (requires { r.currentConnId; })
				return r.currentConnId;
			else
				return ConnId();
		},
		request);
}

} /* namespace */

RequestResult SwitchCore::apply(const Request &request, ReferenceId referenceId, std::vector<Event> &out)
{
	RequestResult result;
	result.referenceId = referenceId;
	out_ = &out;
	result_ = &result;
	requester_ = requestDn(request);
	reference_ = referenceId;
	inRequest_ = true;

	int code = terr::NotConfigured;
	if (dns_.known(requester_))
		code = std::visit([this](const auto &r) { return handle(r); }, request);

	inRequest_ = false;
	if (code != 0) {
		emitError(request, code);
		result.errorCode = code;
		result.errorMessage = terrText(code);
	} else {
		/* Agents freed or made Ready by this request take waiting calls. */
		distributeQueued();
		pruneTimers();
		sweepExternals();
	}
	out_ = nullptr;
	result_ = nullptr;
	requester_.clear();
	reference_ = 0;
	return result;
}

void SwitchCore::runDueTimers(std::vector<Event> &out)
{
	out_ = &out;
	TimeMs now = clock_.now();
	while (!timers_.empty() && timers_.front().due <= now) {
		Timer timer = timers_.front();
		timers_.erase(timers_.begin());
		fire(timer);
	}
	distributeQueued();
	pruneTimers();
	sweepExternals();
	out_ = nullptr;
}

std::optional<TimeMs> SwitchCore::nextTimerAt() const
{
	if (timers_.empty())
		return std::nullopt;
	return timers_.front().due;
}

int SwitchCore::setBehaviour(const Dn &dn, DnBehaviour behaviour)
{
	if (!dns_.known(dn))
		return terr::NotConfigured;
	dns_.ensure(dn).config.behaviour = behaviour;
	return 0;
}

Event &SwitchCore::emit(EventType type, const Dn &thisDn, const Call *call)
{
	Event event;
	event.type = type;
	event.sequence = ++sequence_;
	event.time = clock_.now();
	event.thisDn = thisDn;
	if (inRequest_ && thisDn == requester_)
		event.referenceId = reference_;
	if (call) {
		event.connId = call->connId;
		event.callType = call->callType;
		event.call = calls_.snapshot(*call);
		if (const Party *party = call->party(thisDn))
			event.thisDnRole = party->role;
	}
	event.dn = dns_.snapshot(thisDn);
	out_->push_back(std::move(event));
	return out_->back();
}

void SwitchCore::setOther(Event &event, const Call &call, const Dn &other)
{
	event.otherDn = other;
	if (const Party *party = call.party(other))
		event.otherDnRole = party->role;
}

Dn SwitchCore::soleOther(const Call &call, const Dn &self) const
{
	const Party *other = nullptr;
	for (const Party &party : call.parties) {
		if (party.dn == self || party.observer())
			continue;
		if (other)
			return {};
		other = &party;
	}
	return other ? other->dn : Dn();
}

void SwitchCore::emitError(const Request &request, int code)
{
	Event event;
	event.type = EventType::Error;
	event.referenceId = reference_;
	event.sequence = ++sequence_;
	event.time = clock_.now();
	event.thisDn = requestDn(request);
	event.connId = requestConnId(request);
	if (const Call *call = calls_.find(event.connId)) {
		event.callType = call->callType;
		event.call = calls_.snapshot(*call);
	}
	/* The cached snapshot would create an external DN's entry; an error must change nothing. */
	if (dns_.find(event.thisDn))
		event.dn = dns_.snapshot(event.thisDn);
	else
		event.dn = std::make_shared<const DnSnapshot>(dns_.peek(event.thisDn));
	event.errorCode = code;
	event.errorMessage = terrText(code);
	event.failedRequest = requestName(request);
	out_->push_back(std::move(event));
}

SwitchState SwitchCore::state() const
{
	SwitchState s;
	s.now = clock_.now();
	s.virtualClock = clock_.isVirtual();
	for (const auto &[number, dn] : dns_.all())
		s.dns.push_back(dn.snapshot());
	for (const auto &[id, call] : calls_.all())
		s.calls.push_back(call.snapshot());
	s.lastEventSequence = sequence_;
	return s;
}

} /* namespace ctisim::sim */
