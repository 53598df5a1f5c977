/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/control_api.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "ctisim/sim/sim_backend.h"
#include "manual_executor.h"

using namespace ctisim;
using namespace ctisim::api;

namespace {

/// A switch that records what it is asked and answers from a canned state.
class FakeSwitch final : public Backend, public SwitchControl
{
public:
	explicit FakeSwitch(test::ManualExecutor &executor) : executor_(executor)
	{
		CallSnapshot call;
		call.connId = ConnId(0x0071027198180007ULL);
		call.callUuid = "01RCC3N118B1V0SL8O7GK2LAES000007";
		call.parties.push_back(PartySnapshot{"15000", DnType::Extension, PartyState::Established});
		call.parties.push_back(PartySnapshot{"15001", DnType::Extension, PartyState::Ringing});
		state.calls.push_back(call);
		state.now = 1000;
		state.virtualClock = true;
	}

	void submit(Request request, ResultHandler onResult) override
	{
		requests.push_back(request);
		RequestResult result;
		result.errorCode = nextError;
		if (std::holds_alternative<req::MakeCall>(request)) {
			result.newConnId = ConnId(0x0071027198180009ULL);
			CallSnapshot call;
			call.connId = result.newConnId;
			call.callUuid = "01RCC3N118B1V0SL8O7GK2LAES000009";
			state.calls.push_back(call);
		}
		executor_.post([onResult, result] { onResult(result); });
	}
	SubscriptionId subscribe(EventSink &, std::optional<Dn>) override { return 1; }
	void unsubscribe(SubscriptionId) override {}

	void control(ControlRequest request, ControlHandler onResult) override
	{
		controls.push_back(request);
		ControlResult result;
		if (auto *set = std::get_if<ctl::SetClock>(&request))
			state.now = set->now;
		if (auto *advance = std::get_if<ctl::AdvanceClock>(&request))
			state.now += advance->deltaMs;
		result.state = state;
		executor_.post([onResult, result] { onResult(result); });
	}

	std::vector<Request> requests;
	std::vector<ControlRequest> controls;
	SwitchState state;
	int nextError = 0;

private:
	test::ManualExecutor &executor_;
};

struct Fixture {
	Fixture()
	    : sw(executor), api(
				    sw, sw, executor,
				    [this](std::optional<SandboxConfig> config, ControlApi::ResetDone done) {
					    ++resets;
					    lastReset = std::move(config);
					    done({});
				    },
				    ControlAccess{"admin", "secret"})
	{
	}

	HttpResponse call(std::string method, std::string target, std::string body = {}, bool loopback = true,
			  std::string authorization = {})
	{
		HttpRequest request;
		request.setMethod(method);
		request.setTarget(target);
		request.body = std::move(body);
		request.fromLoopback = loopback;
		if (!authorization.empty())
			request.addHeader("Authorization", authorization);
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

	test::ManualExecutor executor;
	FakeSwitch sw;
	int resets = 0;
	std::optional<SandboxConfig> lastReset;
	ControlApi api;
};

} /* namespace */

TEST_CASE("health, clock and state")
{
	Fixture f;
	auto health = f.call("GET", "/sim/v1/health");
	CHECK(health.status == 200);
	CHECK(health.body == R"({"status":"ok"})");
	CHECK(f.call("GET", "/sim/v1/clock").body == R"({"statusCode":0,"now":1000,"virtualClock":true})");
	CHECK(f.call("POST", "/sim/v1/clock", R"({"advance":52000})").body ==
	      R"({"statusCode":0,"now":53000,"virtualClock":true})");
	CHECK(f.call("POST", "/sim/v1/clock", R"({"set":7})").body ==
	      R"({"statusCode":0,"now":7,"virtualClock":true})");
	/* One spelling for the clock and the state dump. */
	CHECK(f.call("GET", "/sim/v1/state").body.find(R"("virtualClock":true)") != std::string::npos);
	CHECK(f.call("POST", "/sim/v1/clock", R"({"set":7,"advance":1})").status == 400);
	CHECK(f.call("POST", "/sim/v1/clock", R"({"advance":-1})").status == 400);
	auto state = f.call("GET", "/sim/v1/state");
	CHECK(state.status == 200);
	CHECK(state.body.find(R"("connId":"0071027198180007")") != std::string::npos);
	CHECK(state.body.find(R"("state":"Ringing")") != std::string::npos);
	/* The wire codec's SwitchState, every field written, after the statusCode. */
	CHECK_MESSAGE(state.body.find(R"({"statusCode":0,"now":7,"virtualClock":true,"lastEventSequence":0,"dns":[)") ==
			      0,
		      state.body);
	CHECK(state.body.find(R"("consultForTransfer":false)") != std::string::npos);
	CHECK(state.body.find(R"("virtual":)") == std::string::npos);
}

TEST_CASE("request bodies are strict JSON: no comments, no trailing commas")
{
	Fixture f;
	auto commented = f.call("POST", "/sim/v1/clock", "{\"advance\":1 /* ms */}");
	CHECK(commented.status == 400);
	CHECK(commented.body.find(R"("statusCode":10)") != std::string::npos);
	CHECK(f.call("POST", "/sim/v1/clock", R"({"advance":1,})").status == 400);
	CHECK(f.call("POST", "/sim/v1/reset", R"({"clock":{"virtual":true},})").status == 400);
	CHECK(f.call("POST", "/sim/v1/clock", R"({"advance":1})").status == 200);
}

TEST_CASE("reset with and without a configuration")
{
	Fixture f;
	CHECK(f.call("POST", "/sim/v1/reset").body == R"({"statusCode":0})");
	CHECK(f.resets == 1);
	CHECK_FALSE(f.lastReset);
	CHECK(f.call("POST", "/sim/v1/reset", R"({"seed": 9})").status == 200);
	REQUIRE(f.lastReset);
	CHECK(f.lastReset->switchConfig.seed == 9);
	auto bad = f.call("POST", "/sim/v1/reset", R"({"seed": "nine"})");
	CHECK(bad.status == 400);
	CHECK(bad.body.find("$.seed: expected a non-negative integer") != std::string::npos);
	CHECK(f.resets == 2);
}

TEST_CASE("an inbound call is a MakeCall from the external number")
{
	Fixture f;
	auto response = f.call("POST", "/sim/v1/calls",
			       R"({"from":"+14155550100","to":"15000","userData":{"Segment":"Gold","Tries":2}})");
	CHECK(response.status == 200);
	CHECK(response.body ==
	      R"({"statusCode":0,"connId":"0071027198180009","callUuid":"01RCC3N118B1V0SL8O7GK2LAES000009"})");
	REQUIRE(f.sw.requests.size() == 1);
	auto &make = std::get<req::MakeCall>(f.sw.requests[0]);
	CHECK(make.thisDn == "+14155550100");
	CHECK(make.destination == "15000");
	CHECK(make.userData.size() == 2);
	CHECK(f.call("POST", "/sim/v1/calls", R"({"from":"+1"})").status == 400);
	CHECK(f.call("POST", "/sim/v1/calls", R"({"from":"abc","to":"15000"})").status == 400);
	CHECK(f.call("POST", "/sim/v1/calls", "{not json").status == 400);
	f.sw.nextError = 59;
	auto rejected = f.call("POST", "/sim/v1/calls", R"({"from":"+1","to":"99"})");
	CHECK(rejected.status == 409);
	CHECK(rejected.body.find("T-Server error 59") != std::string::npos);
}

TEST_CASE("remote parties answer, hang up and send digits")
{
	Fixture f;
	CHECK(f.call("POST", "/sim/v1/parties/15001/answer", R"({"connId":"0071027198180007"})").status == 200);
	REQUIRE(f.sw.requests.size() == 1);
	CHECK(std::get<req::AnswerCall>(f.sw.requests[0]).thisDn == "15001");
	CHECK(std::get<req::AnswerCall>(f.sw.requests[0]).connId.str() == "0071027198180007");

	CHECK(f.call("POST", "/sim/v1/parties/15001/hangup", R"({"callUuid":"01RCC3N118B1V0SL8O7GK2LAES000007"})")
		      .status == 200);
	CHECK(std::get<req::ReleaseCall>(f.sw.requests.at(1)).connId.str() == "0071027198180007");

	// No id: the only call the DN is on.
	CHECK(f.call("POST", "/sim/v1/parties/15000/dtmf", R"({"digits":"123"})").status == 200);
	CHECK(std::get<req::SendDtmf>(f.sw.requests.at(2)).digits == "123");

	CHECK(f.call("POST", "/sim/v1/parties/15000/dtmf", "{}").status == 400);
	CHECK(f.call("POST", "/sim/v1/parties/15009/answer", "{}").status == 404);
	CHECK(f.call("POST", "/sim/v1/parties/15001/answer", R"({"callUuid":"nope"})").status == 404);
	CHECK(f.call("POST", "/sim/v1/parties/15001/answer", R"({"connId":"xyz"})").status == 400);
	CHECK(f.call("POST", "/sim/v1/parties/15001/fly", "{}").status == 404);
	CHECK(f.sw.requests.size() == 3);
}

TEST_CASE("behaviour changes go to the switch")
{
	Fixture f;
	CHECK(f.call("PUT", "/sim/v1/dns/%2B14155550100/behaviour", R"({"behaviour":"noAnswer","answerDelayMs":3000})")
		      .status == 200);
	REQUIRE(f.sw.controls.size() == 1);
	auto &set = std::get<ctl::SetBehaviour>(f.sw.controls[0]);
	CHECK(set.dn == "+14155550100");
	CHECK((set.behaviour.kind == DnBehaviour::Kind::NoAnswer));
	CHECK(set.behaviour.answerDelayMs == 3000);
	CHECK(f.call("PUT", "/sim/v1/dns/15002/behaviour", R"({"behaviour":"sleepy"})").status == 400);
	CHECK(f.call("PUT", "/sim/v1/dns/15002/behaviour", "{}").status == 400);
}

TEST_CASE("routing errors and access control")
{
	Fixture f;
	CHECK(f.call("GET", "/sim/v1/nothing").status == 404);
	auto wrong = f.call("DELETE", "/sim/v1/reset");
	CHECK(wrong.status == 405);
	CHECK(wrong.body.find(R"("statusCode":3)") != std::string::npos);
	CHECK(f.call("GET", "/sim/v1/health", {}, false).status == 403);
	CHECK(f.call("GET", "/sim/v1/health", {}, false, "Basic YWRtaW46d3Jvbmc=").status == 403);
	CHECK(f.call("GET", "/sim/v1/health", {}, false, "Basic YWRtaW46c2VjcmV0").status == 200);
	f.api.rebind(f.sw, f.sw, f.executor, std::nullopt);
	CHECK(f.call("GET", "/sim/v1/health", {}, false, "Basic YWRtaW46c2VjcmV0").status == 403);
	CHECK(f.call("GET", "/sim/v1/health").status == 200);
}

TEST_CASE("--control-access: open serves every client; its credentials join the configuration's")
{
	auto request = [](ControlApi &api, test::ManualExecutor &executor, std::string authorization) {
		HttpRequest r;
		r.setMethod("POST");
		r.setTarget("/sim/v1/reset");
		r.fromLoopback = false;
		r.remoteAddress = "172.17.0.1"; /* a container's bridge gateway: docker's published port */
		if (!authorization.empty())
			r.addHeader("Authorization", authorization);
		int status = 0;
		api.handle(r, [&](HttpResponse response) { status = response.status; });
		executor.runAll();
		return status;
	};
	test::ManualExecutor executor;
	FakeSwitch sw(executor);
	int resets = 0;
	auto reset = [&resets](std::optional<SandboxConfig>, ControlApi::ResetDone done) {
		++resets;
		done({});
	};
	SUBCASE("open: no credentials needed, and a reset keeps it open")
	{
		ControlApi open(sw, sw, executor, reset, std::nullopt, ControlExposure{true, std::nullopt});
		CHECK(request(open, executor, "") == 200);
		open.rebind(sw, sw, executor, ControlAccess{"admin", "secret"});
		CHECK(request(open, executor, "") == 200);
		CHECK(resets == 2);
	}
	SUBCASE("credentials: the flag's and the configuration's are both served, others refused")
	{
		ControlApi guarded(sw, sw, executor, reset, ControlAccess{"admin", "secret"},
				   ControlExposure{false, ControlAccess{"ci", "pw"}});
		CHECK(request(guarded, executor, "") == 403);
		CHECK(request(guarded, executor, "Basic Y2k6cHc=") == 200);	    /* ci:pw */
		CHECK(request(guarded, executor, "Basic YWRtaW46c2VjcmV0") == 200); /* admin:secret */
		CHECK(request(guarded, executor, "Basic Y2k6c2VjcmV0") == 403);	    /* ci:secret */
		CHECK(request(guarded, executor, "Basic YWRtaW46cHc=") == 403);	    /* admin:pw */
		/* A reset whose configuration has no "control" keeps the flag's credentials. */
		guarded.rebind(sw, sw, executor, std::nullopt);
		CHECK(request(guarded, executor, "Basic Y2k6cHc=") == 200);
		CHECK(request(guarded, executor, "Basic YWRtaW46c2VjcmV0") == 403);
		CHECK(resets == 3);
	}
	SUBCASE("closed (the default): a remote client is refused")
	{
		ControlApi closed(sw, sw, executor, reset);
		CHECK(request(closed, executor, "Basic Y2k6cHc=") == 403);
		CHECK(resets == 0);
	}
}

TEST_CASE("against the simulated switch: inject, answer, send digits, hang up, move the clock")
{
	test::ManualExecutor executor;
	VirtualClock clock(1767225600000);
	SandboxConfig config;
	REQUIRE_FALSE(parseSandboxConfig(
		R"({"clock":{"virtual":true},"dns":[{"number":"15001","behaviour":"ringForever"}]})", config));
	sim::SimBackend backend(config.switchConfig, clock, executor);
	ControlApi api(backend, backend, executor,
		       [](std::optional<SandboxConfig>, ControlApi::ResetDone done) { done({}); });
	auto call = [&](std::string method, std::string target, std::string body = {}) {
		HttpRequest request;
		request.setMethod(method);
		request.setTarget(target);
		request.body = std::move(body);
		std::optional<HttpResponse> response;
		api.handle(request, [&](HttpResponse r) { response = std::move(r); });
		executor.runAll();
		REQUIRE(response);
		return *response;
	};

	auto injected =
		call("POST", "/sim/v1/calls", R"({"from":"+14155550100","to":"15001","userData":{"Segment":"Gold"}})");
	REQUIRE(injected.status == 200);
	auto connIdAt = injected.body.find("\"connId\":\"");
	REQUIRE(connIdAt != std::string::npos);
	std::string connId = injected.body.substr(connIdAt + 10, 16);
	CHECK(injected.body.find("\"callUuid\":\"01") != std::string::npos);

	auto ringing = call("GET", "/sim/v1/state");
	CHECK(ringing.body.find(R"("dn":"15001","dnType":"Extension","state":"Ringing")") != std::string::npos);
	CHECK(ringing.body.find(R"("userData":{"Segment":"Gold"})") != std::string::npos);

	CHECK(call("POST", "/sim/v1/parties/15001/answer", "{\"connId\":\"" + connId + "\"}").status == 200);
	CHECK(call("GET", "/sim/v1/state").body.find(R"("dn":"15001","dnType":"Extension","state":"Established")") !=
	      std::string::npos);
	CHECK(call("POST", "/sim/v1/parties/15001/dtmf", R"({"digits":"42"})").status == 200);
	CHECK(call("POST", "/sim/v1/clock", R"({"advance":52000})").body ==
	      R"({"statusCode":0,"now":1767225652000,"virtualClock":true})");
	CHECK(call("POST", "/sim/v1/parties/%2B14155550100/hangup", "{\"connId\":\"" + connId + "\"}").status == 200);
	CHECK(call("GET", "/sim/v1/state").body.find(R"("calls":[])") != std::string::npos);

	// The call is gone: the switch's own error comes back, with its code.
	auto gone = call("POST", "/sim/v1/parties/15001/hangup", "{\"connId\":\"" + connId + "\"}");
	CHECK(gone.status == 409);
	CHECK(gone.body.find("\"errorCode\":") != std::string::npos);

	CHECK(call("PUT", "/sim/v1/dns/15002/behaviour", R"({"behaviour":"busy"})").status == 200);
	auto busy = call("POST", "/sim/v1/calls", R"({"from":"+14155550100","to":"15002"})");
	CHECK(busy.status == 200);
	CHECK(call("GET", "/sim/v1/state").body.find(R"("calls":[])") != std::string::npos);
}
