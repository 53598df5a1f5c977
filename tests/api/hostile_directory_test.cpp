/* SPDX-License-Identifier: MIT */
/*
 * Hostile input on the directory and integration resources of issue 25 (the
 * fields= projection, UCS voice identification, the Platform Configuration
 * API): GWS errors or well-formed answers, never another user's data, never a
 * change to the switch.
 */
#include "hostile_harness.h"

using namespace ctisim;
using namespace ctisim::test;

TEST_CASE("fields= with hostile values on every resource that takes it: 200 with JSON, only the user's own data")
{
	World w;
	std::string before = w.state();
	const std::string foreignUser = w.gws.userId("15002");
	const std::string paths[] = {"/api/v2/me",
				     "/api/v2/me/devices",
				     "/api/v2/me/devices/" + seedDeviceId,
				     "/api/v2/devices/" + seedDeviceId,
				     "/api/v2/me/calls",
				     "/api/v2/me/devices/" + seedDeviceId + "/calls",
				     "/api/v2/users/" + w.gws.userId("15000"),
				     "/api/v2/users/" + w.gws.userId("15000") + "/devices",
				     "/api/v2/users",
				     "/api/v2/queues",
				     "/api/v2/groups"};
	const std::string values[] = {"",
				      "*",
				      ",,,",
				      "%00",
				      "id,id,id",
				      std::string(20000, ','),
				      std::string(4000, 'x'),
				      "*,id",
				      "id,*",
				      "%E2%82%AC",
				      "%ff%fe",
				      "user,devices,calls",
				      "fields=*"};
	for (const std::string &path : paths) {
		for (const std::string &value : values) {
			CAPTURE(path);
			CAPTURE(value.substr(0, 20));
			Response r = w.gws.as("15000", "GET", path + "?fields=" + value);
			REQUIRE(r.answered);
			CHECK(r.status == 200);
			rapidjson::Document doc;
			CHECK_FALSE(doc.Parse(r.body.c_str()).HasParseError());
			CHECK(r.body.find(foreignUser) == std::string::npos);
			CHECK(r.body.find("agent15002") == std::string::npos);
		}
	}
	/* Another user's call, device or user stays not found, projected or not. */
	checkError(w.gws.as("15000", "GET", "/api/v2/users/" + foreignUser + "?fields=*"), 404, 6);
	checkError(w.gws.as("15000", "GET", "/api/v2/me/calls/nope?fields=id"), 404, 6);
	CHECK(w.state() == before);
}

TEST_CASE("UCS: malformed bodies, wrong types and unknown operations get 400, no notification, no change")
{
	World w;
	std::string before = w.state();
	const std::string routes[] = {"/api/v2/contacts/ucs", "/api/v2/ucs/interactions/" + callUuid};
	int cases = 0;
	for (const std::string &path : routes) {
		for (const std::string &body : malformedBodies()) {
			CAPTURE(path);
			CAPTURE(body.substr(0, 80));
			checkError(w.gws.as("15000", "POST", path, body), 400, 10);
			++cases;
		}
		for (const std::string &op : unknownOperations()) {
			CAPTURE(op.substr(0, 40));
			checkError(w.gws.as("15000", "POST", path, R"({"operationName":")" + op + "\"}"), 400, 10,
				   "operationName");
			++cases;
		}
	}
	for (const char *value : {"1", "true", "null", "[]", "{}", "1.5", R"("\u0000")"}) {
		/* A string is taken as it is, and null as absent (as on every operation: GWS clients send nulls). */
		bool isString = value[0] == '"' || std::string_view(value) == "null";
		for (const char *key :
		     {"phoneNumber", "emailAddress", "lastName", "mediaType", "createContactEnabled"}) {
			/* Identified by another key than the one under test (a repeated key would hide it). */
			std::string base = std::string_view(key) == "lastName" ? R"("phoneNumber":"5551234")"
									       : R"("lastName":"Customer")";
			std::string body = std::string(R"({"operationName":"IdentifyUCSContact",)") + base + ",\"" +
					   key + "\":" + value + "}";
			Response r = w.gws.as("15000", "POST", "/api/v2/contacts/ucs", body);
			CAPTURE(body);
			/* Any other type is refused, and so is a createContactEnabled that is not "true" or "false". */
			if (isString &&
			    (std::string_view(key) != "createContactEnabled" || std::string_view(value) == "null"))
				CHECK(r.status == 200);
			else
				checkError(r, 400, 10, key);
			++cases;
		}
		std::string contact = std::string(R"({"operationName":"SetCallContact","contactPath":)") + value + "}";
		Response r = w.gws.as("15000", "POST", "/api/v2/ucs/interactions/" + callUuid, contact);
		if (std::string_view(value) == "null")
			checkError(r, 400, 1, "contactPath"); /* required */
		else if (isString)
			CHECK(r.status == 200); /* a contact UCS does not have: a failure notification */
		else
			checkError(r, 400, 10, "contactPath");
	}
	/* Ids that are not this user's calls: not found, whatever their shape. */
	for (const std::string &id :
	     {std::string(4000, 'A'), std::string(".."), std::string("%2e%2e"), std::string("null")}) {
		checkError(w.gws.as("15000", "POST", "/api/v2/ucs/interactions/" + id,
				    R"({"operationName":"SetCallContact","contactPath":"/p/0000DaA3G4VF000Q"})"),
			   404, 6);
		checkError(w.gws.as("15002", "POST", "/api/v2/ucs/interactions/" + callUuid,
				    R"({"operationName":"SetCallContact","contactPath":"/p/0000DaA3G4VF000Q"})"),
			   404, 6);
	}
	MESSAGE("hostile UCS cases: " << cases);
	CHECK(w.state() == before);
	/* Only the accepted identifications notified, and only agent15000. */
	for (const auto &m : w.gws.notifier.messages) {
		CHECK(m.userId == w.gws.userId("15000"));
		CHECK(m.channel == "/v2/me/ucs");
	}
	checkError(w.gws.request("POST", "/api/v2/contacts/ucs", R"({"operationName":"IdentifyUCSContact"})"), 401, 20);
}

TEST_CASE("platform configuration: hostile filters and types get 400 / 404, an agent never sees another's objects")
{
	api::GwsConfig config;
	config.desktop.features.push_back(api::knownFeature("api-platform-configuration-read"));
	World w(config);
	std::string before = w.state();
	for (std::string type : {"persons", "agent-logins", "skills"}) {
		for (const char *query : {"dbid=", "dbid=x", "dbid=1.5", "dbid=99999999999999999999", "dbid=%22",
					  "nope=1", "dbid=1&colour=2", "%zz=1", "dbid", "user_name=agent15000"}) {
			CAPTURE(type);
			CAPTURE(query);
			Response r = w.gws.as("15000", "GET", "/api/v2/platform/configuration/" + type + "?" + query);
			/* user_name is a persons filter: unquoted it is not an integer either. */
			checkError(r, 400, 10);
		}
		for (const char *query : {"dbid=-1", "dbid=0", "state=1", "dbid=9223372036854775807"}) {
			Response r = w.gws.as("15000", "GET", "/api/v2/platform/configuration/" + type + "?" + query);
			CHECK(r.status == 200);
			CHECK(r.body.find("agent15001") == std::string::npos);
		}
		checkError(w.gws.as("15000", "POST", "/api/v2/platform/configuration/" + type, "{}"), 405, 3);
	}
	for (const std::string &type :
	     {std::string("applications"), std::string(4000, 'a'), std::string("%2e%2e"), std::string("persons%00")}) {
		checkError(w.gws.as("15000", "GET", "/api/v2/platform/configuration/" + type), 404, 6);
	}
	/* Whatever an agent asks for, only its own person comes back. */
	for (const char *query : {"", "?user_name=%22agent15001%22", "?is_agent=2", "?state=1", "?login_dbid=102"}) {
		Response r = w.gws.as("15000", "GET", std::string("/api/v2/platform/configuration/persons") + query);
		CHECK(r.status == 200);
		CHECK(r.body.find("agent15001") == std::string::npos);
		CHECK(r.body.find("supervisor") == std::string::npos);
	}
	CHECK(w.state() == before);
	CHECK(w.gws.notifier.messages.empty());
}
