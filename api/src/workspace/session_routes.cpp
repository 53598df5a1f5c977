/* SPDX-License-Identifier: MIT */
/*
 * The workspace session routes.
 */
#include "workspace/session_routes.h"

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>

#include "ctisim/client/http_text.h"
#include "ctisim/json/write.h"
#include "gws/request_body.h"
#include "http_auth.h" /* api/src */
#include "workspace/auth_routes.h"
#include "workspace/initialization.h"
#include "workspace/voice_events.h"

namespace ctisim::api::workspace {

namespace {

/// The user of ?code= (used once; its redirect_uri must be named again), or of the Bearer token.
const DirectoryUser *initializingUser(WorkspaceState &state, const Exchange &ex)
{
	std::string_view query = ex.request.query();
	std::optional<std::string> code = queryParam(query, "code");
	if (!code)
		return bearerUser(state, ex.request);
	const Grant *grant = state.tokens.find(TokenTable::Kind::Code, *code, state.clock.now());
	if (!grant || grant->redirectUri != queryParam(query, "redirect_uri").value_or(""))
		return nullptr;
	const DirectoryUser *user = state.directory.findById(grant->userId);
	state.tokens.erase(TokenTable::Kind::Code, *code);
	return user;
}

std::optional<WorkMode> workModeOf(std::string_view name)
{
	if (name.empty() || name == "ManualIn")
		return WorkMode::ManualIn;
	if (name == "AutoIn")
		return WorkMode::AutoIn;
	return std::nullopt;
}

} /* namespace */

void initializeWorkspace(WorkspaceState &state, Exchange &ex)
{
	const DirectoryUser *user = initializingUser(state, ex);
	if (!user)
		return state.fail(ex, 401, "The access token or authorization code is invalid or has expired");
	const WorkspaceConfig &c = state.config;
	TimeMs now = state.clock.now();
	const HttpSession *session =
		state.sessions.create(user->id, now, c.maxSessions, c.sessionIdleTimeoutMs, c.maxSessionsPerUser);
	if (!session)
		return state.fail(ex, 503, fmt::format("Too many workspace sessions (the limit is {})", c.maxSessions));
	ex.headers.emplace_back("Set-Cookie", fmt::format("{}={}; Path=/; HttpOnly", sessionCookie, session->id));
	auto [it, created] = state.workspaces.try_emplace(user->id, UserView(*user, 100, true));
	it->second.greeting = initializationGreeting(state, *user, now);
	if (!created && it->second.loaded)
		return state.respondStatus(ex, 1);
	/* The DN's state before the answer: activate-channels may follow at once. */
	std::weak_ptr<WorkspaceState> weak = state.weak_from_this();
	loadWorkspace(state, user->id, [weak, ex = std::move(ex)](bool) mutable {
		if (auto self = weak.lock())
			self->respondStatus(ex, 1);
	});
}

void activateChannels(WorkspaceState &state, Exchange &ex, Workspace &ws)
{
	const DirectoryUser &user = ws.view.user();
	RequestBody data;
	std::string agentId, dn, place, queue, mode;
	MaybeError error = data.parse(client::trim(ex.request.body).empty() ? std::string_view("{}") : ex.request.body);
	if (!error)
		error = data.within("data");
	for (auto [name, out] : {std::pair{"agentId", &agentId}, std::pair{"dn", &dn}, std::pair{"placeName", &place},
				 std::pair{"queueName", &queue}, std::pair{"agentWorkMode", &mode}}) {
		if (!error)
			error = data.string(name, false, *out);
	}
	if (error)
		return state.fail(ex, *error);
	if (dn.empty() && place.empty())
		return state.fail(ex, 400, "'dn' or 'placeName' is required");
	/* One DN per user in this directory: the user's own, or the place it sits at. */
	if ((!dn.empty() && dn != user.dn) || (dn.empty() && place != user.place) || user.dn.empty())
		return state.fail(ex, 400,
				  fmt::format("The user {} cannot use {} {}", user.userName,
					      dn.empty() ? "place" : "DN", dn.empty() ? place : dn));
	std::optional<WorkMode> workMode = workModeOf(mode);
	if (!workMode)
		return state.fail(ex, 400, "'agentWorkMode' must be AutoIn or ManualIn");
	ws.activated = true;
	const DnSnapshot *current = ws.view.dn();
	if (current && current->agentState != AgentState::LoggedOut) {
		/* Already logged in (another desktop, a reload): its state, as a fresh login would tell it. */
		publishDn(state, ws.view);
		return state.respondStatus(ex, 0);
	}
	req::AgentLogin login{user.dn, agentId.empty() ? user.agentId : agentId, queue, *workMode};
	std::weak_ptr<WorkspaceState> weak = state.weak_from_this();
	state.backend.submit(login, [weak, ex = std::move(ex)](RequestResult result) mutable {
		auto self = weak.lock();
		if (!self)
			return;
		if (!result.ok())
			return self->fail(ex, 409,
					  fmt::format("The switch refused the login: {}", result.errorMessage));
		self->respondStatus(ex, 0);
	});
}

void getCurrentSession(WorkspaceState &state, Exchange &ex, const Workspace &ws)
{
	state.respondData(ex, [&](json::Writer &w) {
		json::writeKey(w, "user");
		writeUser(w, state, ws.view.user());
	});
}

void logoutWorkspace(WorkspaceState &state, Exchange &ex)
{
	std::string_view id = ex.request.cookie(sessionCookie);
	HttpSession *session = id.empty() ? nullptr : state.sessions.find(id, state.clock.now());
	ex.headers.emplace_back("Set-Cookie", fmt::format("{}=; Path=/; Max-Age=0", sessionCookie));
	if (session) {
		std::string userId = session->userId;
		state.sessions.erase(session->id);
		Workspace *ws = state.sessions.hasSessionsOf(userId) ? nullptr : state.workspaceOf(userId);
		/* The user's last workspace session: its agent leaves the switch as it came. */
		if (ws) {
			const DnSnapshot *dn = ws->view.dn();
			if (ws->activated && dn && dn->agentState != AgentState::LoggedOut)
				state.backend.submit(req::AgentLogout{ws->view.user().dn, {}}, [](RequestResult) {});
			state.workspaces.erase(state.workspaces.find(userId));
		}
	}
	state.respondStatus(ex, 0);
}

} /* namespace ctisim::api::workspace */
