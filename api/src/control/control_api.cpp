/* SPDX-License-Identifier: MIT */
/*
 * ControlApi: access to /sim/v1 and its route table. Each row names a method,
 * a path pattern and the function that answers it (control_routes.h); the
 * routes share a ControlState, which this facade owns and rebinds after a reset.
 */
#include "ctisim/api/control_api.h"

#include <string_view>

#include "ctisim/constant_time.h"

#include "control/control_routes.h"
#include "control/control_state.h"
#include "http_auth.h"	     /* api/src */
#include "rest/rest_error.h" /* api/src */
#include "rest/router.h"     /* api/src */

namespace ctisim::api {

namespace {

using namespace control;
using rest::errorResponse;
namespace status = rest::status;

using ControlRouter = rest::Router<RouteHandler>;

/* docs/control-api.md describes every route; docs/openapi/sim-v1.json is their contract. A ":dn"
 * segment reaches the route percent-decoded (RouteArgs::dn). POST on a behaviour is kept for old
 * clients only: it is not named in the Allow header of a 405. */
const ControlRouter &routes()
{
	static const ControlRouter router({"No such control resource: {path}", "Use {allow} on {path}"},
					  {
						  {"GET", "/sim/v1/health", health},
						  {"GET", "/sim/v1/openapi.json", openApi},
						  {"POST", "/sim/v1/reset", reset},
						  {"GET", "/sim/v1/state", dumpState},
						  {"GET", "/sim/v1/clock", readClock},
						  {"POST", "/sim/v1/clock", moveClock},
						  {"POST", "/sim/v1/calls", injectCall},
						  {"POST", "/sim/v1/parties/:dn/answer", partyAnswer},
						  {"POST", "/sim/v1/parties/:dn/hangup", partyHangUp},
						  {"POST", "/sim/v1/parties/:dn/dtmf", partyDtmf},
						  {"PUT", "/sim/v1/dns/:dn/behaviour", setBehaviour},
						  {"POST", "/sim/v1/dns/:dn/behaviour", setBehaviour, false},
						  {"GET", "/sim/v1/faults", readFaults},
						  {"POST", "/sim/v1/faults", setFaults},
						  {"GET", "/sim/v1/journal", readJournal},
					  });
	return router;
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
	rest::PathParts parts = rest::pathParts(request);
	ControlRouter::Match match = routes().match(request.method(), parts);
	if (!match.target)
		return reply(errorResponse(routes().miss(request.method(), path)));
	RouteArgs args;
	args.dn = percentDecode(match.params["dn"], false);
	(*match.target)(*state_, request, args, std::move(reply));
}

} /* namespace ctisim::api */
