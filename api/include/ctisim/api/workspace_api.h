/* SPDX-License-Identifier: MIT */
/*
 * WorkspaceApi: the Workspace API v3 (/workspace/v3 and a minimal /auth/v3) as
 * a second front end over the same Backend as GwsApi, for clients built on
 * Genesys' official workspace client libraries (docs/workspace-api.md). It
 * shares the Bayeux engine, the directory and the per-user call views with
 * the GWS layer, and knows nothing of it: a call between a v2 and a v3 agent
 * is just a call on the switch.
 */
#pragma once

#include <memory>

#include "ctisim/api/bayeux_endpoint.h"
#include "ctisim/api/directory.h"
#include "ctisim/api/http_exchange.h"
#include "ctisim/api/notifier.h"
#include "ctisim/api/workspace_config.h"
#include "ctisim/backend.h"
#include "ctisim/clock.h"
#include "ctisim/executor.h"

namespace ctisim::api {

namespace workspace {
struct WorkspaceState; /* api/src/workspace/workspace_state.h */
} /* namespace workspace */

/// Threading as GwsApi: all state lives on `core`; handle() may be called from any
/// thread and posts its work there; events and results arrive there.
class WorkspaceApi final : public HttpHandler, public EventSink
{
public:
	/// backend, core, clock, notifier and bayeux must outlive the WorkspaceApi.
	WorkspaceApi(Backend &backend, Executor &core, const Clock &clock, Directory directory, WorkspaceConfig config,
		     Notifier &notifier, BayeuxEndpoint &bayeux);
	~WorkspaceApi() override;

	WorkspaceApi(const WorkspaceApi &) = delete;
	WorkspaceApi &operator=(const WorkspaceApi &) = delete;

	/// Any thread: /auth/v3/... and /workspace/v3/...; the reply runs on `core`.
	void handle(HttpRequest request, HttpReply reply) override;
	/// Backend events (on `core`).
	void onEvent(const Event &event) override;

	/// Subscribes to the backend. Nothing is loaded until a user initializes a workspace.
	void start();

	/// Live WORKSPACE_SESSIONID sessions. Call on `core`.
	std::size_t sessionCount() const;

private:
	std::shared_ptr<workspace::WorkspaceState> state_;
};

} /* namespace ctisim::api */
