/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/gws_api.h"

#include "gws_test_harness.h"

/*
 * The done criterion: the two samples of the GWS SingleStepConference page
 * (https://docs.genesys.com/Documentation/HTCC/latest/API/SingleStepConference)
 * replay exactly against the real simulated switch: same keys, same order, same values.
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

const char *sample1 = R"({
"data":{
"notificationType":"ParticipantsUpdated",
"call":{
"id":"01RCC3N118B1V0SL8O7GK2LAES000007",
"state":"Established",
"callUuid":"01RCC3N118B1V0SL8O7GK2LAES000007",
"connId":"0071027198180007",
"deviceUri":"http://127.0.0.1:8080/api/v2/devices/631608b3-ceb1-472b-ba05-2ae39555b0d1",
"participants":[
{"e164Number":"","formattedPhoneNumber":"15002","phoneNumber":"15002","digits":"15002"},
{"e164Number":"","formattedPhoneNumber":"15001","phoneNumber":"15001","digits":"15001"}
],
"dnis":"15001",
"callType":"Internal",
"capabilities":["UpdateUserData","SendDtmf","InitiateConference","Hold","SingleStepTransfer","InitiateTransfer",
"RemoveParticipantFromConference","AttachUserData","DeleteUserDataPair","SingleStepConference","DeleteUserData",
"MuteCall","Hangup"],
"userData":{"FirstConferencePartyDN":"15000"},
"duration":"52",
"mute":"Off",
"supervisorListeningIn":false,
"monitoredUserMuted":false,
"monitoring":false,
"uri":"http://127.0.0.1:8080/api/v2/me/calls/01RCC3N118B1V0SL8O7GK2LAES000007",
"path":"/calls/01RCC3N118B1V0SL8O7GK2LAES000007"
},
"phoneNumber":"15000",
"extensions":{"BusinessCall":0},
"messageType":"CallStateChangeMessage"
},
"channel":"/v2/me/calls"
})";

const char *sample2 = R"({
"data":{
"notificationType":"ParticipantsUpdated",
"call":{
"id":"01RCC3N118B1V0SL8O7GK2LAES000008",
"state":"Established",
"callUuid":"01RCC3N118B1V0SL8O7GK2LAES000008",
"connId":"0071027198180008",
"deviceUri":"http://127.0.0.1:8080/api/v2/devices/631608b3-ceb1-472b-ba05-2ae39555b0d1",
"participants":[
{"e164Number":"","formattedPhoneNumber":"15002","phoneNumber":"15002","digits":"15002"},
{"e164Number":"","formattedPhoneNumber":"15001","phoneNumber":"15001","digits":"15001"}
],
"dnis":"15001",
"callType":"Internal",
"capabilities":["UpdateUserData","SendDtmf","InitiateConference","Hold","SingleStepTransfer","InitiateTransfer",
"RemoveParticipantFromConference","AttachUserData","DeleteUserDataPair","SingleStepConference","DeleteUserData",
"MuteCall","Hangup"],
"userData":{"AccountNumber":"12345","FirstConferencePartyDN":"15000"},
"duration":"64",
"mute":"Off",
"supervisorListeningIn":false,
"monitoredUserMuted":false,
"monitoring":false,
"uri":"http://127.0.0.1:8080/api/v2/me/calls/01RCC3N118B1V0SL8O7GK2LAES000008",
"path":"/calls/01RCC3N118B1V0SL8O7GK2LAES000008"
},
"phoneNumber":"15000",
"extensions":{"BusinessCall":0},
"messageType":"CallStateChangeMessage"
},
"channel":"/v2/me/calls"
})";

/// The switch of the samples: the call already exists, started `age` ms before the clock's start.
SwitchConfig seedSwitch(std::uint64_t connId, std::string callUuid, TimeMs age)
{
	SwitchConfig config = gwsSwitchConfig();
	config.calls.push_back(seedCall(connId, std::move(callUuid), gwsT - age));
	return config;
}

} /* namespace */

TEST_CASE("seed sample 1: SingleStepConference, agent15000 gets exactly the documented ParticipantsUpdated")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(),
		   seedSwitch(0x0071027198180007ULL, "01RCC3N118B1V0SL8O7GK2LAES000007", 52'000));
	std::string user = gws.userId("15000");

	Response r = gws.as("15000", "POST", "/api/v2/me/calls/01RCC3N118B1V0SL8O7GK2LAES000007",
			    R"({"operationName": "SingleStepConference", "destination": {"phoneNumber": "15002"}})");
	CHECK(r.status == 200);
	CHECK(canonical(r.body) == R"({"statusCode":0})");

	std::vector<std::string> got = gws.notifier.of(user);
	REQUIRE(got.size() == 1);
	CHECK(gws.notifier.messages.back().channel == "/v2/me/calls");
	/* Same keys, same order, same values: the compact re-serializations are equal. */
	CHECK(canonical(got[0]) == canonical(sample1));
	CHECK(parse(got[0]) == parse(sample1));
}

TEST_CASE("seed sample 2: SingleStepConference with userData: AttachedDataChanged, then the documented message")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(),
		   seedSwitch(0x0071027198180008ULL, "01RCC3N118B1V0SL8O7GK2LAES000008", 64'000));
	std::string user = gws.userId("15000");

	Response r = gws.as("15000", "POST", "/api/v2/me/calls/01RCC3N118B1V0SL8O7GK2LAES000008",
			    R"({"operationName": "SingleStepConference", "destination": {"phoneNumber": "15002"},
			        "userData": {"AccountNumber": "12345"}})");
	CHECK(r.status == 200);
	CHECK(canonical(r.body) == R"({"statusCode":0})");

	std::vector<std::string> got = gws.notifier.of(user, "/v2/me/calls");
	REQUIRE(got.size() == 2);
	rapidjson::Document first = parse(got[0]);
	CHECK(std::string(first["data"]["notificationType"].GetString()) == "AttachedDataChanged");
	CHECK(canonical(R"({"AccountNumber":"12345"})") == [&] {
		rapidjson::StringBuffer b;
		rapidjson::Writer<rapidjson::StringBuffer> w(b);
		first["data"]["call"]["userData"].Accept(w);
		return std::string(b.GetString());
	}());
	CHECK(std::string(first["data"]["call"]["duration"].GetString()) == "64");
	CHECK(canonical(got[1]) == canonical(sample2));
}

TEST_CASE("seed: the other parties get their own view of the conference")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(),
		   seedSwitch(0x0071027198180007ULL, "01RCC3N118B1V0SL8O7GK2LAES000007", 52'000));
	gws.as("15000", "POST", "/api/v2/me/calls/01RCC3N118B1V0SL8O7GK2LAES000007",
	       R"({"operationName":"SingleStepConference","destination":{"phoneNumber":"15002"}})");

	std::vector<std::string> other = gws.notifier.of(gws.userId("15001"), "/v2/me/calls");
	REQUIRE(other.size() == 1);
	rapidjson::Document d = parse(other[0]);
	CHECK(std::string(d["data"]["notificationType"].GetString()) == "ParticipantsUpdated");
	CHECK(std::string(d["data"]["phoneNumber"].GetString()) == "15001");
	const auto &participants = d["data"]["call"]["participants"];
	REQUIRE(participants.Size() == 2);
	CHECK(std::string(participants[0]["phoneNumber"].GetString()) == "15002");
	CHECK(std::string(participants[1]["phoneNumber"].GetString()) == "15000");
	/* Not the owner: no RemoveParticipantFromConference. */
	bool remove = false;
	for (const auto &c : d["data"]["call"]["capabilities"].GetArray())
		remove |= std::string(c.GetString()) == "RemoveParticipantFromConference";
	CHECK_FALSE(remove);

	/* The added party: Ringing, then Established, on its own device. */
	std::vector<std::string> added = gws.notifier.of(gws.userId("15002"), "/v2/me/calls");
	REQUIRE(added.size() == 2);
	CHECK(std::string(parse(added[0])["data"]["call"]["state"].GetString()) == "Ringing");
	CHECK(std::string(parse(added[1])["data"]["call"]["state"].GetString()) == "Established");
}
