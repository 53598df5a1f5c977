/* SPDX-License-Identifier: MIT */
/*
 * Request names and senders.
 */
#include "ctisim/request.h"

namespace ctisim {

namespace {

template <typename T> constexpr const char *nameOf();

#define CTISIM_REQUEST_NAME(Type, Name)                                                                                \
	template <> constexpr const char *nameOf<req::Type>()                                                          \
	{                                                                                                              \
		return Name;                                                                                           \
	}

CTISIM_REQUEST_NAME(MakeCall, "RequestMakeCall")
CTISIM_REQUEST_NAME(AnswerCall, "RequestAnswerCall")
CTISIM_REQUEST_NAME(ReleaseCall, "RequestReleaseCall")
CTISIM_REQUEST_NAME(ClearCall, "RequestClearCall")
CTISIM_REQUEST_NAME(HoldCall, "RequestHoldCall")
CTISIM_REQUEST_NAME(RetrieveCall, "RequestRetrieveCall")
CTISIM_REQUEST_NAME(InitiateTransfer, "RequestInitiateTransfer")
CTISIM_REQUEST_NAME(CompleteTransfer, "RequestCompleteTransfer")
CTISIM_REQUEST_NAME(InitiateConference, "RequestInitiateConference")
CTISIM_REQUEST_NAME(CompleteConference, "RequestCompleteConference")
CTISIM_REQUEST_NAME(SingleStepTransfer, "RequestSingleStepTransfer")
CTISIM_REQUEST_NAME(SingleStepConference, "RequestSingleStepConference")
CTISIM_REQUEST_NAME(DeleteFromConference, "RequestDeleteFromConference")
CTISIM_REQUEST_NAME(AlternateCall, "RequestAlternateCall")
CTISIM_REQUEST_NAME(SendDtmf, "RequestSendDTMF")
CTISIM_REQUEST_NAME(SetMuteOn, "RequestSetMuteOn")
CTISIM_REQUEST_NAME(SetMuteOff, "RequestSetMuteOff")
CTISIM_REQUEST_NAME(AttachUserData, "RequestAttachUserData")
CTISIM_REQUEST_NAME(UpdateUserData, "RequestUpdateUserData")
CTISIM_REQUEST_NAME(DeleteUserData, "RequestDeletePair")
CTISIM_REQUEST_NAME(DeleteAllUserData, "RequestDeleteUserData")
CTISIM_REQUEST_NAME(AgentLogin, "RequestAgentLogin")
CTISIM_REQUEST_NAME(AgentLogout, "RequestAgentLogout")
CTISIM_REQUEST_NAME(AgentReady, "RequestAgentReady")
CTISIM_REQUEST_NAME(AgentNotReady, "RequestAgentNotReady")
CTISIM_REQUEST_NAME(SetDndOn, "RequestSetDNDOn")
CTISIM_REQUEST_NAME(SetDndOff, "RequestSetDNDOff")
CTISIM_REQUEST_NAME(CallForwardSet, "RequestCallForwardSet")
CTISIM_REQUEST_NAME(CallForwardCancel, "RequestCallForwardCancel")
CTISIM_REQUEST_NAME(QueryAddress, "RequestQueryAddress")
CTISIM_REQUEST_NAME(MonitorNextCall, "RequestMonitorNextCall")
CTISIM_REQUEST_NAME(CancelMonitoring, "RequestCancelMonitoring")
CTISIM_REQUEST_NAME(RedirectCall, "RequestRedirectCall")
CTISIM_REQUEST_NAME(ReconnectCall, "RequestReconnectCall")
CTISIM_REQUEST_NAME(MergeCalls, "RequestMergeCalls")
/* TSendUserEvent sends tlib.h's RequestDistributeUserEvent (48). */
CTISIM_REQUEST_NAME(SendUserEvent, "RequestDistributeUserEvent")

#undef CTISIM_REQUEST_NAME

} /* namespace */

const char *requestName(const Request &request)
{
	return std::visit([](const auto &r) { return nameOf<std::decay_t<decltype(r)>>(); }, request);
}

const Dn &requestDn(const Request &request)
{
	return std::visit([](const auto &r) -> const Dn & { return r.thisDn; }, request);
}

} /* namespace ctisim */
