/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/gws_api.h"

#include <string>

#include "gws_test_harness.h"

/*
 * Shapes public clients read (reference §13): the voice channel's DND as
 * dndState, the same voice channel on GET and on /v2/me/channels, the
 * logged-out userState, AfterCallWork's wrapUpTime honoured by the switch,
 * Dial's outboundCallerId on the call.
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

const std::string mePath = "/api/v2/me";
const std::string voicePath = "/api/v2/me/channels/voice";
const std::string devicePath = "/api/v2/me/devices/" + seedDeviceId;

void login(SimGws &gws)
{
	REQUIRE(gws.as("15000", "POST", mePath, R"({"operationName":"StartContactCenterSession","channels":["voice"]})")
			.status == 200);
}

void advance(SimGws &gws, TimeMs ms)
{
	bool done = false;
	gws.backend->control(ctl::AdvanceClock{ms}, [&](ControlResult) { done = true; });
	gws.core.runAll();
	REQUIRE(done);
}

/// The compact JSON of a value of a document.
std::string text(const rapidjson::Value &value)
{
	rapidjson::StringBuffer buffer;
	rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
	value.Accept(w);
	return buffer.GetString();
}

/// The voice channel of the last /v2/me/channels notification agent15000 got.
std::string lastChannelNotification(SimGws &gws)
{
	for (auto it = gws.notifier.messages.rbegin(); it != gws.notifier.messages.rend(); ++it) {
		if (it->channel == "/v2/me/channels")
			return text(parse(it->text)["data"]["channels"][0]);
	}
	FAIL("no /v2/me/channels notification");
	return {};
}

std::string userStateDisplayName(SimGws &gws)
{
	Response r = gws.as("15000", "GET", devicePath);
	REQUIRE(r.status == 200);
	return parse(r.body)["device"]["userState"]["displayName"].GetString();
}

} /* namespace */

TEST_CASE("GET /me/channels, /me/channels/voice and /me?subresources=channels show the voice channel the notification "
	  "shows")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), gwsSwitchConfig());
	login(gws);
	for (const char *op : {"Ready", "DoNotDisturbOn", "OutToLunch"}) {
		CAPTURE(op);
		REQUIRE(gws.as("15000", "POST", voicePath, std::string(R"({"operationName":")") + op + R"("})")
				.status == 200);
		std::string notified = lastChannelNotification(gws);
		CHECK(text(parse(gws.as("15000", "GET", "/api/v2/me/channels").body)["channels"][0]) == notified);
		CHECK(text(parse(gws.as("15000", "GET", voicePath).body)["channel"]) == notified);
		CHECK(text(parse(
			      gws.as("15000", "GET", mePath + "?subresources=channels").body)["user"]["channels"][0]) ==
		      notified);
	}
	/* The channel's DND key is dndState; the device keeps doNotDisturb. */
	rapidjson::Document channel = parse(lastChannelNotification(gws));
	CHECK(channel["dndState"].GetString() == std::string("On"));
	CHECK_FALSE(channel.HasMember("doNotDisturb"));
	rapidjson::Document device = parse(gws.as("15000", "GET", devicePath).body);
	CHECK(device["device"]["doNotDisturb"].GetString() == std::string("On"));
	CHECK_FALSE(device["device"].HasMember("dndState"));
}

TEST_CASE("a logged-out agent's userState has a documented state value, its displayName says Logged Out")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), gwsSwitchConfig());
	Response r = gws.as("15000", "GET", voicePath);
	REQUIRE(r.status == 200);
	CHECK(canonical(text(parse(r.body)["channel"])) ==
	      canonical(R"({"channel":"voice","userState":{"id":"7B4A1C1E-3F4B-4E0A-9B1D-6C2D8E5F7A90",)"
			R"("displayName":"Logged Out","state":"NotReady"},"dndState":"Off"})"));
}

TEST_CASE("AfterCallWork's wrapUpTime reaches the switch, which makes the agent Ready when it is over")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), gwsSwitchConfig());
	login(gws);
	REQUIRE(gws.as("15000", "POST", voicePath, R"({"operationName":"AfterCallWork","wrapUpTime":"5"})").status ==
		200);
	CHECK(userStateDisplayName(gws) == "AfterCallWork");
	advance(gws, 4999);
	CHECK(userStateDisplayName(gws) == "AfterCallWork");
	advance(gws, 1);
	CHECK(userStateDisplayName(gws) == "Ready");

	/* "0" cancels the timed end; a state change in between cancels the timer too. */
	REQUIRE(gws.as("15000", "POST", voicePath, R"({"operationName":"AfterCallWork","wrapUpTime":"0"})").status ==
		200);
	advance(gws, 3600 * 1000);
	CHECK(userStateDisplayName(gws) == "AfterCallWork");
	REQUIRE(gws.as("15000", "POST", voicePath, R"({"operationName":"AfterCallWork","wrapUpTime":"10"})").status ==
		200);
	REQUIRE(gws.as("15000", "POST", voicePath, R"({"operationName":"AuxWork"})").status == 200);
	advance(gws, 20000);
	CHECK(userStateDisplayName(gws) == "AuxWork");

	for (const char *bad : {R"("x")", R"("-1")", R"("")", R"("86401")", R"("1.5")", "5"}) {
		CAPTURE(bad);
		Response r = gws.as("15000", "POST", voicePath,
				    std::string(R"({"operationName":"AfterCallWork","wrapUpTime":)") + bad + "}");
		CHECK(r.status == 400);
		CHECK(parse(r.body)["statusCode"].GetInt() == 10);
	}
	CHECK(userStateDisplayName(gws) == "AuxWork");
}

TEST_CASE("Dial's outboundCallerId is the calling number the switch presents (CPNDigits)")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), gwsSwitchConfig());
	login(gws);
	REQUIRE(gws.as("15000", "POST", devicePath + "/calls",
		       R"({"operationName":"Dial","destination":{"phoneNumber":"5551234"},"outboundCallerId":"8005550100"})")
			.status == 200);
	RequestResult query;
	gws.backend->submit(req::QueryAddress{"15000"}, [&](RequestResult r) { query = std::move(r); });
	gws.core.runAll();
	REQUIRE(query.calls.size() == 1);
	CHECK(query.calls[0]->ani == "8005550100");

	Response wrongType =
		gws.as("15000", "POST", devicePath + "/calls",
		       R"({"operationName":"Dial","destination":{"phoneNumber":"5551234"},"outboundCallerId":5})");
	CHECK(wrongType.status == 400);
	CHECK(parse(wrongType.body)["statusCode"].GetInt() == 10);
}

namespace {

/// The keys of an object, in order.
std::vector<std::string> keysOf(const rapidjson::Value &object)
{
	std::vector<std::string> keys;
	for (const auto &member : object.GetObject())
		keys.emplace_back(member.name.GetString());
	return keys;
}

} /* namespace */

TEST_CASE("fields=a,b projects the user's devices, calls, call, user and device, in each object's own order")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), gwsSwitchConfig());
	login(gws);
	REQUIRE(gws.as("15000", "POST", devicePath + "/calls",
		       R"({"operationName":"Dial","destination":{"phoneNumber":"5551234"}})")
			.status == 200);
	using Keys = std::vector<std::string>;

	rapidjson::Document devices = parse(gws.as("15000", "GET", "/api/v2/me/devices?fields=phoneNumber,id").body);
	REQUIRE(devices["devices"].Size() == 1);
	CHECK(keysOf(devices["devices"][0]) == Keys{"id", "phoneNumber"});
	rapidjson::Document all = parse(gws.as("15000", "GET", "/api/v2/me/devices?fields=*").body);
	CHECK(all["devices"][0].MemberCount() > 5);

	rapidjson::Document calls = parse(gws.as("15000", "GET", "/api/v2/me/calls?fields=state,id").body);
	REQUIRE(calls["calls"].Size() == 1);
	CHECK(keysOf(calls["calls"][0]) == Keys{"id", "state"});
	std::string callId = calls["calls"][0]["id"].GetString();
	rapidjson::Document onDevice = parse(gws.as("15000", "GET", devicePath + "/calls?fields=connId,callUuid").body);
	CHECK(keysOf(onDevice["calls"][0]) == Keys{"callUuid", "connId"});

	rapidjson::Document call = parse(gws.as("15000", "GET", "/api/v2/me/calls/" + callId + "?fields=state").body);
	CHECK(canonical(text(call)) == canonical(R"({"statusCode":0,"call":{"state":"Established"}})"));
	rapidjson::Document device = parse(gws.as("15000", "GET", devicePath + "?fields=doNotDisturb").body);
	CHECK(canonical(text(device)) == canonical(R"({"statusCode":0,"device":{"doNotDisturb":"Off"}})"));

	/* A user with a subresource: the subresource is one of its keys like any other. */
	rapidjson::Document me =
		parse(gws.as("15000", "GET", "/api/v2/me?subresources=devices&fields=userName,devices").body);
	CHECK(keysOf(me["user"]) == Keys{"userName", "devices"});
	rapidjson::Document user =
		parse(gws.as("15000", "GET", "/api/v2/users/" + gws.userId("15000") + "?fields=roles").body);
	CHECK(keysOf(user["user"]) == Keys{"roles"});

	/* An unknown name is ignored (GWS documents no error for it): only the known ones come back. */
	rapidjson::Document unknown = parse(gws.as("15000", "GET", "/api/v2/me/calls?fields=nonsense,state").body);
	CHECK(keysOf(unknown["calls"][0]) == Keys{"state"});
	rapidjson::Document none = parse(gws.as("15000", "GET", "/api/v2/me/devices?fields=nonsense").body);
	CHECK(none["devices"][0].ObjectEmpty());
	/* Without fields a list is URIs (RequestParameters). */
	CHECK(parse(gws.as("15000", "GET", "/api/v2/me/calls").body)["uris"].Size() == 1);
}
