/* SPDX-License-Identifier: MIT */
/*
 * Link loss and resynchronization of the users' views with T-Server.
 */
#include "link_resync.h"

#include <algorithm>
#include <vector>

#include "ctisim/tserver_error.h"

#include "inflight.h"
#include "notification_publisher.h"

namespace ctisim::api {

namespace {

/// The user's DN as T-Server now reports it: the device is Active again, calls that
/// ended meanwhile are Released, the others (old and new) are notified as they stand.
void resynchronized(GwsState &state, UserView &view, const RequestResult &result)
{
	std::vector<TrackedCall> gone;
	if (result.ok()) {
		for (const TrackedCall *call : view.calls()) {
			bool still =
				std::any_of(result.calls.begin(), result.calls.end(), [&](const CallSnapshotPtr &c) {
					return c && c->connId == call->call->connId && c->party(view.user().dn);
				});
			if (!still)
				gone.push_back(*call);
		}
		for (const TrackedCall &call : gone)
			view.forget(call.call->connId);
		view.load(result.dn, result.calls);
		state.statistics.load(view.user().dn, result.calls, state.clock.now());
	}
	publishDevice(state, view);
	for (TrackedCall &call : gone) {
		call.ownState = PartyState::Released;
		Event released;
		released.type = EventType::Released;
		released.time = state.clock.now();
		publishCall(state, view, call, released);
	}
	for (const TrackedCall *call : view.calls())
		publishCallState(state, view, *call);
}

void resynchronize(GwsState &state, std::uint64_t epoch)
{
	std::uint64_t gen = state.generation;
	std::weak_ptr<GwsState> weak = state.weak_from_this();
	for (const DirectoryUser &user : state.directory.users()) {
		if (user.dn.empty())
			continue;
		state.backend.submit(req::QueryAddress{user.dn},
				     [weak, gen, epoch, userId = user.id](RequestResult result) {
					     auto self = weak.lock();
					     if (!self)
						     return;
					     self->pendingErrors.erase(result.referenceId);
					     if (gen != self->generation || epoch != self->linkEpoch)
						     return; /* a reset or another link change came first */
					     if (UserView *view = self->viewOf(userId))
						     resynchronized(*self, *view, result);
				     });
	}
}

} /* namespace */

void onLinkDown(GwsState &state)
{
	if (!state.linkUp)
		return;
	state.linkUp = false;
	++state.linkEpoch;
	for (const DirectoryUser &user : state.directory.users()) {
		UserView *view = state.viewOf(user.id);
		if (!view || user.dn.empty())
			continue;
		publishDevice(state, *view);
		for (const TrackedCall *call : view->calls())
			publishCallState(state, *view, *call);
	}
	Event error;
	error.type = EventType::Error;
	error.errorCode = terr::NoSwitch;
	error.errorMessage = terrText(terr::NoSwitch);
	error.time = state.clock.now();
	abandonInFlight(state, error);
}

void onLinkUp(GwsState &state)
{
	if (state.linkUp)
		return;
	state.linkUp = true;
	std::uint64_t epoch = ++state.linkEpoch;
	/* Not from inside the backend's delivery of this event: from a task of our own. */
	state.core.post([weak = state.weak_from_this(), epoch] {
		auto self = weak.lock();
		if (!self || epoch != self->linkEpoch)
			return;
		if (self->subscription && self->sink) {
			self->backend.unsubscribe(*self->subscription);
			self->subscription = self->backend.subscribe(*self->sink);
		}
		resynchronize(*self, epoch);
	});
}

} /* namespace ctisim::api */
