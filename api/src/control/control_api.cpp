/* SPDX-License-Identifier: MIT */
/*
 * ControlApi: access to /sim/v1 and its route table. Each row names a method,
 * a path pattern and the function that answers it (control_routes.h); the
 * routes share a ControlState, which this facade owns and rebinds after a reset.
 */
#include "ctisim/api/control_api.h"

#include <array>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "ctisim/constant_time.h"

#include "control/control_routes.h"
#include "control/control_state.h"
#include "http_auth.h"	     /* api/src */
#include "rest/path.h"	     /* api/src */
#include "rest/rest_error.h" /* api/src */

namespace ctisim::api {

namespace {

using namespace control;
using rest::errorResponse;
namespace status = rest::status;

constexpr std::string_view prefix = "/sim/v1";

struct Route {
	std::string_view method;
	/// Below /sim/v1; a segment "{dn}" matches any one segment (percent-decoded into RouteArgs::dn).
	std::string_view pattern;
	RouteHandler handler;
	/// Named in the Allow header of a 405; false for a method kept for old clients only.
	bool advertised = true;
};

/* docs/control-api.md describes every route; docs/openapi/sim-v1.json is their contract. */
constexpr std::array routes{
	Route{"GET", "health", health},
	Route{"GET", "openapi.json", openApi},
	Route{"POST", "reset", reset},
	Route{"GET", "state", dumpState},
	Route{"GET", "clock", readClock},
	Route{"POST", "clock", moveClock},
	Route{"POST", "calls", injectCall},
	Route{"POST", "parties/{dn}/answer", partyAnswer},
	Route{"POST", "parties/{dn}/hangup", partyHangUp},
	Route{"POST", "parties/{dn}/dtmf", partyDtmf},
	Route{"PUT", "dns/{dn}/behaviour", setBehaviour},
	Route{"POST", "dns/{dn}/behaviour", setBehaviour, false},
	Route{"GET", "faults", readFaults},
	Route{"POST", "faults", setFaults},
	Route{"GET", "journal", readJournal},
};

/// Whether parts match pattern; args gets what its "{dn}" captured.
bool matches(std::string_view pattern, const rest::PathParts &parts, RouteArgs &args)
{
	rest::PathParts want = rest::splitPath(pattern);
	if (want.size() != parts.size())
		return false;
	for (std::size_t i = 0; i < want.size(); ++i) {
		if (want[i] == "{dn}")
			args.dn = percentDecode(parts[i], false);
		else if (want[i] != parts[i])
			return false;
	}
	return true;
}

} /* namespace */

ControlApi::ControlApi(Backend &backend, SwitchControl &control, Executor &core, ResetHandler reset,
		       std::optional<ControlAccess> access, ControlExposure exposure)
    : state_(std::make_unique<ControlState>(backend, control, core, std::move(reset), std::move(access),
					    std::move(exposure)))
{
}

ControlApi::~ControlApi() = default;

void ControlApi::rebind(Backend &backend, SwitchControl &control, Executor &core, std::optional<ControlAccess> access)
{
	std::lock_guard lock(state_->mutex);
	state_->backend = &backend;
	state_->control = &control;
	state_->core = &core;
	state_->access = std::move(access);
}

void ControlApi::bindJournal(std::shared_ptr<Journal> journal)
{
	if (journal)
		journal->setAppendHook(state_->waiters.appendHook());
	{
		std::lock_guard lock(state_->mutex);
		state_->journal = std::move(journal);
	}
	/* A new journal (a reset) or none (stopping): the waits on the old one end now. */
	state_->waiters.release();
}

void ControlApi::bindFaults(FaultInjectingBackend *faults)
{
	std::lock_guard lock(state_->mutex);
	state_->faults = faults;
}

bool ControlApi::allowed(const HttpRequest &request) const
{
	if (request.fromLoopback || state_->exposure.open)
		return true;
	std::optional<BasicCredentials> credentials = parseBasicAuth(request.header("Authorization"));
	if (!credentials)
		return false;
	/* User and password compared in full, in constant time, like the GWS logins. */
	auto matches = [&](const std::optional<ControlAccess> &access) {
		if (!access)
			return false;
		bool userMatches = constantTimeEquals(credentials->user, access->user);
		bool passwordMatches = constantTimeEquals(credentials->password, access->password);
		return userMatches && passwordMatches;
	};
	bool configured = matches(state_->accessRule());
	bool flagged = matches(state_->exposure.credentials);
	return configured || flagged;
}

void ControlApi::handle(HttpRequest request, HttpReply reply)
{
	if (!allowed(request)) {
		HttpResponse response =
			errorResponse(status::Forbidden, "The control API is served to loopback clients, or to "
							 "others with the configured control credentials");
		response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"ctisim control\"");
		reply(std::move(response));
		return;
	}
	std::string_view path = request.path();
	if (path.substr(0, prefix.size()) != prefix) {
		reply(errorResponse(status::NotFound, "No such control resource"));
		return;
	}
	rest::PathParts parts = rest::splitPath(path.substr(prefix.size()));
	std::string allowedMethods; /* of the routes whose pattern matches, for a 405 */
	for (const Route &route : routes) {
		RouteArgs args;
		if (!matches(route.pattern, parts, args))
			continue;
		if (route.method == request.method)
			return route.handler(*state_, request, args, std::move(reply));
		if (route.advertised)
			allowedMethods += fmt::format("{}{}", allowedMethods.empty() ? "" : ", ", route.method);
	}
	if (allowedMethods.empty()) {
		reply(errorResponse(status::NotFound, fmt::format("No such control resource: {}", path)));
		return;
	}
	HttpResponse response =
		errorResponse(405, status::Forbidden, fmt::format("Use {} on {}", allowedMethods, path));
	response.headers.emplace_back("Allow", allowedMethods);
	reply(std::move(response));
}

} /* namespace ctisim::api */
