/* SPDX-License-Identifier: MIT */
/*
 * Handlers of the requests that bring a third party in or hand a call over:
 * InitiateTransfer/Conference, CompleteTransfer/Conference, SingleStepTransfer,
 * SingleStepConference, DeleteFromConference.
 */
#include "ctisim/tserver_error.h"

#include "switch_core.h"

namespace ctisim::sim {

namespace {

bool isMember(PartyState state)
{
	return state == PartyState::Established || state == PartyState::Held;
}

/// The DNs of the parties of a call other than dn, oldest first.
std::vector<Dn> othersOf(const Call &call, const Dn &dn)
{
	std::vector<Dn> out;
	for (const Party &party : call.parties) {
		if (party.dn != dn)
			out.push_back(party.dn);
	}
	return out;
}

/// Whether a party of `current` other than dn is on `held` already (a consult to
/// a party of the call): completing would put that DN on the call twice.
bool sharesAParty(const Call &held, const Call &current, const Dn &dn)
{
	for (const Party &party : current.parties) {
		if (party.dn != dn && held.party(party.dn))
			return true;
	}
	return false;
}

} /* namespace */

int SwitchCore::consult(const req::DestinationRequest &r, bool forTransfer)
{
	Call *call;
	Party *party;
	if (int code = findParty(r.connId, r.thisDn, call, party))
		return code;
	if (party->state != PartyState::Established || call->consultConnId)
		return terr::CallInInvalidState;
	if (r.destination == r.thisDn)
		return terr::InvalidDestinationDn;
	Destination dest;
	if (int code = resolveDestination(r.destination, dest))
		return code;
	if (dest.dn == r.thisDn)
		return terr::InvalidDestinationDn;
	if (int code = refusal(dest))
		return code;

	/* The consult call exists before the held event so that call 1's snapshot links to it. */
	Call &consultCall = calls_.create(clock_.now());
	consultCall.callType = CallType::Consult;
	consultCall.dnis = r.destination;
	consultCall.userData = call->userData;
	consultCall.userData.update(r.userData);
	consultCall.parentConnId = call->connId;
	consultCall.consultForTransfer = forTransfer;
	call->consultConnId = consultCall.connId;
	call->consultForTransfer = forTransfer;
	result_->newConnId = consultCall.connId;

	party->state = PartyState::Held;
	Event &held = emit(EventType::Held, r.thisDn, call);
	setOther(held, *call, soleOther(*call, r.thisDn));

	addParty(consultCall, r.thisDn, PartyState::Dialing, DnRole::Origination);
	Event &dialing = emit(EventType::Dialing, r.thisDn, &consultCall);
	dialing.otherDn = r.destination;
	dialing.otherDnRole = DnRole::Destination;
	if (dest.kind == Destination::Kind::Queue) {
		enqueue(consultCall, dest.dn, r.thisDn);
	} else {
		RingSpec spec;
		spec.otherDn = r.thisDn;
		ring(consultCall, dest, spec);
	}
	return 0;
}

int SwitchCore::handle(const req::InitiateTransfer &r)
{
	return consult(r, true);
}

int SwitchCore::handle(const req::InitiateConference &r)
{
	return consult(r, false);
}

int SwitchCore::handle(const req::CompleteTransfer &r)
{
	Call *held;
	Party *heldParty;
	Call *current;
	Party *currentParty;
	if (int code = findParty(r.heldConnId, r.thisDn, held, heldParty))
		return code;
	if (int code = findParty(r.currentConnId, r.thisDn, current, currentParty))
		return code;
	if (held == current || (current->parentConnId != held->connId && held->consultConnId != current->connId) ||
	    current->parties.size() < 2 || held->parties.size() < 2 || sharesAParty(*held, *current, r.thisDn))
		return terr::CannotCompleteTransfer;
	if (heldParty->state != PartyState::Held ||
	    (currentParty->state != PartyState::Established && currentParty->state != PartyState::Dialing))
		return terr::CallInInvalidState;

	ConnId currentId = current->connId;
	std::vector<Dn> remaining = othersOf(*held, r.thisDn);
	std::vector<Dn> moving = othersOf(*current, r.thisDn);

	/* The transferrer leaves both calls, then the consulted parties join the held call. */
	DnRole heldRole = heldParty->role;
	held->removeParty(r.thisDn);
	Event &leftHeld = emit(EventType::Released, r.thisDn, held);
	leftHeld.thisDnRole = heldRole;
	leftHeld.callState = CallState::Transferred;
	setOther(leftHeld, *held, remaining.front());
	leftHeld.thirdPartyDn = moving.front();
	leftHeld.thirdPartyDnRole = DnRole::Destination;

	DnRole currentRole = currentParty->role;
	current->removeParty(r.thisDn);
	Event &leftCurrent = emit(EventType::Released, r.thisDn, current);
	leftCurrent.thisDnRole = currentRole;
	leftCurrent.callState = CallState::Transferred;
	setOther(leftCurrent, *current, moving.front());
	leftCurrent.thirdPartyDn = remaining.front();

	for (Party &party : current->parties)
		held->parties.push_back(party);
	current->parties.clear();
	retargetTimers(current->connId, held->connId);
	held->consultConnId.reset();
	held->consultForTransfer = false;

	for (const Dn &dn : remaining) {
		Event &e = emit(EventType::PartyChanged, dn, held);
		e.callState = CallState::Transferred;
		e.thirdPartyDn = r.thisDn;
		e.thirdPartyDnRole = DnRole::TransferredBy;
		setOther(e, *held, moving.front());
	}
	for (const Dn &dn : moving) {
		Event &e = emit(EventType::PartyChanged, dn, held);
		e.callState = CallState::Transferred;
		e.previousConnId = currentId;
		e.thirdPartyDn = r.thisDn;
		e.thirdPartyDnRole = DnRole::TransferredBy;
		setOther(e, *held, remaining.front());
	}
	finishIfEmpty(currentId);
	return 0;
}

int SwitchCore::handle(const req::CompleteConference &r)
{
	Call *held;
	Party *heldParty;
	Call *current;
	Party *currentParty;
	if (int code = findParty(r.heldConnId, r.thisDn, held, heldParty))
		return code;
	if (int code = findParty(r.currentConnId, r.thisDn, current, currentParty))
		return code;
	if (held == current || (current->parentConnId != held->connId && held->consultConnId != current->connId) ||
	    current->parties.size() < 2 || sharesAParty(*held, *current, r.thisDn))
		return terr::CannotCompleteConference;
	for (const Party &party : current->parties) {
		if (party.state != PartyState::Established)
			return terr::CannotCompleteConference; /* the consulted party has not answered */
	}
	if (heldParty->state != PartyState::Held)
		return terr::CallInInvalidState;

	ConnId currentId = current->connId;
	/* Everyone on the main call learns of the newcomers, the requester first (as
	 * with SingleStepConference), so its desktop gets the merged participants. */
	std::vector<Dn> existing{r.thisDn};
	for (const Party &party : held->parties) {
		if (party.dn != r.thisDn && isMember(party.state))
			existing.push_back(party.dn);
	}
	std::vector<Dn> moving = othersOf(*current, r.thisDn);

	/* The consult call goes first (GWS reports the consult Released, then the
	 * parent), then the requester is back on the merged call. */
	DnRole currentRole = currentParty->role;
	current->removeParty(r.thisDn);
	Event &released = emit(EventType::Released, r.thisDn, current);
	released.thisDnRole = currentRole;
	released.callState = CallState::Conferenced;
	setOther(released, *current, moving.front());

	for (Party party : current->parties) {
		party.role = DnRole::ConferenceMember;
		held->parties.push_back(std::move(party));
	}
	current->parties.clear();
	retargetTimers(current->connId, held->connId);
	held->consultConnId.reset();
	held->consultForTransfer = false;
	markConference(*held, r.thisDn);

	held->party(r.thisDn)->state = PartyState::Established;
	Event &retrieved = emit(EventType::Retrieved, r.thisDn, held);
	retrieved.callState = CallState::Conferenced;
	setOther(retrieved, *held, moving.front());

	for (const Dn &dn : existing) {
		for (const Dn &newcomer : moving) {
			Event &e = emit(EventType::PartyAdded, dn, held);
			e.callState = CallState::Conferenced;
			e.thirdPartyDn = r.thisDn;
			e.thirdPartyDnRole = DnRole::AddedBy;
			e.otherDn = newcomer;
			e.otherDnRole = DnRole::NewParty;
		}
	}
	for (const Dn &dn : moving) {
		Event &e = emit(EventType::PartyChanged, dn, held);
		e.callState = CallState::Conferenced;
		e.previousConnId = currentId;
		e.thirdPartyDn = r.thisDn;
		e.thirdPartyDnRole = DnRole::ConferencedBy;
		setOther(e, *held, r.thisDn);
	}
	finishIfEmpty(currentId);
	return 0;
}

int SwitchCore::handle(const req::SingleStepTransfer &r)
{
	Call *call;
	Party *party;
	if (int code = findParty(r.connId, r.thisDn, call, party))
		return code;
	if (party->state != PartyState::Established || call->parties.size() < 2)
		return terr::CallInInvalidState;
	if (r.destination == r.thisDn)
		return terr::InvalidDestinationDn;
	Destination dest;
	if (int code = resolveDestination(r.destination, dest))
		return code;
	if (dest.dn == r.thisDn)
		return terr::InvalidDestinationDn;
	if (call->party(dest.dn))
		return terr::DestinationInvalidState;
	if (dest.kind == Destination::Kind::Queue)
		return terr::UnsupportedOperation;
	if (int code = refusal(dest))
		return code;

	if (!r.userData.empty()) {
		call->userData.update(r.userData);
		announceUserData(*call, r.thisDn);
	}
	std::vector<Dn> remaining = othersOf(*call, r.thisDn);
	DnRole role = party->role;
	call->removeParty(r.thisDn);
	Event &released = emit(EventType::Released, r.thisDn, call);
	released.thisDnRole = role;
	released.callState = CallState::Transferred;
	released.thirdPartyDn = dest.dn;
	released.thirdPartyDnRole = DnRole::Destination;
	if (remaining.size() == 1)
		setOther(released, *call, remaining.front());

	RingSpec spec;
	spec.callState = CallState::Transferred;
	spec.otherDn = remaining.front();
	spec.joinKind = JoinKind::Transfer;
	ring(*call, dest, spec);

	for (const Dn &dn : remaining) {
		Event &e = emit(EventType::PartyChanged, dn, call);
		e.callState = CallState::Transferred;
		e.previousConnId = call->connId;
		e.thirdPartyDn = r.thisDn;
		e.thirdPartyDnRole = DnRole::TransferredBy;
		setOther(e, *call, dest.dn);
	}
	return 0;
}

int SwitchCore::handle(const req::SingleStepConference &r)
{
	Call *call;
	Party *party;
	if (int code = findParty(r.connId, r.thisDn, call, party))
		return code;
	if (party->state != PartyState::Established)
		return terr::CallInInvalidState;
	if (r.destination == r.thisDn)
		return terr::InvalidDestinationDn;
	Destination dest;
	if (int code = resolveDestination(r.destination, dest))
		return code;
	if (dest.dn == r.thisDn)
		return terr::InvalidDestinationDn;
	if (call->party(dest.dn))
		return terr::DestinationInvalidState;
	if (dest.kind == Destination::Kind::Queue)
		return terr::UnsupportedOperation;
	if (int code = refusal(dest))
		return code;

	if (!r.userData.empty()) {
		call->userData.update(r.userData);
		announceUserData(*call, r.thisDn);
	}
	RingSpec spec;
	spec.role = DnRole::ConferenceMember;
	spec.otherDn = r.thisDn;
	spec.joinKind = JoinKind::Conference;
	spec.addedBy = r.thisDn;
	spec.addedByReference = reference_;
	ring(*call, dest, spec);
	return 0;
}

int SwitchCore::handle(const req::DeleteFromConference &r)
{
	Call *call;
	Party *party;
	if (int code = findParty(r.connId, r.thisDn, call, party))
		return code;
	if (call->parties.size() < 3 || !call->party(r.dnToDrop))
		return terr::PartyNotOnCall;
	if (!isMember(party->state))
		return terr::CallInInvalidState;
	ReleaseCause cause;
	cause.thirdPartyDn = r.thisDn;
	cause.thirdPartyRole = DnRole::DeletedBy;
	cause.deleted = true;
	release(r.connId, r.dnToDrop, cause);
	return 0;
}

} /* namespace ctisim::sim */
