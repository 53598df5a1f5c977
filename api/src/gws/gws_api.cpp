/* SPDX-License-Identifier: MIT */
/*
 * GwsApi: the facade over the GWS layer's pieces (docs/architecture.md, "The
 * GWS layer"). It owns the shared state, runs requests on the core
 * executor (runOnCore), and sends each backend event to the piece it concerns.
 */
#include "ctisim/api/gws_api.h"

#include "core_task.h"
#include "gws_router.h"
#include "gws_state.h"
#include "inflight.h"
#include "link_resync.h"
#include "notification_publisher.h"

namespace ctisim::api {

GwsApi::GwsApi(Backend &backend, Executor &core, const Clock &clock, Directory directory, GwsConfig config,
	       Notifier &notifier, BayeuxEndpoint *bayeux)
    : state_(std::make_shared<GwsState>(backend, core, clock, std::move(directory), std::move(config), notifier,
					bayeux))
{
}

GwsApi::~GwsApi()
{
	if (state_->subscription)
		state_->backend.unsubscribe(*state_->subscription);
}

void GwsApi::handle(HttpRequest request, HttpReply reply)
{
	std::weak_ptr<GwsState> weak = state_;
	runOnCore(state_->core, state_->notifier,
		  [weak, request = std::move(request), reply = std::move(reply)]() mutable {
			  auto self = weak.lock();
			  if (!self)
				  return;
			  Exchange ex;
			  ex.request = std::move(request);
			  ex.reply = std::move(reply);
			  routeRequest(*self, std::move(ex));
		  });
}

void GwsApi::onEvent(const Event &event)
{
	GwsState &state = *state_;
	if (event.type == EventType::LinkDisconnected)
		return onLinkDown(state);
	if (event.type == EventType::LinkConnected)
		return onLinkUp(state);
	state.statistics.onEvent(event);
	UserView *view = state.viewOfDn(event.thisDn);
	if (!view)
		return;
	if (event.type == EventType::Error)
		return holdSwitchError(state, event);
	publishSwitchEvent(state, *view, event);
}

void GwsApi::start(std::function<void()> ready)
{
	state_->sink = this;
	state_->subscription = state_->backend.subscribe(*this);
	std::weak_ptr<GwsState> weak = state_;
	state_->core.post([weak, ready = std::move(ready)]() mutable {
		if (auto self = weak.lock())
			self->load(std::move(ready));
	});
}

void GwsApi::reset(Directory directory, GwsConfig config, std::function<void()> done)
{
	std::weak_ptr<GwsState> weak = state_;
	state_->core.post(
		[weak, directory = std::move(directory), config = std::move(config), done = std::move(done)]() mutable {
			if (auto self = weak.lock())
				self->reset(std::move(directory), std::move(config), std::move(done));
		});
}

std::size_t GwsApi::sessionCount() const
{
	return state_->sessions.size();
}

} /* namespace ctisim::api */
