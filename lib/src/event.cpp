/* SPDX-License-Identifier: MIT */
/*
 * Event type spellings, both ways.
 */
#include "ctisim/event.h"

namespace ctisim {

const char *toString(EventType type)
{
	switch (type) {
	case EventType::Error: return "EventError";
	case EventType::Queued: return "EventQueued";
	case EventType::Diverted: return "EventDiverted";
	case EventType::Abandoned: return "EventAbandoned";
	case EventType::Ringing: return "EventRinging";
	case EventType::Dialing: return "EventDialing";
	case EventType::DestinationBusy: return "EventDestinationBusy";
	case EventType::Established: return "EventEstablished";
	case EventType::Released: return "EventReleased";
	case EventType::Held: return "EventHeld";
	case EventType::Retrieved: return "EventRetrieved";
	case EventType::PartyChanged: return "EventPartyChanged";
	case EventType::PartyAdded: return "EventPartyAdded";
	case EventType::PartyDeleted: return "EventPartyDeleted";
	case EventType::AgentLogin: return "EventAgentLogin";
	case EventType::AgentLogout: return "EventAgentLogout";
	case EventType::AgentReady: return "EventAgentReady";
	case EventType::AgentNotReady: return "EventAgentNotReady";
	case EventType::DndOn: return "EventDNDOn";
	case EventType::DndOff: return "EventDNDOff";
	case EventType::AttachedDataChanged: return "EventAttachedDataChanged";
	case EventType::ForwardSet: return "EventForwardSet";
	case EventType::ForwardCancel: return "EventForwardCancel";
	case EventType::LinkDisconnected: return "EventLinkDisconnected";
	case EventType::LinkConnected: return "EventLinkConnected";
	case EventType::DtmfSent: return "EventDTMFSent";
	case EventType::MonitoringNextCall: return "EventMonitoringNextCall";
	case EventType::MonitoringCancelled: return "EventMonitoringCancelled";
	case EventType::MuteOn: return "EventMuteOn";
	case EventType::MuteOff: return "EventMuteOff";
	}
	return "EventUnknown";
}

bool parse(std::string_view text, EventType &out)
{
	static constexpr EventType values[] = {
		EventType::Error,
		EventType::Queued,
		EventType::Diverted,
		EventType::Abandoned,
		EventType::Ringing,
		EventType::Dialing,
		EventType::DestinationBusy,
		EventType::Established,
		EventType::Released,
		EventType::Held,
		EventType::Retrieved,
		EventType::PartyChanged,
		EventType::PartyAdded,
		EventType::PartyDeleted,
		EventType::AgentLogin,
		EventType::AgentLogout,
		EventType::AgentReady,
		EventType::AgentNotReady,
		EventType::DndOn,
		EventType::DndOff,
		EventType::AttachedDataChanged,
		EventType::ForwardSet,
		EventType::ForwardCancel,
		EventType::LinkDisconnected,
		EventType::LinkConnected,
		EventType::DtmfSent,
		EventType::MonitoringNextCall,
		EventType::MonitoringCancelled,
		EventType::MuteOn,
		EventType::MuteOff,
	};
	return parseSpelling(text, values, out);
}

} /* namespace ctisim */
