/* SPDX-License-Identifier: MIT */
/*
 * The sandbox as a whole: health, the OpenAPI document, reset and the state dump.
 */
#include <rapidjson/stringbuffer.h>

#include "ctisim/wire/backend_json.h"

#include "control/control_reply.h"
#include "control/control_routes.h"
#include "control/openapi_document.h"
#include "rest/rest_error.h" /* api/src */

namespace ctisim::api::control {

namespace {

namespace status = rest::status;

/// The state dump: the wire codec's SwitchState with every field, after a statusCode.
std::string stateJson(const SwitchState &state)
{
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	w.StartObject();
	w.Key("statusCode");
	w.Int(status::Ok);
	wire::writeSwitchStateMembers(w, state, wire::Fields::All);
	w.EndObject();
	return std::string(buffer.GetString(), buffer.GetSize());
}

} /* namespace */

void health(ControlState &, const HttpRequest &, const RouteArgs &, HttpReply reply)
{
	reply(jsonResponse(200, R"({"status":"ok"})"));
}

void openApi(ControlState &, const HttpRequest &, const RouteArgs &, HttpReply reply)
{
	reply(jsonResponse(200, std::string(openApiDocument())));
}

void reset(ControlState &state, const HttpRequest &request, const RouteArgs &, HttpReply reply)
{
	std::optional<SandboxConfig> config;
	if (request.body.find_first_not_of(" \t\r\n") != std::string::npos) {
		/* Strict JSON from the network; comments are for configuration files. */
		rapidjson::Document body;
		if (!parseBody(request, body, reply))
			return;
		SandboxConfig parsed;
		if (auto error = parseSandboxConfig(body, parsed)) {
			reply(rest::errorResponse(status::InputValidation, "Bad configuration: " + error->str()));
			return;
		}
		config = std::move(parsed);
	}
	state.reset(std::move(config), [reply = std::move(reply)](std::string error) {
		if (error.empty())
			reply(okResponse());
		else
			reply(rest::errorResponse(status::Internal, "Reset failed: " + error));
	});
}

void dumpState(ControlState &state, const HttpRequest &, const RouteArgs &, HttpReply reply)
{
	state.targets().control->control(ctl::DumpState{}, [reply](ControlResult result) {
		/* A remote switch can be unreachable: say so rather than show an empty switch. */
		if (!result.ok())
			return reply(rest::errorResponse(503, status::Internal, result.errorMessage));
		reply(jsonResponse(200, stateJson(result.state)));
	});
}

} /* namespace ctisim::api::control */
