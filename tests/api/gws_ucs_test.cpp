/* SPDX-License-Identifier: MIT */
/*
 * UCS voice identification (reference §13 row 8): IdentifyUCSContact against
 * the configured store, with and without createContactEnabled; SetCallContact
 * on the user's call; the outcomes as notifications with their referenceId;
 * bad input as GWS errors that change nothing.
 */
#include "gws_test_harness.h"

using namespace ctisim;
using namespace ctisim::test;

namespace {

const std::string identifyPath = "/api/v2/contacts/ucs";

std::string lastUcs(SimGws &gws)
{
	std::vector<std::string> ucs = gws.notifier.of(gws.userId("15000"), "/v2/me/ucs");
	REQUIRE_FALSE(ucs.empty());
	return ucs.back();
}

} /* namespace */

TEST_CASE("IdentifyUCSContact: a number of the store answers its referenceId, then notifies the contact's id")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), gwsSwitchConfig());
	Response r = gws.as("15000", "POST", identifyPath,
			    R"({"operationName":"IdentifyUCSContact","phoneNumber":"555-1234","mediaType":"call",)"
			    R"("userData":{"key1":"value1"}})");
	CHECK(r.status == 200);
	CHECK(canonical(r.body) == canonical(R"({"statusCode":0,"referenceId":1})"));
	CHECK(canonical(lastUcs(gws)) ==
	      canonical(R"({"data":{"referenceId":1,"contactId":"0000DaA3G4VF000Q"},"channel":"/v2/me/ucs"})"));

	/* By e-mail address (case-insensitively) and by last name too. */
	gws.as("15000", "POST", identifyPath,
	       R"({"operationName":"IdentifyUCSContact","emailAddress":"Pat.Customer@Example.com"})");
	CHECK(lastUcs(gws).find("0000DaA3G4VF000Q") != std::string::npos);
	gws.as("15000", "POST", identifyPath, R"({"operationName":"IdentifyUCSContact","lastName":"customer"})");
	CHECK(lastUcs(gws).find(R"("referenceId":3,"contactId":"0000DaA3G4VF000Q")") != std::string::npos);
}

TEST_CASE("IdentifyUCSContact: an unknown caller is an error notification, or a new contact when asked")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), gwsSwitchConfig());
	Response lookup = gws.as("15000", "POST", identifyPath,
				 R"({"operationName":"IdentifyUCSContact","phoneNumber":"4155550000"})");
	CHECK(canonical(lookup.body) == canonical(R"({"statusCode":0,"referenceId":1})"));
	CHECK(canonical(lastUcs(gws)) ==
	      canonical(
		      R"({"data":{"referenceId":1,"errorMessage":"No UCS contact matches"},"channel":"/v2/me/ucs"})"));

	gws.as("15000", "POST", identifyPath,
	       R"({"operationName":"IdentifyUCSContact","phoneNumber":"4155550000","createContactEnabled":"true"})");
	CHECK(lastUcs(gws).find(R"("contactId":"ctisimUcs0000001")") != std::string::npos);
	/* Found the next time, without creating another. */
	gws.as("15000", "POST", identifyPath,
	       R"({"operationName":"IdentifyUCSContact","phoneNumber":"(415) 555-0000","createContactEnabled":"true"})");
	CHECK(lastUcs(gws).find(R"("contactId":"ctisimUcs0000001")") != std::string::npos);
	/* Other users hear nothing of it. */
	CHECK(gws.notifier.of(gws.userId("15001"), "/v2/me/ucs").empty());
}

TEST_CASE("SetCallContact: on the user's call, success for a contact of the store, failure notified otherwise")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), gwsSwitchConfig());
	REQUIRE(gws.as("15000", "POST", "/api/v2/me",
		       R"({"operationName":"StartContactCenterSession","channels":["voice"]})")
			.status == 200);
	REQUIRE(gws.as("15000", "POST", "/api/v2/me/devices/" + seedDeviceId + "/calls",
		       R"({"operationName":"Dial","destination":{"phoneNumber":"5551234"}})")
			.status == 200);
	std::string callId =
		parse(gws.as("15000", "GET", "/api/v2/me/calls?fields=id").body)["calls"][0]["id"].GetString();
	std::string path = "/api/v2/ucs/interactions/" + callId;

	Response ok = gws.as("15000", "POST", path,
			     R"({"operationName":"SetCallContact","contactPath":"/contacts/0000DaA3G4VF000Q"})");
	CHECK(canonical(ok.body) == canonical(R"({"statusCode":0})"));
	CHECK(canonical(lastUcs(gws)) ==
	      canonical(
		      R"({"data":{"referenceId":1,"messageType":"UcsOperationResponse","success":true},"channel":"/v2/me/ucs"})"));
	Response unknown =
		gws.as("15000", "POST", path, R"({"operationName":"SetCallContact","contactPath":"/path/nobody"})");
	CHECK(unknown.status == 200);
	CHECK(canonical(lastUcs(gws)) ==
	      canonical(R"({"data":{"referenceId":2,"messageType":"UcsOperationResponse","success":false,)"
			R"("errorMessage":"No UCS contact nobody"},"channel":"/v2/me/ucs"})"));
	/* Another user's call is not an interaction this user has. */
	Response foreign = gws.as("15001", "POST", path,
				  R"({"operationName":"SetCallContact","contactPath":"/p/0000DaA3G4VF000Q"})");
	CHECK(foreign.status == 404);
	CHECK(parse(foreign.body)["statusCode"].GetInt() == 6);
}

TEST_CASE("UCS: bad bodies, other operations and a missing feature get GWS errors, and no notification")
{
	SimGws gws(api::GwsConfig{}, seedDirectory(), gwsSwitchConfig());
	struct Bad {
		std::string path, body;
		int status, statusCode;
	};
	for (const Bad &bad : {
		     Bad{identifyPath, R"({"operationName":"IdentifyUCSContact"})", 400, 1},
		     Bad{identifyPath, R"({"operationName":"Identify","phoneNumber":"1"})", 400, 10},
		     Bad{identifyPath, R"({"phoneNumber":"1"})", 400, 10},
		     Bad{identifyPath, R"({"operationName":"IdentifyUCSContact","phoneNumber":1})", 400, 10},
		     Bad{identifyPath,
			 R"({"operationName":"IdentifyUCSContact","phoneNumber":"1","createContactEnabled":true})", 400,
			 10},
		     Bad{identifyPath,
			 R"({"operationName":"IdentifyUCSContact","phoneNumber":"1","createContactEnabled":"yes"})",
			 400, 10},
		     Bad{identifyPath, R"({"operationName":"IdentifyUCSContact","phoneNumber":"1","userData":[1]})",
			 400, 10},
		     Bad{identifyPath, "not json", 400, 10},
		     Bad{"/api/v2/ucs/interactions/nocall",
			 R"({"operationName":"SetCallContact","contactPath":"/p/x"})", 404, 6},
		     Bad{"/api/v2/ucs/interactions/nocall", R"({"operationName":"SetCallContact"})", 400, 1},
		     Bad{"/api/v2/ucs/interactions/nocall", R"({"operationName":"SetCallContact","contactPath":"/p/"})",
			 400, 10},
	     }) {
		CAPTURE(bad.body);
		Response r = gws.as("15000", "POST", bad.path, bad.body);
		CHECK(r.status == bad.status);
		CHECK(parse(r.body)["statusCode"].GetInt() == bad.statusCode);
	}
	CHECK(gws.notifier.of(gws.userId("15000"), "/v2/me/ucs").empty());

	api::GwsConfig withoutVoice;
	withoutVoice.desktop.features = {api::knownFeature("api-supervisor-monitoring")};
	SimGws off(withoutVoice, seedDirectory(), gwsSwitchConfig());
	Response r = off.as("15000", "POST", identifyPath,
			    R"({"operationName":"IdentifyUCSContact","phoneNumber":"5551234"})");
	CHECK(r.status == 403);
	CHECK(parse(r.body)["statusCode"].GetInt() == 3);
}
