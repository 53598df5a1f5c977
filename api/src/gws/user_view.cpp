/* SPDX-License-Identifier: MIT */
/*
 * UserView: per-user call and DN state from backend events.
 */
#include "user_view.h"

#include <algorithm>

#include "call_recording.h"

namespace ctisim::api {

namespace {

/// The ReasonCode of T-Library Reasons, as GWS names a NotReady reason (desktop-fidelity.md §2.4).
std::string reasonCode(const UserData &reasons)
{
	const UserDataValue *code = reasons.find("ReasonCode");
	const auto *text = code ? std::get_if<std::string>(code) : nullptr;
	return text ? *text : std::string();
}

} /* namespace */

UserView::UserView(DirectoryUser user, std::size_t releasedMemory, bool recordsCalls)
    : user_(std::move(user)), releasedMemory_(releasedMemory), recordsCalls_(recordsCalls)
{
}

void UserView::load(DnSnapshotPtr dn, const std::vector<CallSnapshotPtr> &calls)
{
	if (dn)
		dn_ = std::move(dn);
	/* QueryAddress returns the DN's current Reasons: an "Out to Lunch" survives a reload. */
	reason_ = dn_ ? reasonCode(dn_->reasons) : std::string();
	calls_.clear();
	for (const CallSnapshotPtr &call : calls) {
		if (call && call->party(user_.dn))
			track(call);
	}
}

void UserView::track(const CallSnapshotPtr &call)
{
	TrackedCall *tracked = findMutable(call->connId);
	if (!tracked) {
		calls_.push_back(TrackedCall{});
		tracked = &calls_.back();
	}
	tracked->call = call;
	if (const PartySnapshot *own = call->party(user_.dn)) {
		tracked->ownState = own->state;
		tracked->muted = own->muted;
		tracked->observing = own->role == DnRole::Observer ? own->monitorMode : std::nullopt;
	} else {
		tracked->ownState = PartyState::Released;
	}
}

const TrackedCall *UserView::apply(const Event &event)
{
	if (event.dn)
		dn_ = event.dn;
	applyAgentState(event);
	if (!event.call || event.type == EventType::Error)
		return nullptr;
	/* A consult merged into another call: the old call is gone for this user (its id changes). */
	if (event.previousConnId && *event.previousConnId != event.call->connId)
		forget(*event.previousConnId);
	const TrackedCall *before = find(event.call->connId);
	if (!before && !event.call->party(user_.dn))
		return nullptr; /* an event about a call we never saw the user on */
	const auto &consult = event.call->consultConnId;
	const bool newConsult = consult && (!before || before->call->consultConnId != consult);
	track(event.call);
	TrackedCall *tracked = findMutable(event.call->connId);
	/* The user's own InitiateTransfer/InitiateConference: the parent's EventHeld
	 * (with the request's ReferenceID) comes before the consult's EventDialing,
	 * yet GWS lists the consult capabilities on that Held notification already
	 * (reference: "Held parent after InitiateTransfer"). */
	if (event.type == EventType::Held && event.referenceId != 0 && newConsult)
		tracked->initiatedConsult = consult;
	/* Once the consult call is tracked, the pair is found the ordinary way. */
	if (event.call->parentConnId) {
		TrackedCall *parent = findMutable(*event.call->parentConnId);
		if (parent && parent->initiatedConsult == event.call->connId)
			parent->initiatedConsult.reset();
	}
	return tracked;
}

void UserView::applyAgentState(const Event &event)
{
	switch (event.type) {
	case EventType::AgentNotReady:
	case EventType::AgentReady: reason_ = reasonCode(event.reasons); break;
	case EventType::AgentLogin:
	case EventType::AgentLogout: reason_.clear(); break;
	default: break;
	}
}

void UserView::forget(ConnId connId)
{
	auto it = std::find_if(calls_.begin(), calls_.end(),
			       [connId](const TrackedCall &c) { return c.call->connId == connId; });
	if (it == calls_.end())
		return;
	released_.push_back(it->call->callUuid);
	while (released_.size() > releasedMemory_)
		released_.pop_front();
	calls_.erase(it);
}

TrackedCall *UserView::findMutable(ConnId connId)
{
	for (TrackedCall &c : calls_) {
		if (c.call->connId == connId)
			return &c;
	}
	return nullptr;
}

const TrackedCall *UserView::find(ConnId connId) const
{
	return const_cast<UserView *>(this)->findMutable(connId);
}

const TrackedCall *UserView::findById(std::string_view callUuid) const
{
	for (const TrackedCall &c : calls_) {
		if (c.call->callUuid == callUuid)
			return &c;
	}
	return nullptr;
}

bool UserView::wasReleased(std::string_view callUuid) const
{
	return std::find(released_.begin(), released_.end(), callUuid) != released_.end();
}

std::vector<const TrackedCall *> UserView::calls() const
{
	std::vector<const TrackedCall *> out;
	for (const TrackedCall &c : calls_)
		out.push_back(&c);
	return out;
}

const TrackedCall *UserView::related(const TrackedCall &call) const
{
	const TrackedCall *other = nullptr;
	if (call.call->parentConnId)
		other = find(*call.call->parentConnId);
	if (!other && call.call->consultConnId)
		other = find(*call.call->consultConnId);
	if (!other || other->ownState == PartyState::Released || call.ownState == PartyState::Released)
		return nullptr;
	return other;
}

CallContext UserView::context(const TrackedCall &call) const
{
	CallContext c;
	c.ownState = call.ownState;
	c.muted = call.muted;
	c.observing = call.observing;
	/* A supervisor's party counts for no conference rule (docs/call-model.md, "Supervision"). */
	c.partyCount = static_cast<std::size_t>(
		std::count_if(call.call->parties.begin(), call.call->parties.end(),
			      [](const PartySnapshot &p) { return p.role != DnRole::Observer; }));
	c.conferenceOwner = !call.call->conferenceOwner.empty() && call.call->conferenceOwner == user_.dn;
	/* "Recording will stop when the call is completed": a released party's copy shows it stopped. */
	if (recordsCalls_)
		c.recording =
			call.ownState == PartyState::Released ? RecordingState::Stopped : recordingStateOf(*call.call);
	if (const TrackedCall *other = related(call)) {
		if (call.call->parentConnId && *call.call->parentConnId == other->call->connId)
			c.relation = ConsultRelation::Consult;
		else
			c.relation = call.call->consultForTransfer ? ConsultRelation::ParentOfTransfer
								   : ConsultRelation::ParentOfConference;
	} else if (call.initiatedConsult && call.call->consultConnId == call.initiatedConsult &&
		   call.ownState == PartyState::Held) {
		c.relation = call.call->consultForTransfer ? ConsultRelation::ParentOfTransfer
							   : ConsultRelation::ParentOfConference;
	}
	return c;
}

} /* namespace ctisim::api */
