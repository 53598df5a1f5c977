/* SPDX-License-Identifier: MIT */
/*
 * Handlers of the requests on a DN rather than a call: agent login, logout,
 * Ready, NotReady, DND, forwarding, QueryAddress.
 */
#include "ctisim/tserver_error.h"

#include "switch_core.h"

namespace ctisim::sim {

int SwitchCore::requireExtension(const Dn &dn, DnState *&state)
{
	state = dns_.find(dn);
	if (!state || !state->configured)
		return terr::NotConfigured;
	if (state->type() != DnType::Extension)
		return terr::UnsupportedOperation;
	return 0;
}

int SwitchCore::handle(const req::AgentLogin &r)
{
	DnState *state;
	if (int code = requireExtension(r.thisDn, state))
		return code;
	if (state->agentState != AgentState::LoggedOut)
		return terr::AgentAlreadyLoggedIn;
	state->agentState = AgentState::NotReady;
	state->agentId = r.agentId;
	state->workMode = WorkMode::Unknown;
	state->reasons.clear();
	emit(EventType::AgentLogin, r.thisDn, nullptr);
	return 0;
}

int SwitchCore::handle(const req::AgentLogout &r)
{
	DnState *state;
	if (int code = requireExtension(r.thisDn, state))
		return code;
	if (state->agentState == AgentState::LoggedOut)
		return terr::AgentNotLoggedIn;
	state->agentState = AgentState::LoggedOut;
	state->agentId.clear();
	state->workMode = WorkMode::Unknown;
	state->reasons.clear();
	emit(EventType::AgentLogout, r.thisDn, nullptr);
	return 0;
}

int SwitchCore::handle(const req::AgentReady &r)
{
	DnState *state;
	if (int code = requireExtension(r.thisDn, state))
		return code;
	if (state->agentState == AgentState::LoggedOut)
		return terr::AgentNotLoggedIn;
	if (r.workMode != WorkMode::ManualIn && r.workMode != WorkMode::AutoIn && r.workMode != WorkMode::Unknown)
		return terr::InvalidAttribute;
	state->agentState = AgentState::Ready;
	state->workMode = r.workMode;
	state->reasons = r.reasons;
	emit(EventType::AgentReady, r.thisDn, nullptr).reasons = r.reasons;
	return 0;
}

int SwitchCore::handle(const req::AgentNotReady &r)
{
	DnState *state;
	if (int code = requireExtension(r.thisDn, state))
		return code;
	if (state->agentState == AgentState::LoggedOut)
		return terr::AgentNotLoggedIn;
	if (r.workMode != WorkMode::Unknown && r.workMode != WorkMode::AfterCallWork &&
	    r.workMode != WorkMode::AuxWork && r.workMode != WorkMode::NoCallDisconnect &&
	    r.workMode != WorkMode::WalkAway)
		return terr::InvalidAttribute;
	/* A new reason with no state change is a legal self-transition: the event is sent again. */
	state->agentState = AgentState::NotReady;
	state->workMode = r.workMode;
	state->reasons = r.reasons;
	emit(EventType::AgentNotReady, r.thisDn, nullptr).reasons = r.reasons;
	return 0;
}

int SwitchCore::handle(const req::SetDndOn &r)
{
	DnState *state;
	if (int code = requireExtension(r.thisDn, state))
		return code;
	state->dnd = true;
	emit(EventType::DndOn, r.thisDn, nullptr);
	return 0;
}

int SwitchCore::handle(const req::SetDndOff &r)
{
	DnState *state;
	if (int code = requireExtension(r.thisDn, state))
		return code;
	state->dnd = false;
	emit(EventType::DndOff, r.thisDn, nullptr);
	return 0;
}

int SwitchCore::handle(const req::CallForwardSet &r)
{
	DnState *state;
	if (int code = requireExtension(r.thisDn, state))
		return code;
	if (r.destination.empty() || r.destination == r.thisDn)
		return terr::InvalidDestinationDn;
	if (!dns_.known(r.destination))
		return terr::NotConfigured;
	state->forwardTo = r.destination;
	Event &event = emit(EventType::ForwardSet, r.thisDn, nullptr);
	event.otherDn = r.destination;
	return 0;
}

int SwitchCore::handle(const req::CallForwardCancel &r)
{
	DnState *state;
	if (int code = requireExtension(r.thisDn, state))
		return code;
	state->forwardTo.clear();
	emit(EventType::ForwardCancel, r.thisDn, nullptr);
	return 0;
}

int SwitchCore::handle(const req::QueryAddress &r)
{
	if (dns_.find(r.thisDn))
		result_->dn = dns_.snapshot(r.thisDn);
	else
		result_->dn = std::make_shared<const DnSnapshot>(dns_.peek(r.thisDn));
	for (const auto &[id, call] : calls_.all()) {
		if (call.party(r.thisDn) || call.queuedAt == r.thisDn)
			result_->calls.push_back(calls_.snapshot(call));
	}
	return 0;
}

} /* namespace ctisim::sim */
