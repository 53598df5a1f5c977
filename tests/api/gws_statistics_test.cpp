/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/gws_api.h"

#include <map>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "gws/statistics.h" /* api/src */

#include "gws_test_harness.h"

/*
 * The Statistics API (GWS 8.5.1, /api/v1/stats): the counts a StatisticsBook
 * keeps from a DN's events, and the resource that answers them, on the
 * virtual clock.
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

Event callEvent(EventType type, const Dn &dn, std::uint64_t connId, TimeMs at)
{
	Event e;
	e.type = type;
	e.thisDn = dn;
	e.connId = ConnId(connId);
	e.time = at;
	return e;
}

std::int64_t number(const api::StatSample &sample)
{
	return std::get<std::int64_t>(sample.value);
}

/// name → value of the latest samples.
std::map<std::string, std::string> byName(const std::vector<api::StatSample> &samples)
{
	std::map<std::string, std::string> out;
	for (const api::StatSample &s : samples)
		out[std::string(s.statistic)] = std::holds_alternative<std::string>(s.value)
							? std::get<std::string>(s.value)
							: std::to_string(std::get<std::int64_t>(s.value));
	return out;
}

const std::string statsPath = "/api/v1/stats/";

api::GwsConfig queueConfig()
{
	api::GwsConfig config;
	config.queues = {"7000"};
	return config;
}

SwitchConfig switchWithQueue()
{
	SwitchConfig config = gwsSwitchConfig();
	DnConfig queue;
	queue.number = "7000";
	queue.type = DnType::AcdQueue;
	queue.targets = {"15000"};
	config.dns.push_back(queue);
	return config;
}

void submit(SimGws &gws, Request request)
{
	bool done = false;
	gws.backend->submit(std::move(request), [&](RequestResult r) {
		CHECK(r.ok());
		done = true;
	});
	gws.core.runAll();
	REQUIRE(done);
}

void advance(SimGws &gws, TimeMs ms)
{
	bool done = false;
	gws.backend->control(ctl::AdvanceClock{ms}, [&](ControlResult) { done = true; });
	gws.core.runAll();
	REQUIRE(done);
}

void login(SimGws &gws, const std::string &dn)
{
	REQUIRE(gws.as(dn, "POST", "/api/v2/me",
		       R"({"operationName":"StartContactCenterSession","channels":["voice"]})")
			.status == 200);
}

} /* namespace */

TEST_CASE("an agent's counts follow its DN's events: answered, dropped, talk time without hold")
{
	api::StatisticsBook book;
	book.reset(1000);
	book.load("15000", {}, 1000);
	book.onEvent(callEvent(EventType::Ringing, "15000", 1, 2000));
	book.onEvent(callEvent(EventType::Established, "15000", 1, 3000));
	book.onEvent(callEvent(EventType::Held, "15000", 1, 13000));
	book.onEvent(callEvent(EventType::Retrieved, "15000", 1, 20000));
	book.onEvent(callEvent(EventType::Released, "15000", 1, 25000));
	book.onEvent(callEvent(EventType::Ringing, "15000", 2, 26000));
	book.onEvent(callEvent(EventType::Released, "15000", 2, 27000));
	book.onEvent(callEvent(EventType::Dialing, "15000", 3, 30000));
	book.onEvent(callEvent(EventType::Established, "15000", 3, 31000));

	auto latest = byName(book.latest(api::StatObject::Agent, "15000", "Not Ready", 41000));
	CHECK(latest["numCalls"] == "3");
	CHECK(latest["numAnsweredCalls"] == "1"); /* the Dialing call was not answered here */
	CHECK(latest["numDroppedCalls"] == "1");
	/* 10 s before the hold, 5 s after it, 10 s of the call still going. */
	CHECK(latest["totalTalkTime"] == "25");
	CHECK(latest["currentState"] == "Not Ready");
	CHECK(latest["timeInCurrentState"] == "40");
}

TEST_CASE("a queue counts calls entered, distributed, abandoned and waiting")
{
	api::StatisticsBook book;
	book.reset(0);
	book.load("7000", {}, 0);
	book.onEvent(callEvent(EventType::Queued, "7000", 1, 100));
	book.onEvent(callEvent(EventType::Queued, "7000", 2, 200));
	book.onEvent(callEvent(EventType::Queued, "7000", 3, 300));
	book.onEvent(callEvent(EventType::Diverted, "7000", 1, 400));
	book.onEvent(callEvent(EventType::Abandoned, "7000", 2, 500));
	std::vector<api::StatSample> latest = book.latest(api::StatObject::Queue, "7000", "", 1000);
	REQUIRE(latest.size() == 4);
	CHECK(latest[0].statistic == "numCallsWaiting");
	CHECK(number(latest[0]) == 1);
	CHECK(latest[0].time == 500);
	CHECK(byName(latest) == std::map<std::string, std::string>{{"numCallsWaiting", "1"},
								   {"numCalls", "3"},
								   {"numDistributedCalls", "1"},
								   {"numAbandonedCalls", "1"}});
}

TEST_CASE("a range query answers a count's values newest first, within from and to, at most numValues")
{
	api::StatisticsBook book(3);
	book.reset(0);
	book.load("7000", {}, 0);
	for (TimeMs t : {100, 200, 300, 400})
		book.onEvent(callEvent(EventType::Queued, "7000", static_cast<std::uint64_t>(t), t));
	auto values = [&](api::StatRange range) {
		std::vector<std::pair<std::int64_t, TimeMs>> out;
		std::optional<std::vector<api::StatSample>> samples =
			book.range(api::StatObject::Queue, "7000", "numCalls", "", range, 1000);
		REQUIRE(samples);
		for (const api::StatSample &s : *samples)
			out.emplace_back(number(s), s.time);
		return out;
	};
	using V = std::vector<std::pair<std::int64_t, TimeMs>>;
	CHECK(values({}) == V{{4, 400}}); /* numValues defaults to 1 */
	CHECK(values({std::nullopt, std::nullopt, 10}) == V{{4, 400}, {3, 300}, {2, 200}}); /* the last 3 kept */
	CHECK(values({200, 300, std::nullopt}) == V{{3, 300}, {2, 200}}); /* every value in the range */
	CHECK(values({200, 300, 1}) == V{{3, 300}});
	CHECK(values({500, std::nullopt, std::nullopt}).empty());
	CHECK_FALSE(book.range(api::StatObject::Queue, "7000", "totalTalkTime", "", {}, 1000));
}

TEST_CASE("a DN the book does not watch is not kept (an external number costs nothing)")
{
	api::StatisticsBook book;
	book.reset(0);
	book.onEvent(callEvent(EventType::Ringing, "5551234", 1, 10));
	auto latest = byName(book.latest(api::StatObject::Agent, "5551234", "", 20));
	CHECK(latest["numCalls"] == "0");
}

TEST_CASE("GET /api/v1/stats/{userId}: the documented shape, from the switch, on the virtual clock")
{
	SimGws gws(queueConfig(), seedDirectory(), switchWithQueue());
	TimeMs start = gws.clock.now();
	login(gws, "15000");
	REQUIRE(gws.as("15000", "POST", "/api/v2/me/channels/voice", R"({"operationName":"Ready"})").status == 200);
	/* A caller dials the queue; the queue gives the call to 15000, which answers and talks 30 s. */
	submit(gws, req::MakeCall{"5551234", "7000", {}, {}, {}});
	Response calls = gws.as("15000", "GET", "/api/v2/me/calls?fields=*");
	rapidjson::Document d = parse(calls.body);
	REQUIRE(d["calls"].Size() == 1);
	std::string id = d["calls"][0]["id"].GetString();
	advance(gws, 2000);
	REQUIRE(gws.as("15000", "POST", "/api/v2/me/calls/" + id, R"({"operationName":"Answer"})").status == 200);
	advance(gws, 30000);

	Response r = gws.as("15000", "GET", statsPath + gws.userId("15000"));
	REQUIRE(r.status == 200);
	TimeMs now = gws.clock.now();
	TimeMs readyAt = start;
	CHECK(canonical(r.body) ==
	      canonical(fmt::format(R"({{"objectId":"{}","statusCode":0,"statistics":[)"
				    R"({{"statistic":"currentState","value":"Ready","time":{}}},)"
				    R"({{"statistic":"timeInCurrentState","value":32,"time":{}}},)"
				    R"({{"statistic":"numCalls","value":1,"time":{}}},)"
				    R"({{"statistic":"numAnsweredCalls","value":1,"time":{}}},)"
				    R"({{"statistic":"numDroppedCalls","value":0,"time":{}}},)"
				    R"({{"statistic":"totalTalkTime","value":30,"time":{}}}]}})",
				    gws.userId("15000"), readyAt, now, readyAt, readyAt + 2000, start, now)));

	/* The device id names the same agent. */
	Response byDevice = gws.as("15000", "GET", statsPath + seedDeviceId + "/numAnsweredCalls");
	CHECK(canonical(byDevice.body) ==
	      canonical(fmt::format(R"({{"objectId":"{}","statusCode":0,"statistics":[)"
				    R"({{"statistic":"numAnsweredCalls","value":1,"time":{}}}]}})",
				    seedDeviceId, readyAt + 2000)));

	/* The queue: one call entered and was distributed; none waits. */
	Response queue = gws.as("15000", "GET", statsPath + "7000");
	rapidjson::Document q = parse(queue.body);
	REQUIRE(queue.status == 200);
	CHECK(q["statistics"][0]["statistic"].GetString() == std::string("numCallsWaiting"));
	CHECK(q["statistics"][0]["value"].GetInt64() == 0);
	CHECK(q["statistics"][1]["value"].GetInt64() == 1);
	CHECK(q["statistics"][2]["value"].GetInt64() == 1);
}

TEST_CASE("the Statistics API answers bad requests the GWS way and never another agent's numbers")
{
	SimGws gws(queueConfig(), seedDirectory(), switchWithQueue());
	std::string mine = statsPath + gws.userId("15000");
	std::string theirs = statsPath + gws.userId("15001");
	struct Row {
		std::string method, target;
		unsigned status;
		int statusCode;
	};
	for (const Row &row : {
		     Row{"GET", theirs, 404, 6},
		     Row{"GET", statsPath + "nobody", 404, 6},
		     Row{"GET", mine + "/numBananas", 404, 6},
		     Row{"GET", mine + "/numCalls?numValues=0", 400, 10},
		     Row{"GET", mine + "/numCalls?numValues=-1", 400, 10},
		     Row{"GET", mine + "/numCalls?numValues=abc", 400, 10},
		     Row{"GET", mine + "/numCalls?from=99999999999999999999", 400, 10},
		     Row{"GET", mine + "/numCalls?from=20&to=10", 400, 10},
		     Row{"POST", mine, 405, 3},
		     Row{"GET", "/api/v1/other", 404, 6},
		     Row{"GET", mine + "/numCalls/extra", 404, 6},
	     }) {
		CAPTURE(row.target);
		Response r = gws.as("15000", row.method, row.target);
		CHECK(r.status == row.status);
		CHECK(parse(r.body)["statusCode"].GetInt() == row.statusCode);
	}
	/* Without credentials: 401 statusCode 20, as on /api/v2. */
	Response anonymous = gws.request("GET", mine);
	CHECK(anonymous.status == 401);
	CHECK(parse(anonymous.body)["statusCode"].GetInt() == 20);
}

TEST_CASE("a supervisor reads an agent's statistics; an agent reads a queue's")
{
	SimGws gws(queueConfig(), seedDirectory(), switchWithQueue());
	Response supervisor = gws.request("GET", statsPath + gws.userId("15001"), "",
					  {{"Authorization", "Basic " + base64Encode("supervisor16000:password")}});
	CHECK(supervisor.status == 200);
	CHECK(gws.as("15001", "GET", statsPath + "7000/numCallsWaiting").status == 200);
}
