/* SPDX-License-Identifier: MIT */
/*
 * The voice routes: the body read, the call found among the user's own, the
 * request sent and answered {"status":{"code":1}} at once; a switch refusal
 * comes back as EventError.
 */
#include "workspace/voice_routes.h"

#include <algorithm>

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>

#include "ctisim/json/write.h"

#include "ctisim/client/http_text.h"
#include "ctisim/tserver_error.h"
#include "workspace/voice_events.h"
#include "workspace/voice_messages.h"

namespace ctisim::api::workspace {

namespace {

/* A request whose row exists but which the switch cannot serve yet: told, never faked. */
void tellUnsupported(WorkspaceState &state, const DirectoryUser &user, std::string_view path, std::string_view why)
{
	std::string message = fmt::format("The switch does not support {} yet", path);
	if (!why.empty())
		message = fmt::format("The switch does not support {}: {}", path, why);
	publishError(state, user, terr::UnsupportedOperation, message);
}

void submit(WorkspaceState &state, const DirectoryUser &user, Request request)
{
	std::weak_ptr<WorkspaceState> weak = state.weak_from_this();
	state.backend.submit(std::move(request), [weak, userId = user.id](RequestResult result) {
		auto self = weak.lock();
		if (!self || result.ok())
			return;
		/* The user's workspace may have ended meanwhile: then nobody is told. */
		if (Workspace *ws = self->workspaceOf(userId))
			publishError(*self, ws->view.user(), result.errorCode, result.errorMessage);
		self->notifier.flush();
	});
}

} /* namespace */

void postVoice(WorkspaceState &state, Exchange &ex, Workspace &ws, std::string_view path, std::string_view callId)
{
	const VoicePlace place = callId.empty() ? VoicePlace::Dn : VoicePlace::Call;
	const VoiceRow *row = findVoiceRow(path, place);
	if (!row)
		return state.fail(ex, 404, fmt::format("No voice request {}", path));
	const TrackedCall *call = nullptr;
	if (place == VoicePlace::Call) {
		std::optional<ConnId> id = ConnId::parse(callId);
		call = id ? ws.view.find(*id) : nullptr;
		bool released = id && std::find(ws.releasedCalls.begin(), ws.releasedCalls.end(), *id) !=
					      ws.releasedCalls.end();
		/* Another user's call, or none: not found (nothing tells whose it is). */
		if (!call && !(released && row->path == "complete"))
			return state.fail(ex, 404, fmt::format("Call {} not found", callId));
	}
	if (ws.view.user().dn.empty())
		return state.fail(ex, 400, "The user has no DN: no voice channel");
	RequestBody top;
	RequestBody data;
	/* The client sends no body at all to ready, dnd-on, ... */
	std::string_view text =
		client::trim(ex.request.body).empty() ? std::string_view("{}") : std::string_view(ex.request.body);
	MaybeError error = top.parse(text);
	if (!error)
		error = data.parse(text);
	if (!error)
		error = data.within("data");
	if (error)
		return state.fail(ex, *error);
	if (!call && place == VoicePlace::Call) /* complete on a released call */
		return state.respondStatus(ex, 1);
	VoicePlan plan = row->build(VoiceInput{data, top, ws, call, state});
	if (plan.error)
		return state.fail(ex, *plan.error);
	if (plan.request)
		submit(state, ws.view.user(), std::move(*plan.request));
	else if (plan.unsupported)
		tellUnsupported(state, ws.view.user(), row->path, plan.unsupportedReason);
	state.respondStatus(ex, 1);
}

void getCalls(WorkspaceState &state, Exchange &ex, const Workspace &ws)
{
	state.respondData(ex, [&](json::Writer &w) {
		json::writeKey(w, "calls");
		w.StartArray();
		for (const TrackedCall *call : ws.view.calls())
			writeCall(w, state, ws.view, *call);
		w.EndArray();
	});
}

} /* namespace ctisim::api::workspace */
