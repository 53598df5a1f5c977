/* SPDX-License-Identifier: MIT */
/*
 * Spellings of the T-Server vocabulary.
 */
#include "ctisim/telephony_types.h"

namespace ctisim {

const char *toString(DnType type)
{
	switch (type) {
	case DnType::Extension: return "Extension";
	case DnType::AcdQueue: return "ACDQueue";
	case DnType::RoutingPoint: return "RoutingPoint";
	case DnType::External: return "External";
	}
	return "Unknown";
}

const char *toString(CallType type)
{
	switch (type) {
	case CallType::Unknown: return "Unknown";
	case CallType::Internal: return "Internal";
	case CallType::Inbound: return "Inbound";
	case CallType::Outbound: return "Outbound";
	case CallType::Consult: return "Consult";
	}
	return "Unknown";
}

const char *toString(PartyState state)
{
	switch (state) {
	case PartyState::Dialing: return "Dialing";
	case PartyState::Ringing: return "Ringing";
	case PartyState::Established: return "Established";
	case PartyState::Held: return "Held";
	case PartyState::Released: return "Released";
	}
	return "Unknown";
}

const char *toString(DnRole role)
{
	switch (role) {
	case DnRole::Unknown: return "RoleUnknown";
	case DnRole::Origination: return "RoleOrigination";
	case DnRole::Destination: return "RoleDestination";
	case DnRole::ConferenceMember: return "RoleConferenceMember";
	case DnRole::NewParty: return "RoleNewParty";
	case DnRole::AddedBy: return "RoleAddedBy";
	case DnRole::DeletedBy: return "RoleDeletedBy";
	case DnRole::TransferredBy: return "RoleTransferredBy";
	case DnRole::DeletedParty: return "RoleDeletedParty";
	case DnRole::ConferencedBy: return "RoleConferencedBy";
	case DnRole::Observer: return "RoleObserver";
	}
	return "RoleUnknown";
}

const char *toString(CallState state)
{
	switch (state) {
	case CallState::Ok: return "CallStateOk";
	case CallState::Transferred: return "CallStateTransferred";
	case CallState::Conferenced: return "CallStateConferenced";
	case CallState::GeneralError: return "CallStateGeneralError";
	case CallState::RemoteRelease: return "CallStateRemoteRelease";
	case CallState::Busy: return "CallStateBusy";
	case CallState::NoAnswer: return "CallStateNoAnswer";
	case CallState::Cleared: return "CallStateCleared";
	case CallState::Abandoned: return "CallStateAbandoned";
	case CallState::Redirected: return "CallStateRedirected";
	case CallState::Forwarded: return "CallStateForwarded";
	case CallState::Consult: return "CallStateConsult";
	case CallState::Dropped: return "CallStateDropped";
	case CallState::Held: return "CallStateHeld";
	}
	return "CallStateUnknown";
}

const char *toString(AgentState state)
{
	switch (state) {
	case AgentState::LoggedOut: return "LoggedOut";
	case AgentState::Ready: return "Ready";
	case AgentState::NotReady: return "NotReady";
	}
	return "LoggedOut";
}

const char *toString(WorkMode mode)
{
	switch (mode) {
	case WorkMode::Unknown: return "AgentWorkModeUnknown";
	case WorkMode::ManualIn: return "AgentManualIn";
	case WorkMode::AutoIn: return "AgentAutoIn";
	case WorkMode::AfterCallWork: return "AgentAfterCallWork";
	case WorkMode::AuxWork: return "AgentAuxWork";
	case WorkMode::NoCallDisconnect: return "AgentNoCallDisconnect";
	case WorkMode::WalkAway: return "AgentWalkAway";
	case WorkMode::ReturnBack: return "AgentReturnBack";
	}
	return "AgentWorkModeUnknown";
}

const char *toString(MonitorType type)
{
	switch (type) {
	case MonitorType::OneCall: return "MonitorOneCall";
	case MonitorType::AllCalls: return "MonitorAllCalls";
	}
	return "MonitorOneCall";
}

const char *toString(MergeType type)
{
	switch (type) {
	case MergeType::ForTransfer: return "MergeForTransfer";
	case MergeType::ForConference: return "MergeForConference";
	}
	return "MergeForTransfer";
}

const char *toString(MonitorMode mode)
{
	switch (mode) {
	case MonitorMode::Mute: return "mute";
	case MonitorMode::Coach: return "coach";
	case MonitorMode::Connect: return "connect";
	}
	return "mute";
}

const char *toString(MonitorScope scope)
{
	switch (scope) {
	case MonitorScope::Call: return "call";
	case MonitorScope::Agent: return "agent";
	}
	return "call";
}

bool parse(std::string_view text, DnType &out)
{
	static constexpr DnType values[] = {DnType::Extension, DnType::AcdQueue, DnType::RoutingPoint,
					    DnType::External};
	return parseSpelling(text, values, out);
}

bool parse(std::string_view text, CallType &out)
{
	static constexpr CallType values[] = {CallType::Unknown, CallType::Internal, CallType::Inbound,
					      CallType::Outbound, CallType::Consult};
	return parseSpelling(text, values, out);
}

bool parse(std::string_view text, PartyState &out)
{
	static constexpr PartyState values[] = {PartyState::Dialing, PartyState::Ringing, PartyState::Established,
						PartyState::Held, PartyState::Released};
	return parseSpelling(text, values, out);
}

bool parse(std::string_view text, DnRole &out)
{
	static constexpr DnRole values[] = {
		DnRole::Unknown,      DnRole::Origination,   DnRole::Destination, DnRole::ConferenceMember,
		DnRole::NewParty,     DnRole::AddedBy,	     DnRole::DeletedBy,	  DnRole::TransferredBy,
		DnRole::DeletedParty, DnRole::ConferencedBy, DnRole::Observer,
	};
	return parseSpelling(text, values, out);
}

bool parse(std::string_view text, CallState &out)
{
	static constexpr CallState values[] = {
		CallState::Ok,		 CallState::Transferred,   CallState::Conferenced,
		CallState::GeneralError, CallState::RemoteRelease, CallState::Busy,
		CallState::NoAnswer,	 CallState::Cleared,	   CallState::Abandoned,
		CallState::Redirected,	 CallState::Forwarded,	   CallState::Consult,
		CallState::Dropped,	 CallState::Held,
	};
	return parseSpelling(text, values, out);
}

bool parse(std::string_view text, AgentState &out)
{
	static constexpr AgentState values[] = {AgentState::LoggedOut, AgentState::Ready, AgentState::NotReady};
	return parseSpelling(text, values, out);
}

bool parse(std::string_view text, WorkMode &out)
{
	static constexpr WorkMode values[] = {WorkMode::Unknown,       WorkMode::ManualIn,  WorkMode::AutoIn,
					      WorkMode::AfterCallWork, WorkMode::AuxWork,   WorkMode::NoCallDisconnect,
					      WorkMode::WalkAway,      WorkMode::ReturnBack};
	return parseSpelling(text, values, out);
}

bool parse(std::string_view text, MonitorType &out)
{
	static constexpr MonitorType values[] = {MonitorType::OneCall, MonitorType::AllCalls};
	return parseSpelling(text, values, out);
}

bool parse(std::string_view text, MergeType &out)
{
	static constexpr MergeType values[] = {MergeType::ForTransfer, MergeType::ForConference};
	return parseSpelling(text, values, out);
}

bool parse(std::string_view text, MonitorMode &out)
{
	static constexpr MonitorMode values[] = {MonitorMode::Mute, MonitorMode::Coach, MonitorMode::Connect};
	return parseSpelling(text, values, out);
}

bool parse(std::string_view text, MonitorScope &out)
{
	static constexpr MonitorScope values[] = {MonitorScope::Call, MonitorScope::Agent};
	return parseSpelling(text, values, out);
}

} /* namespace ctisim */
