/* SPDX-License-Identifier: MIT */
/*
 * Requests to the switch: one value type per T-Library request the Voice API
 * needs, named after the T-Library function without its leading 'T'.
 *
 * Every request names the DN that sends it (thisDn), like the T-Library's `dn`
 * argument. Requests from a DN nobody controls (an external number, an extension
 * with no agent) are how the sandbox drives remote parties: an inbound call is a
 * MakeCall from an external number, a remote answer is an AnswerCall on its DN.
 *
 * Each type says beside its members which of them travel on the wire and in
 * which order: `wireFields(v)` calls v(key, &Type::member) for each, and the
 * wire codec (lib/src/wire/request_json.cpp) both writes and reads that list.
 * A type that adds members to a shape it derives from adds its own wireFields().
 * The types are listed once, in CTISIM_REQUESTS below, with their tlib.h names.
 */
#pragma once

#include <string>
#include <variant>

#include "ctisim/conn_id.h"
#include "ctisim/telephony_types.h"
#include "ctisim/user_data.h"

namespace ctisim {

namespace req {

struct MakeCall {
	Dn thisDn;
	Dn destination;
	std::string location;
	UserData userData;
	/// T-Library extensions; SIP Server reads `CPNDigits`, the calling number the destination is shown.
	UserData extensions;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &MakeCall::thisDn);
		v("destination", &MakeCall::destination);
		v("location", &MakeCall::location);
		v("userData", &MakeCall::userData);
		v("extensions", &MakeCall::extensions);
	}
};

/// The shape shared by requests that name one call: Answer, Release, Clear, Hold,
/// Retrieve, SetMuteOn/Off, DeleteAllUserData.
struct CallRequest {
	Dn thisDn;
	ConnId connId;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &CallRequest::thisDn);
		v("connId", &CallRequest::connId);
	}
};

struct AnswerCall : CallRequest {
};
struct ReleaseCall : CallRequest {
};
struct ClearCall : CallRequest {
};
struct HoldCall : CallRequest {
};
struct RetrieveCall : CallRequest {
};
struct SetMuteOn : CallRequest {
};
struct SetMuteOff : CallRequest {
};
struct DeleteAllUserData : CallRequest {
};

/// The shape shared by requests that take a call to a destination.
struct DestinationRequest {
	Dn thisDn;
	ConnId connId;
	Dn destination;
	std::string location;
	UserData userData;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &DestinationRequest::thisDn);
		v("connId", &DestinationRequest::connId);
		v("destination", &DestinationRequest::destination);
		v("location", &DestinationRequest::location);
		v("userData", &DestinationRequest::userData);
	}
};

struct InitiateTransfer : DestinationRequest {
};
struct InitiateConference : DestinationRequest {
};
struct SingleStepTransfer : DestinationRequest {
};
struct SingleStepConference : DestinationRequest {
};

/// The shape shared by requests that pair a held call with the current one.
struct TwoCallRequest {
	Dn thisDn;
	ConnId heldConnId;
	ConnId currentConnId;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &TwoCallRequest::thisDn);
		v("heldConnId", &TwoCallRequest::heldConnId);
		v("currentConnId", &TwoCallRequest::currentConnId);
	}
};

struct CompleteTransfer : TwoCallRequest {
};
struct CompleteConference : TwoCallRequest {
};
struct AlternateCall : TwoCallRequest {
};
/// TReconnectCall: thisDn leaves the current call and retrieves the held one.
struct ReconnectCall : TwoCallRequest {
};
/// TMergeCalls: the held and the current call become one (the held call's), as a transfer or a
/// conference completes, but the two calls need not be a consult pair.
struct MergeCalls : TwoCallRequest {
	MergeType mergeType = MergeType::ForTransfer;

	template <class V> static void wireFields(V &v)
	{
		TwoCallRequest::wireFields(v);
		v("mergeType", &MergeCalls::mergeType);
	}
};

/// TRedirectCall: a call ringing at thisDn rings at destination instead, unanswered.
struct RedirectCall {
	Dn thisDn;
	ConnId connId;
	Dn destination;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &RedirectCall::thisDn);
		v("connId", &RedirectCall::connId);
		v("destination", &RedirectCall::destination);
	}
};

struct DeleteFromConference {
	Dn thisDn;
	ConnId connId;
	Dn dnToDrop;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &DeleteFromConference::thisDn);
		v("connId", &DeleteFromConference::connId);
		v("dnToDrop", &DeleteFromConference::dnToDrop);
	}
};

struct SendDtmf {
	Dn thisDn;
	ConnId connId;
	std::string digits;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &SendDtmf::thisDn);
		v("connId", &SendDtmf::connId);
		v("digits", &SendDtmf::digits);
	}
};

/// The shape shared by AttachUserData (appends) and UpdateUserData (replaces in place).
struct UserDataRequest {
	Dn thisDn;
	ConnId connId;
	UserData userData;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &UserDataRequest::thisDn);
		v("connId", &UserDataRequest::connId);
		v("userData", &UserDataRequest::userData);
	}
};

struct AttachUserData : UserDataRequest {
};

struct UpdateUserData : UserDataRequest {
};

/// Deletes one key (TDeleteUserData).
struct DeleteUserData {
	Dn thisDn;
	ConnId connId;
	std::string key;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &DeleteUserData::thisDn);
		v("connId", &DeleteUserData::connId);
		v("key", &DeleteUserData::key);
	}
};

/// TSendUserEvent: an EventUserEvent with this data to thisDn's listeners. The switch does not
/// check what the event names (connId and callUuid may be those of a call that has ended).
struct SendUserEvent {
	Dn thisDn;
	ConnId connId;
	std::string callUuid;
	UserData userData;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &SendUserEvent::thisDn);
		v("connId", &SendUserEvent::connId);
		v("callUuid", &SendUserEvent::callUuid);
		v("userData", &SendUserEvent::userData);
	}
};

struct AgentLogin {
	Dn thisDn;
	std::string agentId;
	std::string queue;
	WorkMode workMode = WorkMode::ManualIn;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &AgentLogin::thisDn);
		v("agentId", &AgentLogin::agentId);
		v("queue", &AgentLogin::queue);
		v("workMode", &AgentLogin::workMode);
	}
};

struct AgentLogout {
	Dn thisDn;
	std::string queue;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &AgentLogout::thisDn);
		v("queue", &AgentLogout::queue);
	}
};

/// T-Library `Reasons` (e.g. {"ReasonCode":"Lunch"}): echoed on the event and kept as the DN's
/// current reason until the next agent-state change, so QueryAddress returns it.
struct AgentReady {
	Dn thisDn;
	WorkMode workMode = WorkMode::ManualIn; ///< ManualIn, AutoIn or Unknown
	UserData reasons;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &AgentReady::thisDn);
		v("workMode", &AgentReady::workMode);
		v("reasons", &AgentReady::reasons);
	}
};

struct AgentNotReady {
	Dn thisDn;
	/// Unknown, AfterCallWork, AuxWork, NoCallDisconnect or WalkAway
	WorkMode workMode = WorkMode::Unknown;
	UserData reasons;
	/// T-Library extensions; with AfterCallWork, `WrapUpTime` (seconds) ends the wrap-up: the
	/// agent is made Ready that long after, unless its state changed meanwhile (0: no end).
	UserData extensions;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &AgentNotReady::thisDn);
		v("workMode", &AgentNotReady::workMode);
		v("reasons", &AgentNotReady::reasons);
		v("extensions", &AgentNotReady::extensions);
	}
};

/// The shape shared by requests that name only their DN: SetDndOn/Off, CallForwardCancel,
/// QueryAddress.
struct DnRequest {
	Dn thisDn;

	template <class V> static void wireFields(V &v) { v("thisDn", &DnRequest::thisDn); }
};

struct SetDndOn : DnRequest {
};

struct SetDndOff : DnRequest {
};

/// Unconditional forwarding (TCallSetForward, ForwardModeUnconditional).
struct CallForwardSet {
	Dn thisDn;
	Dn destination;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &CallForwardSet::thisDn);
		v("destination", &CallForwardSet::destination);
	}
};

struct CallForwardCancel : DnRequest {
};

/// TMonitorNextCall: thisDn (the supervisor) supervises agentDn's next call (OneCall) or every
/// call (AllCalls), joining it as an observer in the given mode; MonitorMode and MonitorScope are
/// SIP Server's extensions of the request.
struct MonitorNextCall {
	Dn thisDn;
	Dn agentDn;
	MonitorType monitorType = MonitorType::OneCall;
	MonitorMode mode = MonitorMode::Mute;
	MonitorScope scope = MonitorScope::Call;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &MonitorNextCall::thisDn);
		v("agentDn", &MonitorNextCall::agentDn);
		v("monitorType", &MonitorNextCall::monitorType);
		v("mode", &MonitorNextCall::mode);
		v("scope", &MonitorNextCall::scope);
	}
};

/// TCancelMonitoring: thisDn stops supervising agentDn (a call it is on goes on).
struct CancelMonitoring {
	Dn thisDn;
	Dn agentDn;

	template <class V> static void wireFields(V &v)
	{
		v("thisDn", &CancelMonitoring::thisDn);
		v("agentDn", &CancelMonitoring::agentDn);
	}
};

/// TQueryAddress: the DN's state and the calls it is on, in the result.
struct QueryAddress : DnRequest {
};

} /* namespace req */

/// The requests, listed once: X(type, name), the name as tlib.h spells the request's message.
/// The Request variant (in this order) and requestName() come from this list.
#define CTISIM_REQUESTS(X)                                                                                             \
	X(MakeCall, "RequestMakeCall")                                                                                 \
	X(AnswerCall, "RequestAnswerCall")                                                                             \
	X(ReleaseCall, "RequestReleaseCall")                                                                           \
	X(ClearCall, "RequestClearCall")                                                                               \
	X(HoldCall, "RequestHoldCall")                                                                                 \
	X(RetrieveCall, "RequestRetrieveCall")                                                                         \
	X(InitiateTransfer, "RequestInitiateTransfer")                                                                 \
	X(CompleteTransfer, "RequestCompleteTransfer")                                                                 \
	X(InitiateConference, "RequestInitiateConference")                                                             \
	X(CompleteConference, "RequestCompleteConference")                                                             \
	X(SingleStepTransfer, "RequestSingleStepTransfer")                                                             \
	X(SingleStepConference, "RequestSingleStepConference")                                                         \
	X(DeleteFromConference, "RequestDeleteFromConference")                                                         \
	X(AlternateCall, "RequestAlternateCall")                                                                       \
	X(SendDtmf, "RequestSendDTMF")                                                                                 \
	X(SetMuteOn, "RequestSetMuteOn")                                                                               \
	X(SetMuteOff, "RequestSetMuteOff")                                                                             \
	X(AttachUserData, "RequestAttachUserData")                                                                     \
	X(UpdateUserData, "RequestUpdateUserData")                                                                     \
	X(DeleteUserData, "RequestDeletePair")                                                                         \
	X(DeleteAllUserData, "RequestDeleteUserData")                                                                  \
	X(AgentLogin, "RequestAgentLogin")                                                                             \
	X(AgentLogout, "RequestAgentLogout")                                                                           \
	X(AgentReady, "RequestAgentReady")                                                                             \
	X(AgentNotReady, "RequestAgentNotReady")                                                                       \
	X(SetDndOn, "RequestSetDNDOn")                                                                                 \
	X(SetDndOff, "RequestSetDNDOff")                                                                               \
	X(CallForwardSet, "RequestCallForwardSet")                                                                     \
	X(CallForwardCancel, "RequestCallForwardCancel")                                                               \
	X(QueryAddress, "RequestQueryAddress")                                                                         \
	X(MonitorNextCall, "RequestMonitorNextCall")                                                                   \
	X(CancelMonitoring, "RequestCancelMonitoring")                                                                 \
	X(RedirectCall, "RequestRedirectCall")                                                                         \
	X(ReconnectCall, "RequestReconnectCall")                                                                       \
	X(MergeCalls, "RequestMergeCalls")                                                                             \
	X(SendUserEvent, "RequestDistributeUserEvent") /* TSendUserEvent sends tlib.h's RequestDistributeUserEvent */

namespace req {
/// std::variant of the types after the first (a `void` that lets the list put a comma before each).
template <class First, class... Types> using VariantOfRest = std::variant<Types...>;
} /* namespace req */

#define CTISIM_REQUEST_ALTERNATIVE(type, name) , req::type
using Request = req::VariantOfRest<void CTISIM_REQUESTS(CTISIM_REQUEST_ALTERNATIVE)>;
#undef CTISIM_REQUEST_ALTERNATIVE

/// "RequestMakeCall", "RequestSingleStepConference", ... (tlib.h spelling).
const char *requestName(const Request &request);

/// The DN that sends the request.
const Dn &requestDn(const Request &request);

} /* namespace ctisim */
