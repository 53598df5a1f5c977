/* SPDX-License-Identifier: MIT */
/*
 * ControlApi: the sandbox control API under /sim/v1 (docs/control-api.md).
 * Tests and the scenario replayer use it to reset the sandbox, move the
 * virtual clock, inject inbound calls, act as remote parties and change how a
 * number behaves, over plain HTTP.
 */
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "ctisim/api/http_exchange.h"
#include "ctisim/api/sandbox_config.h"
#include "ctisim/backend.h"
#include "ctisim/executor.h"
#include "ctisim/fault_injecting_backend.h"
#include "ctisim/journal.h"
#include "ctisim/switch_control.h"

namespace ctisim::api {

namespace control {
struct ControlState;
}

/// The --control-access flag: who may use /sim/v1 beyond loopback, for the
/// process's life (a reset's configuration changes only ControlAccess).
struct ControlExposure {
	/// Every client is served: in a container, whose own loopback holds no client.
	bool open = false;
	/// Others are also served with these HTTP Basic credentials.
	std::optional<ControlAccess> credentials;
};

/**
 * Routes (all JSON; errors are {"statusCode":n,"statusMessage":"..."}):
 *   GET  /sim/v1/health                       {"status":"ok"}
 *   POST /sim/v1/reset                        body: a configuration, or empty for the initial one
 *   GET  /sim/v1/clock                        {"statusCode":0,"now":ms,"virtualClock":bool}
 *   POST /sim/v1/clock                        {"set":ms} or {"advance":ms}
 *   POST /sim/v1/calls                        {"from","to","userData"} → {"connId","callUuid"}
 *   POST /sim/v1/parties/{dn}/answer|hangup|dtmf  {"connId"|"callUuid","digits"}
 *   PUT  /sim/v1/dns/{dn}/behaviour           {"behaviour","answerDelayMs","rejectCode"}
 *   GET  /sim/v1/state                        the switch state
 *   GET  /sim/v1/faults                       the faults in force (see FaultInjectingBackend)
 *   POST /sim/v1/faults                       {"link":"down"|"up","eventDelayMs":n,"dropRequests":n,"dropEvents":n}
 *   GET  /sim/v1/journal?dn=&connId=&since=&until=&after=&limit=&wait=
 *                                             recorded requests, results, events; wait=MS
 *                                             holds the request until one with seq > after matches
 *   GET  /sim/v1/openapi.json                 the OpenAPI 3.1 description of /sim/v1
 *
 * Access: requests from loopback are always served. Others need HTTP Basic
 * credentials matching the configured ControlAccess or the ControlExposure's,
 * and are refused (403) when none is configured, unless the ControlExposure
 * is open (a container's published port: docs/ci-fixture.md).
 *
 * @par Thread Safety
 * handle() may be called from any thread; replies are sent from the backend's
 * executor (or at once for errors found before reaching the switch).
 */
class ControlApi final : public HttpHandler
{
public:
	/// Called with the completion of a reset: an empty string on success, else
	/// what went wrong.
	using ResetDone = std::function<void(std::string error)>;
	/// The sandbox rebuilds its state from config (nullopt = the configuration
	/// it started with), then calls done once, from any thread.
	using ResetHandler = std::function<void(std::optional<SandboxConfig> config, ResetDone done)>;

	/// backend and control must outlive the handler, or be replaced with rebind()
	/// before they go (a reset that rebuilds the switch).
	ControlApi(Backend &backend, SwitchControl &control, Executor &core, ResetHandler reset,
		   std::optional<ControlAccess> access = std::nullopt, ControlExposure exposure = {});

	~ControlApi() override;

	void handle(HttpRequest request, HttpReply reply) override;

	/// Points the API at a rebuilt switch (and its access rule) after a reset.
	void rebind(Backend &backend, SwitchControl &control, Executor &core, std::optional<ControlAccess> access);

	/// The fault injector of /sim/v1/faults (null: the route answers 501). It must
	/// outlive the binding; rebind it after a reset that rebuilds it.
	void bindFaults(FaultInjectingBackend *faults);

	/// The journal of /sim/v1/journal (null: the route answers 404, the journal is
	/// off). Replaced after a reset, which starts a new journal.
	/// Its long polls (journal?wait=) are answered at once with what the old one holds.
	void bindJournal(std::shared_ptr<Journal> journal);

private:
	bool allowed(const HttpRequest &request) const;

	/// What the routes share (api/src/control/control_state.h).
	std::unique_ptr<control::ControlState> state_;
};

} /* namespace ctisim::api */
