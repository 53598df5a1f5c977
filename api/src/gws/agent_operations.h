/* SPDX-License-Identifier: MIT */
/*
 * The builders of the agent's and the device's rows (operation_table.h): the
 * contact-center session, the agent state on the voice channel, do-not-disturb
 * and forwarding.
 */
#pragma once

#include "operation_table.h"
#include "user_view.h"

namespace ctisim::api {

OperationPlan startContactCenterSession(const OperationInput &in);
/// Logs the agent out if logged in; the HTTP session ends either way.
OperationPlan endContactCenterSession(const OperationInput &in);

/// Agent-state operations need the user's DN: statusCode 2 without one.
MaybeError needVoiceDevice(const UserView &view);

/// The request of an agent state: the one place a NotReady reason goes on the
/// request, as T-Library Reasons {"ReasonCode": reason} (desktop-fidelity.md §2.4).
OperationPlan agentStatePlan(const Dn &dn, bool ready, WorkMode mode, std::string reason = {});

OperationPlan ready(const OperationInput &in);

/// NotReady in a work mode (Unknown: plain NotReady).
template <WorkMode mode> OperationPlan notReady(const OperationInput &in)
{
	if (MaybeError error = needVoiceDevice(in.view))
		return *error;
	return agentStatePlan(in.view.user().dn, false, mode);
}

/// A catalogue state (OutToLunch, ...): its state, work mode and reason.
OperationPlan catalogueState(const OperationInput &in);
/// The row catalogue operations are dispatched by: accepted at /me and
/// /me/channels/voice, built by catalogueState from the name in the body.
const OperationRow &catalogueStateRow();

/// NotReady in AfterCallWork; wrapUpTime, if given, must be a string.
OperationPlan afterCallWork(const OperationInput &in);

/// No parameters (DoNotDisturbOn, ...): R names the user's DN.
template <class R> OperationPlan deviceRequest(const OperationInput &in)
{
	if (MaybeError error = needVoiceDevice(in.view))
		return *error;
	return OperationPlan::send(R{in.view.user().dn});
}

OperationPlan forwardCallsOn(const OperationInput &in);

} /* namespace ctisim::api */
