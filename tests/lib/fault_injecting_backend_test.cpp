/* SPDX-License-Identifier: MIT */
/*
 * Tests of FaultInjectingBackend over a FakeBackend: pass-through, link down and
 * up, delayed events in order, dropped requests and events, and the Backend contract
 * (exactly one result, events before results, never inline).
 */
// Test that header file is self-contained.
#include "ctisim/fault_injecting_backend.h"

#include <string>
#include <variant>
#include <vector>

#include <doctest/doctest.h>

#include "ctisim/tserver_error.h"
#include "fake_backend.h"
#include "manual_executor.h"

namespace ctisim::test {

namespace {

/// Records what reaches it, events and results in one list ("E:<type>:<dn>", "R:<code>").
struct Log final : EventSink {
	void onEvent(const Event &event) override
	{
		entries.push_back("E:" + std::string(toString(event.type)) + ":" + event.thisDn);
		events.push_back(event);
	}
	Backend::ResultHandler handler()
	{
		return [this](RequestResult result) { entries.push_back("R:" + std::to_string(result.errorCode)); };
	}
	std::vector<std::string> entries;
	std::vector<Event> events;
};

Event switchEvent(EventType type, const Dn &dn, std::uint64_t sequence)
{
	Event e;
	e.type = type;
	e.thisDn = dn;
	e.sequence = sequence;
	return e;
}

struct Rig {
	Rig() : faults(fake, core, clock) { fake.autoComplete = false; }

	Event event(EventType type, const Dn &dn, std::uint64_t sequence) { return switchEvent(type, dn, sequence); }

	/// The switch answers request i: an event on dn, then the result.
	void answer(std::size_t i, const Dn &dn, std::uint64_t sequence)
	{
		core.post([this, i, dn, sequence] {
			fake.emit(event(EventType::Established, dn, sequence));
			fake.complete(i);
		});
	}

	VirtualClock clock{1000};
	ManualExecutor core;
	FakeBackend fake;
	FaultInjectingBackend faults;
	Log log;
};

FaultState stateOf(Rig &rig)
{
	FaultState out;
	rig.faults.inspect([&out](FaultState s) { out = s; });
	rig.core.runAll();
	return out;
}

} /* namespace */

TEST_CASE("faults: without faults requests, results and events pass through, never inline")
{
	Rig rig;
	rig.faults.subscribe(rig.log);
	rig.faults.submit(req::AnswerCall{{"15000", ConnId(1)}}, rig.log.handler());
	CHECK(rig.fake.submitted.empty()); /* not forwarded from inside submit() */
	rig.core.runAll();
	REQUIRE(rig.fake.submitted.size() == 1);
	CHECK(std::holds_alternative<req::AnswerCall>(rig.fake.submitted[0].request));
	rig.answer(0, "15000", 5);
	rig.core.runAll();
	CHECK(rig.log.entries == std::vector<std::string>{"E:EventEstablished:15000", "R:0"});
	CHECK(rig.log.events[0].sequence == 5);
}

TEST_CASE("faults: a DN subscription gets only its DN's events")
{
	Rig rig;
	Log other;
	rig.faults.subscribe(rig.log, Dn("15000"));
	auto id = rig.faults.subscribe(other, Dn("15001"));
	rig.core.post([&] {
		rig.fake.emit(rig.event(EventType::Ringing, "15000", 1));
		rig.fake.emit(rig.event(EventType::Ringing, "15001", 2));
	});
	rig.core.runAll();
	CHECK(rig.log.entries == std::vector<std::string>{"E:EventRinging:15000"});
	CHECK(other.entries == std::vector<std::string>{"E:EventRinging:15001"});
	rig.faults.unsubscribe(id);
	rig.core.post([&] { rig.fake.emit(rig.event(EventType::Released, "15001", 3)); });
	rig.core.runAll();
	CHECK(other.entries.size() == 1);
}

TEST_CASE("faults: link down tells every sink, fails requests in flight and new ones, hides events")
{
	Rig rig;
	Log dnSink;
	rig.faults.subscribe(rig.log);
	rig.faults.subscribe(dnSink, Dn("15002"));
	rig.core.post([&] { rig.fake.emit(rig.event(EventType::Ringing, "15000", 41)); });
	rig.faults.submit(req::HoldCall{{"15000", ConnId(1)}}, rig.log.handler());
	rig.core.runAll();
	REQUIRE(rig.fake.submitted.size() == 1);

	rig.faults.setLinkUp(false);
	rig.core.runAll();
	/* The request in flight ends with TERR_NO_SWITCH after the disconnection event. */
	CHECK(rig.log.entries == std::vector<std::string>{"E:EventRinging:15000", "E:EventLinkDisconnected:", "R:54"});
	CHECK(rig.log.events[1].sequence == 41);
	CHECK(rig.log.events[1].time == 1000);
	CHECK(dnSink.entries == std::vector<std::string>{"E:EventLinkDisconnected:15002"});

	/* Its late result and the switch's events are discarded. */
	rig.answer(0, "15000", 42);
	rig.core.runAll();
	CHECK(rig.log.entries.size() == 3);

	/* New requests fail at once, without reaching the switch. */
	std::vector<RequestResult> results;
	rig.faults.submit(req::RetrieveCall{{"15000", ConnId(1)}}, [&](RequestResult r) { results.push_back(r); });
	rig.core.runAll();
	REQUIRE(results.size() == 1);
	CHECK(results[0].errorCode == terr::NoSwitch);
	CHECK(results[0].errorMessage == "No connection to the switch");
	CHECK(rig.fake.submitted.size() == 1);
	CHECK_FALSE(stateOf(rig).linkUp);

	/* A second "down" changes nothing. */
	rig.faults.setLinkUp(false);
	rig.core.runAll();
	CHECK(rig.log.entries.size() == 3);

	rig.faults.setLinkUp(true);
	rig.faults.submit(req::RetrieveCall{{"15000", ConnId(1)}}, rig.log.handler());
	rig.core.runAll();
	CHECK(rig.log.entries.back() == "E:EventLinkConnected:");
	CHECK(dnSink.entries.back() == "E:EventLinkConnected:15002");
	REQUIRE(rig.fake.submitted.size() == 2);
	rig.answer(1, "15000", 43);
	rig.core.runAll();
	CHECK(rig.log.entries == std::vector<std::string>{"E:EventRinging:15000", "E:EventLinkDisconnected:", "R:54",
							  "E:EventLinkConnected:", "E:EventEstablished:15000", "R:0"});
	CHECK(stateOf(rig).linkUp);
}

TEST_CASE("faults: delayed events and results keep their order")
{
	Rig rig;
	rig.faults.subscribe(rig.log);
	rig.faults.setEventDelay(std::chrono::milliseconds(200));
	rig.faults.submit(req::AnswerCall{{"15000", ConnId(1)}}, rig.log.handler());
	rig.faults.submit(req::HoldCall{{"15000", ConnId(1)}}, rig.log.handler());
	rig.core.runAll();
	REQUIRE(rig.fake.submitted.size() == 2);
	rig.answer(0, "15000", 1);
	rig.answer(1, "15000", 2);
	rig.core.runAll();
	CHECK(rig.log.entries.empty()); /* all held */
	CHECK(rig.core.delayedCount() == 4);
	CHECK(stateOf(rig).eventDelay == std::chrono::milliseconds(200));

	/* Back to no delay: what comes now waits behind what is held. */
	rig.faults.setEventDelay(std::chrono::milliseconds(0));
	rig.core.post([&] { rig.fake.emit(rig.event(EventType::Released, "15000", 3)); });
	rig.core.runAll();
	CHECK(rig.log.entries.size() == 1); /* one release ran: the oldest item */
	CHECK(rig.log.entries[0] == "E:EventEstablished:15000");
	rig.core.fireDelayed();
	CHECK(rig.log.entries == std::vector<std::string>{"E:EventEstablished:15000", "R:0", "E:EventEstablished:15000",
							  "R:0", "E:EventReleased:15000"});
	std::vector<std::uint64_t> sequences;
	for (const Event &e : rig.log.events)
		sequences.push_back(e.sequence);
	CHECK(sequences == std::vector<std::uint64_t>{1, 2, 3});
}

/// Moves the rig's virtual clock, on the executor, as the switch does (its timers aside).
struct ClockMover final : SwitchControl {
	ClockMover(VirtualClock &c, ManualExecutor &e) : clock(c), executor(e) {}
	void control(ControlRequest request, ControlHandler onResult) override
	{
		executor.post([this, request = std::move(request), onResult = std::move(onResult)] {
			if (const auto *advance = std::get_if<ctl::AdvanceClock>(&request)) {
				advances.push_back(advance->deltaMs);
				clock.advance(advance->deltaMs);
			}
			onResult(ControlResult{});
		});
	}
	VirtualClock &clock;
	ManualExecutor &executor;
	std::vector<TimeMs> advances;
};

/// A decorator that moves its virtual clock (the sandbox's wiring on a virtual clock).
struct VirtualRig {
	VirtualRig()
	{
		fake.autoComplete = false;
		faults.subscribe(log);
		faults.setEventDelay(std::chrono::milliseconds(200));
	}

	VirtualClock clock{1000};
	ManualExecutor core;
	FakeBackend fake;
	ClockMover mover{clock, core};
	FaultInjectingBackend faults{fake, core, clock, &mover};
	Log log;
};

TEST_CASE("faults: on a virtual clock a delayed event arrives when the clock reaches its due time, not before")
{
	VirtualRig rig;
	rig.core.post([&] { rig.fake.emit(switchEvent(EventType::Ringing, "15000", 1)); });
	rig.core.runAll();
	CHECK(rig.log.entries.empty());
	CHECK(rig.core.delayedCount() == 0); /* no real-time timer */
	CHECK(rig.mover.advances.empty());   /* nobody waits for an event: the clock stays */

	rig.clock.advance(199);
	rig.faults.clockMoved();
	rig.core.runAll();
	CHECK(rig.log.entries.empty());
	rig.clock.advance(1);
	rig.faults.clockMoved();
	rig.core.runAll();
	CHECK(rig.log.entries == std::vector<std::string>{"E:EventRinging:15000"});
	CHECK(rig.log.events.at(0).sequence == 1);
}

TEST_CASE("faults: on a virtual clock a delayed result moves the clock to its due time, its events first")
{
	VirtualRig rig;
	rig.faults.submit(req::AnswerCall{{"15000", ConnId(1)}}, rig.log.handler());
	rig.core.runAll();
	REQUIRE(rig.fake.submitted.size() == 1);
	rig.clock.advance(50); /* the switch answers later */
	rig.core.post([&] {
		rig.fake.emit(switchEvent(EventType::Established, "15000", 1));
		rig.fake.complete(0);
	});
	rig.core.runAll();
	CHECK(rig.log.entries == std::vector<std::string>{"E:EventEstablished:15000", "R:0"});
	CHECK(rig.mover.advances == std::vector<TimeMs>{200});
	CHECK(rig.clock.now() == 1250);
	CHECK(rig.core.delayedCount() == 0);

	/* Without the clock's control, the same delay is real time, as before. */
	FakeBackend realFake;
	FaultInjectingBackend realFaults(realFake, rig.core, rig.clock);
	Log realLog;
	realFaults.subscribe(realLog);
	realFaults.setEventDelay(std::chrono::milliseconds(200));
	realFaults.submit(req::AnswerCall{{"15000", ConnId(1)}}, realLog.handler());
	rig.core.runAll();
	CHECK(realLog.entries.empty());
	CHECK(rig.core.delayedCount() == 1);
	rig.core.fireDelayed();
	CHECK(realLog.entries == std::vector<std::string>{"R:0"});
	CHECK(rig.clock.now() == 1250);
}

TEST_CASE("faults: dropped requests never reach the switch; the link going down ends them")
{
	Rig rig;
	rig.faults.subscribe(rig.log);
	rig.faults.dropRequests(2);
	for (int i = 0; i < 3; ++i)
		rig.faults.submit(req::SetDndOn{"15000"}, rig.log.handler());
	rig.core.runAll();
	/* The third one goes through. */
	REQUIRE(rig.fake.submitted.size() == 1);
	FaultState state = stateOf(rig);
	CHECK(state.dropRequests == 0);
	CHECK(state.droppedRequests == 2);
	rig.fake.complete(0);
	rig.core.runAll();
	CHECK(rig.log.entries == std::vector<std::string>{"R:0"});

	rig.faults.setLinkUp(false);
	rig.core.runAll();
	CHECK(rig.log.entries == std::vector<std::string>{"R:0", "E:EventLinkDisconnected:", "R:54", "R:54"});
}

TEST_CASE("faults: dropped events reach no subscriber; the ones after them do")
{
	Rig rig;
	Log one;
	rig.faults.subscribe(rig.log);
	rig.faults.subscribe(one, Dn("15001"));
	rig.faults.dropEvents(2);
	rig.core.post([&rig] {
		rig.fake.emit(rig.event(EventType::Ringing, "15001", 1));
		rig.fake.emit(rig.event(EventType::Dialing, "15000", 2));
		rig.fake.emit(rig.event(EventType::Established, "15001", 3));
	});
	rig.core.runAll();
	CHECK(rig.log.entries == std::vector<std::string>{"E:EventEstablished:15001"});
	CHECK(one.entries == std::vector<std::string>{"E:EventEstablished:15001"});
	FaultState state = stateOf(rig);
	CHECK(state.dropEvents == 0);
	CHECK(state.droppedEvents == 2);
	/* Events lost while the link is down are not counted: none would have arrived. */
	rig.faults.dropEvents(1);
	rig.faults.setLinkUp(false);
	rig.core.post([&rig] { rig.fake.emit(rig.event(EventType::Released, "15001", 4)); });
	rig.core.runAll();
	CHECK(stateOf(rig).droppedEvents == 2);
	CHECK(stateOf(rig).dropEvents == 1);
	/* 0 stops dropping. */
	rig.faults.setLinkUp(true);
	rig.faults.dropEvents(0);
	rig.core.post([&rig] { rig.fake.emit(rig.event(EventType::Released, "15000", 5)); });
	rig.core.runAll();
	CHECK(rig.log.entries.back() == "E:EventReleased:15000");
	CHECK(stateOf(rig).droppedEvents == 2);
}

TEST_CASE("faults: nothing runs after the decorator is gone")
{
	ManualExecutor core;
	VirtualClock clock;
	FakeBackend fake;
	Log log;
	{
		FaultInjectingBackend faults(fake, core, clock);
		faults.subscribe(log);
		faults.setEventDelay(std::chrono::milliseconds(50));
		core.runAll();
		core.post([&] {
			Event e;
			e.type = EventType::Ringing;
			e.thisDn = "15000";
			fake.emit(e);
		});
		core.runAll();
		faults.submit(req::SetDndOn{"15000"}, log.handler());
	}
	core.fireDelayed();
	CHECK(log.entries.empty());
	/* The decorator unsubscribed from the inner backend. */
	Event e;
	e.thisDn = "15000";
	fake.emit(e);
	CHECK(log.entries.empty());
}

} /* namespace ctisim::test */
