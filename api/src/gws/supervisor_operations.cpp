/* SPDX-License-Identifier: MIT */
/*
 * The supervisor's operations: parameters, the checks GWS makes before T-Server
 * sees them (desktop-fidelity.md §6.2 errors), and the T-Library requests
 * (§6.3, §6.4; docs/call-model.md "Supervision").
 */
#include "supervisor_operations.h"

#include <string>
#include <utility>

#include <fmt/format.h>

#include "agent_operations.h"
#include "gws_state.h"
#include "resource_json.h"

namespace ctisim::api {

namespace {

/// An optional parameter with two values: absent = the first (the documented default).
template <class T>
MaybeError readChoice(const RequestBody &body, const char *name, std::pair<const char *, T> first,
		      std::pair<const char *, T> second, T &out)
{
	std::string value = first.first;
	if (MaybeError error = body.string(name, false, value))
		return error;
	if (value != first.first && value != second.first)
		return invalid(name, fmt::format("must be {} or {}", first.first, second.first));
	out = value == first.first ? first.second : second.second;
	return std::nullopt;
}

/// The user whose device targetDeviceUri names: 404 when none has a DN; statusCode 2 for the
/// supervisor's own device, a device another supervisor monitors, or while the supervisor
/// monitors another device (one supervisor per device, one device per supervisor).
MaybeError readTarget(const OperationInput &in, const DirectoryUser *&target)
{
	std::string uri;
	if (MaybeError error = in.body.string("targetDeviceUri", true, uri))
		return error;
	std::string_view deviceId = deviceIdFromUri(uri);
	target = deviceId.empty() ? nullptr : in.state.directory.findByDeviceId(deviceId);
	if (!target || target->dn.empty())
		return ApiError{status::NotFound, fmt::format("Device {} not found", deviceId)};
	const Dn &own = in.view.user().dn;
	if (target->dn == own)
		return ApiError{status::InvalidState, "A supervisor cannot monitor its own device"};
	auto targetView = in.state.views.find(target->id);
	const DnSnapshot *targetDn = targetView == in.state.views.end() ? nullptr : targetView->second.dn();
	if (targetDn && !targetDn->monitoredBy.empty() && targetDn->monitoredBy != own)
		return ApiError{status::InvalidState,
				fmt::format("Device {} is already monitored by another supervisor", deviceId)};
	const DnSnapshot *ownDn = in.view.dn();
	if (ownDn && ownDn->monitoring && ownDn->monitoring->agentDn != target->dn)
		return ApiError{status::InvalidState,
				"The supervisor already monitors another device: CancelSupervisorMonitoring first"};
	return std::nullopt;
}

OperationPlan monitorAgent(const OperationInput &in, MonitorMode mode)
{
	if (MaybeError error = needVoiceDevice(in.view))
		return *error;
	req::MonitorNextCall request;
	const DirectoryUser *target = nullptr;
	MaybeError error = readTarget(in, target);
	if (!error)
		error = readChoice(in.body, "supervisorMonitoringScope", std::pair{"Call", MonitorScope::Call},
				   std::pair{"Agent", MonitorScope::Agent}, request.scope);
	if (!error)
		error = readChoice(in.body, "supervisorMonitoringMode", std::pair{"AllCalls", MonitorType::AllCalls},
				   std::pair{"NextCall", MonitorType::OneCall}, request.monitorType);
	if (error)
		return *error;
	request.thisDn = in.view.user().dn;
	request.agentDn = target->dn;
	request.mode = mode;
	return OperationPlan::send(request);
}

/// The supervisor's party on in.call, when it is there as an observer.
const PartySnapshot *observerParty(const OperationInput &in)
{
	const PartySnapshot *own = in.call->observing ? in.call->call->party(in.view.user().dn) : nullptr;
	return own && own->role == DnRole::Observer ? own : nullptr;
}

ApiError notValidOnCall(const OperationInput &in)
{
	return ApiError{status::InvalidState,
			fmt::format("Operation {} is not valid in the call's current state", in.name)};
}

template <class R> OperationPlan switchMode(const OperationInput &in)
{
	if (!callOperationAllowed(in.view.context(*in.call), in.op))
		return notValidOnCall(in);
	return OperationPlan::send(R{{in.view.user().dn, in.call->call->connId}});
}

template <class R> OperationPlan muteMonitored(const OperationInput &in)
{
	const PartySnapshot *own = observerParty(in);
	if (!own || in.call->ownState != PartyState::Established || !in.call->call->party(own->monitoredDn))
		return notValidOnCall(in);
	/* T-Server mutes the agent's own party: the request names the monitored DN (§6.4). */
	return OperationPlan::send(R{{own->monitoredDn, in.call->call->connId}});
}

} /* namespace */

bool hasSupervisorRole(const DirectoryUser &user)
{
	return hasRole(user, "ROLE_SUPERVISOR");
}

bool maySupervise(const DirectoryUser &user, const GwsConfig &config)
{
	return hasSupervisorRole(user) && config.desktop.hasFeature(requiredFeature(Gate::Supervisor));
}

OperationPlan listenIn(const OperationInput &in)
{
	return monitorAgent(in, MonitorMode::Mute);
}

OperationPlan coach(const OperationInput &in)
{
	return monitorAgent(in, MonitorMode::Coach);
}

OperationPlan bargeIn(const OperationInput &in)
{
	return monitorAgent(in, MonitorMode::Connect);
}

OperationPlan cancelSupervisorMonitoring(const OperationInput &in)
{
	const DnSnapshot *dn = in.view.dn();
	if (!dn || !dn->monitoring)
		return ApiError{status::InvalidState,
				"Operation CancelSupervisorMonitoring is not valid in the device's current state"};
	return OperationPlan::send(req::CancelMonitoring{in.view.user().dn, dn->monitoring->agentDn});
}

OperationPlan switchToListenIn(const OperationInput &in)
{
	return switchMode<req::SetMuteOn>(in);
}

OperationPlan switchToBargeIn(const OperationInput &in)
{
	return switchMode<req::SetMuteOff>(in);
}

OperationPlan muteMonitoredUser(const OperationInput &in)
{
	return muteMonitored<req::SetMuteOn>(in);
}

OperationPlan unmuteMonitoredUser(const OperationInput &in)
{
	return muteMonitored<req::SetMuteOff>(in);
}

} /* namespace ctisim::api */
