/* SPDX-License-Identifier: MIT */
/*
 * T-Server vocabulary: DN types, call types, party states, roles, call states,
 * agent states and work modes, supervision and merge types, with the spellings
 * the T-Library and GWS use. Each enum is one list, X(enumerator, value,
 * spelling) (spelled_enum.h): its toString() and parse() come from it.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ctisim/spelled_enum.h"

namespace ctisim {

/// A directory number as the switch knows it ("15000", "7000", "+14155550100").
using Dn = std::string;

/// Milliseconds since the Unix epoch, from the switch's clock (real or virtual).
using TimeMs = std::int64_t;

/// Correlates a request with its result and events, like T-Server's ReferenceID.
using ReferenceId = std::uint32_t;

/// Configuration DN type (CfgDNType subset the simulator needs).
#define CTISIM_DN_TYPES(X)                                                                                             \
	X(Extension, 0, "Extension")	   /* a phone an agent logs in on */                                           \
	X(AcdQueue, 1, "ACDQueue")	   /* distributes calls to Ready agents */                                     \
	X(RoutingPoint, 2, "RoutingPoint") /* routes calls to Ready agents (no treatment) */                           \
	X(External, 3, "External")	   /* a number outside the switch, reached over a trunk */
CTISIM_SPELLED_ENUM(DnType, std::uint8_t, CTISIM_DN_TYPES, "Unknown")

/// TCallType (values as in tlib.h; GWS spelling).
#define CTISIM_CALL_TYPES(X)                                                                                           \
	X(Unknown, 0, "Unknown")                                                                                       \
	X(Internal, 1, "Internal")                                                                                     \
	X(Inbound, 2, "Inbound")                                                                                       \
	X(Outbound, 3, "Outbound")                                                                                     \
	X(Consult, 4, "Consult")
CTISIM_SPELLED_ENUM(CallType, std::uint8_t, CTISIM_CALL_TYPES, "Unknown")

/// The state of one party (one DN) on one call, as GWS reports it.
#define CTISIM_PARTY_STATES(X)                                                                                         \
	X(Dialing, 0, "Dialing")	 /* the originator, before the destination answers */                          \
	X(Ringing, 1, "Ringing")	 /* alerting, not answered yet */                                              \
	X(Established, 2, "Established") /* talking */                                                                 \
	X(Held, 3, "Held")		 /* on hold by this party */                                                   \
	X(Released, 4, "Released")	 /* gone; never kept in a snapshot, only reported */
CTISIM_SPELLED_ENUM(PartyState, std::uint8_t, CTISIM_PARTY_STATES, "Unknown")

/// TDNRole (values as in tlib.h).
#define CTISIM_DN_ROLES(X)                                                                                             \
	X(Unknown, 0, "RoleUnknown")                                                                                   \
	X(Origination, 1, "RoleOrigination")                                                                           \
	X(Destination, 2, "RoleDestination")                                                                           \
	X(ConferenceMember, 3, "RoleConferenceMember")                                                                 \
	X(NewParty, 4, "RoleNewParty")                                                                                 \
	X(AddedBy, 5, "RoleAddedBy")                                                                                   \
	X(DeletedBy, 6, "RoleDeletedBy")                                                                               \
	X(TransferredBy, 7, "RoleTransferredBy")                                                                       \
	X(DeletedParty, 8, "RoleDeletedParty")                                                                         \
	X(ConferencedBy, 9, "RoleConferencedBy")                                                                       \
	X(Observer, 10, "RoleObserver")
CTISIM_SPELLED_ENUM(DnRole, std::uint8_t, CTISIM_DN_ROLES, "RoleUnknown")

/// TCallState subset (values as in tlib.h).
#define CTISIM_CALL_STATES(X)                                                                                          \
	X(Ok, 0, "CallStateOk")                                                                                        \
	X(Transferred, 1, "CallStateTransferred")                                                                      \
	X(Conferenced, 2, "CallStateConferenced")                                                                      \
	X(GeneralError, 3, "CallStateGeneralError")                                                                    \
	X(RemoteRelease, 5, "CallStateRemoteRelease")                                                                  \
	X(Busy, 6, "CallStateBusy")                                                                                    \
	X(NoAnswer, 7, "CallStateNoAnswer")                                                                            \
	X(Cleared, 19, "CallStateCleared")                                                                             \
	X(Abandoned, 21, "CallStateAbandoned")                                                                         \
	X(Redirected, 22, "CallStateRedirected")                                                                       \
	X(Forwarded, 23, "CallStateForwarded")                                                                         \
	X(Consult, 24, "CallStateConsult")                                                                             \
	X(Dropped, 26, "CallStateDropped")                                                                             \
	X(Held, 50, "CallStateHeld")
CTISIM_SPELLED_ENUM(CallState, std::uint8_t, CTISIM_CALL_STATES, "CallStateUnknown")

/// Agent state on a DN; T-Server carries it in the event type.
#define CTISIM_AGENT_STATES(X)                                                                                         \
	X(LoggedOut, 0, "LoggedOut")                                                                                   \
	X(Ready, 1, "Ready")                                                                                           \
	X(NotReady, 2, "NotReady")
CTISIM_SPELLED_ENUM(AgentState, std::uint8_t, CTISIM_AGENT_STATES, "LoggedOut")

/// TAgentWorkMode (values as in tlib.h).
#define CTISIM_WORK_MODES(X)                                                                                           \
	X(Unknown, 0, "AgentWorkModeUnknown")                                                                          \
	X(ManualIn, 1, "AgentManualIn")                                                                                \
	X(AutoIn, 2, "AgentAutoIn")                                                                                    \
	X(AfterCallWork, 3, "AgentAfterCallWork")                                                                      \
	X(AuxWork, 4, "AgentAuxWork")                                                                                  \
	X(NoCallDisconnect, 5, "AgentNoCallDisconnect")                                                                \
	X(WalkAway, 6, "AgentWalkAway")                                                                                \
	X(ReturnBack, 7, "AgentReturnBack")
CTISIM_SPELLED_ENUM(WorkMode, std::uint8_t, CTISIM_WORK_MODES, "AgentWorkModeUnknown")

/// TMonitorNextCallType (values as in tlib.h): supervise the agent's next call only, or every call.
#define CTISIM_MONITOR_TYPES(X)                                                                                        \
	X(OneCall, 0, "MonitorOneCall")                                                                                \
	X(AllCalls, 1, "MonitorAllCalls")
CTISIM_SPELLED_ENUM(MonitorType, std::uint8_t, CTISIM_MONITOR_TYPES, "MonitorOneCall")

/// TMergeType (values as in tlib.h): what TMergeCalls makes of the two calls.
#define CTISIM_MERGE_TYPES(X)                                                                                          \
	X(ForTransfer, 0, "MergeForTransfer")	  /* the requester leaves, the others are joined (CompleteTransfer) */ \
	X(ForConference, 1, "MergeForConference") /* everyone stays on one call (CompleteConference) */
CTISIM_SPELLED_ENUM(MergeType, std::uint8_t, CTISIM_MERGE_TYPES, "MergeForTransfer")

/// SIP Server's `MonitorMode` extension of TMonitorNextCall: how the supervisor is on the call.
#define CTISIM_MONITOR_MODES(X)                                                                                        \
	X(Mute, 0, "mute")	 /* listen-in, nobody hears the supervisor */                                          \
	X(Coach, 1, "coach")	 /* whisper, only the monitored agent hears the supervisor */                          \
	X(Connect, 2, "connect") /* barge-in, everyone hears the supervisor */
CTISIM_SPELLED_ENUM(MonitorMode, std::uint8_t, CTISIM_MONITOR_MODES, "mute")

/// SIP Server's `MonitorScope` extension: whom the supervision follows.
#define CTISIM_MONITOR_SCOPES(X)                                                                                       \
	X(Call, 0, "call")   /* the supervisor stays while the call goes on (to another agent too) */                  \
	X(Agent, 1, "agent") /* the supervisor leaves with the monitored agent */
CTISIM_SPELLED_ENUM(MonitorScope, std::uint8_t, CTISIM_MONITOR_SCOPES, "call")

} /* namespace ctisim */
