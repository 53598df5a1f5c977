/* SPDX-License-Identifier: MIT */
/*
 * Supervision: RequestMonitorNextCall / RequestCancelMonitoring, the supervisor
 * joining the agent's call as an observer (mute, coach, connect), switching modes
 * with SetMuteOn/Off, muting the monitored agent, and every way the monitoring
 * and the supervisor's presence on a call end.
 */
#include "sim_harness.h"

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;

namespace {

const Dn supervisor = "16000";
const Dn supervisor2 = "16001";
const Dn customer = "+14155550100";

SwitchConfig supervisedConfig(bool withSeedCall = false)
{
	SwitchConfig config = withSeedCall ? seedConfig() : baseConfig();
	config.dns.push_back(extension(supervisor));
	config.dns.push_back(extension(supervisor2));
	return config;
}

req::MonitorNextCall monitor(MonitorMode mode, MonitorType type = MonitorType::OneCall,
			     MonitorScope scope = MonitorScope::Call, const Dn &agent = "15000")
{
	return req::MonitorNextCall{supervisor, agent, type, mode, scope};
}

/// The customer calls 15000, who answers; returns the call's ConnId.
ConnId inboundAnswered(Harness &h)
{
	REQUIRE(h.apply(req::MakeCall{customer, "15000", {}, {}}).ok());
	ConnId id = h.made();
	REQUIRE(h.apply(req::AnswerCall{{"15000", id}}).ok());
	return id;
}

const PartySnapshot &partyOf(const Event &e, const Dn &dn)
{
	REQUIRE(e.call);
	const PartySnapshot *p = e.call->party(dn);
	REQUIRE(p);
	return *p;
}

DnSnapshotPtr query(Harness &h, const Dn &dn)
{
	RequestResult r = h.apply(req::QueryAddress{dn});
	REQUIRE(r.ok());
	return r.dn;
}

} /* namespace */

TEST_CASE("MonitorNextCall: events to the supervisor and the agent, kept on both DNs")
{
	Harness h(supervisedConfig());
	RequestResult r = h.apply(monitor(MonitorMode::Coach, MonitorType::AllCalls, MonitorScope::Agent));
	REQUIRE(r.ok());
	REQUIRE(brief(h.events) == Strings{"EventMonitoringNextCall 16000", "EventMonitoringNextCall 15000"});
	const Event &toSupervisor = h.events[0];
	CHECK(toSupervisor.referenceId == r.referenceId);
	CHECK(toSupervisor.thisDnRole == DnRole::Observer);
	CHECK(toSupervisor.otherDn == "15000");
	CHECK(toSupervisor.otherDnRole == DnRole::Destination);
	CHECK(toSupervisor.monitorType == MonitorType::AllCalls);
	CHECK(toSupervisor.extensions ==
	      UserData{{"MonitorMode", std::string("coach")}, {"MonitorScope", std::string("agent")}});
	CHECK(toSupervisor.connId.isNull());
	CHECK_FALSE(toSupervisor.call);
	REQUIRE(toSupervisor.dn->monitoring);
	CHECK(*toSupervisor.dn->monitoring ==
	      MonitoringSnapshot{"15000", MonitorType::AllCalls, MonitorMode::Coach, MonitorScope::Agent});
	const Event &toAgent = h.events[1];
	CHECK(toAgent.referenceId == 0);
	CHECK(toAgent.thisDnRole == DnRole::Destination);
	CHECK(toAgent.otherDn == supervisor);
	CHECK(toAgent.otherDnRole == DnRole::Observer);
	CHECK(toAgent.monitorType == MonitorType::AllCalls);
	CHECK(toAgent.extensions == toSupervisor.extensions);
	CHECK(toAgent.dn->monitoredBy == supervisor);
	CHECK_FALSE(toAgent.dn->monitoring);

	/* A front end that reconnects finds both in QueryAddress. */
	CHECK(query(h, supervisor)->monitoring->agentDn == "15000");
	CHECK(query(h, "15000")->monitoredBy == supervisor);
	CHECK(query(h, "15001")->monitoredBy.empty());
}

TEST_CASE("MonitorNextCall errors change nothing")
{
	SwitchConfig config = supervisedConfig();
	config.unknownNumbersAreExternal = false;
	Harness h(config);
	checkFails(h, req::MonitorNextCall{"99999", "15000"}, terr::NotConfigured);
	checkFails(h, req::MonitorNextCall{"7000", "15000"}, terr::UnsupportedOperation);
	checkFails(h, req::MonitorNextCall{supervisor, ""}, terr::InvalidDestinationDn);
	checkFails(h, req::MonitorNextCall{supervisor, supervisor}, terr::InvalidDestinationDn);
	checkFails(h, req::MonitorNextCall{supervisor, "99999"}, terr::NotConfigured);
	checkFails(h, req::MonitorNextCall{supervisor, "7000"}, terr::UnsupportedOperation);

	REQUIRE(h.apply(monitor(MonitorMode::Mute)).ok());
	/* One supervisor per agent, one agent per supervisor. */
	checkFails(h, req::MonitorNextCall{supervisor2, "15000"}, terr::ResourceSeized);
	checkFails(h, req::MonitorNextCall{supervisor, "15001"}, terr::ResourceSeized);
	/* The same supervisor asking again changes the settings. */
	REQUIRE(h.apply(monitor(MonitorMode::Connect, MonitorType::AllCalls)).ok());
	CHECK(brief(h.events) == Strings{"EventMonitoringNextCall 16000", "EventMonitoringNextCall 15000"});
	CHECK(h.events[0].dn->monitoring->mode == MonitorMode::Connect);
	CHECK(h.events[0].dn->monitoring->type == MonitorType::AllCalls);
	/* Another supervisor may watch another agent. */
	REQUIRE(h.apply(req::MonitorNextCall{supervisor2, "15001"}).ok());
}

TEST_CASE("CancelMonitoring: events to both, DNs cleared; errors")
{
	Harness h(supervisedConfig());
	checkFails(h, req::CancelMonitoring{supervisor, "15000"}, terr::InSameState);
	REQUIRE(h.apply(monitor(MonitorMode::Mute)).ok());
	checkFails(h, req::CancelMonitoring{supervisor, "15001"}, terr::InSameState);
	checkFails(h, req::CancelMonitoring{supervisor2, "15000"}, terr::InSameState);
	checkFails(h, req::CancelMonitoring{"7000", "15000"}, terr::UnsupportedOperation);

	RequestResult r = h.apply(req::CancelMonitoring{supervisor, "15000"});
	REQUIRE(r.ok());
	REQUIRE(brief(h.events) == Strings{"EventMonitoringCancelled 16000", "EventMonitoringCancelled 15000"});
	CHECK(h.events[0].referenceId == r.referenceId);
	CHECK(h.events[0].otherDn == "15000");
	CHECK(h.events[1].otherDn == supervisor);
	CHECK(h.events[1].otherDnRole == DnRole::Observer);
	CHECK_FALSE(h.events[0].dn->monitoring);
	CHECK(h.events[1].dn->monitoredBy.empty());
	/* Now another supervisor may take the agent. */
	REQUIRE(h.apply(req::MonitorNextCall{supervisor2, "15000"}).ok());
}

TEST_CASE("Listen-in: the supervisor joins the next call when the agent answers; only the agent is told")
{
	Harness h(supervisedConfig());
	REQUIRE(h.apply(monitor(MonitorMode::Mute)).ok());
	REQUIRE(h.apply(req::MakeCall{customer, "15000", {}, {}}).ok());
	CHECK(brief(h.events) == Strings{"EventDialing +14155550100", "EventRinging 15000"}); /* not yet */
	ConnId id = h.made();
	REQUIRE(h.apply(req::AnswerCall{{"15000", id}}).ok());
	REQUIRE(brief(h.events) == Strings{"EventEstablished 15000", "EventEstablished +14155550100",
					   "EventRinging 16000", "EventEstablished 16000", "EventPartyAdded 15000"});
	const Event &ringing = h.events[2];
	CHECK(ringing.connId == id);
	CHECK(ringing.referenceId == 0);
	CHECK(ringing.thisDnRole == DnRole::Observer);
	CHECK(ringing.otherDn == "15000");
	CHECK(stateOf(ringing.call, supervisor) == PartyState::Ringing);
	const Event &established = h.events[3];
	CHECK(established.otherDn == "15000");
	const PartySnapshot &observer = partyOf(established, supervisor);
	CHECK(observer.state == PartyState::Established);
	CHECK(observer.role == DnRole::Observer);
	CHECK(observer.monitorMode == MonitorMode::Mute);
	CHECK(observer.monitoredDn == "15000");
	CHECK(observer.muted); /* listen-in: the supervisor's side is muted */
	CHECK(partyDns(established.call) == std::vector<Dn>{supervisor, "15000", customer});
	CHECK_FALSE(partyOf(established, "15000").monitorMode);
	const Event &added = h.events[4];
	CHECK(added.otherDn == supervisor);
	CHECK(added.otherDnRole == DnRole::Observer);
	CHECK(added.thirdPartyDn == supervisor);
	CHECK(added.thirdPartyDnRole == DnRole::AddedBy);
	CHECK(added.callState == CallState::Ok);
}

TEST_CASE("Barge-in: everyone on the call is told; coach: only the agent")
{
	for (MonitorMode mode : {MonitorMode::Connect, MonitorMode::Coach}) {
		CAPTURE(toString(mode));
		Harness h(supervisedConfig());
		REQUIRE(h.apply(monitor(mode)).ok());
		inboundAnswered(h);
		Strings expected = {"EventEstablished 15000", "EventEstablished +14155550100", "EventRinging 16000",
				    "EventEstablished 16000", "EventPartyAdded 15000"};
		if (mode == MonitorMode::Connect)
			expected.push_back("EventPartyAdded +14155550100");
		CHECK(brief(h.events) == expected);
		const PartySnapshot &observer = partyOf(h.events[3], supervisor);
		CHECK(observer.monitorMode == mode);
		CHECK_FALSE(observer.muted);
	}
}

TEST_CASE("Intrusion: an agent already talking has the supervisor at once")
{
	Harness h(supervisedConfig(true));
	RequestResult r = h.apply(monitor(MonitorMode::Connect));
	REQUIRE(r.ok());
	REQUIRE(brief(h.events) == Strings{"EventMonitoringNextCall 16000", "EventMonitoringNextCall 15000",
					   "EventRinging 16000", "EventEstablished 16000", "EventPartyAdded 15000",
					   "EventPartyAdded 15001"});
	CHECK(h.events[2].connId == seedConnId);
	CHECK(h.events[2].referenceId == r.referenceId); /* the supervisor's own request */
	CHECK(h.events[4].referenceId == 0);
	/* A held call is not intruded on. */
	Harness held(supervisedConfig(true));
	REQUIRE(held.apply(req::HoldCall{{"15000", seedConnId}}).ok());
	REQUIRE(held.apply(monitor(MonitorMode::Connect)).ok());
	CHECK(brief(held.events) == Strings{"EventMonitoringNextCall 16000", "EventMonitoringNextCall 15000"});
}

TEST_CASE("OneCall: the call ending releases the supervisor and ends the monitoring")
{
	Harness h(supervisedConfig());
	REQUIRE(h.apply(monitor(MonitorMode::Mute)).ok());
	ConnId id = inboundAnswered(h);
	REQUIRE(h.apply(req::ReleaseCall{{customer, id}}).ok());
	REQUIRE(brief(h.events) == Strings{"EventReleased +14155550100", "EventReleased 15000", "EventReleased 16000",
					   "EventMonitoringCancelled 16000", "EventMonitoringCancelled 15000"});
	CHECK(h.events[2].thisDnRole == DnRole::Observer);
	CHECK(h.events[2].otherDn == "15000");
	CHECK(h.events[2].call->parties.empty());
	CHECK(h.events[3].monitorType == MonitorType::OneCall);
	CHECK_FALSE(query(h, supervisor)->monitoring);
	CHECK(query(h, "15000")->monitoredBy.empty());
	CHECK(h.sim.state().calls.empty());
	/* The next call is not monitored. */
	inboundAnswered(h);
	CHECK(brief(h.events) == Strings{"EventEstablished 15000", "EventEstablished +14155550100"});
}

TEST_CASE("AllCalls: the supervisor leaves with the call and joins the next one")
{
	Harness h(supervisedConfig());
	REQUIRE(h.apply(monitor(MonitorMode::Mute, MonitorType::AllCalls)).ok());
	ConnId id = inboundAnswered(h);
	REQUIRE(h.apply(req::ReleaseCall{{"15000", id}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15000", "EventReleased +14155550100", "EventReleased 16000"});
	CHECK(query(h, supervisor)->monitoring);
	inboundAnswered(h);
	CHECK(brief(h.events) == Strings{"EventEstablished 15000", "EventEstablished +14155550100",
					 "EventRinging 16000", "EventEstablished 16000", "EventPartyAdded 15000"});
}

TEST_CASE("The supervisor hanging up ends the monitoring, never the agent's call")
{
	for (MonitorType type : {MonitorType::OneCall, MonitorType::AllCalls}) {
		for (MonitorMode mode : {MonitorMode::Mute, MonitorMode::Connect}) {
			CAPTURE(toString(type));
			CAPTURE(toString(mode));
			Harness h(supervisedConfig());
			REQUIRE(h.apply(monitor(mode, type)).ok());
			ConnId id = inboundAnswered(h);
			RequestResult r = h.apply(req::ReleaseCall{{supervisor, id}});
			REQUIRE(r.ok());
			Strings expected = {"EventReleased 16000", "EventPartyDeleted 15000"};
			if (mode == MonitorMode::Connect)
				expected.push_back("EventPartyDeleted +14155550100");
			expected.push_back("EventMonitoringCancelled 16000");
			expected.push_back("EventMonitoringCancelled 15000");
			CHECK(brief(h.events) == expected);
			CHECK(h.events[0].referenceId == r.referenceId);
			CHECK(h.events[1].otherDn == supervisor);
			CHECK(h.events[1].otherDnRole == DnRole::Observer);
			CHECK(partyDns(h.events[1].call) == std::vector<Dn>{"15000", customer});
			CHECK(stateOf(h.events[1].call, "15000") == PartyState::Established);
			CHECK(stateOf(h.events[1].call, customer) == PartyState::Established);
		}
	}
}

TEST_CASE("Cancelling during a monitored call keeps the supervisor on it until it hangs up")
{
	Harness h(supervisedConfig());
	REQUIRE(h.apply(monitor(MonitorMode::Mute, MonitorType::AllCalls)).ok());
	ConnId id = inboundAnswered(h);
	REQUIRE(h.apply(req::CancelMonitoring{supervisor, "15000"}).ok());
	CHECK(brief(h.events) == Strings{"EventMonitoringCancelled 16000", "EventMonitoringCancelled 15000"});
	REQUIRE(h.apply(req::QueryAddress{supervisor}).calls.size() == 1);
	REQUIRE(h.apply(req::ReleaseCall{{supervisor, id}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 16000", "EventPartyDeleted 15000"});
}

TEST_CASE("Switching modes: SetMuteOn is listen-in, SetMuteOff is barge-in; coach cannot come back")
{
	Harness h(supervisedConfig());
	REQUIRE(h.apply(monitor(MonitorMode::Coach)).ok());
	ConnId id = inboundAnswered(h);

	/* Coach -> barge-in: the customer now hears the supervisor. */
	REQUIRE(h.apply(req::SetMuteOff{{supervisor, id}}).ok());
	REQUIRE(brief(h.events) ==
		Strings{"EventMuteOff 16000", "EventPartyAdded 15000", "EventPartyAdded +14155550100"});
	CHECK(h.events[0].otherDn == "15000");
	CHECK(partyOf(h.events[0], supervisor).monitorMode == MonitorMode::Connect);
	CHECK_FALSE(partyOf(h.events[0], supervisor).muted);
	CHECK(h.events[0].dn->monitoring->mode == MonitorMode::Connect);
	/* Barge-in again: nothing new for the others. */
	REQUIRE(h.apply(req::SetMuteOff{{supervisor, id}}).ok());
	CHECK(brief(h.events) == Strings{"EventMuteOff 16000"});

	/* Barge-in -> listen-in: silent again. */
	REQUIRE(h.apply(req::SetMuteOn{{supervisor, id}}).ok());
	REQUIRE(brief(h.events) ==
		Strings{"EventMuteOn 16000", "EventPartyDeleted 15000", "EventPartyDeleted +14155550100"});
	CHECK(h.events[1].otherDnRole == DnRole::Observer);
	CHECK(partyOf(h.events[0], supervisor).monitorMode == MonitorMode::Mute);
	CHECK(partyOf(h.events[0], supervisor).muted);
	CHECK(partyDns(h.events[0].call) == std::vector<Dn>{supervisor, "15000", customer}); /* still on it */
	CHECK(h.events[0].dn->monitoring->mode == MonitorMode::Mute);

	/* Coach -> listen-in tells nobody else (neither mode is heard by the customer). */
	Harness coach(supervisedConfig());
	REQUIRE(coach.apply(monitor(MonitorMode::Coach)).ok());
	ConnId id2 = inboundAnswered(coach);
	REQUIRE(coach.apply(req::SetMuteOn{{supervisor, id2}}).ok());
	CHECK(brief(coach.events) == Strings{"EventMuteOn 16000"});
	CHECK(partyOf(coach.events[0], supervisor).monitorMode == MonitorMode::Mute);
}

TEST_CASE("Muting the monitored agent: the supervisor is told too")
{
	Harness h(supervisedConfig());
	REQUIRE(h.apply(monitor(MonitorMode::Connect)).ok());
	ConnId id = inboundAnswered(h);
	REQUIRE(h.apply(req::SetMuteOn{{"15000", id}}).ok());
	REQUIRE(brief(h.events) == Strings{"EventMuteOn 15000", "EventMuteOn 16000"});
	CHECK(h.events[1].otherDn == "15000");
	CHECK(h.events[1].referenceId == 0);
	CHECK(partyOf(h.events[1], "15000").muted);
	CHECK_FALSE(partyOf(h.events[1], supervisor).muted);
	REQUIRE(h.apply(req::SetMuteOff{{"15000", id}}).ok());
	CHECK(brief(h.events) == Strings{"EventMuteOff 15000", "EventMuteOff 16000"});
	CHECK_FALSE(partyOf(h.events[1], "15000").muted);
	/* The customer muting itself is nobody's business but its own. */
	REQUIRE(h.apply(req::SetMuteOn{{customer, id}}).ok());
	CHECK(brief(h.events) == Strings{"EventMuteOn +14155550100"});
}

TEST_CASE("Scope Agent: the supervisor leaves with a transferring agent; scope Call stays")
{
	for (MonitorScope scope : {MonitorScope::Agent, MonitorScope::Call}) {
		CAPTURE(toString(scope));
		Harness h(supervisedConfig());
		REQUIRE(h.apply(monitor(MonitorMode::Mute, MonitorType::OneCall, scope)).ok());
		ConnId id = inboundAnswered(h);
		REQUIRE(h.apply(req::SingleStepTransfer{{"15000", id, "15001", "", {}}}).ok());
		Strings expected = {"EventReleased 15000", "EventRinging 15001", "EventPartyChanged +14155550100",
				    "EventPartyChanged 16000"};
		if (scope == MonitorScope::Agent) {
			expected.push_back("EventReleased 16000");
			expected.push_back("EventMonitoringCancelled 16000");
			expected.push_back("EventMonitoringCancelled 15000");
		}
		CHECK(brief(h.events) == expected);
		/* The customer and the new agent go on; a call-scope supervisor is still on it. */
		REQUIRE(h.apply(req::AnswerCall{{"15001", id}}).ok());
		CHECK(brief(h.events) == Strings{"EventEstablished 15001"});
		const CallSnapshotPtr &call = h.events[0].call;
		CHECK(stateOf(call, customer) == PartyState::Established);
		CHECK((call->party(supervisor) != nullptr) == (scope == MonitorScope::Call));
		if (scope == MonitorScope::Call) {
			/* It leaves when the call ends, and the OneCall monitoring with it. */
			REQUIRE(h.apply(req::ReleaseCall{{"15001", id}}).ok());
			CHECK(brief(h.events) == Strings{"EventReleased 15001", "EventReleased +14155550100",
							 "EventReleased 16000", "EventMonitoringCancelled 16000",
							 "EventMonitoringCancelled 15000"});
		}
	}
}

TEST_CASE("Scope Agent: the agent leaving a conference takes the supervisor along")
{
	Harness h(supervisedConfig());
	REQUIRE(h.apply(monitor(MonitorMode::Connect, MonitorType::AllCalls, MonitorScope::Agent)).ok());
	ConnId id = inboundAnswered(h);
	REQUIRE(h.apply(req::SingleStepConference{{"15000", id, "15002", "", {}}}).ok()); /* 15002 answers at once */
	REQUIRE(h.apply(req::ReleaseCall{{"15000", id}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15000", "EventReleased 16000", "EventPartyDeleted +14155550100",
					 "EventPartyDeleted 15002", "EventPartyDeleted +14155550100",
					 "EventPartyDeleted 15002"});
	/* The first two PartyDeleted are about the supervisor (barge-in: everyone heard it). */
	CHECK(h.events[2].otherDn == supervisor);
	CHECK(h.events[4].otherDn == "15000");
	CHECK(query(h, supervisor)->monitoring); /* AllCalls, and the supervisor did not hang up */
}

TEST_CASE("Observers never keep a call alive, nor count as the other party")
{
	Harness h(supervisedConfig());
	REQUIRE(h.apply(monitor(MonitorMode::Mute, MonitorType::AllCalls)).ok());
	ConnId id = inboundAnswered(h);
	REQUIRE(h.apply(req::HoldCall{{"15000", id}}).ok());
	CHECK(h.events[0].otherDn == customer); /* the supervisor is not "the other party" */
	REQUIRE(h.apply(req::RetrieveCall{{"15000", id}}).ok());
	REQUIRE(h.apply(req::ClearCall{{"15000", id}}).ok());
	CHECK(brief(h.events) == Strings{"EventReleased 15000", "EventReleased +14155550100", "EventReleased 16000"});
	CHECK(h.events[2].callState == CallState::Cleared);
	CHECK(h.sim.state().calls.empty());
	CHECK(query(h, supervisor)->monitoring); /* AllCalls goes on */
}

TEST_CASE("A supervisor already on the agent's call, or watching another call, does not join")
{
	Harness h(supervisedConfig());
	/* The supervisor is the agent's caller: no observer copy of itself. */
	REQUIRE(h.apply(monitor(MonitorMode::Mute, MonitorType::AllCalls)).ok());
	REQUIRE(h.apply(req::MakeCall{supervisor, "15000", {}, {}}).ok());
	ConnId direct = h.made();
	REQUIRE(h.apply(req::AnswerCall{{"15000", direct}}).ok());
	CHECK(brief(h.events) == Strings{"EventEstablished 15000", "EventEstablished 16000"});
	CHECK(partyOf(h.events[0], supervisor).role == DnRole::Origination);
	REQUIRE(h.apply(req::ReleaseCall{{"15000", direct}}).ok());

	/* One monitored call at a time: a consult call of the agent is not joined. */
	ConnId id = inboundAnswered(h);
	REQUIRE(h.apply(req::InitiateTransfer{{"15000", id, "15002", "", {}}}).ok());
	for (const Event &e : h.events)
		CHECK(e.thisDn != supervisor);
}

TEST_CASE("DeleteFromConference can drop the supervisor; AllCalls goes on, OneCall ends")
{
	for (MonitorType type : {MonitorType::OneCall, MonitorType::AllCalls}) {
		CAPTURE(toString(type));
		Harness h(supervisedConfig());
		REQUIRE(h.apply(monitor(MonitorMode::Mute, type)).ok());
		ConnId id = inboundAnswered(h);
		RequestResult r = h.apply(req::DeleteFromConference{"15000", id, supervisor});
		REQUIRE(r.ok());
		Strings expected = {"EventReleased 16000", "EventPartyDeleted 15000"};
		if (type == MonitorType::OneCall) {
			expected.push_back("EventMonitoringCancelled 16000");
			expected.push_back("EventMonitoringCancelled 15000");
		}
		CHECK(brief(h.events) == expected);
		CHECK(h.events[0].thirdPartyDn == "15000");
		CHECK(h.events[0].thirdPartyDnRole == DnRole::DeletedBy);
		CHECK(h.events[1].referenceId == r.referenceId);
		CHECK(h.events[1].thirdPartyDn == "15000");
		CHECK(partyDns(h.events[1].call) == std::vector<Dn>{"15000", customer});
		CHECK(static_cast<bool>(query(h, supervisor)->monitoring) == (type == MonitorType::AllCalls));
	}
}

TEST_CASE("A supervisor busy on its own call still joins: observing is not talking")
{
	Harness h(supervisedConfig());
	REQUIRE(h.apply(req::MakeCall{supervisor, "15002", {}, {}}).ok()); /* 15002 answers at once */
	ConnId own = h.made();
	REQUIRE(h.apply(monitor(MonitorMode::Mute)).ok());
	ConnId id = inboundAnswered(h);
	CHECK(brief(h.events)[2] == "EventRinging 16000");
	CHECK(h.events[2].connId == id);
	RequestResult r = h.apply(req::QueryAddress{supervisor});
	REQUIRE(r.calls.size() == 2);
	CHECK(stateOf(r.calls[0]->connId == own ? r.calls[0] : r.calls[1], supervisor) == PartyState::Established);
}

TEST_CASE("Scope Agent: CompleteTransfer takes the supervisor along; scope Call stays with the customer")
{
	for (MonitorScope scope : {MonitorScope::Agent, MonitorScope::Call}) {
		CAPTURE(toString(scope));
		Harness h(supervisedConfig());
		REQUIRE(h.apply(monitor(MonitorMode::Connect, MonitorType::AllCalls, scope)).ok());
		ConnId id = inboundAnswered(h);
		REQUIRE(h.apply(req::InitiateTransfer{{"15000", id, "15002", "", {}}}).ok()); /* 15002 answers */
		ConnId consult = h.made();
		REQUIRE(h.apply(req::CompleteTransfer{{"15000", id, consult}}).ok());
		Strings expected = {"EventReleased 15000", "EventReleased 15000", "EventPartyChanged +14155550100",
				    "EventPartyChanged 16000", "EventPartyChanged 15002"};
		if (scope == MonitorScope::Agent) {
			expected.push_back("EventReleased 16000");
			expected.push_back("EventPartyDeleted +14155550100");
			expected.push_back("EventPartyDeleted 15002");
		}
		CHECK(brief(h.events) == expected);
		const CallSnapshotPtr &call = h.events.back().call;
		CHECK(stateOf(call, customer) == PartyState::Established);
		CHECK(stateOf(call, "15002") == PartyState::Established);
		CHECK((call->party(supervisor) != nullptr) == (scope == MonitorScope::Call));
		CHECK(query(h, supervisor)->monitoring); /* AllCalls, no hang-up */
	}
}
