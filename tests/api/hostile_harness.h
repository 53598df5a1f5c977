/* SPDX-License-Identifier: MIT */
/*
 * Shared set-up of the hostile-input and security tests: the GWS resources
 * and the control API over one simulated switch with two calls (agent15000's
 * with 15001, and a foreign one between 15002 and 15003), the switch state as
 * GET /sim/v1/state dumps it, and the check of a GWS error body.
 */
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ctisim/api/control_api.h"
#include "gws_test_harness.h"

namespace ctisim::test {

const std::string callUuid = "01RCC3N118B1V0SL8O7GK2LAES000007";
/* A call between 15002 and 15003: agent15000 has nothing to do with it. */
const std::string foreignUuid = "01RCC3N118B1V0SL8O7GK2LAES000008";
const std::string mePath = "/api/v2/me";
const std::string voicePath = "/api/v2/me/channels/voice";
const std::string devicePath = "/api/v2/me/devices/" + seedDeviceId;
const std::string dialPath = devicePath + "/calls";
const std::string callPath = "/api/v2/me/calls/" + callUuid;

inline SwitchConfig hostileSwitch()
{
	SwitchConfig config = gwsSwitchConfig();
	config.calls.push_back(seedCall(0x0071027198180007ULL, callUuid, gwsT - 10'000));
	InitialCall other = seedCall(0x0071027198180008ULL, foreignUuid, gwsT - 5'000);
	other.dnis = "15003";
	other.parties = {{"15002", PartyState::Established, false}, {"15003", PartyState::Established, false}};
	config.calls.push_back(other);
	return config;
}

/// Sends request to a control API and runs the core until it is answered.
inline Response controlRequest(api::ControlApi &control, ManualExecutor &core, api::HttpRequest request)
{
	Response out;
	control.handle(std::move(request), [&out](api::HttpResponse r) {
		out.status = r.status;
		out.body = std::move(r.body);
		out.headers = std::move(r.headers);
		out.answered = true;
	});
	core.runAll();
	return out;
}

/// The GWS resources and the control API over one simulated switch.
struct World {
	explicit World(api::GwsConfig config = {})
	    : gws(std::move(config), seedDirectory(), hostileSwitch()),
	      control(*gws.backend, *gws.backend, gws.core, [](auto, api::ControlApi::ResetDone done) { done({}); })
	{
	}

	/// GET /sim/v1/state, the switch state as the control API dumps it.
	std::string state()
	{
		api::HttpRequest request;
		request.setMethod("GET");
		request.setTarget("/sim/v1/state");
		Response r = controlRequest(control, gws.core, std::move(request));
		REQUIRE(r.body.find(R"("statusCode":0)") != std::string::npos);
		return r.body;
	}

	/// The uri ids of agent15000's calls.
	std::vector<std::string> callIds()
	{
		rapidjson::Document d = parse(gws.as("15000", "GET", "/api/v2/me/calls").body);
		std::vector<std::string> ids;
		for (const auto &uri : d["uris"].GetArray()) {
			std::string s = uri.GetString();
			ids.push_back(s.substr(s.rfind('/') + 1));
		}
		return ids;
	}

	SimGws gws;
	api::ControlApi control;
};

/// An error's body, once checked to answer with the HTTP status and to be a JSON object.
inline rapidjson::Document errorBody(const Response &r, unsigned http)
{
	CAPTURE(r.body);
	CHECK(r.answered);
	CHECK(r.status == http);
	/* The body must be valid UTF-8 too, whatever bytes the request held. */
	rapidjson::Document d;
	d.Parse<rapidjson::kParseValidateEncodingFlag>(r.body.data(), r.body.size());
	REQUIRE_FALSE(d.HasParseError());
	REQUIRE(d.IsObject());
	return d;
}

/// A GWS error: the HTTP status, exactly {"statusCode","statusMessage"}, the code.
inline void checkError(const Response &r, unsigned http, int statusCode, std::string_view mentions = {})
{
	CAPTURE(r.body);
	rapidjson::Document d = errorBody(r, http);
	CHECK(d.MemberCount() == 2);
	REQUIRE(d.HasMember("statusCode"));
	REQUIRE(d["statusCode"].IsInt());
	CHECK(d["statusCode"].GetInt() == statusCode);
	REQUIRE(d.HasMember("statusMessage"));
	REQUIRE(d["statusMessage"].IsString());
	std::string message = d["statusMessage"].GetString();
	CHECK_FALSE(message.empty());
	if (!mentions.empty())
		CHECK(message.find(mentions) != std::string::npos);
}

/// A string literal with the NULs it holds (a body may carry any byte).
template <std::size_t N> inline std::string withNul(const char (&literal)[N])
{
	return std::string(literal, N - 1);
}

/* Bodies that are not a JSON object with a string operationName. */
inline std::vector<std::string> malformedBodies()
{
	std::vector<std::string> bodies = {
		"",
		" ",
		"{",
		"}",
		"[",
		"nul",
		"null",
		"42",
		R"("Hangup")",
		R"([{"operationName":"Hangup"}])",
		R"({"operationName":"Hangup")",
		R"({"operationName" "Hangup"})",
		R"({'operationName':'Hangup'})",
		R"({operationName:"Hangup"})",
		R"({"operationName":"Hangup",})",
		R"(/* comment */{"operationName":"Hangup"})",
		R"({"operationName":"Hangup"} // comment)",
		R"({"operationName":"Hangup"} {"operationName":"Hold"})",
		R"({"operationName":"Hangup"}x)",
		"\xef\xbb\xbf{\"operationName\":\"Hangup\"}",
		withNul("{\"operationName\":\"Hangup\"}\0"),
		withNul("{\"operationName\":\"Hang\0up\"}"),
		withNul("{\"operationName\":\"Hangup\",\"userData\":{\"a\0\":\"b\"}}"),
		"{\"operationName\":\"Hangup\",\"x\":\"\x01\"}",
		R"({"operationName":"Hangup","x":"\q"})",
		R"({"operationName":"Hangup","x":1e999999})",
		R"({"operationName":"Hangup","x":-})",
		R"({"operationName":"Hangup","x":01})",
		R"({"operationName":"Hangup","x":NaN})",
		R"({"operationName":"Hangup","x":Infinity})",
		R"({"operationName":42})",
		R"({"operationName":null})",
		R"({"operationName":["Hangup"]})",
		R"({"operationName":{"name":"Hangup"}})",
		R"({"OperationName":"Hangup"})",
		R"({})",
		/* Invalid UTF-8 and lone surrogates, in values and keys. */
		"{\"operationName\":\"Hangup\xff\"}",
		"{\"operationName\":\"Hangup\",\"userData\":{\"a\":\"\xc0\xaf\"}}",
		"{\"operationName\":\"Hangup\",\"x\":\"\xed\xa0\x80\"}",
		"{\"operationName\":\"Hangup\",\"x\":\"\x80\"}",
		"{\"operationName\":\"Hangup\",\"x\":\"\xe2\x82\"}",
		"{\"operationName\":\"Hangup\",\"x\":\"\xf8\x88\x80\x80\x80\"}",
		"{\"operationName\":\"Hangup\",\"\xfe\":1}",
		R"({"operationName":"Hangup","x":"\ud800"})",
		R"({"operationName":"Hangup","x":"\udc00\ud800"})",
		R"({"operationName":"Hangup","x":"\udc00"})",
		R"({"operationName":"Hangup","\udfff":1})",
		R"({"operationName":"AttachUserData","userData":{"a":"\udc00"}})",
		/* Nesting past the cap (64 levels) and far past it. */
		R"({"operationName":"Hangup","x":)" + std::string(100, '[') + std::string(100, ']') + "}",
		std::string(1'000'000, '['),
		std::string(1'000'000, '[') + std::string(1'000'000, ']'),
		[] {
			std::string s;
			for (int i = 0; i < 200'000; ++i)
				s += R"({"a":)";
			return s;
		}(),
	};
	return bodies;
}

inline std::vector<std::string> unknownOperations()
{
	return {"Fly",
		"hangup",
		"HANGUP",
		"Hangup ",
		" Hangup",
		"",
		"Hang up",
		"Hangup\\u0000",
		"Answer;Hangup",
		std::string(10'000, 'A'),
		"\\u00e9t\\u00e9",
		"GetCalls",
		"constructor",
		"__proto__",
		"toString",
		"../Hangup"};
}

} /* namespace ctisim::test */
