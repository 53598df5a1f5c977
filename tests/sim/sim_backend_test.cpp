/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include <stdexcept>

#include "ctisim/sim/sim_backend.h"

#include "manual_executor.h"
#include "sim_harness.h"

using namespace ctisim;
using namespace ctisim::test;
using Strings = std::vector<std::string>;
using Kind = DnBehaviour::Kind;

namespace {

/// Records what it receives, and notes the results seen so far at each event.
class Recorder final : public EventSink
{
public:
	void onEvent(const Event &event) override
	{
		events.push_back(event);
		resultsSeenAtEvent.push_back(*results);
	}
	std::vector<Event> events;
	std::vector<std::size_t> resultsSeenAtEvent;
	std::size_t *results = nullptr;
};

struct Fixture {
	explicit Fixture(SwitchConfig config = seedConfig())
	    : clock(startTime), backend(std::move(config), clock, executor)
	{
		all.results = &resultCount;
		backend.subscribe(all);
	}

	RequestResult submit(Request request)
	{
		RequestResult out;
		backend.submit(std::move(request), [this, &out](RequestResult r) {
			++resultCount;
			out = std::move(r);
		});
		executor.runAll();
		return out;
	}

	ControlResult control(ControlRequest request)
	{
		ControlResult out;
		backend.control(std::move(request), [&out](ControlResult r) { out = std::move(r); });
		executor.runAll();
		return out;
	}

	VirtualClock clock;
	ManualExecutor executor;
	sim::SimBackend backend;
	Recorder all;
	std::size_t resultCount = 0;
};

} /* namespace */

TEST_CASE("Off its executor, submit never calls back inside itself; ReferenceIds count from 1")
{
	Fixture f;
	bool called = false;
	RequestResult first;
	f.backend.submit(req::HoldCall{{"15000", seedConnId}}, [&](RequestResult r) {
		called = true;
		first = r;
	});
	CHECK_FALSE(called);
	CHECK(f.all.events.empty());
	CHECK(f.executor.pending() == 1);
	f.executor.runAll();
	CHECK(called);
	CHECK(first.ok());
	CHECK(first.referenceId == 1);
	CHECK(f.submit(req::RetrieveCall{{"15000", seedConnId}}).referenceId == 2);
	CHECK(f.submit(req::RetrieveCall{{"15000", seedConnId}}).referenceId == 3); /* fails, still numbered */
}

TEST_CASE("On its executor, outside a step, submit runs the step at once: events, then the result")
{
	Fixture f;
	bool answered = false;
	std::size_t eventsBeforeReturn = 0;
	f.executor.post([&] {
		f.backend.submit(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}},
				 [&](RequestResult r) {
					 CHECK(r.ok());
					 CHECK(f.all.events.size() == 4); /* every event of the step came first */
					 answered = true;
				 });
		/* Back from submit: answered already, and nothing was left for a task of its own. */
		CHECK(answered);
		eventsBeforeReturn = f.all.events.size();
		CHECK(f.executor.pending() == 0);
	});
	CHECK(f.executor.runAll() == 1);
	CHECK(eventsBeforeReturn == 4);
}

/// Submits a request from inside the delivery of the first event it sees.
class SubmittingSink final : public EventSink
{
public:
	explicit SubmittingSink(Backend &b) : backend(b) {}
	void onEvent(const Event &event) override
	{
		seen.push_back(event.sequence);
		if (submitted)
			return;
		submitted = true;
		backend.submit(req::HoldCall{{"15000", seedConnId}}, [this](RequestResult r) {
			heldOk = r.ok();
			resultAfter = seen.size();
		});
		returnedAfter = seen.size();
	}
	Backend &backend;
	bool submitted = false;
	bool heldOk = false;
	std::size_t returnedAfter = 0;
	std::size_t resultAfter = 0;
	std::vector<std::uint64_t> seen;
};

TEST_CASE("A request submitted during a step waits for its own task: steps never nest, events stay in order")
{
	Fixture f;
	SubmittingSink sink(f.backend);
	f.backend.subscribe(sink);
	f.executor.post([&] {
		f.backend.submit(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}}, {});
	});
	f.executor.runAll();
	CHECK(sink.submitted);
	CHECK(sink.returnedAfter == 1); /* not run inside the first event's delivery */
	CHECK(sink.heldOk);
	REQUIRE(sink.seen.size() > 4);
	CHECK(sink.resultAfter == sink.seen.size());
	for (std::size_t i = 1; i < sink.seen.size(); ++i)
		CHECK(sink.seen[i] > sink.seen[i - 1]);
}

TEST_CASE("Events reach the sinks before the result; the 0 ms auto-answer is in the same step")
{
	Fixture f;
	RequestResult r = f.submit(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}});
	REQUIRE(r.ok());
	CHECK(brief(f.all.events) == Strings{"EventRinging 15002", "EventEstablished 15002", "EventPartyAdded 15000",
					     "EventPartyAdded 15001"});
	for (std::size_t seen : f.all.resultsSeenAtEvent)
		CHECK(seen == 0);
	CHECK(f.all.events[2].referenceId == r.referenceId);
	CHECK(partyDns(f.all.events[2].call) == std::vector<Dn>{"15002", "15001", "15000"});
	CHECK(f.all.events[2].call->userData == UserData{{"FirstConferencePartyDN", std::string("15000")}});
}

TEST_CASE("A failed request: one EventError to the sender, then the error result")
{
	Fixture f;
	RequestResult r = f.submit(req::AnswerCall{{"15000", ConnId(99)}});
	CHECK(r.errorCode == terr::InvalidConnId);
	REQUIRE(f.all.events.size() == 1);
	CHECK(f.all.events[0].type == EventType::Error);
	CHECK(f.all.events[0].referenceId == r.referenceId);
	CHECK(f.all.events[0].failedRequest == "RequestAnswerCall");
}

TEST_CASE("DN subscriptions get only their DN's events; unsubscribe stops delivery")
{
	Fixture f;
	Recorder only15001;
	std::size_t dummy = 0;
	only15001.results = &dummy;
	Backend::SubscriptionId id = f.backend.subscribe(only15001, Dn("15001"));
	f.submit(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}});
	CHECK(brief(only15001.events) == Strings{"EventPartyAdded 15001"});
	f.backend.unsubscribe(id);
	f.submit(req::ReleaseCall{{"15001", seedConnId}});
	CHECK(only15001.events.size() == 1);
	CHECK(brief(f.all.events).back() == "EventPartyDeleted 15002");
}

TEST_CASE("A user event reaches the subscribers of its DN, before the result, and no other DN's")
{
	Fixture f;
	Recorder on15001;
	Recorder on15000;
	std::size_t dummy = 0;
	on15001.results = &dummy;
	on15000.results = &f.resultCount;
	f.backend.subscribe(on15001, Dn("15001"));
	f.backend.subscribe(on15000, Dn("15000"));
	UserData data{{"Disposition", std::string("Sale")}};
	RequestResult r = f.submit(req::SendUserEvent{"15000", seedConnId, seedCallUuid, data});
	REQUIRE(r.ok());
	REQUIRE(brief(on15000.events) == Strings{"EventUserEvent 15000"});
	CHECK(on15000.events[0].userData == data);
	CHECK(on15000.events[0].referenceId == r.referenceId);
	CHECK(on15000.resultsSeenAtEvent == std::vector<std::size_t>{0});
	CHECK(on15001.events.empty());
}

TEST_CASE("A sink unsubscribed while a batch is delivered gets nothing more")
{
	struct Quitter final : EventSink {
		sim::SimBackend *backend = nullptr;
		Backend::SubscriptionId id = 0;
		int count = 0;
		void onEvent(const Event &) override
		{
			++count;
			backend->unsubscribe(id);
		}
	};
	Fixture f;
	Quitter q;
	q.backend = &f.backend;
	q.id = f.backend.subscribe(q);
	f.submit(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}});
	CHECK(q.count == 1);
	CHECK(f.all.events.size() == 4);
}

TEST_CASE("AdvanceClock steps through timers with exact due times")
{
	SwitchConfig config = baseConfig();
	config.dns.push_back(extension("15010", behaviour(Kind::Answer, 1500)));
	config.dns.push_back(extension("15011", behaviour(Kind::NoAnswer, 700)));
	Fixture f(config);
	REQUIRE(f.submit(req::MakeCall{"15000", "15010", {}, {}}).ok());
	REQUIRE(f.submit(req::MakeCall{"15001", "15011", {}, {}}).ok());
	CHECK(f.executor.delayedCount() == 0); /* the virtual clock needs no real timers */
	f.all.events.clear();

	ControlResult r = f.control(ctl::AdvanceClock{10'000});
	REQUIRE(r.ok());
	CHECK(r.state.now == startTime + 10'000);
	CHECK(f.clock.now() == startTime + 10'000);
	CHECK(brief(f.all.events) == Strings{"EventReleased 15011", "EventReleased 15001", "EventEstablished 15010",
					     "EventEstablished 15000"});
	CHECK(f.all.events[0].time == startTime + 700);
	CHECK(f.all.events[2].time == startTime + 1500);
	CHECK(r.state.calls.size() == 1);

	CHECK(f.control(ctl::AdvanceClock{-1}).errorCode == terr::InvalidAttribute);
}

TEST_CASE("SetClock: forward fires due timers, backward fires nothing")
{
	SwitchConfig config = baseConfig();
	config.dns.push_back(extension("15010", behaviour(Kind::Answer, 1500)));
	Fixture f(config);
	REQUIRE(f.submit(req::MakeCall{"15000", "15010", {}, {}}).ok());
	f.all.events.clear();
	REQUIRE(f.control(ctl::SetClock{startTime - 5000}).ok());
	CHECK(f.all.events.empty());
	CHECK(f.clock.now() == startTime - 5000);
	ControlResult r = f.control(ctl::SetClock{startTime + 2000});
	REQUIRE(r.ok());
	CHECK(brief(f.all.events) == Strings{"EventEstablished 15010", "EventEstablished 15000"});
	CHECK(f.all.events[0].time == startTime + 1500);
	CHECK(r.state.now == startTime + 2000);
}

TEST_CASE("With the real clock, SetClock/AdvanceClock fail and timers use the executor's timer")
{
	RealClock clock;
	ManualExecutor executor;
	SwitchConfig config = baseConfig();
	config.dns.push_back(extension("15010", behaviour(Kind::Answer, 60'000)));
	sim::SimBackend backend(config, clock, executor);
	ControlResult r;
	backend.control(ctl::SetClock{5}, [&](ControlResult x) { r = x; });
	executor.runAll();
	CHECK(r.errorCode == terr::UnsupportedOperation);
	CHECK(r.errorMessage.find("virtual clock") != std::string::npos);
	CHECK_FALSE(r.state.virtualClock);
	backend.control(ctl::AdvanceClock{5}, [&](ControlResult x) { r = x; });
	executor.runAll();
	CHECK(r.errorCode == terr::UnsupportedOperation);

	bool done = false;
	backend.submit(req::MakeCall{"15000", "15010", {}, {}}, [&](RequestResult) { done = true; });
	executor.runAll();
	CHECK(done);
	CHECK(executor.armedTimers() == 1);
	CHECK(executor.delayedCount() == 0);
	/* A second earlier than the 60 s answer, nothing is due: the timer stays armed. */
	executor.advance(std::chrono::milliseconds(59'000));
	CHECK(executor.armedTimers() == 1);
	/* Past it on the executor's time but not on the real clock the switch reads: the
	 * timer runs, fires nothing and re-arms. */
	executor.advance(std::chrono::milliseconds(2'000));
	CHECK(executor.armedTimers() == 1);
}

TEST_CASE("Control Reset, SetBehaviour and DumpState carry the state")
{
	Fixture f;
	REQUIRE(f.submit(req::ReleaseCall{{"15000", seedConnId}}).ok());
	ControlResult dump = f.control(ctl::DumpState{});
	REQUIRE(dump.ok());
	CHECK(dump.state.calls.empty());
	CHECK(dump.state.virtualClock);
	CHECK(dump.state.lastEventSequence == 2);

	ControlResult reset = f.control(ctl::Reset{});
	REQUIRE(reset.ok());
	REQUIRE(reset.state.calls.size() == 1);
	CHECK(reset.state.calls[0].connId == seedConnId);

	SwitchConfig bad = baseConfig();
	bad.dns.push_back(extension("15001"));
	ControlResult refused = f.control(ctl::Reset{bad});
	CHECK(refused.errorCode == terr::BadParameter);
	CHECK(refused.errorMessage.find("15001") != std::string::npos);
	CHECK(refused.state.calls.size() == 1); /* the old state stays */

	ControlResult fresh = f.control(ctl::Reset{baseConfig()});
	REQUIRE(fresh.ok());
	CHECK(fresh.state.calls.empty());

	ControlResult behave = f.control(ctl::SetBehaviour{"15002", behaviour(Kind::Busy)});
	REQUIRE(behave.ok());
	RequestResult call = f.submit(req::MakeCall{"15000", "15002", {}, {}});
	REQUIRE(call.ok());
	CHECK(brief(f.all.events).back() == "EventReleased 15000");

	SwitchConfig closed = baseConfig();
	closed.unknownNumbersAreExternal = false;
	REQUIRE(f.control(ctl::Reset{closed}).ok());
	CHECK(f.control(ctl::SetBehaviour{"+1555", {}}).errorCode == terr::NotConfigured);
}

TEST_CASE("The constructor refuses a bad configuration; pending work dies with the backend")
{
	VirtualClock clock;
	ManualExecutor executor;
	SwitchConfig bad = baseConfig();
	bad.dns.push_back(extension("15000"));
	CHECK_THROWS_AS(sim::SimBackend(bad, clock, executor), std::invalid_argument);

	bool called = false;
	{
		sim::SimBackend backend(baseConfig(), clock, executor);
		backend.submit(req::SetDndOn{"15000"}, [&](RequestResult) { called = true; });
	}
	executor.runAll();
	CHECK_FALSE(called);
}
