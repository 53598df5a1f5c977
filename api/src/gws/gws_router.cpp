/* SPDX-License-Identifier: MIT */
/*
 * The router: authentication and CSRF, then method and path.
 */
#include "gws_router.h"

#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "ctisim/api/traffic_observer.h"

#include "business_attributes.h"
#include "contacts.h"
#include "http_auth.h" /* api/src */
#include "operation_dispatch.h"
#include "platform_configuration.h"
#include "resource_json.h"
#include "resources.h"
#include "rest/router.h" /* api/src */
#include "stats_resource.h"
#include "ucs.h"
#include "users_resource.h"

namespace ctisim::api {

namespace {

/* `ctisim record`: the observer sees the request here, on core, so in order with
 * the notifications, and its response whenever that comes. */
void observe(GwsState &state, Exchange &ex)
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

/// The session of the request's JSESSIONID, or a new one for good HTTP Basic credentials.
MaybeError authenticate(GwsState &state, Exchange &ex, HttpSession *&session)
{
	TimeMs now = state.clock.now();
	std::string_view cookie = ex.request.cookie("JSESSIONID");
	session = cookie.empty() ? nullptr : state.sessions.find(cookie, now);
	if (session && !state.directory.findById(session->userId)) {
		state.sessions.erase(session->id);
		session = nullptr;
	}
	std::string_view authorization = ex.request.header("Authorization");
	if (!authorization.empty()) {
		std::optional<BasicCredentials> credentials = parseBasicAuth(authorization);
		const DirectoryUser *user = credentials ? state.directory.findByUserName(credentials->user) : nullptr;
		/* Compare against a dummy when the user is unknown, so timing does not tell names apart. */
		bool good = constantTimeEquals(credentials ? credentials->password : std::string_view(),
					       user ? std::string_view(user->password) : std::string_view("\x01"));
		if (!user || !good)
			return ApiError{status::NotAuthenticated, "Access denied"};
		if (!session || session->userId != user->id) {
			const GwsConfig &config = state.config;
			const HttpSession *created =
				state.sessions.create(user->id, now, config.maxSessions, config.sessionIdleTimeoutMs,
						      config.maxSessionsPerUser);
			if (!created)
				return ApiError{
					status::Internal,
					fmt::format("Too many HTTP sessions (the limit is {})", config.maxSessions)};
			session = state.sessions.find(created->id, now);
			ex.headers.emplace_back("Set-Cookie",
						fmt::format("JSESSIONID={}; Path=/; HttpOnly", session->id));
		}
	}
	if (!session)
		return ApiError{status::NotAuthenticated, "Access denied"};
	ex.userId = session->userId;
	ex.sessionId = session->id;
	return std::nullopt;
}

void toBayeux(GwsState &state, Exchange ex)
{
	if (!state.bayeux)
		return state.fail(ex,
				  ApiError{status::Internal, "Notifications are not available on this server", 501});
	/* Most POSTs add no header (only a login does: Set-Cookie): their reply goes as it is. */
	if (ex.headers.empty())
		return state.bayeux->handle(ex.userId, std::move(ex.request), std::move(ex.reply));
	HttpReply reply = [reply = std::move(ex.reply), extra = std::move(ex.headers)](HttpResponse response) {
		response.headers.insert(response.headers.begin(), extra.begin(), extra.end());
		reply(std::move(response));
	};
	state.bayeux->handle(ex.userId, std::move(ex.request), std::move(reply));
}

/// What a route's function gets besides the state and the exchange.
struct RouteArgs {
	UserView *view = nullptr; ///< the user's; null on the routes that need no login
	const rest::PathParams &params;
	Place place{}; ///< where a POSTed operation is taken (the rows that hand off to the operation table)
};

/// A row's target: the function that answers it, and what the gate around it must know.
struct GwsRoute {
	void (*handler)(GwsState &state, Exchange &ex, const RouteArgs &args);
	/// POST rows: the place the operation table is asked about.
	Place place{};
	/// The CometD endpoint: not recorded by `ctisim record`, no CSRF token (docs/api.md).
	bool bayeux = false;
};

using GwsRouter = rest::Router<GwsRoute>;

constexpr rest::MissWording gwsWording{"Resource not found", "Method {method} is not allowed here"};

/// The user's device named by the path's :device, or a 404 answered.
bool ownDevice(GwsState &state, Exchange &ex, const RouteArgs &args)
{
	std::string_view device = args.params["device"];
	if (args.view->user().deviceId == device)
		return true;
	state.fail(ex, ApiError{status::NotFound, fmt::format("Device {} not found", device)});
	return false;
}

/// The POST rows: the operation table decides what the body may do at this place.
void postOperation(GwsState &state, Exchange &ex, const RouteArgs &args)
{
	UserView &view = *args.view;
	switch (args.place) {
	case Place::VoiceChannel:
		if (std::string_view channel = args.params["channel"]; channel != "voice")
			return state.fail(ex, ApiError{status::NotFound, fmt::format("Channel {} not found", channel)});
		break;
	case Place::Device:
	case Place::DeviceCalls:
		if (!ownDevice(state, ex, args))
			return;
		break;
	case Place::Call:
	case Place::ReleasedCall: {
		std::string_view id = args.params["call"];
		if (const TrackedCall *call = view.findById(id))
			return dispatchOperation(state, ex, {Place::Call, view, call, id});
		if (view.wasReleased(id))
			return dispatchOperation(state, ex, {Place::ReleasedCall, view, nullptr, id});
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Call {} not found", id)});
	}
	case Place::Me: break;
	}
	dispatchOperation(state, ex, {args.place, view});
}

constexpr GwsRoute operation(Place place)
{
	return GwsRoute{postOperation, place};
}

/// The routes that need no login.
const GwsRouter &publicRoutes()
{
	static const GwsRouter router(
		gwsWording, {
				    {"GET",
				     "/api/v2/diagnostics/version",
				     {[](GwsState &s, Exchange &ex, const RouteArgs &) { getVersion(s, ex); }}},
			    });
	return router;
}

/// The routes behind the login (HTTP Basic or JSESSIONID) and, for writes, the CSRF token.
const GwsRouter &userRoutes()
{
	using A = const RouteArgs &;
	static const GwsRouter router(
		gwsWording,
		{
			{"*",
			 "/api/v2/notifications/*",
			 {[](GwsState &s, Exchange &ex, A) { toBayeux(s, std::move(ex)); }, {}, true}},
			{"GET", "/api/v2/me", {[](GwsState &s, Exchange &ex, A a) { getMe(s, ex, *a.view); }}},
			{"POST", "/api/v2/me", operation(Place::Me)},
			{"GET", "/api/v2/me/channels", {[](GwsState &s, Exchange &ex, A a) {
				 getChannels(s, ex, *a.view);
			 }}},
			{"GET", "/api/v2/me/channels/:channel", {[](GwsState &s, Exchange &ex, A a) {
				 getChannel(s, ex, *a.view, a.params["channel"]);
			 }}},
			{"POST", "/api/v2/me/channels/:channel", operation(Place::VoiceChannel)},
			{"GET", "/api/v2/me/devices", {[](GwsState &s, Exchange &ex, A a) {
				 getDevices(s, ex, *a.view);
			 }}},
			{"GET", "/api/v2/me/devices/:device", {[](GwsState &s, Exchange &ex, A a) {
				 if (ownDevice(s, ex, a))
					 getDevice(s, ex, *a.view);
			 }}},
			{"POST", "/api/v2/me/devices/:device", operation(Place::Device)},
			{"GET", "/api/v2/me/devices/:device/calls", {[](GwsState &s, Exchange &ex, A a) {
				 if (ownDevice(s, ex, a))
					 getCalls(s, ex, *a.view);
			 }}},
			{"POST", "/api/v2/me/devices/:device/calls", operation(Place::DeviceCalls)},
			{"GET", "/api/v2/me/calls", {[](GwsState &s, Exchange &ex, A a) { getCalls(s, ex, *a.view); }}},
			{"GET", "/api/v2/me/calls/:call", {[](GwsState &s, Exchange &ex, A a) {
				 getCall(s, ex, *a.view, a.params["call"]);
			 }}},
			{"POST", "/api/v2/me/calls/:call", operation(Place::Call)},
			{"GET", "/api/v2/settings", {[](GwsState &s, Exchange &ex, A) { getSettingsGroups(s, ex); }}},
			{"GET", "/api/v2/settings/:group", {[](GwsState &s, Exchange &ex, A a) {
				 getSettingsGroup(s, ex, a.params["group"]);
			 }}},
			{"GET", "/api/v2/contacts", {[](GwsState &s, Exchange &ex, A) { getContacts(s, ex); }}},
			{"GET", "/api/v2/contacts/:id", {[](GwsState &s, Exchange &ex, A a) {
				 getContact(s, ex, a.params["id"]);
			 }}},
			{"POST", "/api/v2/contacts/ucs", {[](GwsState &s, Exchange &ex, A a) {
				 postUcsContacts(s, ex, *a.view);
			 }}},
			{"POST", "/api/v2/ucs/interactions/:id", {[](GwsState &s, Exchange &ex, A a) {
				 postUcsInteraction(s, ex, *a.view, a.params["id"]);
			 }}},
			{"GET", "/api/v2/queues", {[](GwsState &s, Exchange &ex, A) { getQueues(s, ex); }}},
			{"GET", "/api/v2/queues/:id", {[](GwsState &s, Exchange &ex, A a) {
				 getQueue(s, ex, a.params["id"]);
			 }}},
			{"GET", "/api/v2/users", {[](GwsState &s, Exchange &ex, A a) { getUsers(s, ex, *a.view); }}},
			{"GET", "/api/v2/users/:id", {[](GwsState &s, Exchange &ex, A a) {
				 getUser(s, ex, *a.view, a.params["id"]);
			 }}},
			{"GET", "/api/v2/users/:id/devices", {[](GwsState &s, Exchange &ex, A a) {
				 getUserDevices(s, ex, *a.view, a.params["id"]);
			 }}},
			{"GET", "/api/v2/groups", {[](GwsState &s, Exchange &ex, A a) { getGroups(s, ex, *a.view); }}},
			{"GET", "/api/v2/groups/:id", {[](GwsState &s, Exchange &ex, A a) {
				 getGroup(s, ex, *a.view, a.params["id"]);
			 }}},
			{"GET", "/api/v2/groups/:id/users", {[](GwsState &s, Exchange &ex, A a) {
				 getGroupUsers(s, ex, *a.view, a.params["id"]);
			 }}},
			{"GET", "/api/v2/platform/configuration/:type", {[](GwsState &s, Exchange &ex, A a) {
				 getPlatformObjects(s, ex, *a.view, a.params["type"]);
			 }}},
			/* The Internal API beside /api/v2, behind the same session. */
			{"GET", "/internal-api/business-attributes", {[](GwsState &s, Exchange &ex, A) {
				 getBusinessAttributes(s, ex);
			 }}},
			{"GET", "/internal-api/business-attributes/:id", {[](GwsState &s, Exchange &ex, A a) {
				 getBusinessAttribute(s, ex, a.params["id"]);
			 }}},
			/* The Statistics API (GWS 8.5.1) under v1, behind the same session. */
			{"GET", "/api/v1/stats/:object", {[](GwsState &s, Exchange &ex, A a) {
				 getObjectStatistics(s, ex, *a.view, a.params["object"]);
			 }}},
			{"GET", "/api/v1/stats/:object/:statistic", {[](GwsState &s, Exchange &ex, A a) {
				 getObjectStatistic(s, ex, *a.view, a.params["object"], a.params["statistic"]);
			 }}},
			{"GET", "/api/v2/devices/:id", {[](GwsState &s, Exchange &ex, A a) {
				 getDeviceById(s, ex, *a.view, a.params["id"]);
			 }}},
			{"GET", "/api/v2/voice-environments/:id", {[](GwsState &s, Exchange &ex, A a) {
				 getVoiceEnvironment(s, ex, a.params["id"]);
			 }}},
			{"GET", "/api/v2/features/:id", {[](GwsState &s, Exchange &ex, A a) {
				 getFeature(s, ex, a.params["id"]);
			 }}},
		});
	return router;
}

/// A request no row serves: 404, or 405 with Allow (the router decides both).
void answerMiss(GwsState &state, Exchange &ex, const GwsRouter &router)
{
	rest::RouteMiss miss = router.miss(ex.request.method(), ex.request.path());
	if (!miss.allow.empty())
		ex.headers.emplace_back("Allow", std::move(miss.allow));
	state.fail(ex, miss.error);
}

} /* namespace */

void routeRequest(GwsState &state, Exchange ex)
{
	std::string_view method = ex.request.method();
	std::string_view path = ex.request.path();
	rest::PathParts parts = rest::pathParts(ex.request);
	GwsRouter::Match open = publicRoutes().match(method, parts);
	if (open.target)
		return open.target->handler(state, ex, RouteArgs{nullptr, open.params});
	if (open.pathKnown)
		return answerMiss(state, ex, publicRoutes());

	const GwsRouter &router = userRoutes();
	GwsRouter::Match match = router.match(method, parts);
	bool bayeux = match.target && match.target->bayeux;
	HttpSession *session = nullptr;
	MaybeError authError = authenticate(state, ex, session);
	if (state.config.trafficObserver && !bayeux)
		observe(state, ex);
	if (authError)
		return state.fail(ex, *authError);

	bool write = method == "POST" || method == "PUT" || method == "DELETE";
	/* CometD clients do not send the token: the Bayeux POSTs are exempt (docs/api.md). */
	if (state.config.csrfEnabled && write && !bayeux &&
	    !constantTimeEquals(ex.request.header("X-CSRF-TOKEN"), session->csrfToken))
		return state.fail(ex, ApiError{status::Forbidden, "Missing or invalid Csrf token"});
	if (state.config.csrfEnabled && method == "GET") {
		ex.headers.emplace_back("X-CSRF-HEADER", "X-CSRF-TOKEN");
		ex.headers.emplace_back("X-CSRF-TOKEN", session->csrfToken);
	}

	if (!match.target)
		return answerMiss(state, ex, router);
	RouteArgs args{nullptr, match.params, match.target->place};
	if (!bayeux && !(args.view = state.viewOf(ex.userId)))
		return state.fail(ex, router.notFound(method, path));
	match.target->handler(state, ex, args);
}

} /* namespace ctisim::api */
