/* SPDX-License-Identifier: MIT */
/*
 * The v3 voice table and its builders.
 */
#include "workspace/voice_operations.h"

#include <array>

#include <fmt/format.h>

#include "gws/call_recording.h"
#include "workspace/kv_list.h"

namespace ctisim::api::workspace {

namespace {

const Dn &ownDn(const VoiceInput &in)
{
	return in.ws.view.user().dn;
}

ConnId callOf(const VoiceInput &in)
{
	return in.call->call->connId;
}

/// A string member of data; required ones must be non-empty.
MaybeError readString(const VoiceInput &in, const char *name, bool required, std::string &out)
{
	if (MaybeError error = in.body.string(name, required, out))
		return error;
	if (required && out.empty())
		return invalid(name, "must not be empty");
	return std::nullopt;
}

/// A kv list member of data (userData, reasons, extensions); absent = empty.
MaybeError readKv(const VoiceInput &in, const char *name, UserData &out)
{
	const rapidjson::Value *list = in.body.member(name);
	return list ? readKvList(*list, name, out) : std::nullopt;
}

/// Another call of the user's named by a member of data (parentConnId, heldConnId, otherConnId).
MaybeError readOtherCall(const VoiceInput &in, const char *name, ConnId &out)
{
	std::string text;
	if (MaybeError error = readString(in, name, true, text))
		return error;
	std::optional<ConnId> id = ConnId::parse(text);
	if (!id || !in.ws.view.find(*id))
		return ApiError{rest::status::NotFound, fmt::format("Call {} not found", text)};
	out = *id;
	return std::nullopt;
}

template <class R> VoicePlan dnRequest(const VoiceInput &in)
{
	return Request(R{ownDn(in)});
}

template <class R> VoicePlan callRequest(const VoiceInput &in)
{
	return Request(R{{ownDn(in), callOf(in)}});
}

template <class R> VoicePlan destinationRequest(const VoiceInput &in)
{
	req::DestinationRequest r{ownDn(in), callOf(in), {}, {}, {}};
	MaybeError error = readString(in, "destination", true, r.destination);
	if (!error)
		error = readString(in, "location", false, r.location);
	if (!error)
		error = readKv(in, "userData", r.userData);
	if (error)
		return *error;
	return Request(R{r});
}

/// complete-conference, complete-transfer: this is the consult, data.parentConnId the held call.
template <class R> VoicePlan consultRequest(const VoiceInput &in)
{
	req::TwoCallRequest r{ownDn(in), {}, callOf(in)};
	if (MaybeError error = readOtherCall(in, "parentConnId", r.heldConnId))
		return *error;
	return Request(R{r});
}

template <class R> VoicePlan userDataRequest(const VoiceInput &in)
{
	const rapidjson::Value *list = in.body.member("userData");
	if (!list)
		return *missing("userData");
	UserData data;
	if (MaybeError error = readKvList(*list, "userData", data))
		return *error;
	if (data.empty())
		return *invalid("userData", "must not be empty");
	return Request(R{ownDn(in), callOf(in), std::move(data)});
}

template <RecordingState to> VoicePlan recordingRequest(const VoiceInput &in)
{
	const CallSnapshot &call = *in.call->call;
	return Request(req::UpdateUserData{ownDn(in), call.connId,
					   recordingUserData(call, ownDn(in), in.state.config.publicBaseUrl, to)});
}

/// TRedirectCall: a ringing call to data.destination, unanswered.
VoicePlan redirect(const VoiceInput &in)
{
	req::RedirectCall r{ownDn(in), callOf(in), {}};
	if (MaybeError error = readString(in, "destination", true, r.destination))
		return *error;
	return Request(r);
}

/// A request on this call and the user's other call, data.heldConnId: TAlternateCall (swap to the
/// held call) and TReconnectCall (leave this call, retrieve the held one).
template <class R> VoicePlan heldCallRequest(const VoiceInput &in)
{
	R r{{ownDn(in), {}, callOf(in)}};
	if (MaybeError error = readOtherCall(in, "heldConnId", r.heldConnId))
		return *error;
	return Request(r);
}

/// TMergeCalls of this call and data.otherConnId: the one the user holds is the held call
/// (TMergeCalls keeps its connId); merged as a conference (docs/workspace-api.md).
VoicePlan merge(const VoiceInput &in)
{
	req::MergeCalls r{{ownDn(in), {}, callOf(in)}, MergeType::ForConference};
	if (MaybeError error = readOtherCall(in, "otherConnId", r.heldConnId))
		return *error;
	if (in.call->ownState == PartyState::Held)
		std::swap(r.heldConnId, r.currentConnId);
	return Request(r);
}

/// TSendUserEvent: data.userData to the user's DN's listeners, about data.callUuid when given.
VoicePlan sendUserEvent(const VoiceInput &in)
{
	req::SendUserEvent r{ownDn(in), {}, {}, {}};
	const rapidjson::Value *list = in.body.member("userData");
	if (!list)
		return *missing("userData");
	MaybeError error = readKvList(*list, "userData", r.userData);
	if (!error)
		error = readString(in, "callUuid", false, r.callUuid);
	if (error)
		return *error;
	if (const TrackedCall *call = r.callUuid.empty() ? nullptr : in.ws.view.findById(r.callUuid))
		r.connId = call->call->connId;
	return Request(r);
}

VoicePlan ready(const VoiceInput &in)
{
	req::AgentReady r{ownDn(in), WorkMode::ManualIn, {}};
	std::string mode;
	MaybeError error = readString(in, "agentWorkMode", false, mode);
	if (!error && !mode.empty() && mode != "ManualIn" && mode != "AutoIn")
		error = invalid("agentWorkMode", "must be ManualIn or AutoIn");
	if (!error)
		error = readKv(in, "reasons", r.reasons);
	if (error)
		return *error;
	if (mode == "AutoIn")
		r.workMode = WorkMode::AutoIn;
	return Request(r);
}

/// agentWorkMode as the model lists it; LegalGuard has no T-Library work mode the switch knows.
VoicePlan notReady(const VoiceInput &in)
{
	req::AgentNotReady r{ownDn(in), WorkMode::Unknown, {}, {}};
	std::string mode, reason;
	MaybeError error = readString(in, "agentWorkMode", false, mode);
	if (!error)
		error = readKv(in, "reasons", r.reasons);
	/* The JS wrapper sends reasonCode at the top level, the model and Java in data. */
	if (!error)
		error = readString(in, "reasonCode", false, reason);
	if (!error && reason.empty())
		error = in.top.string("reasonCode", false, reason);
	if (error)
		return *error;
	if (mode == "AfterCallWork")
		r.workMode = WorkMode::AfterCallWork;
	else if (mode == "AuxWork")
		r.workMode = WorkMode::AuxWork;
	else if (mode == "NoCallDisconnect")
		r.workMode = WorkMode::NoCallDisconnect;
	else if (mode == "WalkAway")
		r.workMode = WorkMode::WalkAway;
	else if (!mode.empty())
		return *invalid("agentWorkMode", "must be AfterCallWork, AuxWork, NoCallDisconnect or WalkAway");
	if (!reason.empty())
		r.reasons.update(UserData{{"ReasonCode", reason}});
	return Request(r);
}

VoicePlan login(const VoiceInput &in)
{
	return Request(req::AgentLogin{ownDn(in), in.ws.view.user().agentId, {}, WorkMode::ManualIn});
}

VoicePlan logout(const VoiceInput &in)
{
	return Request(req::AgentLogout{ownDn(in), {}});
}

VoicePlan setForward(const VoiceInput &in)
{
	req::CallForwardSet r{ownDn(in), {}};
	if (MaybeError error = readString(in, "forwardTo", true, r.destination))
		return *error;
	return Request(r);
}

VoicePlan makeCall(const VoiceInput &in)
{
	req::MakeCall r{ownDn(in), {}, {}, {}, {}};
	MaybeError error = readString(in, "destination", true, r.destination);
	if (!error)
		error = readString(in, "location", false, r.location);
	if (!error)
		error = readKv(in, "userData", r.userData);
	if (!error)
		error = readKv(in, "extensions", r.extensions);
	std::string callerId;
	if (!error)
		error = readString(in, "outboundCallerId", false, callerId);
	if (error)
		return *error;
	/* SIP Server's calling number for the destination (as GWS's Dial outboundCallerId). */
	if (!callerId.empty())
		r.extensions.update(UserData{{"CPNDigits", callerId}});
	return Request(r);
}

VoicePlan deleteFromConference(const VoiceInput &in)
{
	req::DeleteFromConference r{ownDn(in), callOf(in), {}};
	if (MaybeError error = readString(in, "dnToDrop", true, r.dnToDrop))
		return *error;
	return Request(r);
}

VoicePlan deleteUserDataPair(const VoiceInput &in)
{
	req::DeleteUserData r{ownDn(in), callOf(in), {}};
	if (MaybeError error = readString(in, "key", true, r.key))
		return *error;
	return Request(r);
}

VoicePlan sendDtmf(const VoiceInput &in)
{
	req::SendDtmf r{ownDn(in), callOf(in), {}};
	if (MaybeError error = readString(in, "dtmfDigits", true, r.digits))
		return *error;
	return Request(r);
}

/// The client completes a call after Released; the switch has nothing to complete (calls are
/// completed on release, the model's default autoCompleteCall).
VoicePlan complete(const VoiceInput &)
{
	return VoicePlan::nothing();
}

bool isSupervisor(const VoiceInput &in)
{
	return hasRole(in.ws.view.user(), "ROLE_SUPERVISOR");
}

ApiError notSupervisor()
{
	return ApiError{rest::status::PermissionDenied, "The user does not have permission to perform this operation"};
}

/// TMonitorNextCall: data.phoneNumberToMonitor (an agent's DN), monitoringNextCallType
/// OneCall|AllCalls, monitoringScope Call|Agent, monitoringMode Mute|Coach|Connect.
VoicePlan startMonitoring(const VoiceInput &in)
{
	if (!isSupervisor(in))
		return notSupervisor();
	req::MonitorNextCall r;
	r.thisDn = ownDn(in);
	std::string type, scope, mode;
	MaybeError error = readString(in, "phoneNumberToMonitor", true, r.agentDn);
	if (!error)
		error = readString(in, "monitoringNextCallType", false, type);
	if (!error)
		error = readString(in, "monitoringScope", false, scope);
	if (!error)
		error = readString(in, "monitoringMode", false, mode);
	if (error)
		return *error;
	if (type == "AllCalls")
		r.monitorType = MonitorType::AllCalls;
	else if (!type.empty() && type != "OneCall")
		return *invalid("monitoringNextCallType", "must be OneCall or AllCalls");
	if (scope == "Agent")
		r.scope = MonitorScope::Agent;
	else if (!scope.empty() && scope != "Call")
		return *invalid("monitoringScope", "must be Call or Agent");
	if (mode == "Coach")
		r.mode = MonitorMode::Coach;
	else if (mode == "Connect")
		r.mode = MonitorMode::Connect;
	else if (!mode.empty() && mode != "Mute")
		return *invalid("monitoringMode", "must be Mute, Coach or Connect");
	return Request(r);
}

VoicePlan stopMonitoring(const VoiceInput &in)
{
	if (!isSupervisor(in))
		return notSupervisor();
	const DnSnapshot *dn = in.ws.view.dn();
	std::string agent;
	if (MaybeError error = readString(in, "phoneNumberToMonitor", false, agent))
		return *error;
	if (agent.empty() && dn && dn->monitoring)
		agent = dn->monitoring->agentDn;
	if (agent.empty())
		return *missing("phoneNumberToMonitor");
	return Request(req::CancelMonitoring{ownDn(in), agent});
}

/// A supervisor's mode on the monitored call: the party's mute (listen-in) or not (barge-in).
template <class R> VoicePlan switchMode(const VoiceInput &in)
{
	if (!isSupervisor(in))
		return notSupervisor();
	return callRequest<R>(in);
}

VoicePlan switchToCoaching(const VoiceInput &in)
{
	if (!isSupervisor(in))
		return notSupervisor();
	return VoicePlan::notSupported(
		"coaching cannot be resumed on a monitoring call (the switch has no such request)");
}

using enum VoicePlace;

// clang-format off
const std::array<VoiceRow, 40> table = {{
	/* the agent and the DN */
	{"ready",                  Dn,   ready},
	{"not-ready",              Dn,   notReady},
	{"dnd-on",                 Dn,   dnRequest<req::SetDndOn>},
	{"dnd-off",                Dn,   dnRequest<req::SetDndOff>},
	{"login",                  Dn,   login},
	{"logout",                 Dn,   logout},
	{"set-forward",            Dn,   setForward},
	{"cancel-forward",         Dn,   dnRequest<req::CallForwardCancel>},
	{"make-call",              Dn,   makeCall},
	{"send-user-event",        Dn,   sendUserEvent},
	{"start-monitoring",       Dn,   startMonitoring},
	{"stop-monitoring",        Dn,   stopMonitoring},
	/* a call */
	{"answer",                 Call, callRequest<req::AnswerCall>},
	{"hold",                   Call, callRequest<req::HoldCall>},
	{"retrieve",               Call, callRequest<req::RetrieveCall>},
	{"release",                Call, callRequest<req::ReleaseCall>},
	{"clear",                  Call, callRequest<req::ClearCall>},
	{"redirect",               Call, redirect},
	{"initiate-conference",    Call, destinationRequest<req::InitiateConference>},
	{"complete-conference",    Call, consultRequest<req::CompleteConference>},
	{"delete-from-conference", Call, deleteFromConference},
	{"initiate-transfer",      Call, destinationRequest<req::InitiateTransfer>},
	{"complete-transfer",      Call, consultRequest<req::CompleteTransfer>},
	{"alternate",              Call, heldCallRequest<req::AlternateCall>},
	{"merge",                  Call, merge},
	{"reconnect",              Call, heldCallRequest<req::ReconnectCall>},
	{"single-step-conference", Call, destinationRequest<req::SingleStepConference>},
	{"single-step-transfer",   Call, destinationRequest<req::SingleStepTransfer>},
	{"attach-user-data",       Call, userDataRequest<req::AttachUserData>},
	{"update-user-data",       Call, userDataRequest<req::UpdateUserData>},
	{"delete-user-data-pair",  Call, deleteUserDataPair},
	{"send-dtmf",              Call, sendDtmf},
	{"start-recording",        Call, recordingRequest<RecordingState::Recording>},
	{"pause-recording",        Call, recordingRequest<RecordingState::Paused>},
	{"resume-recording",       Call, recordingRequest<RecordingState::Recording>},
	{"stop-recording",         Call, recordingRequest<RecordingState::Stopped>},
	{"complete",               Call, complete},
	{"switch-to-listen-in",    Call, switchMode<req::SetMuteOn>},
	{"switch-to-coaching",     Call, switchToCoaching},
	{"switch-to-barge-in",     Call, switchMode<req::SetMuteOff>},
}};
// clang-format on

} /* namespace */

const VoiceRow *findVoiceRow(std::string_view path, VoicePlace place)
{
	for (const VoiceRow &row : table) {
		if (row.path == path && row.place == place)
			return &row;
	}
	return nullptr;
}

std::span<const VoiceRow> voiceTable()
{
	return table;
}

} /* namespace ctisim::api::workspace */
