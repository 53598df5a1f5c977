/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/gws_api.h"

#include <functional>
#include <map>
#include <set>

#include "hostile_harness.h"

/*
 * Hostile request bodies against the GWS resources over the real simulated
 * switch: a wrong type for every parameter of every operation (generated from
 * a table), malformed JSON, nesting a million levels deep, invalid UTF-8,
 * unknown operations, unknown and foreign ids. Each must get a clear GWS error,
 * and the switch state (as GET /sim/v1/state dumps it) must not change.
 */

using namespace ctisim;
using namespace ctisim::test;

namespace {

enum class Type { String, StringArray, Destination, UserData };

/* Values of the wrong type (or shape) for each parameter type; every one must
 * be refused with statusCode 10. */
const std::map<Type, std::vector<std::string>> &wrongValues()
{
	static const std::map<Type, std::vector<std::string>> values = {
		{Type::String, {"42", "true", "false", "1.5", "-7", "{}", "[]", R"(["x"])", R"({"a":"b"})"}},
		{Type::StringArray,
		 {R"("voice")", "42", "true", "{}", "[1]", "[true]", "[{}]", R"([["voice"]])", "[null]",
		  R"(["voice",1])"}},
		{Type::Destination,
		 {R"("15002")", "42", "true", "[]", R"([{"phoneNumber":"15002"}])", R"({"phoneNumber":42})",
		  R"({"phoneNumber":true})", R"({"phoneNumber":{}})", R"({"phoneNumber":[]})", R"({"phoneNumber":""})",
		  R"({"phoneNumber":1.5})"}},
		{Type::UserData,
		 {R"("x")", "42", "true", "[]", R"([{"a":"b"}])", R"({"a":{}})", R"({"a":[]})", R"({"a":1.5})",
		  R"({"a":true})", R"({"a":null})", R"({"":"x"})", R"({"a":18446744073709551615})",
		  R"({"a":"b","c":{"d":1}})"}},
	};
	return values;
}

struct Param {
	const char *name;
	Type type;
};

struct Operation {
	std::string path;
	std::string name;
	std::string validParams; ///< the other required parameters, as JSON members (",..." or "")
	std::vector<Param> params;
};

const std::vector<Param> destinationParams = {
	{"destination", Type::Destination}, {"location", Type::String}, {"userData", Type::UserData}};

/* Every operation with parameters, by the call context it is allowed in. */
std::vector<Operation> establishedCallOperations()
{
	std::vector<Operation> ops = {
		{mePath,
		 "StartContactCenterSession",
		 R"(,"channels":["voice"])",
		 {{"channels", Type::StringArray},
		  {"place", Type::String},
		  {"devicePath", Type::String},
		  {"loginCode", Type::String},
		  {"queue", Type::String}}},
		{voicePath, "Ready", "", {{"workmode", Type::String}}},
		{voicePath, "AfterCallWork", "", {{"wrapUpTime", Type::String}}},
		{devicePath, "ForwardCallsOn", R"(,"destination":"15005")", {{"destination", Type::String}}},
		{dialPath,
		 "Dial",
		 R"(,"destination":{"phoneNumber":"15002"})",
		 {{"destination", Type::Destination},
		  {"location", Type::String},
		  {"userData", Type::UserData},
		  {"outboundCallerId", Type::String}}},
		{callPath, "SendDtmf", R"(,"digits":"1")", {{"digits", Type::String}}},
		{callPath, "AttachUserData", R"(,"userData":{"a":"b"})", {{"userData", Type::UserData}}},
		{callPath, "UpdateUserData", R"(,"userData":{"a":"b"})", {{"userData", Type::UserData}}},
		{callPath, "DeleteUserDataPair", R"(,"key":"a")", {{"key", Type::String}}},
		{callPath,
		 "SetCallDisposition",
		 R"(,"disposition":"x")",
		 {{"disposition", Type::String}, {"dispositionKey", Type::String}}},
	};
	for (const char *op : {"InitiateTransfer", "InitiateConference", "SingleStepTransfer", "SingleStepConference"})
		ops.push_back({callPath, op, R"(,"destination":{"phoneNumber":"15002"})", destinationParams});
	return ops;
}

/// Replaces param in the valid members with value (or adds it).
std::string bodyWith(const Operation &op, const Param &param, const std::string &value)
{
	std::string members = op.validParams;
	std::string key = std::string("\"") + param.name + "\":";
	if (auto at = members.find(key); at != std::string::npos) {
		/* The valid value runs to the next top-level comma or the end. */
		std::size_t start = at + key.size(), depth = 0, end = start;
		for (; end < members.size(); ++end) {
			char c = members[end];
			if (c == '{' || c == '[')
				++depth;
			else if (c == '}' || c == ']')
				--depth;
			else if (c == ',' && depth == 0)
				break;
		}
		members.replace(start, end - start, value);
	} else {
		members += "," + key + value;
	}
	return R"({"operationName":")" + op.name + "\"" + members + "}";
}

/// Sends every wrong-typed variant of every parameter of ops; returns how many.
int tryWrongTypes(World &w, const std::vector<Operation> &ops)
{
	int count = 0;
	for (const Operation &op : ops) {
		for (const Param &param : op.params) {
			for (const std::string &value : wrongValues().at(param.type)) {
				std::string body = bodyWith(op, param, value);
				CAPTURE(op.path);
				CAPTURE(body);
				checkError(w.gws.as("15000", "POST", op.path, body), 400, 10, param.name);
				++count;
			}
		}
	}
	return count;
}

} /* namespace */

TEST_CASE("a wrong type for every parameter of every operation: statusCode 10 naming it, state unchanged")
{
	int cases = 0;
	SUBCASE("an established call")
	{
		World w;
		std::string before = w.state();
		cases = tryWrongTypes(w, establishedCallOperations());
		CHECK(w.state() == before);
		CHECK(w.gws.notifier.messages.empty());
		CHECK(cases >= 200);
	}
	SUBCASE("a consultation call (CompleteTransfer, CompleteConference, SwapCalls)")
	{
		World w;
		REQUIRE(w.gws.as("15000", "POST", callPath,
				 R"({"operationName":"InitiateTransfer","destination":{"phoneNumber":"15004"}})")
				.status == 200);
		std::vector<std::string> ids = w.callIds();
		REQUIRE(ids.size() == 2);
		std::string consult = ids[0] == callUuid ? ids[1] : ids[0];
		std::string consultPath = "/api/v2/me/calls/" + consult;
		w.gws.notifier.messages.clear();
		std::string before = w.state();
		cases = tryWrongTypes(w, {{consultPath, "CompleteTransfer", "", {{"consultCallUri", Type::String}}},
					  {consultPath, "CompleteConference", "", {{"consultCallUri", Type::String}}},
					  {callPath, "SwapCalls", "", {{"otherCallUri", Type::String}}}});
		CHECK(w.state() == before);
		CHECK(w.gws.notifier.messages.empty());
		CHECK(cases == 27);
	}
	SUBCASE("a conference (RemoveParticipantFromConference)")
	{
		World w;
		REQUIRE(w.gws.as("15000", "POST", callPath,
				 R"({"operationName":"SingleStepConference","destination":{"phoneNumber":"15004"}})")
				.status == 200);
		w.gws.notifier.messages.clear();
		std::string before = w.state();
		cases = tryWrongTypes(
			w, {{callPath, "RemoveParticipantFromConference", "", {{"participant", Type::String}}}});
		CHECK(w.state() == before);
		CHECK(w.gws.notifier.messages.empty());
		CHECK(cases == 9);
	}
	MESSAGE("wrong-type cases: " << cases);
}

TEST_CASE("a wrong type for operationName on every operation route")
{
	World w;
	std::string before = w.state();
	int cases = 0;
	for (const std::string &path : {mePath, voicePath, devicePath, dialPath, callPath}) {
		for (const std::string &value : wrongValues().at(Type::String)) {
			CAPTURE(path);
			CAPTURE(value);
			checkError(w.gws.as("15000", "POST", path, R"({"operationName":)" + value + "}"), 400, 10,
				   "operationName");
			++cases;
		}
	}
	CHECK(cases == 45);
	CHECK(w.state() == before);
}

TEST_CASE("malformed JSON, deep nesting and invalid UTF-8 on every operation route")
{
	World w;
	std::string before = w.state();
	int cases = 0;
	for (const std::string &path : {mePath, voicePath, devicePath, dialPath, callPath}) {
		for (const std::string &body : malformedBodies()) {
			CAPTURE(path);
			CAPTURE(body.substr(0, 80));
			checkError(w.gws.as("15000", "POST", path, body), 400, 10);
			++cases;
		}
	}
	MESSAGE("malformed-body cases: " << cases);
	CHECK(w.state() == before);
	CHECK(w.gws.notifier.messages.empty());
	/* Still serving, and the state dump does see a change. */
	CHECK(w.gws.as("15000", "POST", callPath, R"({"operationName":"Hold"})").status == 200);
	CHECK(w.state() != before);
}

TEST_CASE("unknown operations on every operation route")
{
	World w;
	std::string before = w.state();
	for (const std::string &path : {mePath, voicePath, devicePath, dialPath, callPath}) {
		for (const std::string &op : unknownOperations()) {
			CAPTURE(path);
			CAPTURE(op.substr(0, 40));
			checkError(w.gws.as("15000", "POST", path, R"({"operationName":")" + op + "\"}"), 400, 10,
				   "operationName");
		}
	}
	CHECK(w.state() == before);
}

TEST_CASE("unknown and foreign ids: 404 / statusCode 6, nothing leaked, state unchanged")
{
	World w;
	std::string before = w.state();
	const api::DirectoryUser *other = w.gws.directoryCopy.findByDn("15002");
	REQUIRE(other);
	const std::vector<std::string> callIds = {
		foreignUuid,	    /* a call of 15002 and 15003 */
		"0071027198180007", /* agent15000's connId is not a call id */
		"0071027198180008",
		"01rcc3n118b1v0sl8o7gk2laes000007", /* ids are case-sensitive */
		callUuid + "x",
		"x" + callUuid,
		"..",
		"%2e%2e",
		callUuid + "%00",
		std::string(4000, 'A'),
		"null",
		"undefined",
	};
	for (const std::string &id : callIds) {
		CAPTURE(id.substr(0, 40));
		Response get = w.gws.as("15000", "GET", "/api/v2/me/calls/" + id);
		checkError(get, 404, 6);
		CHECK(get.body.find("15003") == std::string::npos);
		checkError(w.gws.as("15000", "POST", "/api/v2/me/calls/" + id, R"({"operationName":"Hangup"})"), 404,
			   6);
		checkError(w.gws.as("15000", "POST", "/api/v2/me/calls/" + id,
				    R"({"operationName":"AttachUserData","userData":{"a":"b"}})"),
			   404, 6);
	}
	/* Another agent's call and device, with that agent's own ids but agent15000's credentials, and the reverse. */
	checkError(w.gws.as("15000", "POST", "/api/v2/me/devices/" + other->deviceId,
			    R"({"operationName":"DoNotDisturbOn"})"),
		   404, 6);
	checkError(w.gws.as("15000", "POST", "/api/v2/me/devices/" + other->deviceId + "/calls",
			    R"({"operationName":"Dial","destination":{"phoneNumber":"15001"}})"),
		   404, 6);
	checkError(w.gws.as("15000", "GET", "/api/v2/me/devices/" + other->deviceId), 404, 6);
	checkError(w.gws.as("15002", "POST", callPath, R"({"operationName":"Hangup"})"), 404, 6);
	checkError(w.gws.as("15002", "POST", devicePath, R"({"operationName":"ForwardCallsOn","destination":"15009"})"),
		   404, 6);
	checkError(w.gws.as("15002", "POST", dialPath,
			    R"({"operationName":"Dial","destination":{"phoneNumber":"15009"}})"),
		   404, 6);
	Response swap = w.gws.as("15000", "POST", callPath,
				 R"({"operationName":"SwapCalls","otherCallUri":"http://x/api/v2/me/calls/)" +
					 foreignUuid + "\"}");
	CHECK(swap.status >= 400);
	CHECK(swap.body.find("15003") == std::string::npos);
	/* A list of agent15000's calls never shows 15002's. */
	CHECK(w.gws.as("15000", "GET", "/api/v2/me/calls?fields=*").body.find(foreignUuid) == std::string::npos);
	CHECK(w.gws.as("15002", "GET", "/api/v2/me/calls?fields=*").body.find(foreignUuid) != std::string::npos);
	CHECK(w.state() == before);
	CHECK(w.gws.notifier.messages.empty());
}

TEST_CASE("the Statistics API: hostile object ids and range parameters get 404 / 400, never another agent's numbers")
{
	World w;
	std::string before = w.state();
	const api::DirectoryUser *other = w.gws.directoryCopy.findByDn("15002");
	REQUIRE(other);
	const std::string stats = "/api/v1/stats/";
	for (const std::string &id :
	     {other->id, other->deviceId, std::string(".."), std::string("%2e%2e"), std::string("%00"),
	      std::string("%ff%fe"), std::string(4000, 'A'), std::string("15000"),
	      w.gws.directoryCopy.findByDn("15000")->id + "%00", std::string("null")}) {
		CAPTURE(id.substr(0, 40));
		Response r = w.gws.as("15000", "GET", stats + id);
		checkError(r, 404, 6);
		CHECK(r.body.find("15002") == std::string::npos);
		checkError(w.gws.as("15000", "GET", stats + id + "/numCalls"), 404, 6);
	}
	std::string mine = stats + w.gws.directoryCopy.findByDn("15000")->id + "/numCalls";
	for (const char *query :
	     {"numValues=0", "numValues=", "numValues=1e3", "numValues=%ff", "numValues=18446744073709551616",
	      "from=-1", "to=x", "from=1&to=0", "numValues= 1", "from=9223372036854775808"}) {
		std::string target = mine + "?" + query;
		CAPTURE(target);
		checkError(w.gws.as("15000", "GET", target), 400, 10);
	}
	for (const char *method : {"POST", "PUT", "DELETE"})
		checkError(w.gws.as("15000", method, mine), 405, 3);
	CHECK(w.state() == before);
	CHECK(w.gws.notifier.messages.empty());
}

TEST_CASE("one client that drops its cookie cannot use up the session table and lock others out")
{
	api::GwsConfig config;
	config.maxSessions = 20;
	config.maxSessionsPerUser = 5;
	FakeGws gws(config, seedDirectory());
	for (int i = 0; i < 200; ++i)
		REQUIRE(gws.as("15000", "GET", "/api/v2/me").status == 200);
	CHECK(gws.api.sessionCount() == 5);
	for (const char *dn : {"15001", "15002", "15003"})
		CHECK(gws.as(dn, "GET", "/api/v2/me").status == 200);
	CHECK(gws.api.sessionCount() == 8);
	/* The most recent sessions of the busy user still work. */
	Response last = gws.as("15000", "GET", "/api/v2/me");
	std::string cookie = last.header("Set-Cookie");
	cookie = cookie.substr(0, cookie.find(';'));
	CHECK(gws.request("GET", "/api/v2/me", "", {{"Cookie", cookie}}).status == 200);
}

TEST_CASE("session ids and CSRF tokens are unpredictable: distinct, well-formed, v4 uuids")
{
	api::GwsConfig config;
	config.csrfEnabled = true;
	FakeGws gws(config, seedDirectory());
	std::set<std::string> ids, tokens;
	for (int i = 0; i < 50; ++i) {
		Response r = gws.as("15000", "GET", "/api/v2/me");
		std::string cookie = r.header("Set-Cookie");
		CHECK(cookie.find("HttpOnly") != std::string::npos);
		CHECK(cookie.find("Path=/") != std::string::npos);
		std::string id = cookie.substr(11, cookie.find(';') - 11);
		CHECK(id.size() == 26);
		ids.insert(id);
		std::string token = r.header("X-CSRF-TOKEN");
		REQUIRE(token.size() == 36);
		CHECK(token[14] == '4');
		tokens.insert(token);
	}
	CHECK(ids.size() == 50);
	CHECK(tokens.size() == 50);
}

TEST_CASE("control API: wrong types, bad values and hostile bodies on every route that takes a body")
{
	World w;
	std::string before = w.state();
	auto send = [&](const std::string &method, const std::string &target, const std::string &body) {
		api::HttpRequest request;
		request.setMethod(method);
		request.setTarget(target);
		request.body = body;
		return controlRequest(w.control, w.gws.core, std::move(request));
	};
	struct Case {
		std::string method;
		std::string target;
		std::string body;
	};
	const std::string tooLong(65, '1');
	std::vector<Case> cases = {
		{"POST", "/sim/v1/clock", "{}"},
		{"POST", "/sim/v1/clock", R"({"set":1,"advance":1})"},
		{"POST", "/sim/v1/calls", "{}"},
		{"POST", "/sim/v1/calls", R"({"from":"+15550001"})"},
		{"POST", "/sim/v1/calls", R"({"from":"+15550001","to":"15000","userData":{"a":1.5}})"},
		{"POST", "/sim/v1/calls", R"({"from":"+15550001","to":"15000","userData":{"a":{}}})"},
		{"POST", "/sim/v1/calls", R"({"from":"+15550001","to":"15000","userData":[]})"},
		{"POST", "/sim/v1/calls", R"({"from":"+15550001","to":"15000","userData":{"a":"\udc00"}})"},
		{"POST", "/sim/v1/calls",
		 "{\"from\":\"+15550001\",\"to\":\"15000\",\"userData\":{\"a\":\"\xc0\xaf\"}}"},
		{"POST", "/sim/v1/parties/15001/dtmf", "{}"},
		{"POST", "/sim/v1/parties/15001/dtmf", R"({"digits":""})"},
		{"POST", "/sim/v1/parties/15001/dtmf", R"({"digits":1})"},
		{"POST", "/sim/v1/parties/abc/answer", ""},
		{"POST", "/sim/v1/parties/%2e%2e/hangup", ""},
		{"POST", "/sim/v1/parties/%ff%fe/answer", ""},
		{"PUT", "/sim/v1/dns/%c0%af/behaviour", R"({"behaviour":"busy"})"},
		{"POST", "/sim/v1/parties/" + tooLong + "/answer", ""},
		{"POST", "/sim/v1/parties/15001/answer", R"({"connId":"xyz"})"},
		{"POST", "/sim/v1/parties/15001/answer", R"({"connId":"00710271981800071"})"},
		{"POST", "/sim/v1/parties/15001/answer", R"({"callUuid":42})"},
		{"PUT", "/sim/v1/dns/15001/behaviour", "{}"},
		{"PUT", "/sim/v1/dns/15001/behaviour", R"({"behaviour":"fly"})"},
		{"PUT", "/sim/v1/dns/x/behaviour", R"({"behaviour":"busy"})"},
	};
	/* Every number parameter: wrong types, and values past its bounds (the switch adds
	 * them to its clock; near INT64_MAX that overflowed). */
	const std::vector<std::string> badNumbers = {R"("5")",
						     "1.5",
						     "true",
						     "{}",
						     "[]",
						     "-1",
						     "9223372036854775807",
						     "18446744073709551615",
						     "-9223372036854775808",
						     "1e300"};
	for (const std::string &v : badNumbers) {
		cases.push_back({"POST", "/sim/v1/clock", R"({"advance":)" + v + "}"});
		cases.push_back(
			{"PUT", "/sim/v1/dns/15001/behaviour", R"({"behaviour":"answer","answerDelayMs":)" + v + "}"});
		cases.push_back(
			{"PUT", "/sim/v1/dns/15001/behaviour", R"({"behaviour":"reject","rejectCode":)" + v + "}"});
	}
	for (const std::string &v :
	     {std::string("-1"), std::string("253402300800000"), std::string("9223372036854775807"), std::string("1.5"),
	      std::string(R"("2026-01-01")")})
		cases.push_back({"POST", "/sim/v1/clock", R"({"set":)" + v + "}"});
	cases.push_back({"POST", "/sim/v1/clock", R"({"advance":3153600000001})"});
	cases.push_back({"PUT", "/sim/v1/dns/15001/behaviour", R"({"behaviour":"answer","answerDelayMs":86400001})"});
	for (const std::string &v : {std::string("42"), std::string("\"\""), std::string("\"abc\""),
				     "\"" + tooLong + "\"", std::string("{}"), std::string("null")}) {
		cases.push_back({"POST", "/sim/v1/calls", R"({"from":)" + v + R"(,"to":"15000"})"});
		cases.push_back({"POST", "/sim/v1/calls", R"({"from":"+15550001","to":)" + v + "}"});
	}
	/* Hostile bodies on the routes whose every valid body needs a parameter. */
	for (const char *target : {"/sim/v1/clock", "/sim/v1/calls", "/sim/v1/parties/15001/dtmf"}) {
		for (const std::string &body : malformedBodies())
			cases.push_back({"POST", target, body});
	}
	for (const std::string &body : malformedBodies())
		cases.push_back({"PUT", "/sim/v1/dns/15001/behaviour", body});
	for (const Case &c : cases) {
		CAPTURE(c.target);
		CAPTURE(c.body.substr(0, 80));
		Response r = send(c.method, c.target, c.body);
		CHECK(r.answered);
		CHECK(r.status == 400);
		rapidjson::Document d;
		d.Parse<rapidjson::kParseValidateEncodingFlag>(r.body.data(), r.body.size());
		REQUIRE_FALSE(d.HasParseError());
		CHECK(d["statusCode"].IsInt());
		CHECK(d["statusMessage"].IsString());
	}
	MESSAGE("control API hostile cases: " << cases.size());
	CHECK(w.state() == before);
	/* The clock still moves by legal steps. */
	CHECK(send("POST", "/sim/v1/clock", R"({"advance":1000})").status == 200);
	CHECK(w.state() != before);
}

TEST_CASE("directory lists: bad offsets and limits, huge values, unknown and foreign ids get GWS errors, nothing leaks")
{
	api::GwsConfig config;
	std::vector<api::GroupConfig> groups = {{"", "Team A", {"supervisor16000"}, {"agent15000"}},
						{"", "Team B", {"supervisor16001"}, {"agent15002"}}};
	config.groups = api::resolveGroups(groups, seedDirectory(), 1);
	World w(config);
	std::string before = w.state();
	const std::string lists[] = {"/api/v2/users", "/api/v2/contacts", "/api/v2/groups", "/api/v2/queues",
				     "/api/v2/groups/" + config.groups[0].id + "/users"};
	const char *badPages[] = {"offset=-1",
				  "offset=x",
				  "offset=1e3",
				  "offset=0x10",
				  "offset=1000000001",
				  "offset=18446744073709551616",
				  "limit=0",
				  "limit=-5",
				  "limit=1001",
				  "limit=99999999999999999999999",
				  "limit=",
				  "limit=%20",
				  "limit=1.5",
				  "offset=%zz",
				  "limit=10&limit=x"};
	for (const std::string &list : lists) {
		for (const char *query : badPages) {
			CAPTURE(list);
			CAPTURE(query);
			checkError(w.gws.as("15000", "GET", list + "?" + query), 400, 10);
		}
		/* Past the end: an empty page, not an error. */
		Response end = w.gws.as("15000", "GET", list + "?offset=1000000000&fields=*");
		CHECK(end.status == 200);
		checkError(w.gws.as("15000", "POST", list, "{}"), 405, 3);
	}
	const std::string foreignUser = w.gws.userId("15002");
	const std::string ids[] = {foreignUser,
				   foreignUser + "x",
				   std::string(4000, 'A'),
				   "..",
				   "%2e%2e",
				   "null",
				   config.groups[1].id,
				   "ffffffffffffffffffffffffffffffff"};
	for (const std::string &id : ids) {
		CAPTURE(id.substr(0, 40));
		checkError(w.gws.as("15000", "GET", "/api/v2/users/" + id + "/devices"), 404, 6);
		checkError(w.gws.as("15000", "GET", "/api/v2/groups/" + id), 404, 6);
		checkError(w.gws.as("15000", "GET", "/api/v2/groups/" + id + "/users"), 404, 6);
		checkError(w.gws.as("15000", "GET", "/api/v2/queues/" + id), 404, 6);
		checkError(w.gws.as("15000", "GET", "/internal-api/business-attributes/" + id), 404, 6);
		if (id != foreignUser)
			checkError(w.gws.as("15000", "GET", "/api/v2/contacts/" + id), 404, 6);
	}
	/* An agent's lists hold only itself: no other user's id or userName, whatever it asks for. */
	for (const char *path : {"/api/v2/users?fields=*", "/api/v2/users?userName=agent15002&fields=*",
				 "/api/v2/groups?fields=*", "/api/v2/users?fields=id,userName&limit=1000"}) {
		CAPTURE(path);
		Response r = w.gws.as("15000", "GET", path);
		CHECK(r.status == 200);
		CHECK(r.body.find(foreignUser) == std::string::npos);
		CHECK(r.body.find("agent15002") == std::string::npos);
		CHECK(r.body.find("Team B") == std::string::npos);
	}
	/* Filters with hostile patterns: answered, in time, with JSON. */
	for (const std::string &pattern :
	     {std::string(3000, '*') + "x", std::string("%00"), std::string(",,,,"), std::string(5000, 'a') + "*"}) {
		Response r =
			w.gws.as("15000", "GET",
				 "/api/v2/contacts?filterName=NamesOrPhoneNumberMatches&filterParameters=" + pattern);
		CHECK(r.answered);
		CHECK(r.body.find("statusCode") != std::string::npos);
	}
	checkError(w.gws.request("GET", "/internal-api/business-attributes"), 401, 20);
	checkError(w.gws.request("GET", "/api/v2/contacts"), 401, 20);
	CHECK(w.state() == before);
	CHECK(w.gws.notifier.messages.empty());
}
