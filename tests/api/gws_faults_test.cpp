/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/gws_api.h"

#include "ctisim/fault_injecting_backend.h"
#include "ctisim/tserver_error.h"
#include "gws_test_harness.h"

/*
 * GwsApi when the switch misbehaves (docs/reliability.md, "Faults"): the
 * T-Server link drops mid-call and returns, a request is lost (time-out, late
 * result ignored), events are delayed or lost. A GwsApi over a FaultInjectingBackend
 * over the real SimBackend, on a ManualExecutor.
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

const std::string uuid = "01RCC3N118B1V0SL8O7GK2LAES000007";
const ConnId conn(0x0071027198180007ULL);

SwitchConfig switchWithCall()
{
	SwitchConfig config = gwsSwitchConfig();
	config.calls.push_back(seedCall(0x0071027198180007ULL, uuid, gwsT - 10'000));
	return config;
}

/// GwsApi → FaultInjectingBackend → SimBackend; agent15000 talks to 15001.
struct Rig {
	explicit Rig(api::GwsConfig config = {})
	    : clock(gwsT), sim(switchWithCall(), clock, core), faults(sim, core, clock),
	      api(faults, core, clock, seedDirectory(), std::move(config), notifier, &bayeux)
	{
		bool ready = false;
		api.start([&] { ready = true; });
		core.runAll();
		REQUIRE(ready);
	}

	/// A request as agent<dn>; `replied` counts the notifications published before the reply.
	Response as(const std::string &dn, std::string method, std::string target, std::string body = "")
	{
		api::HttpRequest r;
		r.setMethod(method);
		r.setTarget(target);
		r.body = std::move(body);
		r.addHeader("Authorization", "Basic " + base64Encode("agent" + dn + ":password"));
		last = std::make_shared<Response>();
		api.handle(std::move(r), [out = last, this](api::HttpResponse response) {
			out->status = response.status;
			out->body = response.body;
			out->answered = true;
			repliedAfter = notifier.messages.size();
		});
		core.runAll();
		return *last;
	}

	/// DoNotDisturbOn as agent15000 on its device.
	Response doNotDisturbOn()
	{
		return as("15000", "POST", "/api/v2/me/devices/" + seedDeviceId,
			  R"({"operationName":"DoNotDisturbOn"})");
	}

	/// The user's notifications on channel since the last clear, parsed.
	std::vector<rapidjson::Document> of(const std::string &dn, const std::string &channel)
	{
		std::vector<rapidjson::Document> out;
		for (const std::string &text : notifier.of(userId(dn), channel))
			out.push_back(parse(text));
		return out;
	}

	std::string userId(const std::string &dn) { return directory.findByDn(dn)->id; }

	/// Another party acting on the switch directly (not over the faulty link).
	void remote(Request request)
	{
		sim.submit(std::move(request), [](RequestResult) {});
		core.runAll();
	}

	VirtualClock clock;
	ManualExecutor core;
	sim::SimBackend sim;
	FaultInjectingBackend faults;
	RecordingNotifier notifier;
	FakeBayeux bayeux;
	api::GwsApi api;
	api::Directory directory = seedDirectory();
	std::shared_ptr<Response> last;
	std::size_t repliedAfter = 0;
};

std::string str(const rapidjson::Value &v)
{
	return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : "<not a string>";
}

void checkError(const Response &r, unsigned http, int statusCode, const std::string &message)
{
	CAPTURE(r.body);
	CHECK(r.answered);
	CHECK(r.status == http);
	rapidjson::Document d = parse(r.body);
	REQUIRE(d.IsObject());
	CHECK(d["statusCode"].GetInt() == statusCode);
	CHECK(str(d["statusMessage"]) == message);
}

const std::string linkDown =
	"T-Server is unavailable (No connection to the switch): try again when the device is Active";

} /* namespace */

TEST_CASE("faults: the link drops mid-call, clients are told, operations are refused, all comes back")
{
	Rig rig;
	const std::string callPath = "/api/v2/me/calls/" + uuid;
	const std::string devicePath = "/api/v2/me/devices/" + seedDeviceId;

	rig.faults.setLinkUp(false);
	rig.core.runAll();

	/* The device goes Inactive, the call loses its capabilities; the other agent too. */
	auto devices = rig.of("15000", "/v2/me/devices");
	REQUIRE(devices.size() == 1);
	const rapidjson::Value &device = devices[0]["data"]["devices"][0];
	CHECK(str(devices[0]["data"]["messageType"]) == "DeviceStateChangeMessage");
	CHECK(str(device["deviceState"]) == "Inactive");
	CHECK(device["capabilities"].Empty());
	auto calls = rig.of("15000", "/v2/me/calls");
	REQUIRE(calls.size() == 1);
	CHECK(str(calls[0]["data"]["messageType"]) == "CallStateChangeMessage");
	CHECK(str(calls[0]["data"]["notificationType"]) == "StatusChange");
	CHECK(str(calls[0]["data"]["call"]["id"]) == uuid);
	CHECK(str(calls[0]["data"]["call"]["state"]) == "Established");
	CHECK(calls[0]["data"]["call"]["capabilities"].Empty());
	CHECK(rig.of("15001", "/v2/me/devices").size() == 1);
	CHECK(rig.of("15001", "/v2/me/calls").size() == 1);

	/* Reads answer from what was known; operations are refused with statusCode 4, HTTP 503. */
	Response get = rig.as("15000", "GET", devicePath);
	CHECK(get.status == 200);
	CHECK(str(parse(get.body)["device"]["deviceState"]) == "Inactive");
	checkError(rig.as("15000", "POST", callPath, R"({"operationName":"Hold"})"), 503, 4, linkDown);
	checkError(rig.as("15000", "POST", "/api/v2/me/channels/voice", R"({"operationName":"Ready"})"), 503, 4,
		   linkDown);
	/* Validation still comes first. */
	CHECK(rig.as("15000", "POST", callPath, R"({"operationName":"Nope"})").status == 400);

	/* Meanwhile, on the switch: 15001 hangs up, and a new call reaches 15000. Nobody hears of it. */
	rig.notifier.messages.clear();
	rig.remote(req::ReleaseCall{{"15001", conn}});
	rig.remote(req::MakeCall{"+15550001", "15000", {}, {}});
	CHECK(rig.notifier.messages.empty());

	rig.faults.setLinkUp(true);
	rig.core.runAll();

	/* Device Active again, the ended call Released, the new one notified as it stands. */
	devices = rig.of("15000", "/v2/me/devices");
	REQUIRE(devices.size() == 1);
	CHECK(str(devices[0]["data"]["devices"][0]["deviceState"]) == "Active");
	CHECK_FALSE(devices[0]["data"]["devices"][0]["capabilities"].Empty());
	calls = rig.of("15000", "/v2/me/calls");
	REQUIRE(calls.size() == 2);
	CHECK(str(calls[0]["data"]["call"]["id"]) == uuid);
	CHECK(str(calls[0]["data"]["call"]["state"]) == "Released");
	std::string newId = str(calls[1]["data"]["call"]["id"]);
	CHECK(newId != uuid);
	CHECK(str(calls[1]["data"]["call"]["callType"]) == "Inbound");
	CHECK_FALSE(calls[1]["data"]["call"]["capabilities"].Empty());
	/* 15001 only loses its call. */
	CHECK(str(rig.of("15001", "/v2/me/calls").at(0)["data"]["call"]["state"]) == "Released");

	/* GET shows the switch's truth; operations work again. */
	rapidjson::Document list = parse(rig.as("15000", "GET", "/api/v2/me/calls").body);
	REQUIRE(list["uris"].Size() == 1);
	CHECK(str(list["uris"][0]) == base + "/api/v2/me/calls/" + newId);
	CHECK(rig.as("15000", "POST", callPath, R"({"operationName":"Hold"})").status == 404);
	rig.notifier.messages.clear();
	std::string state = str(parse(rig.as("15000", "GET", "/api/v2/me/calls/" + newId).body)["call"]["state"]);
	std::string op = state == "Ringing" ? "Answer" : "Hold";
	Response ok = rig.as("15000", "POST", "/api/v2/me/calls/" + newId, "{\"operationName\":\"" + op + "\"}");
	CHECK(ok.status == 200);
	CHECK(ok.body == R"({"statusCode":0})");
	calls = rig.of("15000", "/v2/me/calls");
	REQUIRE_FALSE(calls.empty());
	CHECK(str(calls.back()["data"]["call"]["state"]) == (op == "Answer" ? "Established" : "Held"));
}

TEST_CASE("faults: an operation waiting for the switch when the link drops ends in an ErrorMessage")
{
	Rig rig;
	rig.faults.dropRequests(1);
	Response held = rig.as("15000", "POST", "/api/v2/me/calls/" + uuid, R"({"operationName":"Hold"})");
	CHECK_FALSE(held.answered);
	rig.faults.setLinkUp(false);
	rig.core.runAll();
	CHECK(rig.last->answered);
	CHECK(rig.last->status == 200);
	CHECK(rig.last->body == R"({"statusCode":0})");
	auto calls = rig.of("15000", "/v2/me/calls");
	REQUIRE(calls.size() == 2); /* the call without capabilities, then the error */
	const rapidjson::Value &error = calls[1]["data"];
	CHECK(str(error["messageType"]) == "ErrorMessage");
	CHECK(error["errorCode"].GetInt() == terr::NoSwitch);
	CHECK(str(error["errorMessage"]) == "No connection to the switch");
	CHECK(str(error["operationName"]) == "Hold");
	/* The decorator's own TERR_NO_SWITCH result for it comes later and is ignored. */
	CHECK(rig.notifier.of(rig.userId("15000"), "/v2/me/calls").size() == 2);
}

TEST_CASE("faults: a dropped request times out with a clear error and the server keeps serving")
{
	api::GwsConfig config;
	config.requestTimeoutMs = 5000;
	Rig rig(config);
	rig.faults.dropRequests(1);
	const std::string devicePath = "/api/v2/me/devices/" + seedDeviceId;
	Response lost = rig.as("15000", "POST", devicePath, R"({"operationName":"DoNotDisturbOn"})");
	CHECK_FALSE(lost.answered);
	/* Driven by the executor's time: a millisecond early nothing is answered. */
	rig.core.advance(std::chrono::milliseconds(4999));
	CHECK_FALSE(rig.last->answered);
	rig.core.advance(std::chrono::milliseconds(1));
	checkError(*rig.last, 504, 4, "T-Server did not answer RequestSetDNDOn within 5000 ms");

	Response again = rig.as("15000", "POST", devicePath, R"({"operationName":"DoNotDisturbOn"})");
	CHECK(again.status == 200);
	auto devices = rig.of("15000", "/v2/me/devices");
	REQUIRE_FALSE(devices.empty());
	CHECK(str(devices.back()["data"]["devices"][0]["doNotDisturb"]) == "On");
}

TEST_CASE("faults: each dropped request times out at its own deadline, one after another")
{
	Rig rig(api::GwsConfig{.requestTimeoutMs = 5000});
	rig.faults.dropRequests(2);
	rig.doNotDisturbOn();
	std::shared_ptr<Response> first = rig.last;
	rig.core.advance(std::chrono::milliseconds(2000));
	rig.doNotDisturbOn(); /* the first was lost: the device is still not on DND */
	std::shared_ptr<Response> second = rig.last;
	CHECK(rig.core.armedTimers() == 1); /* one timer for both */

	rig.core.advance(std::chrono::milliseconds(3000)); /* t = 5000 */
	checkError(*first, 504, 4, "T-Server did not answer RequestSetDNDOn within 5000 ms");
	CHECK_FALSE(second->answered);
	rig.core.advance(std::chrono::milliseconds(1999)); /* t = 6999 */
	CHECK_FALSE(second->answered);
	rig.core.advance(std::chrono::milliseconds(1)); /* t = 7000 */
	checkError(*second, 504, 4, "T-Server did not answer RequestSetDNDOn within 5000 ms");
	CHECK(rig.core.armedTimers() == 0);
}

TEST_CASE("faults: an operation answered in time is not answered again at its deadline")
{
	Rig rig(api::GwsConfig{.requestTimeoutMs = 5000});
	CHECK(rig.doNotDisturbOn().status == 200);
	rig.core.advance(std::chrono::milliseconds(5000));
	CHECK(rig.last->status == 200);
	/* Nothing left in flight: the timer is not re-armed. */
	CHECK(rig.core.armedTimers() == 0);
}

TEST_CASE("faults: a dropped event is a notification nobody gets; the next one comes")
{
	Rig rig;
	rig.notifier.messages.clear();
	rig.faults.dropEvents(1);
	/* The switch's EventHeld is lost: the operation succeeds, no CallStateChanged says so. */
	Response hold = rig.as("15000", "POST", "/api/v2/me/calls/" + uuid, R"({"operationName":"Hold"})");
	CHECK(hold.status == 200);
	CHECK(rig.of("15000", "/v2/me/calls").empty());
	/* GWS still believes the call Established; the next event is notified as usual. */
	Response dnd =
		rig.as("15000", "POST", "/api/v2/me/devices/" + seedDeviceId, R"({"operationName":"DoNotDisturbOn"})");
	CHECK(dnd.status == 200);
	auto devices = rig.of("15000", "/v2/me/devices");
	REQUIRE(devices.size() == 1);
	CHECK(str(devices[0]["data"]["devices"][0]["doNotDisturb"]) == "On");
	CHECK(rig.of("15000", "/v2/me/calls").empty());
}

TEST_CASE("faults: a result that comes after the time-out is ignored")
{
	api::GwsConfig config;
	config.requestTimeoutMs = 1000;
	FakeGws gws(config, seedDirectory());
	gws.backend->autoComplete = false;
	Response r =
		gws.as("15000", "POST", "/api/v2/me/devices/" + seedDeviceId, R"({"operationName":"DoNotDisturbOn"})");
	CHECK_FALSE(r.answered);
	std::size_t submitted = gws.backend->submitted.size();
	gws.core.advance(std::chrono::milliseconds(1000));
	gws.notifier.messages.clear();

	/* The switch finally rejects it, with its EventError: nothing reaches the client. */
	Event error;
	error.type = EventType::Error;
	error.thisDn = "15000";
	error.referenceId = gws.backend->submitted.back().referenceId;
	error.errorCode = terr::Internal;
	error.errorMessage = "late";
	gws.backend->emit(error);
	RequestResult result;
	result.errorCode = terr::Internal;
	gws.backend->complete(submitted - 1, result);
	gws.core.runAll();
	CHECK(gws.notifier.messages.empty());
	/* A later operation is answered normally and does not flush the stale error. */
	gws.backend->autoComplete = true;
	Response next =
		gws.as("15000", "POST", "/api/v2/me/devices/" + seedDeviceId, R"({"operationName":"DoNotDisturbOn"})");
	CHECK(next.status == 200);
	CHECK(gws.notifier.messages.empty());
}

TEST_CASE("faults: with delayed events the reply still follows its notifications, in order")
{
	/* The delayed events are released at once, the executor's time stands still: no time-out. */
	Rig rig;
	rig.faults.setEventDelay(std::chrono::milliseconds(300));
	rig.core.runAll();
	rig.notifier.messages.clear();
	Response hold = rig.as("15000", "POST", "/api/v2/me/calls/" + uuid, R"({"operationName":"Hold"})");
	CHECK_FALSE(hold.answered);
	CHECK(rig.notifier.messages.empty());
	rig.core.fireDelayed();
	CHECK(rig.last->answered);
	CHECK(rig.last->status == 200);
	auto calls = rig.of("15000", "/v2/me/calls");
	REQUIRE(calls.size() == 1);
	CHECK(str(calls[0]["data"]["call"]["state"]) == "Held");
	CHECK(rig.repliedAfter == rig.notifier.messages.size());

	rig.as("15000", "POST", "/api/v2/me/calls/" + uuid, R"({"operationName":"Retrieve"})");
	rig.core.fireDelayed();
	calls = rig.of("15000", "/v2/me/calls");
	REQUIRE(calls.size() == 2);
	CHECK(str(calls[1]["data"]["call"]["state"]) == "Established");
}
