/* SPDX-License-Identifier: MIT */
/*
 * Tests of GET /sim/v1/journal over a RecordingBackend around a real
 * SimBackend: the entries' shape, the filters, polling with "after", the bound,
 * and the parameters that are refused.
 */
// Test that header file is self-contained.
#include "ctisim/api/control_api.h"

#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include "ctisim/recording_backend.h"
#include "ctisim/sim/sim_backend.h"
#include "manual_executor.h"

using namespace ctisim;
using namespace ctisim::api;

namespace {

SwitchConfig smallSwitch()
{
	SwitchConfig config;
	for (const char *number : {"15000", "15001"}) {
		DnConfig dn;
		dn.number = number;
		dn.behaviour.kind = DnBehaviour::Kind::RingForever;
		config.dns.push_back(dn);
	}
	return config;
}

struct Fixture {
	explicit Fixture(std::size_t capacity = Journal::defaultCapacity)
	    : clock(1767225600000), sim(smallSwitch(), clock, executor),
	      recording(sim, &sim, clock, std::make_shared<Journal>(capacity)),
	      api(recording, recording, executor,
		  [](std::optional<SandboxConfig>, ControlApi::ResetDone done) { done({}); })
	{
		api.bindJournal(recording.journal());
	}

	HttpResponse call(std::string method, std::string target, std::string body = {})
	{
		HttpRequest request;
		request.setMethod(method);
		request.setTarget(target);
		request.body = std::move(body);
		request.fromLoopback = true;
		HttpResponse response;
		bool replied = false;
		api.handle(request, [&](HttpResponse r) {
			response = std::move(r);
			replied = true;
		});
		executor.runAll();
		REQUIRE(replied);
		return response;
	}

	/// Injects a call from an external number to 15000; its connId.
	std::string inject()
	{
		HttpResponse r = call("POST", "/sim/v1/calls", R"({"from":"+14155550100","to":"15000"})");
		REQUIRE(r.status == 200);
		rapidjson::Document doc;
		doc.Parse(r.body.c_str());
		return doc["connId"].GetString();
	}

	rapidjson::Document journal(const std::string &query = {})
	{
		HttpResponse r = call("GET", "/sim/v1/journal" + query);
		REQUIRE(r.status == 200);
		rapidjson::Document doc;
		doc.Parse(r.body.c_str());
		REQUIRE_FALSE(doc.HasParseError());
		REQUIRE(doc["statusCode"].GetInt() == 0);
		return doc;
	}

	VirtualClock clock;
	test::ManualExecutor executor;
	sim::SimBackend sim;
	RecordingBackend recording;
	ControlApi api;
};

std::vector<std::string> kinds(const rapidjson::Document &doc)
{
	std::vector<std::string> out;
	for (const auto &entry : doc["entries"].GetArray())
		out.push_back(entry["kind"].GetString());
	return out;
}

std::vector<std::uint64_t> seqs(const rapidjson::Document &doc)
{
	std::vector<std::uint64_t> out;
	for (const auto &entry : doc["entries"].GetArray())
		out.push_back(entry["seq"].GetUint64());
	return out;
}

bool hasString(const rapidjson::Value &array, const std::string &value)
{
	for (const auto &v : array.GetArray())
		if (v.IsString() && value == v.GetString())
			return true;
	return false;
}

} /* namespace */

TEST_CASE("journal route: an injected call's request, events and result, in order")
{
	Fixture f;
	std::string connId = f.inject();
	rapidjson::Document doc = f.journal();
	std::vector<std::string> k = kinds(doc);
	REQUIRE(k.size() >= 3);
	CHECK(k.front() == "request");
	CHECK(std::find(k.begin(), k.end(), "event") != k.end());
	CHECK(std::find(k.begin(), k.end(), "result") != k.end());
	CHECK(doc["dropped"].GetUint64() == 0);
	CHECK(doc["lastSeq"].GetUint64() >= k.size());

	const rapidjson::Value &first = doc["entries"][0];
	CHECK(first["seq"].GetUint64() == 1);
	CHECK(first["time"].GetInt64() == 1767225600000);
	CHECK(hasString(first["dns"], "+14155550100"));
	CHECK(hasString(first["dns"], "15000"));
	REQUIRE(first["data"].IsObject());
	CHECK(std::string(first["data"]["request"].GetString()) == "RequestMakeCall");

	bool ringingSeen = false;
	for (const auto &entry : doc["entries"].GetArray()) {
		if (std::string(entry["kind"].GetString()) != "event")
			continue;
		CHECK(hasString(entry["connIds"], connId));
		ringingSeen = ringingSeen || std::string(entry["data"]["event"].GetString()) == "EventRinging";
	}
	CHECK(ringingSeen);
	/* The result comes last; the state dump the route makes to find the callUuid is not recorded. */
	const rapidjson::Value &result = doc["entries"][doc["entries"].Size() - 1];
	REQUIRE(std::string(result["kind"].GetString()) == "result");
	CHECK(result["data"]["requestSeq"].GetUint64() == 1);
	REQUIRE(result["data"]["result"].HasMember("newConnId"));
	CHECK(std::string(result["data"]["result"]["newConnId"].GetString()) == connId);
}

TEST_CASE("journal route: filters, limit and polling with after")
{
	Fixture f;
	std::string first = f.inject();
	rapidjson::Document all = f.journal();
	std::uint64_t last = all["lastSeq"].GetUint64();
	std::string second = f.inject();

	rapidjson::Document byCall = f.journal("?connId=" + second);
	REQUIRE(byCall["entries"].Size() > 0);
	for (const auto &entry : byCall["entries"].GetArray())
		CHECK(hasString(entry["connIds"], second));

	/* Polling: only what came after the first call. */
	rapidjson::Document newer = f.journal("?after=" + std::to_string(last));
	CHECK(newer["entries"].Size() == byCall["entries"].Size() + 1); /* + the MakeCall request */
	CHECK(seqs(newer).front() == last + 1);
	CHECK(f.journal("?after=" + std::to_string(newer["lastSeq"].GetUint64()))["entries"].Size() == 0);

	/* limit keeps the newest without after, the oldest with it. */
	rapidjson::Document two = f.journal("?limit=2");
	CHECK(seqs(two) == std::vector<std::uint64_t>{newer["lastSeq"].GetUint64() - 1, newer["lastSeq"].GetUint64()});
	CHECK(seqs(f.journal("?after=0&limit=2")) == std::vector<std::uint64_t>{1, 2});

	/* An unescaped '+' in dn still means '+'; %2B too. */
	CHECK(f.journal("?dn=+14155550100")["entries"].Size() == f.journal("?dn=%2B14155550100")["entries"].Size());
	CHECK(f.journal("?dn=%2B14155550100")["entries"].Size() > 0);
	CHECK(f.journal("?dn=15001")["entries"].Size() == 0);

	/* Time: everything happened at the clock's start. */
	CHECK(f.journal("?since=1767225600001")["entries"].Size() == 0);
	CHECK(f.journal("?until=1767225600000&dn=15000&connId=" + first)["entries"].Size() > 0);
}

TEST_CASE("journal route: the bound is reported as dropped")
{
	Fixture f(3);
	f.inject();
	rapidjson::Document doc = f.journal();
	CHECK(doc["entries"].Size() == 3);
	CHECK(doc["dropped"].GetUint64() == doc["lastSeq"].GetUint64() - 3);
	CHECK(doc["dropped"].GetUint64() > 0);
}

TEST_CASE("journal route: bad parameters, wrong method, journal off")
{
	Fixture f;
	for (const char *query :
	     {"?connId=xyz", "?limit=0", "?limit=abc", "?since=yesterday", "?after=-1", "?dn=", "?color=blue"}) {
		CAPTURE(query);
		HttpResponse r = f.call("GET", std::string("/sim/v1/journal") + query);
		CHECK(r.status == 400);
		CHECK(r.body.find(R"("statusCode":10)") != std::string::npos);
	}
	CHECK(f.call("GET", "/sim/v1/journal?color=blue").body.find("Unknown parameter \\\"color\\\"") !=
	      std::string::npos);
	CHECK(f.call("POST", "/sim/v1/journal").status == 405);

	f.api.bindJournal(nullptr);
	HttpResponse off = f.call("GET", "/sim/v1/journal");
	CHECK(off.status == 404);
	CHECK(off.body.find("--journal-entries") != std::string::npos);
}
