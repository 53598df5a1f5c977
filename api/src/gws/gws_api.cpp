/* SPDX-License-Identifier: MIT */
/*
 * GwsApi: routing, authentication (HTTP Basic, JSESSIONID, CSRF), the /api/v2
 * resources and operations, and the translation of backend events into the
 * per-user CometD notifications. Everything here runs on the core executor.
 */
#include "ctisim/api/gws_api.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "capabilities.h"
#include "http_auth.h" /* api/src */
#include "request_body.h"
#include "resource_json.h"
#include "session_table.h"
#include "user_view.h"

#include "ctisim/api/traffic_observer.h"

#include "ctisim/tserver_error.h"

namespace ctisim::api {

namespace {

constexpr std::string_view apiPrefix = "/api/v2";
constexpr std::string_view callsChannel = "/v2/me/calls";
constexpr std::string_view devicesChannel = "/v2/me/devices";
/* Unclaimed EventErrors kept at most (errors of requests GwsApi did not send). */
constexpr std::size_t maxPendingErrors = 64;

/// One HTTP exchange being answered.
struct Exchange {
	HttpRequest request;
	HttpReply reply;
	std::vector<std::pair<std::string, std::string>> headers;
	std::string userId;
	std::string sessionId;
};

/// An operation sent to the switch whose result has not been answered yet.
struct Operation {
	Exchange ex;
	std::string op;		 ///< the GWS operationName
	std::string requestName; ///< "RequestMakeCall", for the time-out message
	bool endSession = false;
};

/* What a client gets for an operation while T-Server is out of reach (docs/api.md). */
constexpr std::string_view linkDownMessage =
	"T-Server is unavailable (No connection to the switch): try again when the device is Active";

std::vector<std::string_view> splitPath(std::string_view path)
{
	std::vector<std::string_view> out;
	while (!path.empty()) {
		std::size_t slash = path.find('/');
		std::string_view part = path.substr(0, slash);
		if (!part.empty())
			out.push_back(part);
		if (slash == std::string_view::npos)
			break;
		path = path.substr(slash + 1);
	}
	return out;
}

std::string finish(rapidjson::StringBuffer &buffer)
{
	return std::string(buffer.GetString(), buffer.GetSize());
}

std::string okBody()
{
	return R"({"statusCode":0})";
}

const char *notificationTypeOf(EventType type)
{
	switch (type) {
	case EventType::PartyAdded:
	case EventType::PartyDeleted:
	case EventType::PartyChanged: return "ParticipantsUpdated";
	case EventType::AttachedDataChanged: return "AttachedDataChanged";
	case EventType::DtmfSent: return "DtmfSent";
	default: return "StatusChange";
	}
}

bool isDeviceEvent(EventType type)
{
	switch (type) {
	case EventType::AgentLogin:
	case EventType::AgentLogout:
	case EventType::AgentReady:
	case EventType::AgentNotReady:
	case EventType::DndOn:
	case EventType::DndOff:
	case EventType::ForwardSet:
	case EventType::ForwardCancel: return true;
	default: return false;
	}
}

bool isCallEvent(EventType type)
{
	switch (type) {
	case EventType::Ringing:
	case EventType::Dialing:
	case EventType::Established:
	case EventType::Released:
	case EventType::Held:
	case EventType::Retrieved:
	case EventType::PartyChanged:
	case EventType::PartyAdded:
	case EventType::PartyDeleted:
	case EventType::AttachedDataChanged:
	case EventType::DtmfSent:
	case EventType::MuteOn:
	case EventType::MuteOff: return true;
	default: return false;
	}
}

bool isValidDtmf(std::string_view digits)
{
	if (digits.empty())
		return false;
	return std::all_of(digits.begin(), digits.end(),
			   [](char c) { return (c >= '0' && c <= '9') || c == '*' || c == '#'; });
}

/// The call id at the end of a call URI or path ("http://h/api/v2/me/calls/ID" → "ID").
std::string_view callIdFromUri(std::string_view uri)
{
	while (!uri.empty() && uri.back() == '/')
		uri.remove_suffix(1);
	std::size_t slash = uri.rfind('/');
	return slash == std::string_view::npos ? uri : uri.substr(slash + 1);
}

bool isCallOperation(std::string_view op)
{
	const auto &ops = canonicalCallOperations();
	return std::find(ops.begin(), ops.end(), op) != ops.end();
}

} /* namespace */

struct GwsApi::Impl : std::enable_shared_from_this<Impl> {
	Impl(Backend &backendRef, Executor &coreRef, const Clock &clockRef, Directory dir, GwsConfig cfg,
	     Notifier &notifierRef, BayeuxEndpoint *bayeuxPtr)
	    : backend(backendRef), core(coreRef), clock(clockRef), directory(std::move(dir)), config(std::move(cfg)),
	      notifier(notifierRef), bayeux(bayeuxPtr)
	{
		buildViews();
	}

	Backend &backend;
	Executor &core;
	const Clock &clock;
	Directory directory;
	GwsConfig config;
	Notifier &notifier;
	BayeuxEndpoint *bayeux;

	std::optional<Backend::SubscriptionId> subscription;
	SessionTable sessions{config.sessionRoute};	 ///< after config: its ids carry config.sessionRoute
	std::unordered_map<std::string, UserView> views; ///< by user id
	std::map<ReferenceId, Event> pendingErrors;
	/// Bumped by reset(): results of loads started before it are ignored.
	std::uint64_t generation = 0;

	/// The GwsApi itself: the sink to re-subscribe when the switch link returns.
	EventSink *sink = nullptr;
	/// False between EventLinkDisconnected and EventLinkConnected.
	bool linkUp = true;
	/// Bumped at each link change: a resynchronization overtaken by another change is ignored.
	std::uint64_t linkEpoch = 0;
	/// Operations waiting for the switch, by local id; one that ended early (time-out, link
	/// loss) is gone from here and its late result is ignored.
	std::map<std::uint64_t, std::shared_ptr<Operation>> inFlight;
	std::uint64_t nextOperation = 1;

	/* ---- state ------------------------------------------------------------------------------- */

	void buildViews()
	{
		views.clear();
		for (const DirectoryUser &user : directory.users())
			views.emplace(user.id, UserView(user, config.releasedCallMemory));
	}

	UserView *viewOf(std::string_view userId)
	{
		auto it = views.find(std::string(userId));
		return it == views.end() ? nullptr : &it->second;
	}

	void load(std::function<void()> done)
	{
		std::uint64_t gen = generation;
		auto remaining = std::make_shared<std::size_t>(0);
		std::vector<std::pair<std::string, Dn>> targets;
		for (const DirectoryUser &user : directory.users()) {
			if (!user.dn.empty())
				targets.emplace_back(user.id, user.dn);
		}
		*remaining = targets.size();
		if (targets.empty()) {
			core.post([done = std::move(done)] {
				if (done)
					done();
			});
			return;
		}
		auto sharedDone = std::make_shared<std::function<void()>>(std::move(done));
		std::weak_ptr<Impl> weak = weak_from_this();
		for (auto &[userId, dn] : targets) {
			backend.submit(req::QueryAddress{dn},
				       [weak, gen, userId = userId, remaining, sharedDone](RequestResult result) {
					       auto self = weak.lock();
					       if (!self)
						       return;
					       /* A DN the switch does not know: its EventError is not the user's
						* business. */
					       self->pendingErrors.erase(result.referenceId);
					       if (gen == self->generation) {
						       if (UserView *view = self->viewOf(userId); view && result.ok())
							       view->load(result.dn, result.calls);
					       }
					       if (--*remaining == 0 && *sharedDone)
						       (*sharedDone)();
				       });
		}
	}

	/* ---- responses --------------------------------------------------------------------------- */

	void respond(Exchange &ex, unsigned status, std::string body)
	{
		HttpResponse response;
		response.status = status;
		response.headers = std::move(ex.headers);
		response.body = std::move(body);
		/* The notifications this request caused leave before its response. */
		notifier.flush();
		HttpReply reply = std::move(ex.reply);
		reply(std::move(response));
	}

	void fail(Exchange &ex, int statusCode, std::string_view message)
	{
		respond(ex, httpStatusFor(statusCode), errorBody(statusCode, message));
	}

	void fail(Exchange &ex, const ApiError &error) { fail(ex, error.statusCode, error.message); }

	void methodNotAllowed(Exchange &ex, std::string_view allowed)
	{
		ex.headers.emplace_back("Allow", std::string(allowed));
		respond(ex, 405,
			errorBody(status::Forbidden, fmt::format("Method {} is not allowed here", ex.request.method)));
	}

	/* ---- entry ------------------------------------------------------------------------------- */

	void handle(Exchange ex)
	{
		std::string_view path = ex.request.path();
		while (path.size() > 1 && path.back() == '/')
			path.remove_suffix(1);
		if (path.substr(0, apiPrefix.size()) != apiPrefix ||
		    (path.size() > apiPrefix.size() && path[apiPrefix.size()] != '/'))
			return fail(ex, status::NotFound, "Resource not found");
		std::vector<std::string_view> parts = splitPath(path.substr(apiPrefix.size()));

		if (parts.size() == 2 && parts[0] == "diagnostics" && parts[1] == "version") {
			if (ex.request.method != "GET")
				return methodNotAllowed(ex, "GET");
			rapidjson::StringBuffer buffer;
			JsonWriter w(buffer);
			w.StartObject();
			writeKey(w, "statusCode");
			w.Int(0);
			writeKey(w, "version");
			writeString(w, config.version);
			w.EndObject();
			return respond(ex, 200, finish(buffer));
		}

		bool notifications = !parts.empty() && parts[0] == "notifications";
		HttpSession *session = nullptr;
		MaybeError authError = authenticate(ex, session);
		if (config.trafficObserver && !notifications)
			observe(ex);
		if (authError)
			return fail(ex, *authError);

		const std::string &method = ex.request.method;
		bool write = method == "POST" || method == "PUT" || method == "DELETE";
		/* CometD clients do not send the token: the Bayeux POSTs are exempt (docs/api.md). */
		if (config.csrfEnabled && write && !notifications &&
		    !constantTimeEquals(ex.request.header("X-CSRF-TOKEN"), session->csrfToken))
			return fail(ex, status::Forbidden, "Missing or invalid Csrf token");
		if (config.csrfEnabled && method == "GET") {
			ex.headers.emplace_back("X-CSRF-HEADER", "X-CSRF-TOKEN");
			ex.headers.emplace_back("X-CSRF-TOKEN", session->csrfToken);
		}

		if (notifications)
			return toBayeux(std::move(ex));
		route(ex, parts);
	}

	/* `ctisim record`: the observer sees the request here, on core, so in order with
	 * the notifications, and its response whenever that comes. */
	void observe(Exchange &ex)
	{
		TrafficObserver *observer = config.trafficObserver;
		const DirectoryUser *user = ex.userId.empty() ? nullptr : directory.findById(ex.userId);
		std::uint64_t token =
			observer->onRequest(ex.request, user ? std::string_view(user->userName) : std::string_view());
		ex.reply = [observer, token, reply = std::move(ex.reply)](HttpResponse response) {
			observer->onResponse(token, response);
			reply(std::move(response));
		};
	}

	MaybeError authenticate(Exchange &ex, HttpSession *&session)
	{
		TimeMs now = clock.now();
		std::string_view cookie = ex.request.cookie("JSESSIONID");
		session = cookie.empty() ? nullptr : sessions.find(cookie, now);
		if (session && !directory.findById(session->userId)) {
			sessions.erase(session->id);
			session = nullptr;
		}
		std::string_view authorization = ex.request.header("Authorization");
		if (!authorization.empty()) {
			std::optional<BasicCredentials> credentials = parseBasicAuth(authorization);
			const DirectoryUser *user = credentials ? directory.findByUserName(credentials->user) : nullptr;
			/* Compare against a dummy when the user is unknown, so timing does not tell names apart. */
			bool good =
				constantTimeEquals(credentials ? credentials->password : std::string_view(),
						   user ? std::string_view(user->password) : std::string_view("\x01"));
			if (!user || !good)
				return ApiError{status::NotAuthenticated, "Access denied"};
			if (!session || session->userId != user->id) {
				const HttpSession *created =
					sessions.create(user->id, now, config.maxSessions, config.sessionIdleTimeoutMs,
							config.maxSessionsPerUser);
				if (!created)
					return ApiError{status::Internal,
							fmt::format("Too many HTTP sessions (the limit is {})",
								    config.maxSessions)};
				session = sessions.find(created->id, now);
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

	void toBayeux(Exchange ex)
	{
		if (!bayeux) {
			ApiError error{status::Internal, "Notifications are not available on this server"};
			return respond(ex, 501, errorBody(error.statusCode, error.message));
		}
		auto extra = std::move(ex.headers);
		HttpReply reply = [reply = std::move(ex.reply), extra = std::move(extra)](HttpResponse response) {
			response.headers.insert(response.headers.begin(), extra.begin(), extra.end());
			reply(std::move(response));
		};
		bayeux->handle(ex.userId, std::move(ex.request), std::move(reply));
	}

	void route(Exchange &ex, const std::vector<std::string_view> &parts)
	{
		const std::string &method = ex.request.method;
		UserView *view = viewOf(ex.userId);
		if (!view || parts.empty() || parts[0] != "me")
			return fail(ex, status::NotFound, "Resource not found");
		std::size_t n = parts.size();
		if (n == 1) {
			if (method == "GET")
				return getMe(ex, *view);
			if (method == "POST")
				return postMe(ex, *view);
			return methodNotAllowed(ex, "GET, POST");
		}
		if (parts[1] == "channels" && n == 3 && parts[2] == "voice") {
			if (method != "POST")
				return methodNotAllowed(ex, "POST");
			return postVoiceChannel(ex, *view);
		}
		if (parts[1] == "devices") {
			if (n == 2) {
				if (method != "GET")
					return methodNotAllowed(ex, "GET");
				return getDevices(ex, *view);
			}
			if (view->user().deviceId != parts[2])
				return fail(ex, status::NotFound, fmt::format("Device {} not found", parts[2]));
			if (n == 3) {
				if (method == "GET")
					return getDevice(ex, *view);
				if (method == "POST")
					return postDevice(ex, *view);
				return methodNotAllowed(ex, "GET, POST");
			}
			if (n == 4 && parts[3] == "calls") {
				if (method == "GET")
					return getCalls(ex, *view);
				if (method == "POST")
					return dial(ex, *view);
				return methodNotAllowed(ex, "GET, POST");
			}
		}
		if (parts[1] == "calls") {
			if (n == 2) {
				if (method != "GET")
					return methodNotAllowed(ex, "GET");
				return getCalls(ex, *view);
			}
			if (n == 3) {
				if (method == "GET")
					return getCall(ex, *view, parts[2]);
				if (method == "POST")
					return postCall(ex, *view, std::string(parts[2]));
				return methodNotAllowed(ex, "GET, POST");
			}
		}
		fail(ex, status::NotFound, "Resource not found");
	}

	/* ---- GET resources ----------------------------------------------------------------------- */

	void writeDevices(JsonWriter &w, const UserView &view)
	{
		w.StartArray();
		if (!view.user().deviceId.empty())
			writeDevice(w, view.user(), view.dn(), config, linkUp);
		w.EndArray();
	}

	void writeCalls(JsonWriter &w, const UserView &view)
	{
		TimeMs now = clock.now();
		w.StartArray();
		for (const TrackedCall *call : view.calls())
			writeCall(w, *call, view, config, now, linkUp);
		w.EndArray();
	}

	void getMe(Exchange &ex, const UserView &view)
	{
		std::optional<std::string> sub = queryParam(ex.request.query(), "subresources");
		std::vector<std::string> wanted;
		if (sub)
			wanted = *sub == "*" ? std::vector<std::string>{"devices", "calls", "settings", "skills"}
					     : splitList(*sub);
		auto want = [&](std::string_view name) {
			return std::find(wanted.begin(), wanted.end(), name) != wanted.end();
		};
		rapidjson::StringBuffer buffer;
		JsonWriter w(buffer);
		w.StartObject();
		writeKey(w, "statusCode");
		w.Int(0);
		writeKey(w, "user");
		writeUserFields(w, view.user(), config);
		if (want("devices")) {
			writeKey(w, "devices");
			writeDevices(w, view);
		}
		if (want("calls")) {
			writeKey(w, "calls");
			writeCalls(w, view);
		}
		if (want("settings")) {
			writeKey(w, "settings");
			w.StartObject();
			w.EndObject();
		}
		if (want("skills")) {
			writeKey(w, "skills");
			w.StartArray();
			w.EndArray();
		}
		w.EndObject();
		w.EndObject();
		respond(ex, 200, finish(buffer));
	}

	void getDevices(Exchange &ex, const UserView &view)
	{
		rapidjson::StringBuffer buffer;
		JsonWriter w(buffer);
		w.StartObject();
		writeKey(w, "statusCode");
		w.Int(0);
		if (queryParam(ex.request.query(), "fields")) {
			writeKey(w, "devices");
			writeDevices(w, view);
		} else {
			writeKey(w, "uris");
			w.StartArray();
			if (!view.user().deviceId.empty())
				writeString(w, deviceUri(config, view.user()));
			w.EndArray();
		}
		w.EndObject();
		respond(ex, 200, finish(buffer));
	}

	void getDevice(Exchange &ex, const UserView &view)
	{
		rapidjson::StringBuffer buffer;
		JsonWriter w(buffer);
		w.StartObject();
		writeKey(w, "statusCode");
		w.Int(0);
		writeKey(w, "device");
		writeDevice(w, view.user(), view.dn(), config, linkUp);
		w.EndObject();
		respond(ex, 200, finish(buffer));
	}

	void getCalls(Exchange &ex, const UserView &view)
	{
		rapidjson::StringBuffer buffer;
		JsonWriter w(buffer);
		w.StartObject();
		writeKey(w, "statusCode");
		w.Int(0);
		if (queryParam(ex.request.query(), "fields")) {
			writeKey(w, "calls");
			writeCalls(w, view);
		} else {
			writeKey(w, "uris");
			w.StartArray();
			for (const TrackedCall *call : view.calls())
				writeString(w, callUri(config, call->call->callUuid));
			w.EndArray();
		}
		w.EndObject();
		respond(ex, 200, finish(buffer));
	}

	void getCall(Exchange &ex, const UserView &view, std::string_view id)
	{
		const TrackedCall *call = view.findById(id);
		if (!call)
			return fail(ex, status::NotFound, fmt::format("Call {} not found", id));
		rapidjson::StringBuffer buffer;
		JsonWriter w(buffer);
		w.StartObject();
		writeKey(w, "statusCode");
		w.Int(0);
		writeKey(w, "call");
		writeCall(w, *call, view, config, clock.now(), linkUp);
		w.EndObject();
		respond(ex, 200, finish(buffer));
	}

	/* ---- operations -------------------------------------------------------------------------- */

	/// Parses the body and its operationName; on error answers and returns false.
	bool parseOperation(Exchange &ex, RequestBody &body, std::string &op)
	{
		MaybeError error = body.parse(ex.request.body);
		if (!error)
			error = body.operationName(op);
		if (error) {
			fail(ex, *error);
			return false;
		}
		return true;
	}

	void unknownOperation(Exchange &ex, std::string_view op)
	{
		fail(ex, status::InputValidation,
		     fmt::format("Input validation error: unknown operationName '{}'", op));
	}

	/// Sends request; answers {"statusCode":0} once the result is in (after its events).
	/// Without the switch link it is refused; unanswered, it times out.
	void submit(Exchange &ex, Request request, std::string op, bool endSession = false)
	{
		if (!linkUp)
			return respond(ex, 503, errorBody(status::Internal, linkDownMessage));
		std::uint64_t id = nextOperation++;
		inFlight.emplace(id, std::make_shared<Operation>(Operation{std::move(ex), std::move(op),
									   requestName(request), endSession}));
		std::weak_ptr<Impl> weak = weak_from_this();
		backend.submit(std::move(request), [weak, id](RequestResult result) {
			if (auto self = weak.lock())
				self->onOperationResult(id, result);
		});
		if (config.requestTimeoutMs > 0)
			core.postAfter(std::chrono::milliseconds(config.requestTimeoutMs), [weak, id] {
				if (auto self = weak.lock())
					self->onOperationTimeout(id);
			});
	}

	/// Takes an operation out of inFlight; null when it already ended.
	std::shared_ptr<Operation> takeOperation(std::uint64_t id)
	{
		auto it = inFlight.find(id);
		if (it == inFlight.end())
			return nullptr;
		std::shared_ptr<Operation> operation = std::move(it->second);
		inFlight.erase(it);
		return operation;
	}

	void onOperationResult(std::uint64_t id, const RequestResult &result)
	{
		std::shared_ptr<Operation> operation = takeOperation(id);
		if (!operation) {
			/* Too late: the client has had its answer. Its EventError must not surface later. */
			pendingErrors.erase(result.referenceId);
			return;
		}
		onResult(operation->ex, operation->op, result);
		if (operation->endSession)
			endSession(operation->ex);
		respond(operation->ex, 200, okBody());
	}

	void onOperationTimeout(std::uint64_t id)
	{
		std::shared_ptr<Operation> operation = takeOperation(id);
		if (!operation)
			return;
		respond(operation->ex, 504,
			errorBody(status::Internal, fmt::format("T-Server did not answer {} within {} ms",
								operation->requestName, config.requestTimeoutMs)));
	}

	void onResult(const Exchange &ex, const std::string &op, const RequestResult &result)
	{
		if (!result.ok()) {
			auto it = pendingErrors.find(result.referenceId);
			Event error;
			if (it != pendingErrors.end()) {
				error = std::move(it->second);
				pendingErrors.erase(it);
			} else {
				error.type = EventType::Error;
				error.referenceId = result.referenceId;
				error.errorCode = result.errorCode;
				error.errorMessage = result.errorMessage;
				error.time = clock.now();
			}
			if (UserView *view = viewOf(ex.userId))
				publishError(*view, error, op);
		}
		/* Whatever is left was not caused by GwsApi: tell the user about it now. */
		flushPendingErrors();
	}

	void flushPendingErrors()
	{
		auto pending = std::move(pendingErrors);
		pendingErrors.clear();
		for (auto &[ref, error] : pending) {
			const DirectoryUser *user = directory.findByDn(error.thisDn);
			UserView *view = user ? viewOf(user->id) : nullptr;
			std::string_view name = error.failedRequest;
			if (name.substr(0, 7) == "Request")
				name.remove_prefix(7);
			if (view)
				publishError(*view, error, std::string(name));
		}
	}

	void endSession(const Exchange &ex)
	{
		sessions.erase(ex.sessionId);
		if (bayeux && !sessions.hasSessionsOf(ex.userId))
			bayeux->dropSessionsOf(ex.userId);
	}

	void postMe(Exchange &ex, UserView &view)
	{
		RequestBody body;
		std::string op;
		if (!parseOperation(ex, body, op))
			return;
		const DirectoryUser &user = view.user();
		bool loggedIn = view.dn() && view.dn()->agentState != AgentState::LoggedOut;
		if (op == "StartContactCenterSession") {
			std::vector<std::string> channels;
			std::string place, loginCode, queue;
			MaybeError error = body.stringArray("channels", true, channels);
			if (!error)
				error = body.string("place", false, place);
			if (!error)
				error = body.string("loginCode", false, loginCode);
			if (!error)
				error = body.string("queue", false, queue);
			if (!error && std::find(channels.begin(), channels.end(), "voice") == channels.end())
				error = invalid("channels", "must include \"voice\" (the only channel ctisim has)");
			if (!error && !place.empty() && place != user.place)
				error = ApiError{status::NotFound, fmt::format("Place {} not found", place)};
			if (!error && user.dn.empty())
				error = ApiError{status::InvalidState, "The user has no voice device"};
			if (error)
				return fail(ex, *error);
			if (loggedIn)
				return respond(ex, 200, okBody());
			req::AgentLogin login;
			login.thisDn = user.dn;
			login.agentId = loginCode.empty() ? user.agentId : loginCode;
			login.queue = queue;
			login.workMode = WorkMode::Unknown;
			return submit(ex, login, op);
		}
		if (op == "EndContactCenterSession") {
			if (user.dn.empty() || !loggedIn) {
				endSession(ex);
				return respond(ex, 200, okBody());
			}
			return submit(ex, req::AgentLogout{user.dn, {}}, op, true);
		}
		unknownOperation(ex, op);
	}

	void postVoiceChannel(Exchange &ex, UserView &view)
	{
		RequestBody body;
		std::string op;
		if (!parseOperation(ex, body, op))
			return;
		const Dn &dn = view.user().dn;
		if (op != "Ready" && op != "NotReady" && op != "AfterCallWork" && op != "AuxWork")
			return unknownOperation(ex, op);
		if (dn.empty())
			return fail(ex, status::InvalidState, "The user has no voice device");
		if (op == "Ready") {
			std::string workmode;
			if (MaybeError error = body.string("workmode", false, workmode))
				return fail(ex, *error);
			WorkMode mode = WorkMode::ManualIn;
			if (workmode == "AutoIn")
				mode = WorkMode::AutoIn;
			else if (!workmode.empty() && workmode != "ManualIn")
				return fail(ex, *invalid("workmode", "must be ManualIn or AutoIn"));
			return submit(ex, req::AgentReady{dn, mode}, op);
		}
		if (op == "AfterCallWork" && body.has("wrapUpTime")) {
			std::string wrapUp;
			if (MaybeError error = body.string("wrapUpTime", false, wrapUp))
				return fail(ex, *error);
		}
		WorkMode mode = op == "AfterCallWork" ? WorkMode::AfterCallWork
				: op == "AuxWork"     ? WorkMode::AuxWork
						      : WorkMode::Unknown;
		submit(ex, req::AgentNotReady{dn, mode}, op);
	}

	void postDevice(Exchange &ex, UserView &view)
	{
		RequestBody body;
		std::string op;
		if (!parseOperation(ex, body, op))
			return;
		if (op != "DoNotDisturbOn" && op != "DoNotDisturbOff" && op != "ForwardCallsOn" &&
		    op != "ForwardCallsOff")
			return unknownOperation(ex, op);
		std::vector<std::string_view> caps = deviceCapabilities(view.dn());
		if (std::find(caps.begin(), caps.end(), op) == caps.end())
			return fail(ex, status::InvalidState,
				    fmt::format("Operation {} is not valid in the device's current state", op));
		const Dn &dn = view.user().dn;
		if (op == "DoNotDisturbOn")
			return submit(ex, req::SetDndOn{dn}, op);
		if (op == "DoNotDisturbOff")
			return submit(ex, req::SetDndOff{dn}, op);
		if (op == "ForwardCallsOff")
			return submit(ex, req::CallForwardCancel{dn}, op);
		std::string destination;
		MaybeError error = body.string("destination", true, destination);
		if (!error && destination.empty())
			error = invalid("destination", "must not be empty");
		if (error)
			return fail(ex, *error);
		submit(ex, req::CallForwardSet{dn, destination}, op);
	}

	void dial(Exchange &ex, UserView &view)
	{
		RequestBody body;
		std::string op;
		if (!parseOperation(ex, body, op))
			return;
		if (op != "Dial")
			return unknownOperation(ex, op);
		req::MakeCall call;
		call.thisDn = view.user().dn;
		MaybeError error = body.destination(true, call.destination);
		if (!error)
			error = body.string("location", false, call.location);
		if (!error)
			error = body.userData("userData", false, call.userData);
		if (error)
			return fail(ex, *error);
		submit(ex, call, op);
	}

	void postCall(Exchange &ex, UserView &view, const std::string &id)
	{
		const TrackedCall *call = view.findById(id);
		if (!call) {
			/* A released call still takes a disposition (GWS sends it as a user event: nothing to see). */
			if (view.wasReleased(id)) {
				RequestBody body;
				std::string op;
				if (!parseOperation(ex, body, op))
					return;
				if (op == "SetCallDisposition") {
					std::string disposition;
					if (MaybeError error = body.string("disposition", true, disposition))
						return fail(ex, *error);
					return respond(ex, 200, okBody());
				}
			}
			return fail(ex, status::NotFound, fmt::format("Call {} not found", id));
		}
		RequestBody body;
		std::string op;
		if (!parseOperation(ex, body, op))
			return;
		if (!isCallOperation(op))
			return unknownOperation(ex, op);
		CallContext context = view.context(*call);
		if (op != "SetCallDisposition" && !callOperationAllowed(context, op))
			return fail(ex, status::InvalidState,
				    fmt::format("Operation {} is not valid in the call's current state", op));
		const Dn &dn = view.user().dn;
		ConnId connId = call->call->connId;

		if (op == "Answer")
			return submit(ex, req::AnswerCall{{dn, connId}}, op);
		if (op == "Hangup")
			return submit(ex, req::ReleaseCall{{dn, connId}}, op);
		if (op == "Hold")
			return submit(ex, req::HoldCall{{dn, connId}}, op);
		if (op == "Retrieve")
			return submit(ex, req::RetrieveCall{{dn, connId}}, op);
		if (op == "ClearCall")
			return submit(ex, req::ClearCall{{dn, connId}}, op);
		if (op == "MuteCall")
			return submit(ex, req::SetMuteOn{{dn, connId}}, op);
		if (op == "UnmuteCall")
			return submit(ex, req::SetMuteOff{{dn, connId}}, op);
		if (op == "DeleteUserData")
			return submit(ex, req::DeleteAllUserData{{dn, connId}}, op);

		if (op == "InitiateTransfer" || op == "InitiateConference" || op == "SingleStepTransfer" ||
		    op == "SingleStepConference") {
			req::DestinationRequest r{dn, connId, {}, {}, {}};
			MaybeError error = body.destination(true, r.destination);
			if (!error)
				error = body.string("location", false, r.location);
			if (!error)
				error = body.userData("userData", false, r.userData);
			if (error)
				return fail(ex, *error);
			if (op == "InitiateTransfer")
				return submit(ex, req::InitiateTransfer{r}, op);
			if (op == "InitiateConference")
				return submit(ex, req::InitiateConference{r}, op);
			if (op == "SingleStepTransfer")
				return submit(ex, req::SingleStepTransfer{r}, op);
			return submit(ex, req::SingleStepConference{r}, op);
		}
		if (op == "CompleteTransfer" || op == "CompleteConference" || op == "SwapCalls") {
			const char *param = op == "SwapCalls" ? "otherCallUri" : "consultCallUri";
			std::string uri;
			if (MaybeError error = body.string(param, false, uri))
				return fail(ex, *error);
			const TrackedCall *other =
				uri.empty() ? view.related(*call) : view.findById(callIdFromUri(uri));
			if (!other && !uri.empty())
				return fail(ex, status::NotFound, fmt::format("Call {} not found", callIdFromUri(uri)));
			if (!other || other == call)
				return fail(ex, status::InvalidState,
					    fmt::format("Operation {} needs a second call", op));
			const TrackedCall *held = call->ownState == PartyState::Held ? call : other;
			const TrackedCall *current = held == call ? other : call;
			if (held->ownState != PartyState::Held)
				return fail(ex, status::InvalidState,
					    fmt::format("Operation {} needs one of the calls held", op));
			req::TwoCallRequest r{dn, held->call->connId, current->call->connId};
			if (op == "CompleteTransfer")
				return submit(ex, req::CompleteTransfer{r}, op);
			if (op == "CompleteConference")
				return submit(ex, req::CompleteConference{r}, op);
			return submit(ex, req::AlternateCall{r}, op);
		}
		if (op == "RemoveParticipantFromConference") {
			std::string participant;
			MaybeError error = body.string("participant", true, participant);
			if (!error && (participant == dn || !call->call->party(participant)))
				error = invalid("participant", "is not a participant of the call");
			if (error)
				return fail(ex, *error);
			return submit(ex, req::DeleteFromConference{dn, connId, participant}, op);
		}
		if (op == "SendDtmf") {
			std::string digits;
			MaybeError error = body.string("digits", true, digits);
			if (!error && !isValidDtmf(digits))
				error = invalid("digits", "must be a non-empty string of 0-9, * and #");
			if (error)
				return fail(ex, *error);
			return submit(ex, req::SendDtmf{dn, connId, digits}, op);
		}
		if (op == "AttachUserData" || op == "UpdateUserData") {
			UserData data;
			MaybeError error = body.userData("userData", true, data);
			if (!error && data.empty())
				error = invalid("userData", "must not be empty");
			if (error)
				return fail(ex, *error);
			if (op == "AttachUserData")
				return submit(ex, req::AttachUserData{dn, connId, data}, op);
			return submit(ex, req::UpdateUserData{dn, connId, data}, op);
		}
		if (op == "DeleteUserDataPair") {
			std::string key;
			MaybeError error = body.string("key", true, key);
			if (!error && key.empty())
				error = invalid("key", "must not be empty");
			if (error)
				return fail(ex, *error);
			return submit(ex, req::DeleteUserData{dn, connId, key}, op);
		}
		/* SetCallDisposition on a live call: an UpdateUserData of the disposition key. */
		std::string disposition, key = config.defaultDispositionKey;
		MaybeError error = body.string("disposition", true, disposition);
		if (!error)
			error = body.string("dispositionKey", false, key);
		if (!error && key.empty())
			error = invalid("dispositionKey", "must not be empty");
		if (error)
			return fail(ex, *error);
		submit(ex, req::UpdateUserData{dn, connId, UserData{{key, disposition}}}, op);
	}

	/* ---- notifications ----------------------------------------------------------------------- */

	void publish(const UserView &view, std::string_view channel, rapidjson::StringBuffer &buffer)
	{
		auto message = std::make_shared<const std::string>(finish(buffer));
		if (config.trafficObserver)
			config.trafficObserver->onNotification(view.user().userName, *message);
		notifier.publish(view.user().id, channel, std::move(message));
	}

	void onEvent(const Event &event)
	{
		if (event.type == EventType::LinkDisconnected)
			return onLinkDown();
		if (event.type == EventType::LinkConnected)
			return onLinkUp();
		const DirectoryUser *user = directory.findByDn(event.thisDn);
		UserView *view = user ? viewOf(user->id) : nullptr;
		if (!view)
			return;
		if (event.type == EventType::Error) {
			if (pendingErrors.size() >= maxPendingErrors)
				flushPendingErrors();
			pendingErrors[event.referenceId] = event;
			return;
		}
		const TrackedCall *call = view->apply(event);
		if (isDeviceEvent(event.type))
			return publishDevice(*view);
		if (!call || !isCallEvent(event.type))
			return;
		publishCall(*view, *call, event);
		if (call->ownState == PartyState::Released)
			view->forget(call->call->connId);
		checkCapabilitiesAfterStep(*view);
	}

	/* ---- capabilities another call changed ----------------------------------------------------
	 * A call's capabilities depend on the user's other calls: the consult pair's SwapCalls,
	 * CompleteTransfer and CompleteConference, and Retrieve on a parent held for a transfer.
	 * When the other call of the pair ends, this call gets no switch event, yet its
	 * capabilities change: the user is then sent a StatusChange for it, as it stands
	 * (docs/api.md, "Capabilities changed by another call"). The check runs once the
	 * switch step is over, so that a pair ending in one step (CompleteTransfer) sends
	 * nothing more. */

	/// The capabilities each user's client was last sent for each call it has, by user id.
	std::unordered_map<std::string, std::unordered_map<ConnId, std::vector<std::string_view>>> sentCapabilities;
	/// Users whose calls are to be checked by the task posted for the end of this step.
	std::vector<std::string> capabilityCheckDue;

	std::vector<std::string_view> currentCapabilities(const UserView &view, const TrackedCall &call) const
	{
		if (!linkUp)
			return {};
		return callCapabilities(view.context(call));
	}

	void checkCapabilitiesAfterStep(const UserView &view)
	{
		if (capabilityCheckDue.empty()) {
			core.post([weak = weak_from_this()] {
				if (auto self = weak.lock())
					self->notifyChangedCapabilities();
			});
		}
		if (std::find(capabilityCheckDue.begin(), capabilityCheckDue.end(), view.user().id) ==
		    capabilityCheckDue.end())
			capabilityCheckDue.push_back(view.user().id);
	}

	void notifyChangedCapabilities()
	{
		for (const std::string &userId : std::exchange(capabilityCheckDue, {})) {
			const UserView *view = viewOf(userId);
			auto sent = sentCapabilities.find(userId);
			if (!view || sent == sentCapabilities.end())
				continue;
			/* Calls merged into another one leave without a Released of their own. */
			std::erase_if(sent->second, [view](const auto &entry) { return !view->find(entry.first); });
			for (const TrackedCall *call : view->calls()) {
				auto told = sent->second.find(call->call->connId);
				/* A call never notified (loaded at start) is the client's to GET. */
				if (told != sent->second.end() && told->second != currentCapabilities(*view, *call))
					publishCallState(*view, *call);
			}
		}
		notifier.flush();
	}

	void publishDevice(const UserView &view)
	{
		rapidjson::StringBuffer buffer;
		JsonWriter w(buffer);
		w.StartObject();
		writeKey(w, "data");
		w.StartObject();
		writeKey(w, "messageType");
		writeString(w, "DeviceStateChangeMessage");
		writeKey(w, "devices");
		w.StartArray();
		writeDevice(w, view.user(), view.dn(), config, linkUp);
		w.EndArray();
		w.EndObject();
		writeKey(w, "channel");
		writeString(w, devicesChannel);
		w.EndObject();
		publish(view, devicesChannel, buffer);
	}

	void publishCall(const UserView &view, const TrackedCall &call, const Event &event)
	{
		rapidjson::StringBuffer buffer;
		JsonWriter w(buffer);
		w.StartObject();
		writeKey(w, "data");
		w.StartObject();
		writeKey(w, "notificationType");
		writeString(w, notificationTypeOf(event.type));
		writeKey(w, "call");
		writeCall(w, call, view, config, event.time, linkUp);
		writeKey(w, "phoneNumber");
		writeString(w, view.user().dn);
		writeKey(w, "extensions");
		if (event.extensions.empty()) {
			w.StartObject();
			writeKey(w, "BusinessCall");
			w.Int(0);
			w.EndObject();
		} else {
			writeUserData(w, event.extensions);
		}
		writeKey(w, "messageType");
		writeString(w, "CallStateChangeMessage");
		w.EndObject();
		writeKey(w, "channel");
		writeString(w, callsChannel);
		w.EndObject();
		publish(view, callsChannel, buffer);
		if (call.ownState == PartyState::Released)
			sentCapabilities[view.user().id].erase(call.call->connId);
		else
			sentCapabilities[view.user().id][call.call->connId] = currentCapabilities(view, call);
	}

	void publishError(const UserView &view, const Event &error, const std::string &op)
	{
		bool onCalls = !error.connId.isNull();
		if (op == "Dial" || isCallOperation(op))
			onCalls = true;
		else if (isDeviceOperation(op))
			onCalls = false;
		std::string_view channel = onCalls ? callsChannel : devicesChannel;
		rapidjson::StringBuffer buffer;
		JsonWriter w(buffer);
		w.StartObject();
		writeKey(w, "data");
		w.StartObject();
		writeKey(w, "messageType");
		writeString(w, "ErrorMessage");
		writeKey(w, "notificationType");
		writeString(w, "Error");
		writeKey(w, "errorCode");
		w.Int(error.errorCode);
		writeKey(w, "errorMessage");
		writeString(w, error.errorMessage);
		writeKey(w, "operationName");
		writeString(w, op);
		writeKey(w, "referenceId");
		w.Uint(error.referenceId);
		writeKey(w, "phoneNumber");
		writeString(w, view.user().dn);
		if (!error.connId.isNull()) {
			if (const TrackedCall *call = view.find(error.connId)) {
				writeKey(w, "call");
				writeCall(w, *call, view, config, error.time ? error.time : clock.now(), linkUp);
			}
		}
		w.EndObject();
		writeKey(w, "channel");
		writeString(w, channel);
		w.EndObject();
		publish(view, channel, buffer);
	}

	static bool isDeviceOperation(std::string_view op)
	{
		static const std::vector<std::string_view> ops = {
			"StartContactCenterSession", "EndContactCenterSession", "Ready", "NotReady", "AfterCallWork",
			"AuxWork", "DoNotDisturbOn", "DoNotDisturbOff", "ForwardCallsOn", "ForwardCallsOff",
			/* failedRequest spellings of errors GwsApi did not send */
			"AgentLogin", "AgentLogout", "AgentReady", "AgentNotReady", "SetDndOn", "SetDndOff",
			"CallForwardSet", "CallForwardCancel", "QueryAddress"};
		return std::find(ops.begin(), ops.end(), op) != ops.end();
	}

	/* ---- the switch link ------------------------------------------------------------------- */

	/// A notification about call as it stands, outside any switch event.
	void publishCallState(const UserView &view, const TrackedCall &call)
	{
		Event status;
		status.type = EventType::Established; /* any state event: a StatusChange */
		status.time = clock.now();
		publishCall(view, call, status);
	}

	/// T-Server is gone: devices and calls lose their capabilities, operations waiting
	/// for the switch end in an ErrorMessage, new ones are refused (see submit()).
	void onLinkDown()
	{
		if (!linkUp)
			return;
		linkUp = false;
		++linkEpoch;
		for (const DirectoryUser &user : directory.users()) {
			UserView *view = viewOf(user.id);
			if (!view || user.dn.empty())
				continue;
			publishDevice(*view);
			for (const TrackedCall *call : view->calls())
				publishCallState(*view, *call);
		}
		Event error;
		error.type = EventType::Error;
		error.errorCode = terr::NoSwitch;
		error.errorMessage = terrText(terr::NoSwitch);
		error.time = clock.now();
		for (auto &[id, operation] : std::exchange(inFlight, {})) {
			/* Accepted before the link went: answered as accepted, the failure comes on CometD. */
			if (UserView *view = viewOf(operation->ex.userId))
				publishError(*view, error, operation->op);
			respond(operation->ex, 200, okBody());
		}
	}

	/// T-Server is back: register the DNs again, then reload each DN and tell its user.
	void onLinkUp()
	{
		if (linkUp)
			return;
		linkUp = true;
		std::uint64_t epoch = ++linkEpoch;
		/* Not from inside the backend's delivery of this event: from a task of our own. */
		core.post([weak = weak_from_this(), epoch] {
			auto self = weak.lock();
			if (!self || epoch != self->linkEpoch)
				return;
			if (self->subscription && self->sink) {
				self->backend.unsubscribe(*self->subscription);
				self->subscription = self->backend.subscribe(*self->sink);
			}
			self->resynchronize(epoch);
		});
	}

	void resynchronize(std::uint64_t epoch)
	{
		std::uint64_t gen = generation;
		std::weak_ptr<Impl> weak = weak_from_this();
		for (const DirectoryUser &user : directory.users()) {
			if (user.dn.empty())
				continue;
			backend.submit(req::QueryAddress{user.dn},
				       [weak, gen, epoch, userId = user.id](RequestResult result) {
					       auto self = weak.lock();
					       if (!self)
						       return;
					       self->pendingErrors.erase(result.referenceId);
					       if (gen != self->generation || epoch != self->linkEpoch)
						       return; /* a reset or another link change came first */
					       if (UserView *view = self->viewOf(userId))
						       self->resynchronized(*view, result);
				       });
		}
	}

	/// The user's DN as T-Server now reports it: the device is Active again, calls that
	/// ended meanwhile are Released, the others (old and new) are notified as they stand.
	void resynchronized(UserView &view, const RequestResult &result)
	{
		std::vector<TrackedCall> gone;
		if (result.ok()) {
			for (const TrackedCall *call : view.calls()) {
				bool still = std::any_of(
					result.calls.begin(), result.calls.end(), [&](const CallSnapshotPtr &c) {
						return c && c->connId == call->call->connId && c->party(view.user().dn);
					});
				if (!still)
					gone.push_back(*call);
			}
			for (const TrackedCall &call : gone)
				view.forget(call.call->connId);
			view.load(result.dn, result.calls);
		}
		publishDevice(view);
		for (TrackedCall &call : gone) {
			call.ownState = PartyState::Released;
			Event released;
			released.type = EventType::Released;
			released.time = clock.now();
			publishCall(view, call, released);
		}
		for (const TrackedCall *call : view.calls())
			publishCallState(view, *call);
	}

	/* ---- reset ------------------------------------------------------------------------------- */

	void reset(Directory dir, GwsConfig cfg, std::function<void()> done)
	{
		++generation;
		if (bayeux) {
			for (const DirectoryUser &user : directory.users()) {
				if (sessions.hasSessionsOf(user.id))
					bayeux->dropSessionsOf(user.id);
			}
		}
		sessions.clear();
		pendingErrors.clear();
		sentCapabilities.clear();
		directory = std::move(dir);
		config = std::move(cfg);
		buildViews();
		load(std::move(done));
	}
};

GwsApi::GwsApi(Backend &backend, Executor &core, const Clock &clock, Directory directory, GwsConfig config,
	       Notifier &notifier, BayeuxEndpoint *bayeux)
    : impl_(std::make_shared<Impl>(backend, core, clock, std::move(directory), std::move(config), notifier, bayeux))
{
}

GwsApi::~GwsApi()
{
	if (impl_->subscription)
		impl_->backend.unsubscribe(*impl_->subscription);
}

void GwsApi::handle(HttpRequest request, HttpReply reply)
{
	std::weak_ptr<Impl> weak = impl_;
	impl_->core.post([weak, request = std::move(request), reply = std::move(reply)]() mutable {
		auto self = weak.lock();
		if (!self)
			return;
		Exchange ex;
		ex.request = std::move(request);
		ex.reply = std::move(reply);
		self->handle(std::move(ex));
	});
}

void GwsApi::onEvent(const Event &event)
{
	impl_->onEvent(event);
}

void GwsApi::start(std::function<void()> ready)
{
	impl_->sink = this;
	impl_->subscription = impl_->backend.subscribe(*this);
	std::weak_ptr<Impl> weak = impl_;
	impl_->core.post([weak, ready = std::move(ready)]() mutable {
		if (auto self = weak.lock())
			self->load(std::move(ready));
	});
}

void GwsApi::reset(Directory directory, GwsConfig config, std::function<void()> done)
{
	std::weak_ptr<Impl> weak = impl_;
	impl_->core.post(
		[weak, directory = std::move(directory), config = std::move(config), done = std::move(done)]() mutable {
			if (auto self = weak.lock())
				self->reset(std::move(directory), std::move(config), std::move(done));
		});
}

std::size_t GwsApi::sessionCount() const
{
	return impl_->sessions.size();
}

} /* namespace ctisim::api */
