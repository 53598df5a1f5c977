/* SPDX-License-Identifier: MIT */
/*
 * Requests to the switch: one value type per T-Library request the Voice API
 * needs, named after the T-Library function without its leading 'T'.
 *
 * Every request names the DN that sends it (thisDn), like the T-Library's `dn`
 * argument. Requests from a DN nobody controls (an external number, an extension
 * with no agent) are how the sandbox drives remote parties: an inbound call is a
 * MakeCall from an external number, a remote answer is an AnswerCall on its DN.
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
};

/// The shape shared by requests that name one call: Answer, Release, Clear, Hold,
/// Retrieve, SetMuteOn/Off, DeleteAllUserData.
struct CallRequest {
	Dn thisDn;
	ConnId connId;
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
};

/// TRedirectCall: a call ringing at thisDn rings at destination instead, unanswered.
struct RedirectCall {
	Dn thisDn;
	ConnId connId;
	Dn destination;
};

struct DeleteFromConference {
	Dn thisDn;
	ConnId connId;
	Dn dnToDrop;
};

struct SendDtmf {
	Dn thisDn;
	ConnId connId;
	std::string digits;
};

struct AttachUserData {
	Dn thisDn;
	ConnId connId;
	UserData userData;
};

struct UpdateUserData {
	Dn thisDn;
	ConnId connId;
	UserData userData;
};

/// TSendUserEvent: an EventUserEvent with this data to thisDn's listeners. The switch does not
/// check what the event names (connId and callUuid may be those of a call that has ended).
struct SendUserEvent {
	Dn thisDn;
	ConnId connId;
	std::string callUuid;
	UserData userData;
};

/// Deletes one key (TDeleteUserData).
struct DeleteUserData {
	Dn thisDn;
	ConnId connId;
	std::string key;
};

struct AgentLogin {
	Dn thisDn;
	std::string agentId;
	std::string queue;
	WorkMode workMode = WorkMode::ManualIn;
};

struct AgentLogout {
	Dn thisDn;
	std::string queue;
};

/// T-Library `Reasons` (e.g. {"ReasonCode":"Lunch"}): echoed on the event and kept as the DN's
/// current reason until the next agent-state change, so QueryAddress returns it.
struct AgentReady {
	Dn thisDn;
	WorkMode workMode = WorkMode::ManualIn; ///< ManualIn, AutoIn or Unknown
	UserData reasons;
};

struct AgentNotReady {
	Dn thisDn;
	/// Unknown, AfterCallWork, AuxWork, NoCallDisconnect or WalkAway
	WorkMode workMode = WorkMode::Unknown;
	UserData reasons;
	/// T-Library extensions; with AfterCallWork, `WrapUpTime` (seconds) ends the wrap-up: the
	/// agent is made Ready that long after, unless its state changed meanwhile (0: no end).
	UserData extensions;
};

struct SetDndOn {
	Dn thisDn;
};

struct SetDndOff {
	Dn thisDn;
};

/// Unconditional forwarding (TCallSetForward, ForwardModeUnconditional).
struct CallForwardSet {
	Dn thisDn;
	Dn destination;
};

struct CallForwardCancel {
	Dn thisDn;
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
};

/// TCancelMonitoring: thisDn stops supervising agentDn (a call it is on goes on).
struct CancelMonitoring {
	Dn thisDn;
	Dn agentDn;
};

/// TQueryAddress: the DN's state and the calls it is on, in the result.
struct QueryAddress {
	Dn thisDn;
};

} /* namespace req */

using Request =
	std::variant<req::MakeCall, req::AnswerCall, req::ReleaseCall, req::ClearCall, req::HoldCall, req::RetrieveCall,
		     req::InitiateTransfer, req::CompleteTransfer, req::InitiateConference, req::CompleteConference,
		     req::SingleStepTransfer, req::SingleStepConference, req::DeleteFromConference, req::AlternateCall,
		     req::SendDtmf, req::SetMuteOn, req::SetMuteOff, req::AttachUserData, req::UpdateUserData,
		     req::DeleteUserData, req::DeleteAllUserData, req::AgentLogin, req::AgentLogout, req::AgentReady,
		     req::AgentNotReady, req::SetDndOn, req::SetDndOff, req::CallForwardSet, req::CallForwardCancel,
		     req::QueryAddress, req::MonitorNextCall, req::CancelMonitoring, req::RedirectCall,
		     req::ReconnectCall, req::MergeCalls, req::SendUserEvent>;

/// "RequestMakeCall", "RequestSingleStepConference", ... (tlib.h spelling).
const char *requestName(const Request &request);

/// The DN that sends the request.
const Dn &requestDn(const Request &request);

} /* namespace ctisim */
