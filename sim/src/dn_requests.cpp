/* SPDX-License-Identifier: MIT */
/*
 * Handlers of the requests on a DN rather than a call: agent login, logout,
 * Ready, NotReady, DND, forwarding, QueryAddress.
 */
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "ctisim/tserver_error.h"

#include "switch_core.h"

namespace ctisim::sim {

namespace {

/// The Extensions `WrapUpTime` in seconds (an integer, or digits as T-Server also takes it):
/// 0 when absent; nullopt when it is not a whole number of seconds.
std::optional<std::int64_t> wrapUpSeconds(const UserData &extensions)
{
	const UserDataValue *value = extensions.find("WrapUpTime");
	if (!value)
		return 0;
	if (const auto *number = std::get_if<std::int64_t>(value))
		return *number >= 0 && *number <= 86400 ? std::optional(*number) : std::nullopt;
	const std::string &text = std::get<std::string>(*value);
	if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos)
		return std::nullopt;
	std::int64_t seconds = std::stoll(text);
	return seconds <= 86400 ? std::optional(seconds) : std::nullopt;
}

} /* namespace */

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
	state->wrapUpTimer = 0;
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
	state->wrapUpTimer = 0;
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
	state->wrapUpTimer = 0;
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
	std::optional<std::int64_t> wrapUp = wrapUpSeconds(r.extensions);
	if (!wrapUp)
		return terr::InvalidAttribute;
	/* A new reason with no state change is a legal self-transition: the event is sent again. */
	state->agentState = AgentState::NotReady;
	state->workMode = r.workMode;
	state->reasons = r.reasons;
	state->wrapUpTimer = 0;
	if (r.workMode == WorkMode::AfterCallWork && *wrapUp > 0)
		state->wrapUpTimer = armWrapUp(*wrapUp * 1000, r.thisDn);
	Event &event = emit(EventType::AgentNotReady, r.thisDn, nullptr);
	event.reasons = r.reasons;
	event.extensions = r.extensions;
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
