/* SPDX-License-Identifier: MIT */
/*
 * Handlers of the requests on one call: MakeCall, AnswerCall, ReleaseCall,
 * ClearCall, HoldCall, RetrieveCall, AlternateCall, SetMuteOn/Off, SendDTMF.
 */
#include "ctisim/tserver_error.h"

#include "switch_core.h"

namespace ctisim::sim {

int SwitchCore::findParty(ConnId id, const Dn &dn, Call *&call, Party *&party)
{
	call = calls_.find(id);
	if (!call)
		return terr::InvalidConnId;
	party = call->party(dn);
	if (!party)
		return terr::PartyNotOnCall;
	return 0;
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
	Call *call;
	Party *party;
	if (int code = findParty(r.connId, r.thisDn, call, party))
		return code;
	if (party->state != PartyState::Ringing)
		return terr::CallInInvalidState;
	answer(*call, r.thisDn);
	return 0;
}

int SwitchCore::handle(const req::ReleaseCall &r)
{
	Call *call;
	Party *party;
	if (int code = findParty(r.connId, r.thisDn, call, party))
		return code;
	ReleaseCause cause;
	cause.hungUp = true;
	release(r.connId, r.thisDn, cause);
	return 0;
}

int SwitchCore::handle(const req::ClearCall &r)
{
	Call *call;
	Party *party;
	if (int code = findParty(r.connId, r.thisDn, call, party))
		return code;
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

int SwitchCore::handle(const req::HoldCall &r)
{
	Call *call;
	Party *party;
	if (int code = findParty(r.connId, r.thisDn, call, party))
		return code;
	if (party->state != PartyState::Established)
		return terr::CallInInvalidState;
	party->state = PartyState::Held;
	Event &event = emit(EventType::Held, r.thisDn, call);
	setOther(event, *call, soleOther(*call, r.thisDn));
	return 0;
}

int SwitchCore::handle(const req::RetrieveCall &r)
{
	Call *call;
	Party *party;
	if (int code = findParty(r.connId, r.thisDn, call, party))
		return code;
	if (party->state != PartyState::Held)
		return terr::CallInInvalidState;
	party->state = PartyState::Established;
	Event &event = emit(EventType::Retrieved, r.thisDn, call);
	setOther(event, *call, soleOther(*call, r.thisDn));
	return 0;
}

int SwitchCore::handle(const req::AlternateCall &r)
{
	Call *held;
	Party *heldParty;
	Call *current;
	Party *currentParty;
	if (int code = findParty(r.heldConnId, r.thisDn, held, heldParty))
		return code;
	if (int code = findParty(r.currentConnId, r.thisDn, current, currentParty))
		return code;
	if (held == current || heldParty->state != PartyState::Held || currentParty->state != PartyState::Established)
		return terr::CallInInvalidState;
	currentParty->state = PartyState::Held;
	Event &onHold = emit(EventType::Held, r.thisDn, current);
	setOther(onHold, *current, soleOther(*current, r.thisDn));
	heldParty->state = PartyState::Established;
	Event &back = emit(EventType::Retrieved, r.thisDn, held);
	setOther(back, *held, soleOther(*held, r.thisDn));
	return 0;
}

int SwitchCore::setMute(const req::CallRequest &r, bool on)
{
	Call *call;
	Party *party;
	if (int code = findParty(r.connId, r.thisDn, call, party))
		return code;
	if (party->state != PartyState::Established)
		return terr::CallInInvalidState;
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
	Call *call;
	Party *party;
	if (int code = findParty(r.connId, r.thisDn, call, party))
		return code;
	if (r.digits.empty() || r.digits.find_first_not_of("0123456789*#ABCD") != std::string::npos)
		return terr::InvalidAttribute;
	if (party->state != PartyState::Established)
		return terr::CallInInvalidState;
	Event &event = emit(EventType::DtmfSent, r.thisDn, call);
	event.digits = r.digits;
	setOther(event, *call, soleOther(*call, r.thisDn));
	return 0;
}

} /* namespace ctisim::sim */
