/* SPDX-License-Identifier: MIT */
/*
 * Tests of RecordingBackend around a SimBackend: what clients see is unchanged,
 * and the journal holds each request, its events, then its result, in order,
 * plus control requests and their outcome; the file gets the same lines.
 */
// Test that header file is self-contained.
#include "ctisim/recording_backend.h"

#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "ctisim/journal_file.h"
#include "ctisim/sim/sim_backend.h"
#include "manual_executor.h"
#include "sim_harness.h" /* the first to include doctest: it configures it */

using namespace ctisim;
using namespace ctisim::test;

namespace {

class Collector final : public EventSink
{
public:
	void onEvent(const Event &event) override { events.push_back(event); }
	std::vector<Event> events;
};

struct Fixture {
	explicit Fixture(std::size_t capacity = Journal::defaultCapacity)
	    : clock(startTime), sim(seedConfig(), clock, executor),
	      recording(sim, &sim, clock, std::make_shared<Journal>(capacity))
	{
	}

	RequestResult submit(Request request)
	{
		RequestResult out;
		recording.submit(std::move(request), [&out](RequestResult r) { out = std::move(r); });
		executor.runAll();
		return out;
	}

	ControlResult control(ControlRequest request)
	{
		ControlResult out;
		recording.control(std::move(request), [&out](ControlResult r) { out = std::move(r); });
		executor.runAll();
		return out;
	}

	std::vector<std::string> kinds()
	{
		std::vector<std::string> out;
		for (const JournalEntry &e : recording.journal()->query(JournalQuery{}).entries)
			out.push_back(toString(e.kind));
		return out;
	}

	VirtualClock clock;
	ManualExecutor executor;
	sim::SimBackend sim;
	RecordingBackend recording;
};

} /* namespace */

TEST_CASE("recording backend: request, its events, then its result; clients see the same")
{
	Fixture f;
	Collector client;
	f.recording.subscribe(client, Dn("15002"));
	RequestResult r = f.submit(req::SingleStepConference{{"15000", seedConnId, "15002", {}, {}}});
	REQUIRE(r.ok());
	CHECK_FALSE(client.events.empty());

	JournalPage page = f.recording.journal()->query(JournalQuery{});
	REQUIRE(page.entries.size() >= 3);
	CHECK(page.entries.front().kind == JournalKind::Request);
	CHECK(page.entries.front().data.find(R"("request":"RequestSingleStepConference")") == 1);
	CHECK(page.entries.front().time == startTime);
	CHECK(page.entries.back().kind == JournalKind::Result);
	CHECK(page.entries.back().data.find(
		      R"({"requestSeq":1,"request":"RequestSingleStepConference","result":{"referenceId":1)") == 0);
	std::size_t events = 0;
	for (std::size_t i = 1; i + 1 < page.entries.size(); ++i) {
		CHECK(page.entries[i].kind == JournalKind::Event);
		++events;
	}
	/* The journal sees the events of every DN; the client only those of 15002. */
	CHECK(events > client.events.size());
	JournalQuery only15002;
	only15002.dn = "15002";
	std::size_t for15002 = 0;
	for (const JournalEntry &e : f.recording.journal()->query(only15002).entries)
		for15002 += e.kind == JournalKind::Event && e.data.find(R"("thisDn":"15002")") != std::string::npos;
	CHECK(for15002 == client.events.size());

	/* Every journal entry of the call can be found by its connId. */
	JournalQuery byCall;
	byCall.connId = seedConnId;
	CHECK(f.recording.journal()->query(byCall).entries.size() == page.entries.size());
}

TEST_CASE("recording backend: a user event is recorded with its data; only its DN's client gets it")
{
	Fixture f;
	Collector on15000;
	Collector on15001;
	f.recording.subscribe(on15000, Dn("15000"));
	f.recording.subscribe(on15001, Dn("15001"));
	RequestResult r = f.submit(
		req::SendUserEvent{"15000", seedConnId, seedCallUuid, UserData{{"Mailbox", std::string("3")}}});
	REQUIRE(r.ok());
	CHECK(f.kinds() == std::vector<std::string>{"request", "event", "result"});
	JournalPage page = f.recording.journal()->query(JournalQuery{});
	CHECK(page.entries[0].data.find(R"("request":"RequestDistributeUserEvent")") == 1);
	CHECK(page.entries[1].data.find(R"("event":"EventUserEvent")") == 1);
	CHECK(page.entries[1].data.find(R"("userData":{"Mailbox":"3"})") != std::string::npos);
	REQUIRE(on15000.events.size() == 1);
	CHECK(on15000.events[0].userData == UserData{{"Mailbox", std::string("3")}});
	CHECK(on15001.events.empty());
}

TEST_CASE("recording backend: a failed request is recorded with its error event and error result")
{
	Fixture f;
	RequestResult r = f.submit(req::RetrieveCall{{"15000", seedConnId}});
	CHECK_FALSE(r.ok());
	CHECK(f.kinds() == std::vector<std::string>{"request", "event", "result"});
	JournalPage page = f.recording.journal()->query(JournalQuery{});
	CHECK(page.entries[1].data.find(R"("event":"EventError")") == 1);
	CHECK(page.entries[2].data.find(fmt::format(R"("errorCode":{})", r.errorCode)) != std::string::npos);
}

TEST_CASE("recording backend: control requests pass through and are recorded with their outcome")
{
	Fixture f;
	ControlResult advanced = f.control(ctl::AdvanceClock{2000});
	CHECK(advanced.ok());
	CHECK(advanced.state.now == startTime + 2000);
	CHECK(f.kinds() == std::vector<std::string>{"control", "control"});
	JournalPage page = f.recording.journal()->query(JournalQuery{});
	CHECK(page.entries[0].data == R"({"control":"AdvanceClock","deltaMs":2000})");
	CHECK(page.entries[1].data == R"({"requestSeq":1,"control":"AdvanceClock","result":{"errorCode":0}})");
	CHECK(page.entries[1].time == startTime + 2000);

	/* A state dump is passed on, not recorded. */
	CHECK(f.control(ctl::DumpState{}).state.now == startTime + 2000);
	CHECK(f.recording.journal()->size() == 2);

	/* Without a SwitchControl underneath, control() refuses. */
	auto journal = std::make_shared<Journal>();
	RecordingBackend bare(f.sim, nullptr, f.clock, journal);
	ControlResult refused;
	bare.control(ctl::DumpState{}, [&](ControlResult r) { refused = std::move(r); });
	CHECK(refused.errorCode == terr::UnsupportedOperation);
	CHECK(journal->size() == 2);
}

TEST_CASE("recording backend: the bound holds with a busy switch; a file gets every line")
{
	std::string path = "/tmp/ctisim-recording-test-" + std::to_string(::getpid()) + ".jsonl";
	std::remove(path.c_str());
	{
		Fixture f(5);
		auto file = std::make_shared<JournalFile>(JournalFileOptions{path, 1 << 20, 2});
		f.recording.journal()->setListener([file](const JournalEntry &e) { file->write(e); });
		for (int i = 0; i < 5; ++i) {
			REQUIRE(f.submit(req::HoldCall{{"15000", seedConnId}}).ok());
			REQUIRE(f.submit(req::RetrieveCall{{"15000", seedConnId}}).ok());
		}
		JournalPage page = f.recording.journal()->query(JournalQuery{});
		CHECK(page.entries.size() == 5);
		CHECK(page.dropped == page.lastSeq - 5);
		file->flush();
		std::ifstream in(path);
		std::size_t lines = 0;
		std::string last;
		for (std::string line; std::getline(in, line); ++lines)
			last = line;
		CHECK(lines == page.lastSeq);
		CHECK(last == toJson(page.entries.back()));
	}
	std::remove(path.c_str());
}

TEST_CASE("recording backend: a result that comes after the recorder is gone still reaches its handler")
{
	VirtualClock clock(startTime);
	ManualExecutor executor;
	sim::SimBackend sim(seedConfig(), clock, executor);
	auto journal = std::make_shared<Journal>();
	bool answered = false;
	{
		RecordingBackend recording(sim, &sim, clock, journal);
		recording.submit(req::HoldCall{{"15000", seedConnId}}, [&](RequestResult r) { answered = r.ok(); });
	}
	executor.runAll();
	CHECK(answered);
	/* The request was recorded; its events and result came after the recorder went. */
	CHECK(journal->size() == 1);
}
