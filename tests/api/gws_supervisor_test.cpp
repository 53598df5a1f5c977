/* SPDX-License-Identifier: MIT */
#include <algorithm>

#include <fmt/format.h>

#include "gws_test_harness.h"

/*
 * The supervisor's operations over a FakeBackend (desktop-fidelity.md §6): who may
 * send them, their parameters and errors (answered at once, nothing submitted), the
 * T-Library requests they make, and the supervisor's device and call as GWS shows them.
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

const ConnId conn(0x0071027198180007ULL);
const std::string uuid = "01RCC3N118B1V0SL8O7GK2LAES000007";
const std::string callPath = "/api/v2/me/calls/" + uuid;

struct Fixture {
	explicit Fixture(api::GwsConfig config = {}) : gws(std::move(config), seedDirectory())
	{
		supervisorDevice = "/api/v2/me/devices/" + gws.directoryCopy.findByDn("16000")->deviceId;
		agentDeviceUri = base + "/api/v2/devices/" + gws.directoryCopy.findByDn("15000")->deviceId;
		loaded = gws.backend->submitted.size();
	}
	Response supervisor(const std::string &path, const std::string &body, const std::string &dn = "16000")
	{
		return gws.request("POST", path, body,
				   {{"Authorization", "Basic " + base64Encode("supervisor" + dn + ":password")}});
	}
	Response listenIn(const std::string &extra = "")
	{
		return supervisor(supervisorDevice, R"({"operationName":"ListenIn","targetDeviceUri":")" +
							    agentDeviceUri + "\"" + extra + "}");
	}
	/// Requests sent since the start-up's QueryAddress loads.
	std::size_t count() const { return gws.backend->submitted.size() - loaded; }
	const Request &last() const { return gws.backend->submitted.back().request; }

	/// EventMonitoringNextCall: supervisor 16000 monitors agent 15000, seen from dn's side.
	void monitoring(const Dn &dn, bool on, MonitorMode mode = MonitorMode::Mute)
	{
		auto snapshot = std::make_shared<DnSnapshot>();
		snapshot->dn = dn;
		if (on && dn == "16000")
			snapshot->monitoring =
				MonitoringSnapshot{"15000", MonitorType::AllCalls, mode, MonitorScope::Call};
		if (on && dn == "15000")
			snapshot->monitoredBy = "16000";
		Event e;
		e.type = on ? EventType::MonitoringNextCall : EventType::MonitoringCancelled;
		e.thisDn = dn;
		e.thisDnRole = dn == "16000" ? DnRole::Observer : DnRole::Destination;
		e.dn = snapshot;
		e.time = gwsT;
		gws.backend->emit(e);
	}

	/// The call 15000-15001 with 16000 on it as an observer in mode, seen by each of the three.
	void monitoredCall(MonitorMode mode, bool agentMuted = false)
	{
		auto call = std::make_shared<CallSnapshot>();
		call->connId = conn;
		call->callUuid = uuid;
		call->callType = CallType::Internal;
		call->dnis = "15001";
		call->startedAt = gwsT - 10'000;
		PartySnapshot observer{"16000", DnType::Extension, PartyState::Established, DnRole::Observer,
				       mode == MonitorMode::Mute};
		observer.monitorMode = mode;
		observer.monitoredDn = "15000";
		PartySnapshot agent{"15000", DnType::Extension, PartyState::Established, DnRole::Destination,
				    agentMuted};
		PartySnapshot customer{"15001", DnType::Extension, PartyState::Established, DnRole::Origination};
		call->parties = {observer, customer, agent};
		for (const char *dn : {"15000", "16000"}) {
			Event e;
			e.type = EventType::Established;
			e.thisDn = dn;
			e.connId = conn;
			e.call = call;
			e.time = gwsT;
			gws.backend->emit(e);
		}
	}

	FakeGws gws;
	std::string supervisorDevice;
	std::string agentDeviceUri;
	std::size_t loaded = 0;
};

void checkError(const Response &r, unsigned http, int statusCode)
{
	CAPTURE(r.body);
	CHECK(r.status == http);
	rapidjson::Document d = parse(r.body);
	REQUIRE(d.IsObject());
	CHECK(d["statusCode"].GetInt() == statusCode);
	CHECK(d["statusMessage"].IsString());
}

std::vector<std::string> strings(const rapidjson::Value &array)
{
	std::vector<std::string> out;
	for (const auto &v : array.GetArray())
		out.emplace_back(v.GetString());
	return out;
}

bool contains(const std::vector<std::string> &list, const std::string &item)
{
	return std::find(list.begin(), list.end(), item) != list.end();
}

} /* namespace */

TEST_CASE("an agent's supervisor operations: statusCode 5, before parameters, nothing sent")
{
	Fixture f;
	const std::string agentDevice = "/api/v2/me/devices/" + seedDeviceId;
	for (const char *op : {"ListenIn", "Coach", "BargeIn", "CancelSupervisorMonitoring"}) {
		CAPTURE(op);
		checkError(f.gws.as("15000", "POST", agentDevice, fmt::format(R"({{"operationName":"{}"}})", op)), 403,
			   5);
	}
	f.monitoredCall(MonitorMode::Mute);
	for (const char *op : {"SwitchToListenIn", "SwitchToBargeIn", "MuteMonitoredUser", "UnmuteMonitoredUser"}) {
		CAPTURE(op);
		checkError(f.gws.as("15000", "POST", callPath, fmt::format(R"({{"operationName":"{}"}})", op)), 403, 5);
	}
	CHECK(f.count() == 0);
	/* There is no SwitchToCoach (desktop-fidelity.md §0). */
	checkError(f.supervisor(callPath, R"({"operationName":"SwitchToCoach"})"), 400, 10);
}

TEST_CASE("without api-supervisor-monitoring a supervisor gets statusCode 3 and no supervisor capabilities")
{
	api::GwsConfig config;
	config.desktop.features.clear();
	Fixture f(std::move(config));
	checkError(f.listenIn(), 403, 3);
	CHECK(f.count() == 0);
	rapidjson::Document d =
		parse(f.gws.request("GET", f.supervisorDevice, "",
				    {{"Authorization", "Basic " + base64Encode("supervisor16000:password")}})
			      .body);
	CHECK_FALSE(contains(strings(d["device"]["capabilities"]), "ListenIn"));
}

TEST_CASE("ListenIn, Coach and BargeIn are TMonitorNextCall with SIP Server's mode, type and scope")
{
	Fixture f;
	REQUIRE(f.listenIn().status == 200);
	const auto &listen = std::get<req::MonitorNextCall>(f.last());
	CHECK(listen.thisDn == "16000");
	CHECK(listen.agentDn == "15000");
	CHECK((listen.mode == MonitorMode::Mute));
	CHECK((listen.monitorType == MonitorType::AllCalls)); /* the documented defaults */
	CHECK((listen.scope == MonitorScope::Call));

	REQUIRE(f.supervisor(f.supervisorDevice,
			     R"({"operationName":"Coach","targetDeviceUri":")" + f.agentDeviceUri +
				     R"(","supervisorMonitoringScope":"Agent","supervisorMonitoringMode":"NextCall"})")
			.status == 200);
	const auto &coach = std::get<req::MonitorNextCall>(f.last());
	CHECK((coach.mode == MonitorMode::Coach));
	CHECK((coach.monitorType == MonitorType::OneCall));
	CHECK((coach.scope == MonitorScope::Agent));

	/* A path is enough: only the device id counts. */
	REQUIRE(f.supervisor(f.supervisorDevice,
			     R"({"operationName":"BargeIn","targetDeviceUri":"/api/v2/devices/)" + seedDeviceId + "\"}")
			.status == 200);
	CHECK((std::get<req::MonitorNextCall>(f.last()).mode == MonitorMode::Connect));
}

TEST_CASE("ListenIn's parameter errors are answered at once")
{
	Fixture f;
	checkError(f.supervisor(f.supervisorDevice, R"({"operationName":"ListenIn"})"), 400, 1);
	checkError(f.supervisor(f.supervisorDevice,
				R"({"operationName":"ListenIn","targetDeviceUri":"http://h/api/v2/devices/nope"})"),
		   404, 6);
	checkError(f.listenIn(R"(,"supervisorMonitoringScope":"Team")"), 400, 10);
	checkError(f.listenIn(R"(,"supervisorMonitoringMode":"Forever")"), 400, 10);
	checkError(f.listenIn(R"(,"supervisorMonitoringMode":1)"), 400, 10);
	checkError(f.supervisor(f.supervisorDevice, R"({"operationName":"ListenIn","targetDeviceUri":")" + base +
							    "/api/v2/devices/" +
							    f.gws.directoryCopy.findByDn("16000")->deviceId + "\"}"),
		   400, 2);
	CHECK(f.count() == 0);
}

TEST_CASE("one supervisor per device; CancelSupervisorMonitoring only while monitoring")
{
	Fixture f;
	checkError(f.supervisor(f.supervisorDevice, R"({"operationName":"CancelSupervisorMonitoring"})"), 400, 2);
	f.monitoring("16000", true);
	f.monitoring("15000", true);
	/* Another supervisor on the same agent. */
	const std::string other = "/api/v2/me/devices/" + f.gws.directoryCopy.findByDn("16001")->deviceId;
	checkError(f.supervisor(other, R"({"operationName":"ListenIn","targetDeviceUri":")" + f.agentDeviceUri + "\"}",
				"16001"),
		   400, 2);
	CHECK(f.count() == 0);
	/* The same supervisor again: T-Server replaces the request's mode. */
	CHECK(f.listenIn().status == 200);
	REQUIRE(f.supervisor(f.supervisorDevice, R"({"operationName":"CancelSupervisorMonitoring"})").status == 200);
	const auto &cancel = std::get<req::CancelMonitoring>(f.last());
	CHECK(cancel.thisDn == "16000");
	CHECK(cancel.agentDn == "15000");
}

TEST_CASE("the supervisor's device shows supervisorMonitoringState last; the agent's device shows nothing")
{
	Fixture f;
	f.gws.notifier.messages.clear();
	f.monitoring("16000", true, MonitorMode::Coach);
	f.monitoring("15000", true);
	REQUIRE(f.gws.notifier.messages.size() == 1);
	CHECK(f.gws.notifier.messages[0].userId == f.gws.userId("16000"));
	const std::string deviceId = f.gws.directoryCopy.findByDn("16000")->deviceId;
	const std::string expected =
		R"({"data":{"messageType":"DeviceStateChangeMessage","devices":[{"id":")" + deviceId +
		R"(","deviceState":"Active","userState":{"id":"7B4A1C1E-3F4B-4E0A-9B1D-6C2D8E5F7A90","displayName":"Logged Out","state":"NotReady"},)"
		R"("phoneNumber":"16000","e164Number":"16000","telephonyNetwork":"Private","doNotDisturb":"Off",)"
		R"("voiceEnvironmentUri":"http://127.0.0.1:8080/api/v2/voice-environments/370ef5e6-9e3c-4d91-9588-7f4dfe67e011",)"
		R"("capabilities":["ForwardCallsOn","DoNotDisturbOn","ListenIn","Coach","BargeIn","CancelSupervisorMonitoring"],)"
		R"("supervisorMonitoringState":{"state":"Coach","mode":"AllCalls","scope":"Call","targetDeviceUri":")" +
		f.agentDeviceUri + R"("}}]},"channel":"/v2/me/devices"})";
	CHECK(f.gws.notifier.messages[0].text == expected);
	f.monitoring("16000", false);
	REQUIRE(f.gws.notifier.messages.size() == 2);
	CHECK(f.gws.notifier.messages[1].text.find("supervisorMonitoringState") == std::string::npos);
	CHECK(f.gws.notifier.messages[1].text.find("CancelSupervisorMonitoring") == std::string::npos);
}

TEST_CASE("the supervisor's listening call: capabilities, mute, no monitoring key; the agent's flag")
{
	Fixture f;
	f.monitoredCall(MonitorMode::Mute, true);
	auto get = [&](const std::string &user) {
		return parse(f.gws.request("GET", callPath, "",
					   {{"Authorization", "Basic " + base64Encode(user + ":password")}})
				     .body);
	};
	rapidjson::Document s = get("supervisor16000");
	const auto &sc = s["call"];
	std::vector<std::string> caps = strings(sc["capabilities"]);
	CHECK(contains(caps, "SwitchToBargeIn"));
	CHECK_FALSE(contains(caps, "SwitchToListenIn"));
	CHECK_FALSE(contains(caps, "MuteCall"));
	CHECK_FALSE(contains(caps, "MuteMonitoredUser"));
	CHECK(contains(caps, "RemoveParticipantFromConference"));
	CHECK(std::string(sc["mute"].GetString()) == "On");
	CHECK(sc["monitoredUserMuted"].GetBool());
	CHECK_FALSE(sc["supervisorListeningIn"].GetBool());
	CHECK_FALSE(sc.HasMember("monitoring"));
	CHECK(sc["participants"].Size() == 2);

	rapidjson::Document a = get("agent15000");
	CHECK(a["call"]["supervisorListeningIn"].GetBool());
	CHECK_FALSE(a["call"]["monitoring"].GetBool());
	CHECK(a["call"]["participants"].Size() == 1); /* a silent supervisor is not listed */
	CHECK(contains(strings(a["call"]["capabilities"]), "UnmuteCall"));

	REQUIRE(f.supervisor(callPath, R"({"operationName":"SwitchToBargeIn"})").status == 200);
	const auto &off = std::get<req::SetMuteOff>(f.last());
	CHECK(off.thisDn == "16000");
	CHECK(off.connId == conn);
	checkError(f.supervisor(callPath, R"({"operationName":"SwitchToListenIn"})"), 400, 2);
	REQUIRE(f.supervisor(callPath, R"({"operationName":"MuteMonitoredUser"})").status == 200);
	const auto &mute = std::get<req::SetMuteOn>(f.last());
	CHECK(mute.thisDn == "15000"); /* T-Server mutes the agent's party */
	CHECK(mute.connId == conn);
	REQUIRE(f.supervisor(callPath, R"({"operationName":"UnmuteMonitoredUser"})").status == 200);
	CHECK(std::get<req::SetMuteOff>(f.last()).thisDn == "15000");
}

TEST_CASE("barged in: the supervisor is a participant, Coach offers both switches")
{
	Fixture f;
	f.monitoredCall(MonitorMode::Connect);
	rapidjson::Document a = parse(f.gws.as("15000", "GET", callPath).body);
	CHECK(a["call"]["participants"].Size() == 2);
	CHECK_FALSE(a["call"]["supervisorListeningIn"].GetBool());

	Fixture coach;
	coach.monitoredCall(MonitorMode::Coach);
	rapidjson::Document s =
		parse(coach.gws
			      .request("GET", callPath, "",
				       {{"Authorization", "Basic " + base64Encode("supervisor16000:password")}})
			      .body);
	std::vector<std::string> caps = strings(s["call"]["capabilities"]);
	CHECK(contains(caps, "SwitchToListenIn"));
	CHECK(contains(caps, "SwitchToBargeIn"));
	CHECK(std::string(s["call"]["mute"].GetString()) == "Off");
}

TEST_CASE("Mute*MonitoredUser need the supervisor's monitoring call")
{
	Fixture f;
	auto call = std::make_shared<CallSnapshot>();
	call->connId = conn;
	call->callUuid = uuid;
	call->parties = {{"15001", DnType::Extension, PartyState::Established},
			 {"16000", DnType::Extension, PartyState::Established}};
	Event e;
	e.type = EventType::Established;
	e.thisDn = "16000";
	e.connId = conn;
	e.call = call;
	f.gws.backend->emit(e);
	/* An ordinary call of the supervisor's own. */
	checkError(f.supervisor(callPath, R"({"operationName":"MuteMonitoredUser"})"), 400, 2);
	checkError(f.supervisor(callPath, R"({"operationName":"SwitchToBargeIn"})"), 400, 2);
	CHECK(f.count() == 0);
}

TEST_CASE("a supervisor reads the device its targetDeviceUri names; an agent reads only its own")
{
	Fixture f;
	const std::string agentDevice = "/api/v2/devices/" + seedDeviceId;
	Response bySupervisor = f.gws.request("GET", agentDevice, "",
					      {{"Authorization", "Basic " + base64Encode("supervisor16000:password")}});
	CHECK(bySupervisor.status == 200);
	CHECK(parse(bySupervisor.body)["device"]["phoneNumber"] == "15000");
	const std::string supervisorDevice = "/api/v2/devices/" + f.gws.directoryCopy.findByDn("16000")->deviceId;
	checkError(f.gws.as("15000", "GET", supervisorDevice), 404, 6);
}
