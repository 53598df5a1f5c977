/* SPDX-License-Identifier: MIT */
/*
 * The router: authentication and CSRF, then method and path.
 */
#include "gws_router.h"

#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "ctisim/api/traffic_observer.h"

#include "business_attributes.h"
#include "contacts.h"
#include "http_auth.h" /* api/src */
#include "operation_dispatch.h"
#include "resource_json.h"
#include "resources.h"
#include "rest/path.h" /* api/src */
#include "stats_resource.h"
#include "users_resource.h"

namespace ctisim::api {

namespace {

constexpr std::string_view apiPrefix = "/api/v2";
/* The Internal API (business attributes) lives beside /api/v2, behind the same session. */
constexpr std::string_view internalPrefix = "/internal-api";
/// The Statistics API (GWS 8.5.1) lives under v1; the same sessions reach it.
constexpr std::string_view statsPrefix = "/api/v1";

/// The path below prefix, or nullopt when path is not prefix or below it.
std::optional<std::string_view> below(std::string_view path, std::string_view prefix)
{
	if (path.substr(0, prefix.size()) != prefix || (path.size() > prefix.size() && path[prefix.size()] != '/'))
		return std::nullopt;
	return path.substr(prefix.size());
}

void methodNotAllowed(GwsState &state, Exchange &ex, std::string_view allowed)
{
	ex.headers.emplace_back("Allow", std::string(allowed));
	state.fail(ex,
		   ApiError{status::Forbidden, fmt::format("Method {} is not allowed here", ex.request.method), 405});
}

void notFound(GwsState &state, Exchange &ex)
{
	state.fail(ex, ApiError{status::NotFound, "Resource not found"});
}

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

/// /api/v2/me and below.
void routeMe(GwsState &state, Exchange &ex, const rest::PathParts &parts)
{
	const std::string &method = ex.request.method;
	UserView *view = state.viewOf(ex.userId);
	if (!view || parts.empty() || parts[0] != "me")
		return notFound(state, ex);
	std::size_t n = parts.size();
	if (n == 1) {
		if (method == "GET")
			return getMe(state, ex, *view);
		if (method == "POST")
			return dispatchOperation(state, ex, {Place::Me, *view});
		return methodNotAllowed(state, ex, "GET, POST");
	}
	if (parts[1] == "channels") {
		if (n == 2) {
			if (method != "GET")
				return methodNotAllowed(state, ex, "GET");
			return getChannels(state, ex, *view);
		}
		if (n == 3) {
			if (method == "GET")
				return getChannel(state, ex, *view, parts[2]);
			if (method != "POST")
				return methodNotAllowed(state, ex, "GET, POST");
			if (parts[2] != "voice")
				return state.fail(
					ex, ApiError{status::NotFound, fmt::format("Channel {} not found", parts[2])});
			return dispatchOperation(state, ex, {Place::VoiceChannel, *view});
		}
	}
	if (parts[1] == "devices") {
		if (n == 2) {
			if (method != "GET")
				return methodNotAllowed(state, ex, "GET");
			return getDevices(state, ex, *view);
		}
		if (view->user().deviceId != parts[2])
			return state.fail(ex, ApiError{status::NotFound, fmt::format("Device {} not found", parts[2])});
		if (n == 3) {
			if (method == "GET")
				return getDevice(state, ex, *view);
			if (method == "POST")
				return dispatchOperation(state, ex, {Place::Device, *view});
			return methodNotAllowed(state, ex, "GET, POST");
		}
		if (n == 4 && parts[3] == "calls") {
			if (method == "GET")
				return getCalls(state, ex, *view);
			if (method == "POST")
				return dispatchOperation(state, ex, {Place::DeviceCalls, *view});
			return methodNotAllowed(state, ex, "GET, POST");
		}
	}
	if (parts[1] == "calls") {
		if (n == 2) {
			if (method != "GET")
				return methodNotAllowed(state, ex, "GET");
			return getCalls(state, ex, *view);
		}
		if (n == 3) {
			std::string_view id = parts[2];
			if (method == "GET")
				return getCall(state, ex, *view, id);
			if (method != "POST")
				return methodNotAllowed(state, ex, "GET, POST");
			if (const TrackedCall *call = view->findById(id))
				return dispatchOperation(state, ex, {Place::Call, *view, call, id});
			if (view->wasReleased(id))
				return dispatchOperation(state, ex, {Place::ReleasedCall, *view, nullptr, id});
			return state.fail(ex, ApiError{status::NotFound, fmt::format("Call {} not found", id)});
		}
	}
	notFound(state, ex);
}

/// The resources outside /me: what the URIs in resources and notifications name, the
/// settings, the directory (contacts, users, groups).
void routeShared(GwsState &state, Exchange &ex, const rest::PathParts &parts)
{
	UserView *view = state.viewOf(ex.userId);
	std::size_t n = parts.size();
	if (!view || n < 1 || n > 3)
		return notFound(state, ex);
	std::string_view family = parts[0];
	bool known = (n <= 2 && (family == "settings" || family == "contacts" || family == "users" ||
				 family == "groups" || family == "queues")) ||
		     (n == 2 && (family == "devices" || family == "voice-environments" || family == "features")) ||
		     (n == 3 &&
		      ((family == "users" && parts[2] == "devices") || (family == "groups" && parts[2] == "users")));
	if (!known)
		return notFound(state, ex);
	if (ex.request.method != "GET")
		return methodNotAllowed(state, ex, "GET");
	if (family == "settings")
		return n == 1 ? getSettingsGroups(state, ex) : getSettingsGroup(state, ex, parts[1]);
	if (family == "contacts")
		return n == 1 ? getContacts(state, ex) : getContact(state, ex, parts[1]);
	if (family == "queues")
		return n == 1 ? getQueues(state, ex) : getQueue(state, ex, parts[1]);
	if (family == "users" && n != 2)
		return n == 1 ? getUsers(state, ex, *view) : getUserDevices(state, ex, *view, parts[1]);
	if (family == "users")
		return getUser(state, ex, *view, parts[1]);
	if (family == "groups" && n == 1)
		return getGroups(state, ex, *view);
	if (family == "groups")
		return n == 2 ? getGroup(state, ex, *view, parts[1]) : getGroupUsers(state, ex, *view, parts[1]);
	if (family == "devices")
		return getDeviceById(state, ex, *view, parts[1]);
	if (family == "voice-environments")
		return getVoiceEnvironment(state, ex, parts[1]);
	getFeature(state, ex, parts[1]);
}

/// /internal-api: the business attributes.
void routeInternal(GwsState &state, Exchange &ex, const rest::PathParts &parts)
{
	if (parts.empty() || parts.size() > 2 || parts[0] != "business-attributes")
		return notFound(state, ex);
	if (ex.request.method != "GET")
		return methodNotAllowed(state, ex, "GET");
	if (parts.size() == 1)
		return getBusinessAttributes(state, ex);
	getBusinessAttribute(state, ex, parts[1]);
}

} /* namespace */

void routeRequest(GwsState &state, Exchange ex)
{
	std::string_view path = ex.request.path();
	while (path.size() > 1 && path.back() == '/')
		path.remove_suffix(1);
	std::optional<std::string_view> v2 = below(path, apiPrefix);
	std::optional<std::string_view> internal = v2 ? std::nullopt : below(path, internalPrefix);
	std::optional<std::string_view> v1 = v2 || internal ? std::nullopt : below(path, statsPrefix);
	if (!v2 && !internal && !v1)
		return notFound(state, ex);
	rest::PathParts parts = rest::splitPath(v2 ? *v2 : internal ? *internal : *v1);

	if (v2 && parts.size() == 2 && parts[0] == "diagnostics" && parts[1] == "version") {
		if (ex.request.method != "GET")
			return methodNotAllowed(state, ex, "GET");
		return getVersion(state, ex);
	}

	bool notifications = v2 && !parts.empty() && parts[0] == "notifications";
	HttpSession *session = nullptr;
	MaybeError authError = authenticate(state, ex, session);
	if (state.config.trafficObserver && !notifications)
		observe(state, ex);
	if (authError)
		return state.fail(ex, *authError);

	const std::string &method = ex.request.method;
	bool write = method == "POST" || method == "PUT" || method == "DELETE";
	/* CometD clients do not send the token: the Bayeux POSTs are exempt (docs/api.md). */
	if (state.config.csrfEnabled && write && !notifications &&
	    !constantTimeEquals(ex.request.header("X-CSRF-TOKEN"), session->csrfToken))
		return state.fail(ex, ApiError{status::Forbidden, "Missing or invalid Csrf token"});
	if (state.config.csrfEnabled && method == "GET") {
		ex.headers.emplace_back("X-CSRF-HEADER", "X-CSRF-TOKEN");
		ex.headers.emplace_back("X-CSRF-TOKEN", session->csrfToken);
	}

	if (notifications)
		return toBayeux(state, std::move(ex));
	if (internal)
		return routeInternal(state, ex, parts);
	if (v1)
		return routeStats(state, ex, parts);
	if (!parts.empty() && parts[0] != "me")
		return routeShared(state, ex, parts);
	routeMe(state, ex, parts);
}

} /* namespace ctisim::api */
