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

/// TMessageType values of the events the simulator produces (as in tlib.h).
enum class EventType : std::uint16_t {
	Error = 52,	      ///< a request failed; errorCode/errorMessage set
	Queued = 57,	      ///< a call entered a queue or routing point
	Diverted = 58,	      ///< a call left a queue or routing point for an agent
	Abandoned = 59,	      ///< a queued call was released before distribution
	Ringing = 60,	      ///< thisDn is alerted
	Dialing = 61,	      ///< thisDn originated a call
	DestinationBusy = 63, ///< the destination of thisDn's call is busy
	Established = 64,     ///< thisDn's party is talking
	Released = 65,	      ///< thisDn left the call
	Held = 66,	      ///< thisDn put the call on hold
	Retrieved = 67,	      ///< thisDn took the call off hold
	PartyChanged = 68,    ///< the call thisDn is on changed (transfer, merged consult)
	PartyAdded = 69,      ///< a party joined thisDn's call (conference)
	PartyDeleted = 70,    ///< a party left thisDn's conference
	AgentLogin = 73,
	AgentLogout = 74,
	AgentReady = 75,
	AgentNotReady = 76,
	DndOn = 77,
	DndOff = 78,
	AttachedDataChanged = 85, ///< the call's user data changed
	ForwardSet = 88,
	ForwardCancel = 89,
	LinkDisconnected = 94, ///< the front end lost the switch
	LinkConnected = 95,    ///< the front end has the switch again
	DtmfSent = 98,
	MonitoringNextCall = 141,  ///< supervision of an agent set up (to the supervisor and the agent)
	MonitoringCancelled = 142, ///< supervision of an agent ended (to the supervisor and the agent)
	MuteOn = 145,
	MuteOff = 146,
};

/// "EventRinging", "EventPartyAdded", ... (tlib.h spelling).
const char *toString(EventType type);
/// Parses the spelling toString() produces; false when unknown.
bool parse(std::string_view text, EventType &out);

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
	/// MonitoringNextCall/MonitoringCancelled: the TMonitorNextCallType of the supervision.
	MonitorType monitorType = MonitorType::OneCall;
};

} /* namespace ctisim */
