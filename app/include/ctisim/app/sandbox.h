/* SPDX-License-Identifier: MIT */
/*
 * Sandbox: one complete ctisim server in a process: the simulated switch, the
 * GWS resources, the CometD endpoint, the control API and the HTTP server,
 * wired together. `ctisim serve` runs one; `ctisim replay` runs one per replay.
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ctisim/api/bayeux_server.h"
#include "ctisim/api/control_api.h"
#include "ctisim/api/http_server.h"
#include "ctisim/api/traffic_recorder.h"
#include "ctisim/journal.h"
#include "ctisim/journal_file.h"
#include "ctisim/link/remote_backend.h"

namespace ctisim::app {

/// Everything a sandbox is started with. The defaults are those of the
/// components' own config structs, written once there; `ctisim serve --help`
/// prints them from here.
struct SandboxOptions {
	/// Address, port (0 = any free port) and limits of the HTTP server.
	api::HttpServerConfig http;
	/// The CometD engine: how long a /meta/connect is held, the queue per session...
	api::BayeuxConfig bayeux;
	/// A --config file's JSON text (see api/include/ctisim/api/sandbox_config.h);
	/// empty = the embedded default configuration.
	std::string configJson;
	/// Network threads; 0 = one per core. The core strand owns the switch, the front ends and
	/// every connection (docs/architecture.md, "Threads"), so one is the common case.
	unsigned threads = 1;
	/// --cors-origins: replaces the allowed origins of every configuration's CORS policy
	/// (api::CorsPolicy; empty = CORS off); nullopt = the configuration's.
	std::optional<std::vector<std::string>> corsOrigins;

	/// Entries kept for GET /sim/v1/journal; 0 = no journal (unless record.path is set).
	std::size_t journalEntries = Journal::defaultCapacity;
	/// Every journal entry as a JSON line to record.path (rotated); empty path = none.
	JournalFileOptions record;

	/// "tcp://HOST:PORT": the switch is a `ctisim switch` process reached over
	/// the switch link (docs/switch-protocol.md); empty = the embedded switch.
	std::string backendUrl;
	/// The link to that switch: heartbeat, reconnection delays, the link token (host and port come from
	/// backendUrl).
	link::RemoteBackendConfig remote;
	/// start() fails when the switch is not reachable within this.
	std::chrono::milliseconds connectTimeout{10000};
	/// Every JSESSIONID issued ends in ".<sessionRoute>" (GwsConfig::sessionRoute),
	/// for a sticky load balancer (docs/nginx-sticky.conf); empty = no suffix.
	std::string sessionRoute;
	/// Who may use /sim/v1 besides loopback clients (--control-access): nobody else, every
	/// client (the image), or clients with HTTP Basic credentials. The configuration's
	/// "control" credentials are accepted as well.
	api::ControlExposure control;
	/// `ctisim record`: keep the clients' traffic for recording() (docs/recording.md).
	bool recordTraffic = false;
};

class Sandbox
{
public:
	explicit Sandbox(SandboxOptions options);
	~Sandbox();

	/// Binds and starts serving on background threads; throws std::runtime_error
	/// with a clear message when it cannot (port in use, bad configuration).
	void start();
	/// The port actually bound (useful with port 0).
	std::uint16_t port() const;
	/// "http://127.0.0.1:<port>"
	std::string url() const;
	/// Prints where everything is and the demo credentials (the first line is
	/// "ctisim <version> listening on <url>", which scripts may wait for).
	void printBanner(std::FILE *out) const;
	/// Graceful: held long-polls are answered, then the threads stop. Idempotent.
	void stop();
	/// Blocks until stop() or SIGINT/SIGTERM.
	void waitForShutdownSignal();
	/// With recordTraffic: what clients did since start() or the last reset.
	api::Recording recording() const;

private:
	struct Impl;
	std::unique_ptr<Impl> impl_;
};

} /* namespace ctisim::app */
