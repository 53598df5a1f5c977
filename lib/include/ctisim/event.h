/* SPDX-License-Identifier: MIT */
/*
 * Event: what the switch reports to a DN, modelled on T-Server's TEvent.
 *
 * One flat value type like TEvent itself: the type says which attributes are set.
 * Each event is addressed to one DN (thisDn); an action that concerns three DNs
 * produces three events. Events carry immutable snapshots of the call and of
 * thisDn, taken right after the event.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ctisim/conn_id.h"
#include "ctisim/snapshot.h"
#include "ctisim/telephony_types.h"
#include "ctisim/user_data.h"

namespace ctisim {

/// The events the simulator produces, listed once: X(enumerator, TMessageType
/// value as in tlib.h, spelling). The enum, its spellings and allEventTypes are
/// generated from this list (spelled_enum.h).
#define CTISIM_EVENT_TYPES(X)                                                                                          \
	X(Error, 52, "EventError")		       /* a request failed; errorCode/errorMessage set */              \
	X(Queued, 57, "EventQueued")		       /* a call entered a queue or routing point */                   \
	X(Diverted, 58, "EventDiverted")	       /* a call left a queue or routing point for an agent */         \
	X(Abandoned, 59, "EventAbandoned")	       /* a queued call was released before distribution */            \
	X(Ringing, 60, "EventRinging")		       /* thisDn is alerted */                                         \
	X(Dialing, 61, "EventDialing")		       /* thisDn originated a call */                                  \
	X(DestinationBusy, 63, "EventDestinationBusy") /* the destination of thisDn's call is busy */                  \
	X(Established, 64, "EventEstablished")	       /* thisDn's party is talking */                                 \
	X(Released, 65, "EventReleased")	       /* thisDn left the call */                                      \
	X(Held, 66, "EventHeld")		       /* thisDn put the call on hold */                               \
	X(Retrieved, 67, "EventRetrieved")	       /* thisDn took the call off hold */                             \
	X(PartyChanged, 68, "EventPartyChanged")       /* the call changed (transfer, merged consult) */               \
	X(PartyAdded, 69, "EventPartyAdded")	       /* a party joined thisDn's call (conference) */                 \
	X(PartyDeleted, 70, "EventPartyDeleted")       /* a party left thisDn's conference */                          \
	X(AgentLogin, 73, "EventAgentLogin")                                                                           \
	X(AgentLogout, 74, "EventAgentLogout")                                                                         \
	X(AgentReady, 75, "EventAgentReady")                                                                           \
	X(AgentNotReady, 76, "EventAgentNotReady")                                                                     \
	X(DndOn, 77, "EventDNDOn")                                                                                     \
	X(DndOff, 78, "EventDNDOff")                                                                                   \
	X(AttachedDataChanged, 85, "EventAttachedDataChanged") /* the call's user data changed */                      \
	X(ForwardSet, 88, "EventForwardSet")                                                                           \
	X(ForwardCancel, 89, "EventForwardCancel")                                                                     \
	X(LinkDisconnected, 94, "EventLinkDisconnected") /* the front end lost the switch */                           \
	X(LinkConnected, 95, "EventLinkConnected")	 /* the front end has the switch again */                      \
	X(UserEvent, 96, "EventUserEvent")		 /* TSendUserEvent's data, to thisDn's listeners */            \
	X(DtmfSent, 98, "EventDTMFSent")                                                                               \
	X(MonitoringNextCall, 141, "EventMonitoringNextCall")	/* supervision set up (to supervisor and agent) */     \
	X(MonitoringCancelled, 142, "EventMonitoringCancelled") /* supervision ended (to supervisor and agent) */      \
	X(MuteOn, 145, "EventMuteOn")                                                                                  \
	X(MuteOff, 146, "EventMuteOff")

/// TMessageType values of the events the simulator produces (as in tlib.h), with their
/// spellings ("EventRinging", "EventPartyAdded", ...): toString() and parse().
CTISIM_SPELLED_ENUM(EventType, std::uint16_t, CTISIM_EVENT_TYPES, "EventUnknown")

/// Every EventType, in the order of the list.
inline constexpr const auto &allEventTypes = allValues<EventType>;

struct Event {
	EventType type = EventType::Error;
	/// The request that caused it when thisDn sent that request; 0 otherwise.
	ReferenceId referenceId = 0;
	/// Switch-wide, strictly increasing (AttributeEventSequenceNumber).
	std::uint64_t sequence = 0;
	TimeMs time = 0;

	Dn thisDn;
	DnRole thisDnRole = DnRole::Unknown;
	Dn otherDn;
	DnRole otherDnRole = DnRole::Unknown;
	Dn thirdPartyDn;
	DnRole thirdPartyDnRole = DnRole::Unknown;

	ConnId connId; ///< null for DN-only events
	/// UserEvent: the CallUUID the sender named (other events carry the call's in `call`).
	std::string callUuid;
	std::optional<ConnId> previousConnId;
	CallState callState = CallState::Ok;
	CallType callType = CallType::Unknown;

	/// The call after the event; null for DN-only events and for errors without a call.
	CallSnapshotPtr call;
	/// thisDn after the event (agent state, DND, forwarding).
	DnSnapshotPtr dn;

	std::string digits; ///< DtmfSent
	int errorCode = 0;  ///< Error: tliberr.h code
	std::string errorMessage;
	/// The request that failed, for Error ("RequestSingleStepConference").
	std::string failedRequest;
	/// T-Server extensions GWS passes through (e.g. BusinessCall).
	UserData extensions;
	/// T-Library `Reasons`: AgentReady/AgentNotReady echo the request's (e.g. {"ReasonCode":"Lunch"}).
	UserData reasons;
	/// UserEvent: the data the sender distributed (a call's attached data is in `call`).
	UserData userData;
	/// MonitoringNextCall/MonitoringCancelled: the TMonitorNextCallType of the supervision.
	MonitorType monitorType = MonitorType::OneCall;
};

} /* namespace ctisim */
