/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include <stdexcept>

#include "ctisim/id_generator.h"
#include "ctisim/sim/sim_switch.h"

#include "sim_harness.h"

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;
using Kind = DnBehaviour::Kind;

namespace {

/// A scripted session touching most requests, with timers; returns every event rendered.
std::vector<std::string> script(std::uint64_t seed)
{
	SwitchConfig config = seedConfig();
	config.seed = seed;
	config.dns.push_back(extension("15010", behaviour(Kind::Answer, 1500)));
	Harness h(config);
	std::vector<std::string> out;
	auto run = [&](const Request &request) {
		h.apply(request);
		for (const Event &e : h.events)
			out.push_back(render(e));
	};
	run(req::SingleStepConference{{"15000", seedConnId, "15002", {}, UserData{{"k", std::string("v")}}}});
	run(req::MakeCall{"+15550100", "7000", {}, {}});
	run(req::AgentReady{"15001", WorkMode::ManualIn});
	run(req::MakeCall{"15003", "15010", {}, {}});
	h.advance(1500);
	for (const Event &e : h.events)
		out.push_back(render(e));
	run(req::InitiateConference{{"15000", seedConnId, "15004", {}, {}}});
	run(req::DeleteFromConference{"15000", ConnId(1), "15002"}); /* an error */
	run(req::ReleaseCall{{"15002", seedConnId}});
	return out;
}

} /* namespace */

TEST_CASE("Determinism: the same seed and requests give the same events, field for field")
{
	std::vector<std::string> a = script(7);
	std::vector<std::string> b = script(7);
	REQUIRE(a.size() > 20);
	CHECK(a == b);
	CHECK(script(8) != a); /* the seed shows in the generated ids */
}

TEST_CASE("Event sequence numbers strictly increase and times follow the clock")
{
	Harness h(seedConfig());
	h.apply(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}});
	std::uint64_t last = 0;
	for (const Event &e : h.events) {
		CHECK(e.sequence > last);
		CHECK(e.time == startTime);
		last = e.sequence;
	}
	CHECK(h.sim.state().lastEventSequence == last);
}

TEST_CASE("Generated ids come from the seed and skip pinned ones")
{
	SwitchConfig config = baseConfig();
	IdGenerator ids(config.seed);
	IdGenerator::CallIds first = ids.nextCall();
	IdGenerator::CallIds second = ids.nextCall();
	InitialCall pinned;
	pinned.connId = first.connId;
	pinned.callUuid = "PINNED0000000000000000000000001A";
	pinned.parties = {{"15003", PartyState::Established, false}, {"15004", PartyState::Established, false}};
	config.calls.push_back(pinned);
	Harness h(config);
	REQUIRE(h.apply(req::MakeCall{"15000", "15001", {}, {}}).ok());
	CHECK(h.made() == second.connId);
	CHECK(h.events[0].call->callUuid == second.callUuid);
}

TEST_CASE("Pinned calls and agents are set up as configured")
{
	SwitchConfig config = seedConfig(UserData{{"x", std::string("y")}});
	config.calls[0].parties[1].muted = true;
	Harness h(config);
	SwitchState state = h.sim.state();
	CHECK(state.now == startTime);
	CHECK(state.virtualClock);
	CHECK(state.lastEventSequence == 0);
	REQUIRE(state.calls.size() == 1);
	const CallSnapshot &call = state.calls[0];
	CHECK(call.connId == seedConnId);
	CHECK(call.callUuid == seedCallUuid);
	CHECK(call.dnis == "15001");
	CHECK(call.startedAt == startTime - 52'000);
	REQUIRE(call.parties.size() == 2);
	CHECK(call.parties[0].dn == "15001"); /* newest first */
	CHECK(call.parties[0].role == DnRole::Destination);
	CHECK(call.parties[0].muted);
	CHECK(call.parties[1].dn == "15000");
	CHECK(call.parties[1].role == DnRole::Origination);
	CHECK(call.userData == UserData{{"x", std::string("y")}});
	REQUIRE(state.dns.size() == 7);
	CHECK(state.dns[0].dn == "15000");
	CHECK(state.dns[0].agentId == "agent0");
	CHECK(state.dns[0].agentState == AgentState::NotReady);
	CHECK(state.dns[2].agentState == AgentState::LoggedOut);
}

TEST_CASE("A pinned ringing uncontrolled party follows its behaviour")
{
	SwitchConfig config = baseConfig();
	InitialCall call;
	call.connId = ConnId(0x100);
	call.callUuid = "RINGING00000000000000000000000001";
	call.parties = {{"15000", PartyState::Dialing, false}, {"15002", PartyState::Ringing, false}};
	config.calls.push_back(call);
	Harness h(config);
	CHECK(h.sim.nextTimerAt() == startTime);
	h.advance(0);
	CHECK(brief(h.events) == Strings{"EventEstablished 15002", "EventEstablished 15000"});
}

TEST_CASE("Bad configurations are refused with a clear message")
{
	VirtualClock clock;
	auto refuses = [&](SwitchConfig config, const std::string &needle) {
		try {
			sim::SimSwitch s(std::move(config), clock);
			FAIL("accepted a bad config");
		} catch (const std::invalid_argument &e) {
			CHECK(std::string(e.what()).find(needle) != std::string::npos);
		}
	};
	SwitchConfig dup = baseConfig();
	dup.dns.push_back(extension("15000"));
	refuses(dup, "configured twice");

	SwitchConfig lonely = seedConfig();
	lonely.calls[0].parties.pop_back();
	refuses(lonely, "at least two parties");

	SwitchConfig unknown = seedConfig();
	unknown.unknownNumbersAreExternal = false;
	unknown.calls[0].parties[1].dn = "99999";
	refuses(unknown, "99999");

	SwitchConfig twice = seedConfig();
	twice.calls.push_back(twice.calls[0]);
	refuses(twice, "two calls");

	SwitchConfig agentOnQueue = baseConfig();
	agentOnQueue.agents.push_back({"7000", "q", AgentState::Ready, WorkMode::ManualIn});
	refuses(agentOnQueue, "7000");

	SwitchConfig badTarget = baseConfig();
	badTarget.dns[5].targets.push_back("7100");
	refuses(badTarget, "target");
}

TEST_CASE("reset(): back to the configuration, same ids again; a bad config keeps the state")
{
	Harness h(seedConfig());
	REQUIRE(h.apply(req::MakeCall{"15003", "15004", {}, {}}).ok());
	ConnId made = h.made();
	REQUIRE(h.apply(req::AgentReady{"15000", WorkMode::ManualIn}).ok());
	std::uint64_t sequence = h.sim.state().lastEventSequence;

	h.sim.reset();
	SwitchState state = h.sim.state();
	CHECK(state.calls.size() == 1);
	CHECK(state.dns[0].agentState == AgentState::NotReady);
	CHECK(state.lastEventSequence == sequence); /* sequence numbers never go back */
	REQUIRE(h.apply(req::MakeCall{"15003", "15004", {}, {}}).ok());
	CHECK(h.made() == made);
	CHECK(h.events[0].sequence == sequence + 1);

	SwitchConfig bad = baseConfig();
	bad.dns.push_back(extension("15000"));
	std::string before = renderState(h.sim.state());
	CHECK_THROWS_AS(h.sim.reset(bad), std::invalid_argument);
	CHECK(renderState(h.sim.state()) == before);

	h.sim.reset(baseConfig());
	CHECK(h.sim.state().calls.empty());
	h.sim.reset();
	CHECK(h.sim.state().calls.empty()); /* the last configuration given */
}

TEST_CASE("setBehaviour changes how a DN answers; unknown numbers need external numbers allowed")
{
	SwitchConfig config = baseConfig();
	Harness h(config);
	CHECK(h.sim.setBehaviour("15002", behaviour(Kind::Busy)) == 0);
	checkFails(h, req::SingleStepTransfer{{"15000", ConnId(1), "15002", {}, {}}}, terr::InvalidConnId);
	REQUIRE(h.apply(req::MakeCall{"15000", "15002", {}, {}}).ok());
	CHECK(brief(h.events)[1] == "EventDestinationBusy 15000");

	CHECK(h.sim.setBehaviour("+15550000", behaviour(Kind::RingForever)) == 0);
	REQUIRE(h.apply(req::MakeCall{"15000", "+15550000", {}, {}}).ok());
	CHECK(brief(h.events) == Strings{"EventDialing 15000", "EventRinging +15550000"});

	config.unknownNumbersAreExternal = false;
	h.sim.reset(config);
	CHECK(h.sim.setBehaviour("+15550000", {}) == terr::NotConfigured);
}

TEST_CASE("External numbers get the configured external behaviour")
{
	SwitchConfig config = baseConfig();
	config.externalBehaviour = behaviour(Kind::NoAnswer, 4000);
	Harness h(config);
	REQUIRE(h.apply(req::MakeCall{"15000", "+15551111", {}, {}}).ok());
	CHECK(h.sim.nextTimerAt() == startTime + 4000);
	h.advance(4000);
	CHECK(brief(h.events) == Strings{"EventReleased +15551111", "EventReleased 15000"});
}
