/* SPDX-License-Identifier: MIT */
/*
 * The v3 routes as one table: those without a session (/auth/v3,
 * initialize-workspace, logout) and those behind WORKSPACE_SESSIONID.
 */
#include "workspace/workspace_router.h"

#include <fmt/format.h>

#include "ctisim/api/traffic_observer.h"
#include "http_auth.h" /* api/src */
#include "rest/router.h"
#include "workspace/auth_routes.h"
#include "workspace/session_routes.h"
#include "workspace/targets.h"
#include "workspace/voice_routes.h"

namespace ctisim::api::workspace {

namespace {

struct RouteArgs {
	Workspace *ws = nullptr; ///< the session's; null on the routes without one
	const rest::PathParams &params;
};

struct WorkspaceRoute {
	void (*handler)(WorkspaceState &state, Exchange &ex, const RouteArgs &args);
	bool needsSession = true;
	bool bayeux = false;
};

using WorkspaceRouter = rest::Router<WorkspaceRoute>;
using A = const RouteArgs &;

constexpr rest::MissWording wording{"No such resource", "Method {method} is not allowed here"};

void toBayeux(WorkspaceState &state, Exchange &ex, A a)
{
	state.bayeux.handleGreeted(ex.userId, std::move(ex.request), std::move(ex.reply), a.ws->greeting);
}

const WorkspaceRouter &routes()
{
	static const WorkspaceRouter router(
		wording,
		{
			/* the Authentication API */
			{"POST",
			 "/auth/v3/oauth/token",
			 {[](WorkspaceState &s, Exchange &ex, A) { postToken(s, ex); }, false}},
			{"GET",
			 "/auth/v3/oauth/authorize",
			 {[](WorkspaceState &s, Exchange &ex, A) { getAuthorize(s, ex); }, false}},
			{"GET",
			 "/auth/v3/userinfo",
			 {[](WorkspaceState &s, Exchange &ex, A) { getUserInfo(s, ex); }, false}},
			/* the session */
			{"POST",
			 "/workspace/v3/initialize-workspace",
			 {[](WorkspaceState &s, Exchange &ex, A) { initializeWorkspace(s, ex); }, false}},
			{"POST",
			 "/workspace/v3/logout",
			 {[](WorkspaceState &s, Exchange &ex, A) { logoutWorkspace(s, ex); }, false}},
			{"*", "/workspace/v3/notifications/*", {toBayeux, true, true}},
			{"POST", "/workspace/v3/activate-channels", {[](WorkspaceState &s, Exchange &ex, A a) {
				 activateChannels(s, ex, *a.ws);
			 }}},
			{"GET", "/workspace/v3/current-session", {[](WorkspaceState &s, Exchange &ex, A a) {
				 getCurrentSession(s, ex, *a.ws);
			 }}},
			/* voice */
			{"GET", "/workspace/v3/voice/calls", {[](WorkspaceState &s, Exchange &ex, A a) {
				 getCalls(s, ex, *a.ws);
			 }}},
			{"POST", "/workspace/v3/voice/calls/:id/:op", {[](WorkspaceState &s, Exchange &ex, A a) {
				 postVoice(s, ex, *a.ws, a.params["op"], a.params["id"]);
			 }}},
			{"POST", "/workspace/v3/voice/:op", {[](WorkspaceState &s, Exchange &ex, A a) {
				 postVoice(s, ex, *a.ws, a.params["op"], {});
			 }}},
			/* targets */
			{"GET", "/workspace/v3/targets", {[](WorkspaceState &s, Exchange &ex, A) {
				 getTargets(s, ex);
			 }}},
			{"GET", "/workspace/v3/targets/recents", {[](WorkspaceState &s, Exchange &ex, A a) {
				 getRecentTargets(s, ex, *a.ws);
			 }}},
			{"POST", "/workspace/v3/targets/recents/add", {[](WorkspaceState &s, Exchange &ex, A a) {
				 addRecentTarget(s, ex, *a.ws);
			 }}},
			{"POST",
			 "/workspace/v3/targets/recents/ack-missed-calls",
			 {[](WorkspaceState &s, Exchange &ex, A) { s.respondStatus(ex, 0); }}},
			{"GET", "/workspace/v3/targets/personal-favorites", {[](WorkspaceState &s, Exchange &ex, A a) {
				 getFavoriteTargets(s, ex, *a.ws);
			 }}},
			{"POST",
			 "/workspace/v3/targets/personal-favorites/save",
			 {[](WorkspaceState &s, Exchange &ex, A a) { saveFavoriteTarget(s, ex, *a.ws); }}},
			{"POST",
			 "/workspace/v3/targets/personal-favorites/delete/:type/:id",
			 {[](WorkspaceState &s, Exchange &ex, A a) {
				 deleteFavoriteTarget(s, ex, *a.ws, a.params["type"], a.params["id"]);
			 }}},
			{"GET", "/workspace/v3/targets/:type/:id", {[](WorkspaceState &s, Exchange &ex, A a) {
				 getTarget(s, ex, a.params["type"], a.params["id"]);
			 }}},
		});
	return router;
}

/* `ctisim record`: the request as seen here, on core, in order with the notifications. */
void observe(WorkspaceState &state, Exchange &ex)
{
	TrafficObserver *observer = state.config.trafficObserver;
	const DirectoryUser *user = ex.userId.empty() ? nullptr : state.directory.findById(ex.userId);
	std::uint64_t token =
		observer->onRequest(ex.request, user ? std::string_view(user->userName) : std::string_view());
	ex.reply = [observer, token, reply = std::move(ex.reply)](HttpResponse response) {
		observer->onResponse(token, response);
		reply(std::move(response));
	};
}

/// The workspace of the request's WORKSPACE_SESSIONID, or null.
Workspace *sessionWorkspace(WorkspaceState &state, Exchange &ex)
{
	std::string_view id = ex.request.cookie(sessionCookie);
	HttpSession *session = id.empty() ? nullptr : state.sessions.find(id, state.clock.now());
	Workspace *ws = session ? state.workspaceOf(session->userId) : nullptr;
	if (!ws)
		return nullptr;
	ex.userId = session->userId;
	ex.sessionId = session->id;
	return ws;
}

} /* namespace */

void routeRequest(WorkspaceState &state, Exchange ex)
{
	const WorkspaceRouter &router = routes();
	WorkspaceRouter::Match match = router.match(ex.request.method(), ex.request.path());
	bool bayeux = match.target && match.target->bayeux;
	/* Checked when configured: on every request, CometD's included (the client sends it there too). */
	if (const auto &key = state.config.auth.apiKey;
	    key && !constantTimeEquals(ex.request.header("x-api-key"), *key))
		return state.fail(ex, 403, "Missing or invalid x-api-key");
	Workspace *ws = match.target && match.target->needsSession ? sessionWorkspace(state, ex) : nullptr;
	if (state.config.trafficObserver && !bayeux)
		observe(state, ex);
	if (!match.target) {
		rest::RouteMiss miss = router.miss(ex.request.method(), ex.request.path());
		if (!miss.allow.empty())
			ex.headers.emplace_back("Allow", std::move(miss.allow));
		return state.fail(ex, miss.error);
	}
	if (match.target->needsSession && !ws)
		return state.fail(ex, 401, "No workspace session: initialize-workspace first (WORKSPACE_SESSIONID)");
	match.target->handler(state, ex, RouteArgs{ws, match.params});
}

} /* namespace ctisim::api::workspace */
