/* SPDX-License-Identifier: MIT */
/*
 * T-Server vocabulary: DN types, call types, party states, roles, call states
 * and agent work modes, with the spellings the T-Library and GWS use.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ctisim {

/// A directory number as the switch knows it ("15000", "7000", "+14155550100").
using Dn = std::string;

/// Milliseconds since the Unix epoch, from the switch's clock (real or virtual).
using TimeMs = std::int64_t;

/// Correlates a request with its result and events, like T-Server's ReferenceID.
using ReferenceId = std::uint32_t;

/// Configuration DN type (CfgDNType subset the simulator needs).
enum class DnType : std::uint8_t {
	Extension,    ///< a phone an agent logs in on
	AcdQueue,     ///< distributes calls to Ready agents
	RoutingPoint, ///< routes calls to Ready agents (no treatment)
	External,     ///< a number outside the switch, reached over a trunk
};

/// TCallType (values as in tlib.h).
enum class CallType : std::uint8_t {
	Unknown = 0,
	Internal = 1,
	Inbound = 2,
	Outbound = 3,
	Consult = 4,
};

/// The state of one party (one DN) on one call, as GWS reports it.
enum class PartyState : std::uint8_t {
	Dialing,     ///< the originator, before the destination answers
	Ringing,     ///< alerting, not answered yet
	Established, ///< talking
	Held,	     ///< on hold by this party
	Released,    ///< gone; never kept in a snapshot, only reported
};

/// TDNRole (values as in tlib.h).
enum class DnRole : std::uint8_t {
	Unknown = 0,
	Origination = 1,
	Destination = 2,
	ConferenceMember = 3,
	NewParty = 4,
	AddedBy = 5,
	DeletedBy = 6,
	TransferredBy = 7,
	DeletedParty = 8,
	ConferencedBy = 9,
	Observer = 10,
};

/// TCallState subset (values as in tlib.h).
enum class CallState : std::uint8_t {
	Ok = 0,
	Transferred = 1,
	Conferenced = 2,
	GeneralError = 3,
	RemoteRelease = 5,
	Busy = 6,
	NoAnswer = 7,
	Cleared = 19,
	Abandoned = 21,
	Redirected = 22,
	Forwarded = 23,
	Consult = 24,
	Dropped = 26,
	Held = 50,
};

/// Agent state on a DN; T-Server carries it in the event type.
enum class AgentState : std::uint8_t {
	LoggedOut,
	Ready,
	NotReady,
};

/// TAgentWorkMode (values as in tlib.h).
enum class WorkMode : std::uint8_t {
	Unknown = 0,
	ManualIn = 1,
	AutoIn = 2,
	AfterCallWork = 3,
	AuxWork = 4,
	NoCallDisconnect = 5,
	WalkAway = 6,
	ReturnBack = 7,
};

/// TMonitorNextCallType (values as in tlib.h): supervise the agent's next call only, or every call.
enum class MonitorType : std::uint8_t {
	OneCall = 0,
	AllCalls = 1,
};

/// TMergeType (values as in tlib.h): what TMergeCalls makes of the two calls.
enum class MergeType : std::uint8_t {
	ForTransfer = 0,   ///< the requester leaves, the other parties are joined (as CompleteTransfer)
	ForConference = 1, ///< everyone stays on one call (as CompleteConference)
};

/// SIP Server's `MonitorMode` extension of TMonitorNextCall: how the supervisor is on the call.
enum class MonitorMode : std::uint8_t {
	Mute,	 ///< "mute": listen-in, nobody hears the supervisor
	Coach,	 ///< "coach": whisper, only the monitored agent hears the supervisor
	Connect, ///< "connect": barge-in, everyone hears the supervisor
};

/// SIP Server's `MonitorScope` extension: whom the supervision follows.
enum class MonitorScope : std::uint8_t {
	Call,  ///< "call": the supervisor stays while the call goes on (to another agent too)
	Agent, ///< "agent": the supervisor leaves with the monitored agent
};

const char *toString(DnType type);
const char *toString(CallType type);	  ///< "Internal", "Inbound", ... (GWS spelling)
const char *toString(PartyState state);	  ///< "Dialing", "Ringing", ... (GWS spelling)
const char *toString(DnRole role);	  ///< "RoleOrigination", ...
const char *toString(CallState state);	  ///< "CallStateOk", ...
const char *toString(AgentState state);	  ///< "LoggedOut", "Ready", "NotReady"
const char *toString(WorkMode mode);	  ///< "AgentManualIn", ...
const char *toString(MonitorType type);	  ///< "MonitorOneCall", "MonitorAllCalls"
const char *toString(MergeType type);	  ///< "MergeForTransfer", "MergeForConference"
const char *toString(MonitorMode mode);	  ///< "mute", "coach", "connect" (SIP Server spelling)
const char *toString(MonitorScope scope); ///< "call", "agent" (SIP Server spelling)

/// Parses the spelling toString() produces; false when unknown.
bool parse(std::string_view text, DnType &out);
bool parse(std::string_view text, CallType &out);
bool parse(std::string_view text, PartyState &out);
bool parse(std::string_view text, DnRole &out);
bool parse(std::string_view text, CallState &out);
bool parse(std::string_view text, AgentState &out);
bool parse(std::string_view text, WorkMode &out);
bool parse(std::string_view text, MonitorType &out);
bool parse(std::string_view text, MergeType &out);
bool parse(std::string_view text, MonitorMode &out);
bool parse(std::string_view text, MonitorScope &out);

/// The one of values whose toString() spelling is text; false when none is.
template <typename Enum, std::size_t N> bool parseSpelling(std::string_view text, const Enum (&values)[N], Enum &out)
{
	for (Enum value : values) {
		if (text == toString(value)) {
			out = value;
			return true;
		}
	}
	return false;
}

} /* namespace ctisim */
