/* SPDX-License-Identifier: MIT */
/*
 * The link's bytes and spellings pinned: the JSON of every request and of an
 * event, and the spelling of every enum value, as the link sent them before
 * the vocabulary came from one list (issue 26 item 5). A change to the codec or
 * to the lists that moves a byte fails here.
 */
// Test that header file is self-contained.
#include "ctisim/wire/backend_json.h"

#include <string>
#include <vector>

/* ctisim::toString() of an enum returns const char *: let doctest stringify twice. */
#define DOCTEST_CONFIG_DOUBLE_STRINGIFY
#include <doctest/doctest.h>

#include "wire_samples.h"

using namespace ctisim;
using namespace ctisim::wire;
using namespace ctisim::test;

TEST_CASE("wire bytes: the text of every request and of an event is what the link has always sent")
{
	const std::vector<std::string> requests = {
		R"json({"request":"RequestMakeCall","thisDn":"15000","destination":"15001","location":"site-a","userData":{"Subject":"Sales","Priority":5,"Subject":"dup \"quoted\" é"}})json",
		R"json({"request":"RequestAnswerCall","thisDn":"15001","connId":"0071027198180007"})json",
		R"json({"request":"RequestReleaseCall","thisDn":"15001","connId":"0071027198180007"})json",
		R"json({"request":"RequestClearCall","thisDn":"15001","connId":"0071027198180007"})json",
		R"json({"request":"RequestHoldCall","thisDn":"15001","connId":"0071027198180007"})json",
		R"json({"request":"RequestRetrieveCall","thisDn":"15001","connId":"0071027198180007"})json",
		R"json({"request":"RequestInitiateTransfer","thisDn":"15000","connId":"0071027198180007","destination":"15002","userData":{"Subject":"Sales","Priority":5,"Subject":"dup \"quoted\" é"}})json",
		R"json({"request":"RequestCompleteTransfer","thisDn":"15000","heldConnId":"0071027198180007","currentConnId":"00710271981800a8"})json",
		R"json({"request":"RequestInitiateConference","thisDn":"15000","connId":"0071027198180007","destination":"15002","location":"loc"})json",
		R"json({"request":"RequestCompleteConference","thisDn":"15000","heldConnId":"0071027198180007","currentConnId":"00710271981800a8"})json",
		R"json({"request":"RequestSingleStepTransfer","thisDn":"15000","connId":"0071027198180007","destination":"15002"})json",
		R"json({"request":"RequestSingleStepConference","thisDn":"15000","connId":"0071027198180007","destination":"15002","userData":{"Subject":"Sales","Priority":5,"Subject":"dup \"quoted\" é"}})json",
		R"json({"request":"RequestDeleteFromConference","thisDn":"15000","connId":"0071027198180007","dnToDrop":"15002"})json",
		R"json({"request":"RequestAlternateCall","thisDn":"15000","heldConnId":"0071027198180007","currentConnId":"00710271981800a8"})json",
		R"json({"request":"RequestSendDTMF","thisDn":"15000","connId":"0071027198180007","digits":"12#*"})json",
		R"json({"request":"RequestSetMuteOn","thisDn":"15000","connId":"0071027198180007"})json",
		R"json({"request":"RequestSetMuteOff","thisDn":"15000","connId":"0071027198180007"})json",
		R"json({"request":"RequestAttachUserData","thisDn":"15000","connId":"0071027198180007","userData":{"Subject":"Sales","Priority":5,"Subject":"dup \"quoted\" é"}})json",
		R"json({"request":"RequestUpdateUserData","thisDn":"15000","connId":"0071027198180007","userData":{"Subject":"Sales","Priority":5,"Subject":"dup \"quoted\" é"}})json",
		R"json({"request":"RequestDeletePair","thisDn":"15000","connId":"0071027198180007","key":"Subject"})json",
		R"json({"request":"RequestDeleteUserData","thisDn":"15000","connId":"0071027198180007"})json",
		R"json({"request":"RequestAgentLogin","thisDn":"15000","agentId":"agent15000","queue":"7000","workMode":"AgentAutoIn"})json",
		R"json({"request":"RequestAgentLogout","thisDn":"15000","queue":"7000"})json",
		R"json({"request":"RequestAgentReady","thisDn":"15000"})json",
		R"json({"request":"RequestAgentNotReady","thisDn":"15000","workMode":"AgentAuxWork","reasons":{"ReasonCode":"Lunch"}})json",
		R"json({"request":"RequestSetDNDOn","thisDn":"15000"})json",
		R"json({"request":"RequestSetDNDOff","thisDn":"15000"})json",
		R"json({"request":"RequestCallForwardSet","thisDn":"15000","destination":"15003"})json",
		R"json({"request":"RequestCallForwardCancel","thisDn":"15000"})json",
		R"json({"request":"RequestQueryAddress","thisDn":"15000"})json",
		R"json({"request":"RequestMonitorNextCall","thisDn":"16000","agentDn":"15000","monitorType":"MonitorAllCalls","mode":"coach","scope":"agent"})json",
		R"json({"request":"RequestCancelMonitoring","thisDn":"16000","agentDn":"15000"})json",
		R"json({"request":"RequestRedirectCall","thisDn":"15001","connId":"0071027198180007","destination":"15003"})json",
		R"json({"request":"RequestReconnectCall","thisDn":"15000","heldConnId":"0071027198180007","currentConnId":"00710271981800a8"})json",
		R"json({"request":"RequestMergeCalls","thisDn":"15000","heldConnId":"0071027198180007","currentConnId":"00710271981800a8","mergeType":"MergeForConference"})json",
		R"json({"request":"RequestDistributeUserEvent","thisDn":"15000","connId":"0071027198180007","callUuid":"01RCC3N118B1V0SL8O7GK2LAES000007","userData":{"Subject":"Sales","Priority":5,"Subject":"dup \"quoted\" é"}})json",
	};
	std::vector<Request> every = everyRequest();
	REQUIRE(every.size() == requests.size());
	for (std::size_t i = 0; i < every.size(); ++i)
		CHECK(toJson(every[i]) == requests[i]);
	Event event = fullEvent(EventType::PartyChanged);
	CHECK(toJson(event) ==
	      R"json({"event":"EventPartyChanged","referenceId":12,"sequence":4000000000123,"time":1767225601234,"thisDn":"15000","thisDnRole":"RoleConferencedBy","otherDn":"15002","otherDnRole":"RoleNewParty","thirdPartyDn":"+14155550100","thirdPartyDnRole":"RoleOrigination","connId":"0071027198180007","callUuid":"01RCC3N118B1V0SL8O7GK2LAES000007","previousConnId":"00710271981800a8","callState":"CallStateConferenced","callType":"Inbound","digits":"123","errorCode":56,"errorMessage":"Invalid ConnectionID","failedRequest":"RequestSingleStepConference","extensions":{"BusinessCall":1},"reasons":{"ReasonCode":"Lunch"},"userData":{"Disposition":"Sale","Attempts":2},"monitorType":"MonitorAllCalls","dn":{"dn":"15000","agentState":"NotReady","workMode":"AgentAuxWork","agentId":"agent15000","dnd":true,"forwardTo":"15009","reasons":{"ReasonCode":"Lunch"},"monitoring":{"agentDn":"15001","type":"MonitorAllCalls","mode":"connect","scope":"agent"},"monitoredBy":"16000"},"call":{"connId":"0071027198180007","callUuid":"01RCC3N118B1V0SL8O7GK2LAES000007","callType":"Inbound","ani":"+14155550100","dnis":"7000","userData":{"Subject":"Sales","Priority":5,"Subject":"dup \"quoted\" é"},"startedAt":1767225600000,"parties":[{"dn":"16000","state":"Established","role":"RoleObserver","muted":true,"joinedAt":1767225601500,"monitorMode":"mute","monitoredDn":"15000"},{"dn":"15002","role":"RoleNewParty","joinedAt":1767225601000},{"dn":"15000","state":"Held","role":"RoleDestination","muted":true,"joinedAt":1767225600500},{"dn":"+14155550100","dnType":"External","state":"Established","role":"RoleOrigination","joinedAt":1767225600000}],"parentConnId":"00710271981800a8","consultConnId":"0000000000000042","consultForTransfer":true,"conferenceOwner":"15000"}})json");
	CHECK(toJson(Event{}) == R"json({"event":"EventError"})json");
}

namespace {

/// Each spelling reads back as a value that writes it again.
template <class E> void checkSpellings(const std::vector<std::string> &spellings)
{
	for (const std::string &spelling : spellings) {
		CAPTURE(spelling);
		E value{};
		REQUIRE(parse(spelling, value));
		CHECK(std::string(toString(value)) == spelling);
	}
}

} /* namespace */

TEST_CASE("wire bytes: every enum value keeps the spelling it always had")
{
	checkSpellings<DnType>({"Extension", "ACDQueue", "RoutingPoint", "External"});
	checkSpellings<CallType>({"Unknown", "Internal", "Inbound", "Outbound", "Consult"});
	checkSpellings<PartyState>({"Dialing", "Ringing", "Established", "Held", "Released"});
	checkSpellings<DnRole>({"RoleUnknown", "RoleOrigination", "RoleDestination", "RoleConferenceMember",
				"RoleNewParty", "RoleAddedBy", "RoleDeletedBy", "RoleTransferredBy", "RoleDeletedParty",
				"RoleConferencedBy", "RoleObserver"});
	checkSpellings<CallState>({"CallStateOk", "CallStateTransferred", "CallStateConferenced",
				   "CallStateGeneralError", "CallStateRemoteRelease", "CallStateBusy",
				   "CallStateNoAnswer", "CallStateCleared", "CallStateAbandoned", "CallStateRedirected",
				   "CallStateForwarded", "CallStateConsult", "CallStateDropped", "CallStateHeld"});
	checkSpellings<AgentState>({"LoggedOut", "Ready", "NotReady"});
	checkSpellings<WorkMode>({"AgentWorkModeUnknown", "AgentManualIn", "AgentAutoIn", "AgentAfterCallWork",
				  "AgentAuxWork", "AgentNoCallDisconnect", "AgentWalkAway", "AgentReturnBack"});
	checkSpellings<MonitorType>({"MonitorOneCall", "MonitorAllCalls"});
	checkSpellings<MergeType>({"MergeForTransfer", "MergeForConference"});
	checkSpellings<MonitorMode>({"mute", "coach", "connect"});
	checkSpellings<MonitorScope>({"call", "agent"});
	checkSpellings<DnBehaviour::Kind>({"answer", "busy", "noAnswer", "ringForever", "reject"});
	checkSpellings<EventType>({"EventError",
				   "EventQueued",
				   "EventDiverted",
				   "EventAbandoned",
				   "EventRinging",
				   "EventDialing",
				   "EventDestinationBusy",
				   "EventEstablished",
				   "EventReleased",
				   "EventHeld",
				   "EventRetrieved",
				   "EventPartyChanged",
				   "EventPartyAdded",
				   "EventPartyDeleted",
				   "EventAgentLogin",
				   "EventAgentLogout",
				   "EventAgentReady",
				   "EventAgentNotReady",
				   "EventDNDOn",
				   "EventDNDOff",
				   "EventAttachedDataChanged",
				   "EventForwardSet",
				   "EventForwardCancel",
				   "EventLinkDisconnected",
				   "EventLinkConnected",
				   "EventUserEvent",
				   "EventDTMFSent",
				   "EventMonitoringNextCall",
				   "EventMonitoringCancelled",
				   "EventMuteOn",
				   "EventMuteOff"});
	/* The numbers the T-Library gives them stay too (tlib.h, reference §8.2). */
	CHECK(static_cast<int>(EventType::UserEvent) == 96);
	CHECK(static_cast<int>(CallState::Redirected) == 22);
	CHECK(static_cast<int>(DnRole::Observer) == 10);
	CHECK(static_cast<int>(WorkMode::ReturnBack) == 7);
	CHECK(static_cast<int>(MergeType::ForConference) == 1);
}
