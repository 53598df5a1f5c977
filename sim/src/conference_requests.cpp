/* SPDX-License-Identifier: MIT */
/*
 * Handlers of the requests that bring a third party in or hand a call over:
 * InitiateTransfer/Conference, CompleteTransfer/Conference, MergeCalls,
 * SingleStepTransfer, SingleStepConference, DeleteFromConference.
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

/// Whether a completion may merge current into held: two calls (a consult pair unless any
/// pair will do), current has a party besides the requester, and no party of current other
/// than the requester (who leaves it) is on held already (a DN is never on one call twice).
bool canMerge(const Call &held, const Call &current, const Dn &requester, bool consultPairOnly)
{
	if (&held == &current || current.parties.size() < 2)
		return false;
	if (consultPairOnly && current.parentConnId != held.connId && held.consultConnId != current.connId)
		return false;
	for (const Party &party : current.parties) {
		if (party.dn != requester && held.party(party.dn))
			return false;
	}
	return true;
}

} /* namespace */

void SwitchCore::merge(Call &held, Call &current)
{
	for (Party &party : current.parties)
		held.parties.push_back(std::move(party));
	current.parties.clear();
	retargetTimers(current.connId, held.connId);
	/* MergeCalls may join calls that are no consult pair: held keeps a consult of its own. */
	if (held.consultConnId == current.connId || current.parentConnId == held.connId) {
		held.consultConnId.reset();
		held.consultForTransfer = false;
	}
}

int SwitchCore::findNewParty(const req::DestinationRequest &r, bool (*callReady)(const Call &), Queues queues,
			     PartyOnCall &found, Destination &dest)
{
	if (int code = findParty(r.connId, r.thisDn, PartyState::Established, found))
		return code;
	if (!callReady(*found.call))
		return terr::CallInInvalidState;
	return checkDestination(*found.call, r.thisDn, r.destination, queues, dest);
}

int SwitchCore::checkDestination(const Call &call, const Dn &requester, const Dn &destination, Queues queues,
				 Destination &dest) const
{
	if (destination == requester)
		return terr::InvalidDestinationDn;
	if (int code = resolveDestination(destination, dest))
		return code;
	if (dest.dn == requester)
		return terr::InvalidDestinationDn; /* forwarded back to the requester */
	/* A DN is never on one call twice (a consult's completion would merge it twice). */
	if (call.party(dest.dn))
		return terr::DestinationInvalidState;
	if (queues == Queues::Refused && dest.kind == Destination::Kind::Queue)
		return terr::UnsupportedOperation;
	return refusal(dest);
}

int SwitchCore::consult(const req::DestinationRequest &r, bool forTransfer)
{
	PartyOnCall my;
	Destination dest;
	auto noConsultYet = [](const Call &call) { return !call.consultConnId; };
	if (int code = findNewParty(r, noConsultYet, Queues::Accepted, my, dest))
		return code;
	Call *call = my.call;

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

	changeHold(*call, *my.party, true);

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
	return completeTransfer(r, Pairing::Consult);
}

int SwitchCore::handle(const req::CompleteConference &r)
{
	return completeConference(r, Pairing::Consult);
}

/* TMergeCalls: "the resulting call will have the same conn_id as the held call"; the events
 * are those of the completion the merge type names. */
int SwitchCore::handle(const req::MergeCalls &r)
{
	if (r.mergeType == MergeType::ForConference)
		return completeConference(r, Pairing::Any);
	return completeTransfer(r, Pairing::Any);
}

int SwitchCore::completeTransfer(const req::TwoCallRequest &r, Pairing pairing)
{
	PartyOnCall held;
	PartyOnCall current;
	if (int code = findParties(r, held, current))
		return code;
	if (!canMerge(*held.call, *current.call, r.thisDn, pairing == Pairing::Consult) ||
	    held.call->parties.size() < 2)
		return terr::CannotCompleteTransfer;
	if (held.party->state != PartyState::Held ||
	    (current.party->state != PartyState::Established && current.party->state != PartyState::Dialing))
		return terr::CallInInvalidState;

	ConnId currentId = current.call->connId;
	std::vector<Dn> remaining = othersOf(*held.call, r.thisDn);
	std::vector<Dn> moving = othersOf(*current.call, r.thisDn);

	/* The transferrer leaves both calls, then the consulted parties join the held call. */
	DnRole heldRole = held.party->role;
	held.call->removeParty(r.thisDn);
	Event &leftHeld = emit(EventType::Released, r.thisDn, held.call);
	leftHeld.thisDnRole = heldRole;
	leftHeld.callState = CallState::Transferred;
	setOther(leftHeld, *held.call, remaining.front());
	leftHeld.thirdPartyDn = moving.front();
	leftHeld.thirdPartyDnRole = DnRole::Destination;

	DnRole currentRole = current.party->role;
	current.call->removeParty(r.thisDn);
	Event &leftCurrent = emit(EventType::Released, r.thisDn, current.call);
	leftCurrent.thisDnRole = currentRole;
	leftCurrent.callState = CallState::Transferred;
	setOther(leftCurrent, *current.call, moving.front());
	leftCurrent.thirdPartyDn = remaining.front();

	merge(*held.call, *current.call);

	for (const Dn &dn : remaining) {
		Event &e = emit(EventType::PartyChanged, dn, held.call);
		e.callState = CallState::Transferred;
		e.thirdPartyDn = r.thisDn;
		e.thirdPartyDnRole = DnRole::TransferredBy;
		setOther(e, *held.call, moving.front());
	}
	for (const Dn &dn : moving) {
		Event &e = emit(EventType::PartyChanged, dn, held.call);
		e.callState = CallState::Transferred;
		e.previousConnId = currentId;
		e.thirdPartyDn = r.thisDn;
		e.thirdPartyDnRole = DnRole::TransferredBy;
		setOther(e, *held.call, remaining.front());
	}
	finishIfEmpty(currentId);
	/* Supervisors following the transferrer (scope Agent) leave with it. */
	if (Call *merged = calls_.find(r.heldConnId))
		releaseObserversOf(*merged, r.thisDn);
	return 0;
}

int SwitchCore::completeConference(const req::TwoCallRequest &r, Pairing pairing)
{
	PartyOnCall held;
	PartyOnCall current;
	if (int code = findParties(r, held, current))
		return code;
	if (!canMerge(*held.call, *current.call, r.thisDn, pairing == Pairing::Consult))
		return terr::CannotCompleteConference;
	for (const Party &party : current.call->parties) {
		if (party.state != PartyState::Established)
			return terr::CannotCompleteConference; /* the consulted party has not answered */
	}
	if (held.party->state != PartyState::Held)
		return terr::CallInInvalidState;

	ConnId currentId = current.call->connId;
	/* Everyone on the main call learns of the newcomers, the requester first (as
	 * with SingleStepConference), so its desktop gets the merged participants. */
	std::vector<Dn> existing{r.thisDn};
	for (const Party &party : held.call->parties) {
		if (party.dn != r.thisDn && isMember(party.state))
			existing.push_back(party.dn);
	}
	std::vector<Dn> moving = othersOf(*current.call, r.thisDn);

	/* The consult call goes first (GWS reports the consult Released, then the
	 * parent), then the requester is back on the merged call. */
	DnRole currentRole = current.party->role;
	current.call->removeParty(r.thisDn);
	Event &released = emit(EventType::Released, r.thisDn, current.call);
	released.thisDnRole = currentRole;
	released.callState = CallState::Conferenced;
	setOther(released, *current.call, moving.front());

	for (Party &party : current.call->parties)
		party.role = DnRole::ConferenceMember;
	merge(*held.call, *current.call);
	markConference(*held.call, r.thisDn);

	held.call->party(r.thisDn)->state = PartyState::Established;
	Event &retrieved = emit(EventType::Retrieved, r.thisDn, held.call);
	retrieved.callState = CallState::Conferenced;
	setOther(retrieved, *held.call, moving.front());

	for (const Dn &dn : existing) {
		for (const Dn &newcomer : moving) {
			Event &e = emit(EventType::PartyAdded, dn, held.call);
			e.callState = CallState::Conferenced;
			e.thirdPartyDn = r.thisDn;
			e.thirdPartyDnRole = DnRole::AddedBy;
			e.otherDn = newcomer;
			e.otherDnRole = DnRole::NewParty;
		}
	}
	for (const Dn &dn : moving) {
		Event &e = emit(EventType::PartyChanged, dn, held.call);
		e.callState = CallState::Conferenced;
		e.previousConnId = currentId;
		e.thirdPartyDn = r.thisDn;
		e.thirdPartyDnRole = DnRole::ConferencedBy;
		setOther(e, *held.call, r.thisDn);
	}
	finishIfEmpty(currentId);
	return 0;
}

int SwitchCore::handle(const req::SingleStepTransfer &r)
{
	PartyOnCall my;
	Destination dest;
	auto hasOthers = [](const Call &call) { return call.parties.size() >= 2; };
	if (int code = findNewParty(r, hasOthers, Queues::Refused, my, dest))
		return code;
	Call *call = my.call;

	addUserData(*call, r.userData, r.thisDn);
	std::vector<Dn> remaining = othersOf(*call, r.thisDn);
	DnRole role = my.party->role;
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
	/* Supervisors following the transferrer (scope Agent) leave with it. */
	releaseObserversOf(*call, r.thisDn);
	return 0;
}

int SwitchCore::handle(const req::SingleStepConference &r)
{
	PartyOnCall my;
	Destination dest;
	auto anyCall = [](const Call &) { return true; };
	if (int code = findNewParty(r, anyCall, Queues::Refused, my, dest))
		return code;

	addUserData(*my.call, r.userData, r.thisDn);
	RingSpec spec;
	spec.role = DnRole::ConferenceMember;
	spec.otherDn = r.thisDn;
	spec.joinKind = JoinKind::Conference;
	spec.addedBy = r.thisDn;
	spec.addedByReference = reference_;
	ring(*my.call, dest, spec);
	return 0;
}

int SwitchCore::handle(const req::DeleteFromConference &r)
{
	PartyOnCall my;
	if (int code = findParty(r.connId, r.thisDn, my))
		return code;
	if (my.call->parties.size() < 3 || !my.call->party(r.dnToDrop))
		return terr::PartyNotOnCall;
	if (!isMember(my.party->state))
		return terr::CallInInvalidState;
	ReleaseCause cause;
	cause.thirdPartyDn = r.thisDn;
	cause.thirdPartyRole = DnRole::DeletedBy;
	cause.deleted = true;
	release(r.connId, r.dnToDrop, cause);
	return 0;
}

} /* namespace ctisim::sim */
