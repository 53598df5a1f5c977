/* SPDX-License-Identifier: MIT */
/*
 * Handlers of the requests on one call: MakeCall, AnswerCall, RedirectCall,
 * ReleaseCall, ClearCall, HoldCall, RetrieveCall, AlternateCall, ReconnectCall,
 * SetMuteOn/Off, SendDTMF.
 */
#include <string>
#include <variant>

#include "ctisim/tserver_error.h"

#include "switch_core.h"

namespace ctisim::sim {

int SwitchCore::findParty(ConnId id, const Dn &dn, PartyOnCall &found)
{
	found.call = calls_.find(id);
	if (!found.call)
		return terr::InvalidConnId;
	found.party = found.call->party(dn);
	if (!found.party)
		return terr::PartyNotOnCall;
	return 0;
}

int SwitchCore::findParty(ConnId id, const Dn &dn, PartyState required, PartyOnCall &found)
{
	if (int code = findParty(id, dn, found))
		return code;
	return found.party->state == required ? 0 : terr::CallInInvalidState;
}

int SwitchCore::findParties(const req::TwoCallRequest &r, PartyOnCall &held, PartyOnCall &current)
{
	if (int code = findParty(r.heldConnId, r.thisDn, held))
		return code;
	return findParty(r.currentConnId, r.thisDn, current);
}

int SwitchCore::handle(const req::MakeCall &r)
{
	DnType fromType = dns_.typeOf(r.thisDn);
	if (fromType != DnType::Extension && fromType != DnType::External)
		return terr::UnsupportedOperation;
	if (r.destination == r.thisDn)
		return terr::InvalidDestinationDn;
	Destination dest;
	if (int code = resolveDestination(r.destination, dest))
		return code;
	if (dest.kind == Destination::Kind::Reject)
		return dest.rejectCode;
	if (dest.dn == r.thisDn)
		return terr::InvalidDestinationDn; /* forwarded back to the caller */

	Call &call = calls_.create(clock_.now());
	ConnId id = call.connId;
	result_->newConnId = id;
	call.callType = callTypeFor(r.thisDn, dest.dn);
	if (call.callType == CallType::Inbound)
		call.ani = r.thisDn;
	/* SIP Server's CPNDigits: the calling number the destination is shown. */
	if (const UserDataValue *cpn = r.extensions.find("CPNDigits"); cpn && std::holds_alternative<std::string>(*cpn))
		call.ani = std::get<std::string>(*cpn);
	call.dnis = r.destination;
	call.userData = r.userData;
	addParty(call, r.thisDn, PartyState::Dialing, DnRole::Origination);
	Event &dialing = emit(EventType::Dialing, r.thisDn, &call);
	dialing.otherDn = r.destination;
	dialing.otherDnRole = DnRole::Destination;

	switch (dest.kind) {
	case Destination::Kind::Busy: {
		Event &busy = emit(EventType::DestinationBusy, r.thisDn, &call);
		busy.otherDn = dest.dn;
		busy.otherDnRole = DnRole::Destination;
		busy.callState = CallState::Busy;
		ReleaseCause cause;
		cause.callState = CallState::Busy;
		release(id, r.thisDn, cause);
		break;
	}
	case Destination::Kind::Queue: enqueue(call, dest.dn, r.thisDn); break;
	case Destination::Kind::Ring:
	case Destination::Kind::Reject: {
		RingSpec spec;
		spec.otherDn = r.thisDn;
		ring(call, dest, spec);
		break;
	}
	}
	return 0;
}

int SwitchCore::handle(const req::AnswerCall &r)
{
	PartyOnCall my;
	if (int code = findParty(r.connId, r.thisDn, PartyState::Ringing, my))
		return code;
	answer(*my.call, r.thisDn);
	return 0;
}

/* TRedirectCall: "redirected, without an answer ... For most switches, this DN must be in Ringing
 * state". The redirected DN leaves with CallStateRedirected; the destination rings in its place,
 * joining the way it would have (a conference member, a transfer's destination). */
int SwitchCore::handle(const req::RedirectCall &r)
{
	PartyOnCall my;
	if (int code = findParty(r.connId, r.thisDn, PartyState::Ringing, my))
		return code;
	Call *call = my.call;
	const Party &party = *my.party;
	/* Only a plain call may wait in a queue: the parties of a conference or a transfer are
	 * already talking. */
	Queues queues = party.joinKind == JoinKind::Normal ? Queues::Accepted : Queues::Refused;
	Destination dest;
	if (int code = checkDestination(*call, r.thisDn, r.destination, queues, dest))
		return code;

	Dn other = soleOther(*call, r.thisDn);
	RingSpec spec;
	spec.role = party.role;
	spec.callState = CallState::Redirected;
	spec.otherDn = other.empty() ? party.addedBy : other;
	spec.joinKind = party.joinKind;
	spec.addedBy = party.addedBy;
	spec.addedByReference = party.addedByReference;
	DnRole role = party.role;
	bool conference = call->principalCount() > 2;

	call->removeParty(r.thisDn);
	Event &released = emit(EventType::Released, r.thisDn, call);
	released.thisDnRole = role;
	released.callState = CallState::Redirected;
	released.thirdPartyDn = dest.dn;
	released.thirdPartyDnRole = conference ? DnRole::ConferenceMember : DnRole::Destination;
	if (!other.empty())
		setOther(released, *call, other);
	if (dest.kind == Destination::Kind::Queue)
		enqueue(*call, dest.dn, other);
	else
		ring(*call, dest, spec);
	return 0;
}

int SwitchCore::handle(const req::ReleaseCall &r)
{
	PartyOnCall my;
	if (int code = findParty(r.connId, r.thisDn, my))
		return code;
	ReleaseCause cause;
	cause.hungUp = true;
	release(r.connId, r.thisDn, cause);
	return 0;
}

int SwitchCore::handle(const req::ClearCall &r)
{
	PartyOnCall my;
	if (int code = findParty(r.connId, r.thisDn, my))
		return code;
	Call *call = my.call;
	/* Everyone leaves, the requester first; the others see CallStateCleared. */
	std::vector<Dn> order{r.thisDn};
	for (const Party &p : call->parties) {
		if (p.dn != r.thisDn)
			order.push_back(p.dn);
	}
	Dn queue = call->queuedAt;
	call->queuedAt.clear();
	std::erase(waiting_, r.connId);
	std::vector<std::pair<Dn, Dn>> observers; /* (supervisor, monitored) */
	for (const Dn &dn : order) {
		Party *p = call->party(dn);
		if (p->observer())
			observers.emplace_back(dn, p->monitoredDn);
		DnRole role = p->role;
		call->removeParty(dn);
		Event &event = emit(EventType::Released, dn, call);
		event.thisDnRole = role;
		event.callState = dn == r.thisDn ? CallState::Ok : CallState::Cleared;
		if (dn != r.thisDn) {
			event.thirdPartyDn = r.thisDn;
			event.thirdPartyDnRole = DnRole::DeletedBy;
		}
	}
	if (!queue.empty()) {
		Event &abandoned = emit(EventType::Abandoned, queue, call);
		abandoned.otherDn = r.thisDn;
		abandoned.callState = CallState::Abandoned;
	}
	finishIfEmpty(r.connId);
	for (const auto &[supervisor, agent] : observers)
		observerLeft(supervisor, agent, supervisor == r.thisDn);
	return 0;
}

void SwitchCore::changeHold(Call &call, Party &party, bool hold)
{
	party.state = hold ? PartyState::Held : PartyState::Established;
	Event &event = emit(hold ? EventType::Held : EventType::Retrieved, party.dn, &call);
	setOther(event, call, soleOther(call, party.dn));
}

int SwitchCore::handle(const req::HoldCall &r)
{
	PartyOnCall my;
	if (int code = findParty(r.connId, r.thisDn, PartyState::Established, my))
		return code;
	changeHold(*my.call, *my.party, true);
	return 0;
}

int SwitchCore::handle(const req::RetrieveCall &r)
{
	PartyOnCall my;
	if (int code = findParty(r.connId, r.thisDn, PartyState::Held, my))
		return code;
	changeHold(*my.call, *my.party, false);
	return 0;
}

int SwitchCore::handle(const req::AlternateCall &r)
{
	PartyOnCall held;
	PartyOnCall current;
	if (int code = findParties(r, held, current))
		return code;
	if (held.call == current.call || held.party->state != PartyState::Held ||
	    current.party->state != PartyState::Established)
		return terr::CallInInvalidState;
	changeHold(*current.call, *current.party, true);
	changeHold(*held.call, *held.party, false);
	return 0;
}

/* TReconnectCall: "releases ... dn from the active call ... current_conn_id and retrieves the
 * previously held call ... held_conn_id" (the way back from a consult that failed or ended). */
int SwitchCore::handle(const req::ReconnectCall &r)
{
	PartyOnCall held;
	PartyOnCall current;
	if (int code = findParties(r, held, current))
		return code;
	if (held.call == current.call || held.party->state != PartyState::Held ||
	    (current.party->state != PartyState::Established && current.party->state != PartyState::Dialing))
		return terr::CallInInvalidState;
	ReleaseCause cause;
	cause.hungUp = true;
	release(r.currentConnId, r.thisDn, cause);
	/* The release leaves the held call and the requester's party on it in place. */
	Call *call = calls_.find(r.heldConnId);
	changeHold(*call, *call->party(r.thisDn), false);
	return 0;
}

int SwitchCore::setMute(const req::CallRequest &r, bool on)
{
	PartyOnCall my;
	if (int code = findParty(r.connId, r.thisDn, PartyState::Established, my))
		return code;
	Call *call = my.call;
	Party *party = my.party;
	if (party->observer()) {
		switchMonitorMode(*call, r.thisDn, on);
		return 0;
	}
	party->muted = on;
	emit(on ? EventType::MuteOn : EventType::MuteOff, r.thisDn, call);
	/* A supervisor monitoring this party hears of it (GWS's monitoredUserMuted). */
	std::vector<Dn> observers;
	for (const Party &p : call->parties) {
		if (p.observer() && p.monitoredDn == r.thisDn)
			observers.push_back(p.dn);
	}
	for (const Dn &supervisor : observers) {
		Event &e = emit(on ? EventType::MuteOn : EventType::MuteOff, supervisor, call);
		setOther(e, *call, r.thisDn);
	}
	return 0;
}

int SwitchCore::handle(const req::SetMuteOn &r)
{
	return setMute(r, true);
}

int SwitchCore::handle(const req::SetMuteOff &r)
{
	return setMute(r, false);
}

int SwitchCore::handle(const req::SendDtmf &r)
{
	PartyOnCall my;
	if (int code = findParty(r.connId, r.thisDn, my))
		return code;
	if (r.digits.empty() || r.digits.find_first_not_of("0123456789*#ABCD") != std::string::npos)
		return terr::InvalidAttribute;
	if (my.party->state != PartyState::Established)
		return terr::CallInInvalidState;
	Event &event = emit(EventType::DtmfSent, r.thisDn, my.call);
	event.digits = r.digits;
	setOther(event, *my.call, soleOther(*my.call, r.thisDn));
	return 0;
}

} /* namespace ctisim::sim */
