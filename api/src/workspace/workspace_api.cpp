/* SPDX-License-Identifier: MIT */
/*
 * WorkspaceApi: the facade over the v3 front end's pieces. It owns the state,
 * runs requests on the core executor (runOnCore), and sends each switch event to the
 * workspace of the user whose DN it is on.
 */
#include "ctisim/api/workspace_api.h"

#include "core_task.h"
#include "workspace/voice_events.h"
#include "workspace/workspace_router.h"
#include "workspace/workspace_state.h"

namespace ctisim::api {

WorkspaceApi::WorkspaceApi(Backend &backend, Executor &core, const Clock &clock, Directory directory,
			   WorkspaceConfig config, Notifier &notifier, BayeuxEndpoint &bayeux)
    : state_(std::make_shared<workspace::WorkspaceState>(backend, core, clock, std::move(directory), std::move(config),
							 notifier, bayeux))
{
}

WorkspaceApi::~WorkspaceApi()
{
	if (state_->subscription)
		state_->backend.unsubscribe(*state_->subscription);
}

void WorkspaceApi::handle(HttpRequest request, HttpReply reply)
{
	std::weak_ptr<workspace::WorkspaceState> weak = state_;
	runOnCore(state_->core, state_->notifier,
		  [weak, request = std::move(request), reply = std::move(reply)]() mutable {
			  auto self = weak.lock();
			  if (!self)
				  return;
			  workspace::Exchange ex;
			  ex.request = std::move(request);
			  ex.reply = std::move(reply);
			  workspace::routeRequest(*self, std::move(ex));
		  });
}

void WorkspaceApi::onEvent(const Event &event)
{
	workspace::WorkspaceState &state = *state_;
	if (event.type == EventType::LinkDisconnected || event.type == EventType::LinkConnected)
		return workspace::onLinkChange(state, event.type == EventType::LinkConnected);
	/* A failed request is told from its result, to its sender only (voice_routes.cpp); and
	 * with no v3 user signed in, an event has nobody to reach (no DN lookup per event). */
	if (event.type == EventType::Error || state.workspaces.empty())
		return;
	workspace::Workspace *ws = state.workspaceOfDn(event.thisDn);
	if (!ws || !ws->loaded)
		return;
	workspace::publishSwitchEvent(state, *ws, event);
}

void WorkspaceApi::start()
{
	state_->subscription = state_->backend.subscribe(*this);
}

std::size_t WorkspaceApi::sessionCount() const
{
	return state_->sessions.size();
}

} /* namespace ctisim::api */
