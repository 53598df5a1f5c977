/* SPDX-License-Identifier: MIT */
/*
 * Supervision (TMonitorNextCall / TCancelMonitoring): a supervisor DN asks to
 * monitor an agent DN; when the agent's call is established (at once when it
 * already has one: intrusion), the supervisor joins that call as an observer
 * party in mute (listen-in), coach (whisper) or connect (barge-in) mode.
 * SetMuteOn/Off on the observer's party switches listen-in <-> barge-in.
 */
#include "ctisim/tserver_error.h"

#include "switch_core.h"

namespace ctisim::sim {

namespace {

bool isMember(PartyState state)
{
	return state == PartyState::Established || state == PartyState::Held;
}

/// Who is told of an observer on the call: the monitored agent always (its desktop shows
/// supervisorListeningIn), the other principals only when everyone hears the supervisor.
std::vector<Dn> hearers(const Call &call, const Dn &agent, bool everyone)
{
	std::vector<Dn> out;
	if (const Party *a = call.party(agent); a && isMember(a->state))
		out.push_back(agent);
	for (const Party &other : call.parties) {
		if (everyone && other.dn != agent && !other.observer() && isMember(other.state))
			out.push_back(other.dn);
	}
	return out;
}

/// SIP Server's extensions on the monitoring events.
UserData monitorExtensions(const MonitoringSnapshot &m)
{
	return UserData{{"MonitorMode", std::string(toString(m.mode))},
			{"MonitorScope", std::string(toString(m.scope))}};
}

} /* namespace */

int SwitchCore::handle(const req::MonitorNextCall &r)
{
	DnState *supervisor;
	if (int code = requireExtension(r.thisDn, supervisor))
		return code;
	if (r.agentDn.empty() || r.agentDn == r.thisDn)
		return terr::InvalidDestinationDn;
	DnState *agent = dns_.find(r.agentDn);
	if (!agent || !agent->configured)
		return terr::NotConfigured;
	if (agent->type() != DnType::Extension)
		return terr::UnsupportedOperation;
	/* One supervisor per agent, one agent per supervisor; asking again for the same agent
	 * changes the settings of the next calls. */
	if (!agent->monitoredBy.empty() && agent->monitoredBy != r.thisDn)
		return terr::ResourceSeized;
	if (supervisor->monitoring && supervisor->monitoring->agentDn != r.agentDn)
		return terr::ResourceSeized;

	MonitoringSnapshot m{r.agentDn, r.monitorType, r.mode, r.scope};
	supervisor->monitoring = m;
	agent->monitoredBy = r.thisDn;

	announceMonitoring(EventType::MonitoringNextCall, r.thisDn, m);

	/* Intrusion (SIP Server's intrusion-enabled, true by default): an agent already talking
	 * has the supervisor on that call at once. */
	if (observing(r.thisDn))
		return 0;
	for (auto &[id, call] : calls_.all()) {
		const Party *p = call.party(r.agentDn);
		if (p && p->state == PartyState::Established && !call.party(r.thisDn)) {
			joinAsObserver(call, r.thisDn, r.agentDn);
			break;
		}
	}
	return 0;
}

int SwitchCore::handle(const req::CancelMonitoring &r)
{
	DnState *supervisor;
	if (int code = requireExtension(r.thisDn, supervisor))
		return code;
	if (!supervisor->monitoring || supervisor->monitoring->agentDn != r.agentDn)
		return terr::InSameState;
	endMonitoring(r.thisDn);
	return 0;
}

bool SwitchCore::observing(const Dn &supervisor) const
{
	for (const auto &[id, call] : calls_.all()) {
		const Party *p = call.party(supervisor);
		if (p && p->observer())
			return true;
	}
	return false;
}

void SwitchCore::joinSupervisors(Call &call)
{
	std::vector<std::pair<Dn, Dn>> joins; /* (supervisor, agent) */
	for (const Party &party : call.parties) {
		if (party.state != PartyState::Established || party.observer())
			continue;
		const DnState *agent = dns_.find(party.dn);
		if (!agent || agent->monitoredBy.empty() || call.party(agent->monitoredBy))
			continue;
		joins.emplace_back(agent->monitoredBy, party.dn);
	}
	for (const auto &[supervisor, agent] : joins) {
		if (!observing(supervisor))
			joinAsObserver(call, supervisor, agent);
	}
}

void SwitchCore::joinAsObserver(Call &call, const Dn &supervisor, const Dn &agent)
{
	const MonitoringSnapshot &m = *dns_.find(supervisor)->monitoring;
	Party &party = addParty(call, supervisor, PartyState::Ringing, DnRole::Observer);
	party.monitorMode = m.mode;
	party.monitoredDn = agent;
	party.monitorScope = m.scope;
	party.muted = m.mode == MonitorMode::Mute;
	bool heardByAll = m.mode == MonitorMode::Connect;

	/* Delivered and answered at once, on the agent's ConnID (an assisted single-step conference). */
	Event &ringing = emit(EventType::Ringing, supervisor, &call);
	setOther(ringing, call, agent);
	call.party(supervisor)->state = PartyState::Established;
	Event &established = emit(EventType::Established, supervisor, &call);
	setOther(established, call, agent);

	for (const Dn &to : hearers(call, agent, heardByAll)) {
		Event &e = emit(EventType::PartyAdded, to, &call);
		e.otherDn = supervisor;
		e.otherDnRole = DnRole::Observer;
		e.thirdPartyDn = supervisor;
		e.thirdPartyDnRole = DnRole::AddedBy;
	}
}

void SwitchCore::releaseObserver(Call &call, const Dn &supervisor, const ReleaseCause &cause)
{
	Party &party = *call.party(supervisor);
	Dn agent = party.monitoredDn;
	bool heardByAll = party.monitorMode == MonitorMode::Connect;
	DnRole role = party.role;
	call.removeParty(supervisor);

	Event &released = emit(EventType::Released, supervisor, &call);
	released.thisDnRole = role;
	released.callState = cause.callState;
	released.thirdPartyDn = cause.thirdPartyDn;
	released.thirdPartyDnRole = cause.thirdPartyRole;
	setOther(released, call, agent);

	/* Those who were told the supervisor came hear that it left. */
	for (const Dn &to : hearers(call, agent, heardByAll)) {
		Event &e = emit(EventType::PartyDeleted, to, &call);
		e.otherDn = supervisor;
		e.otherDnRole = DnRole::Observer;
		e.thirdPartyDn = cause.thirdPartyDn.empty() ? supervisor : cause.thirdPartyDn;
		e.thirdPartyDnRole = DnRole::DeletedBy;
	}
	observerLeft(supervisor, agent, cause.hungUp);
}

void SwitchCore::releaseObserversOf(Call &call, const Dn &agent)
{
	std::vector<Dn> leaving;
	for (const Party &party : call.parties) {
		if (party.observer() && party.monitoredDn == agent && party.monitorScope == MonitorScope::Agent)
			leaving.push_back(party.dn);
	}
	for (const Dn &supervisor : leaving)
		releaseObserver(call, supervisor, ReleaseCause{});
}

void SwitchCore::observerLeft(const Dn &supervisor, const Dn &agent, bool hungUp)
{
	const DnState *state = dns_.find(supervisor);
	if (!state || !state->monitoring || state->monitoring->agentDn != agent)
		return;
	if (state->monitoring->type == MonitorType::OneCall || hungUp)
		endMonitoring(supervisor);
}

void SwitchCore::endMonitoring(const Dn &supervisor)
{
	DnState &state = *dns_.find(supervisor);
	MonitoringSnapshot m = *state.monitoring;
	state.monitoring.reset();
	if (DnState *agent = dns_.find(m.agentDn); agent && agent->monitoredBy == supervisor)
		agent->monitoredBy.clear();

	announceMonitoring(EventType::MonitoringCancelled, supervisor, m);
}

void SwitchCore::announceMonitoring(EventType type, const Dn &supervisor, const MonitoringSnapshot &m)
{
	/* The supervisor first, as the observer; then the agent, with the supervisor as its other DN. */
	UserData extensions = monitorExtensions(m);
	Event &toSupervisor = emit(type, supervisor, nullptr);
	toSupervisor.thisDnRole = DnRole::Observer;
	toSupervisor.otherDn = m.agentDn;
	toSupervisor.otherDnRole = DnRole::Destination;
	toSupervisor.monitorType = m.type;
	toSupervisor.extensions = extensions;
	Event &toAgent = emit(type, m.agentDn, nullptr);
	toAgent.thisDnRole = DnRole::Destination;
	toAgent.otherDn = supervisor;
	toAgent.otherDnRole = DnRole::Observer;
	toAgent.monitorType = m.type;
	toAgent.extensions = std::move(extensions);
}

void SwitchCore::switchMonitorMode(Call &call, const Dn &supervisor, bool mute)
{
	Party &party = *call.party(supervisor);
	bool wasHeardByAll = party.monitorMode == MonitorMode::Connect;
	party.monitorMode = mute ? MonitorMode::Mute : MonitorMode::Connect;
	party.muted = mute;
	Dn agent = party.monitoredDn;
	/* The standing request follows, so the DN shows the mode the supervisor is in. */
	if (DnState *state = dns_.find(supervisor); state && state->monitoring && state->monitoring->agentDn == agent)
		state->monitoring->mode = *party.monitorMode;

	Event &event = emit(mute ? EventType::MuteOn : EventType::MuteOff, supervisor, &call);
	setOther(event, call, agent);
	if (wasHeardByAll == !mute)
		return;
	/* Everyone else hears the supervisor come in (barge-in) or go silent (listen-in). */
	for (const Dn &to : hearers(call, agent, true)) {
		Event &e = emit(mute ? EventType::PartyDeleted : EventType::PartyAdded, to, &call);
		e.otherDn = supervisor;
		e.otherDnRole = DnRole::Observer;
		e.thirdPartyDn = supervisor;
		e.thirdPartyDnRole = mute ? DnRole::DeletedBy : DnRole::AddedBy;
	}
}

} /* namespace ctisim::sim */
