/* SPDX-License-Identifier: MIT */
/*
 * tliberr.h texts.
 */
#include "ctisim/tserver_error.h"

namespace ctisim {

const char *terrText(int code)
{
	switch (code) {
	case 40: return "No more licenses available";
	case 41: return "Client hadn't register DN";
	case terr::ResourceSeized: return "Resource is already seized";
	case terr::InSameState: return "Object is already in requested state";
	case terr::UnsupportedOperation: return "Unsupported operation";
	case terr::Internal: return "Internal error";
	case terr::InvalidAttribute: return "Invalid attribute value";
	case terr::NoSwitch: return "No connection to the switch";
	case terr::InvalidConnId: return "Invalid ConnectionID";
	case terr::Timeout: return "Timeout expired";
	case terr::OutOfService: return "Out of service";
	case terr::NotConfigured: return "DN is not configured in CME";
	case terr::InvalidCalledDn: return "Invalid Called Dn";
	case terr::TerminatingPartyBusy: return "Terminating Party Busy";
	case terr::DestinationInvalidState: return "Destination Invalid State";
	case terr::CannotCompleteConference: return "Cannot Complete Conference";
	case terr::CannotInitiateTransfer: return "Cannot Initiate Transfer";
	case terr::CannotCompleteTransfer: return "Cannot Complete Transfer";
	case terr::CannotRetrieveOriginalCall: return "Cannot Retrieve Original Call";
	case terr::BadParameter: return "Bad parameter passed to function";
	case terr::DnIsBusy: return "DN is busy";
	case terr::NoAnswerAtDn: return "No answer at DN";
	case terr::CallRejected: return "Call has been rejected";
	case 237: return "Call has disconnected";
	case terr::InvalidDestinationDn: return "Invalid Destination DN";
	case terr::PartyNotOnCall: return "The party is not currently on call";
	case terr::CallInInvalidState: return "Call in invalid state";
	case 497: return "The Destination DN is invalid";
	case 1703: return "Wrong agent id";
	case 1704: return "Agent id in use";
	case 1705: return "Password mismatch";
	case terr::AgentAlreadyLoggedIn: return "Agent already logged in";
	case terr::AgentNotLoggedIn: return "Agent not logged in";
	}
	return "Unrecognized error";
}

} /* namespace ctisim */
