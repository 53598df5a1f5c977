/* SPDX-License-Identifier: MIT */
/*
 * The call operations' parameters and requests.
 */
#include "call_operations.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "ctisim/api/gws_config.h"

#include "resource_json.h"

namespace ctisim::api {

namespace {

bool isValidDtmf(std::string_view digits)
{
	if (digits.empty())
		return false;
	return std::all_of(digits.begin(), digits.end(),
			   [](char c) { return (c >= '0' && c <= '9') || c == '*' || c == '#'; });
}

/// The call id at the end of a call URI or path ("http://h/api/v2/me/calls/ID" → "ID").
std::string_view callIdFromUri(std::string_view uri)
{
	while (!uri.empty() && uri.back() == '/')
		uri.remove_suffix(1);
	std::size_t slash = uri.rfind('/');
	return slash == std::string_view::npos ? uri : uri.substr(slash + 1);
}

} /* namespace */

MaybeError readDestination(const RequestBody &body, req::DestinationRequest &out)
{
	MaybeError error = body.destination(true, out.destination);
	if (!error)
		error = body.string("location", false, out.location);
	if (!error)
		error = body.userData("userData", false, out.userData);
	return error;
}

MaybeError readCallPair(const OperationInput &in, const char *uriParam, req::TwoCallRequest &out)
{
	std::string uri;
	if (MaybeError error = in.body.string(uriParam, false, uri))
		return error;
	const TrackedCall *call = in.call;
	const TrackedCall *other = uri.empty() ? in.view.related(*call) : in.view.findById(callIdFromUri(uri));
	if (!other && !uri.empty())
		return ApiError{status::NotFound, fmt::format("Call {} not found", callIdFromUri(uri))};
	if (!other || other == call)
		return ApiError{status::InvalidState, fmt::format("Operation {} needs a second call", in.name)};
	const TrackedCall *held = call->ownState == PartyState::Held ? call : other;
	const TrackedCall *current = held == call ? other : call;
	if (held->ownState != PartyState::Held)
		return ApiError{status::InvalidState, fmt::format("Operation {} needs one of the calls held", in.name)};
	out = req::TwoCallRequest{in.view.user().dn, held->call->connId, current->call->connId};
	return std::nullopt;
}

MaybeError readUserData(const RequestBody &body, UserData &out)
{
	MaybeError error = body.userData("userData", true, out);
	if (!error && out.empty())
		error = invalid("userData", "must not be empty");
	return error;
}

OperationPlan swapCalls(const OperationInput &in)
{
	req::TwoCallRequest r{};
	if (MaybeError error = readCallPair(in, "otherCallUri", r))
		return *error;
	return OperationPlan::send(req::AlternateCall{r});
}

OperationPlan removeParticipant(const OperationInput &in)
{
	const Dn &dn = in.view.user().dn;
	std::string participant;
	MaybeError error = in.body.string("participant", true, participant);
	if (!error && (participant == dn || !in.call->call->party(participant)))
		error = invalid("participant", "is not a participant of the call");
	if (error)
		return *error;
	return OperationPlan::send(req::DeleteFromConference{dn, in.call->call->connId, participant});
}

OperationPlan sendDtmf(const OperationInput &in)
{
	std::string digits;
	MaybeError error = in.body.string("digits", true, digits);
	if (!error && !isValidDtmf(digits))
		error = invalid("digits", "must be a non-empty string of 0-9, * and #");
	if (error)
		return *error;
	return OperationPlan::send(req::SendDtmf{in.view.user().dn, in.call->call->connId, digits});
}

OperationPlan deleteUserDataPair(const OperationInput &in)
{
	std::string key;
	MaybeError error = in.body.string("key", true, key);
	if (!error && key.empty())
		error = invalid("key", "must not be empty");
	if (error)
		return *error;
	return OperationPlan::send(req::DeleteUserData{in.view.user().dn, in.call->call->connId, key});
}

OperationPlan setCallDisposition(const OperationInput &in)
{
	std::string disposition;
	MaybeError error = in.body.string("disposition", true, disposition);
	/* An ended call takes it too: GWS sends it as a user event, nothing to see. */
	if (!error && !in.call)
		return OperationPlan::answerNow();
	std::string key = in.config.defaultDispositionKey;
	if (!error)
		error = in.body.string("dispositionKey", false, key);
	if (!error && key.empty())
		error = invalid("dispositionKey", "must not be empty");
	if (error)
		return *error;
	return OperationPlan::send(
		req::UpdateUserData{in.view.user().dn, in.call->call->connId, UserData{{key, disposition}}});
}

OperationPlan dial(const OperationInput &in)
{
	req::MakeCall call;
	call.thisDn = in.view.user().dn;
	MaybeError error = in.body.destination(true, call.destination);
	if (!error)
		error = in.body.string("location", false, call.location);
	if (!error)
		error = in.body.userData("userData", false, call.userData);
	/* The number the destination is shown (CallsDial 8.5.2): SIP Server's CPNDigits extension. */
	std::string callerId;
	if (!error)
		error = in.body.string("outboundCallerId", false, callerId);
	if (error)
		return *error;
	if (!callerId.empty())
		call.extensions = UserData{{"CPNDigits", std::move(callerId)}};
	return OperationPlan::send(call);
}

} /* namespace ctisim::api */
