/* SPDX-License-Identifier: MIT */
/*
 * GwsApi: the Genesys Web Services v2 Voice API on top of a Backend. Turns
 * parsed HTTP requests into authenticated, validated backend requests, and
 * backend events into per-user CometD notifications (docs/api.md).
 */
#pragma once

#include <functional>
#include <memory>

#include "ctisim/api/bayeux_endpoint.h"
#include "ctisim/api/directory.h"
#include "ctisim/api/gws_config.h"
#include "ctisim/api/http_exchange.h"
#include "ctisim/api/notifier.h"
#include "ctisim/backend.h"
#include "ctisim/clock.h"
#include "ctisim/executor.h"

namespace ctisim::api {

struct GwsState; /* api/src/gws/gws_state.h */

/// Threading: every piece of GWS state lives on `core`, the executor the backend
/// runs on, so there are no locks: handle() may be called from any thread and
/// posts its work there; onEvent() and backend results arrive there. Destroy the
/// GwsApi only after `core` has stopped running tasks (pending tasks then do
/// nothing: they hold a weak reference).
class GwsApi final : public HttpHandler, public EventSink
{
public:
	/// backend, core, clock and notifier must outlive the GwsApi; bayeux may be
	/// null (then /api/v2/notifications answers statusCode 4, HTTP 501).
	GwsApi(Backend &backend, Executor &core, const Clock &clock, Directory directory, GwsConfig config,
	       Notifier &notifier, BayeuxEndpoint *bayeux);
	~GwsApi() override;

	GwsApi(const GwsApi &) = delete;
	GwsApi &operator=(const GwsApi &) = delete;

	/// Any thread. The reply runs on `core`.
	void handle(HttpRequest request, HttpReply reply) override;
	/// Backend events (on `core`).
	void onEvent(const Event &event) override;

	/// Subscribes to the backend and loads every user's DN state and calls
	/// (QueryAddress); ready runs on `core` once all are loaded. Call once.
	void start(std::function<void()> ready);

	/// Drops every HTTP session (and the users' Bayeux sessions), replaces the
	/// directory and configuration, reloads the state; done runs on `core`.
	void reset(Directory directory, GwsConfig config, std::function<void()> done);

	/// Live HTTP sessions. Call on `core` (tests call it between runs of a manual executor).
	std::size_t sessionCount() const;

private:
	std::shared_ptr<GwsState> state_;
};

} /* namespace ctisim::api */
