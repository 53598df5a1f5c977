/* SPDX-License-Identifier: MIT */
/*
 * The builders of the call operations' rows (operation_table.h): each reads
 * its parameters from the body, checks them against the call, and makes its
 * request. A row whose parameters have a shape below names the template with
 * its req:: type; the others have a function of their own.
 */
#pragma once

#include "operation_table.h"
#include "user_view.h"

namespace ctisim::api {

/// No parameters (Answer, Hold, Hangup, ...): R names the user's DN and the call.
template <class R> OperationPlan callRequest(const OperationInput &in)
{
	return OperationPlan::send(R{{in.view.user().dn, in.call->call->connId}});
}

/// destination (required), location, userData.
MaybeError readDestination(const RequestBody &body, req::DestinationRequest &out);

/// The call handed over to a destination (InitiateTransfer, SingleStepConference, ...).
template <class R> OperationPlan destinationRequest(const OperationInput &in)
{
	req::DestinationRequest r{in.view.user().dn, in.call->call->connId, {}, {}, {}};
	if (MaybeError error = readDestination(in.body, r))
		return *error;
	return OperationPlan::send(R{r});
}

/// The held and the current call of a pair: this call and the one uriParam names
/// (by default, the call paired with this one by a consult).
MaybeError readCallPair(const OperationInput &in, const char *uriParam, req::TwoCallRequest &out);

/// A consult completed (CompleteTransfer, CompleteConference): consultCallUri.
template <class R> OperationPlan consultRequest(const OperationInput &in)
{
	req::TwoCallRequest r{};
	if (MaybeError error = readCallPair(in, "consultCallUri", r))
		return *error;
	return OperationPlan::send(R{r});
}

/// userData (required, not empty): AttachUserData, UpdateUserData.
MaybeError readUserData(const RequestBody &body, UserData &out);

template <class R> OperationPlan userDataRequest(const OperationInput &in)
{
	UserData data;
	if (MaybeError error = readUserData(in.body, data))
		return *error;
	return OperationPlan::send(R{in.view.user().dn, in.call->call->connId, data});
}

OperationPlan swapCalls(const OperationInput &in);
OperationPlan removeParticipant(const OperationInput &in);
OperationPlan sendDtmf(const OperationInput &in);
OperationPlan deleteUserDataPair(const OperationInput &in);
/// On a live call, an UpdateUserData of the disposition key; on an ended one, nothing to do.
OperationPlan setCallDisposition(const OperationInput &in);
/// A new call from the user's DN.
OperationPlan dial(const OperationInput &in);

} /* namespace ctisim::api */
