/* SPDX-License-Identifier: MIT */
/*
 * Sandbox: one complete ctisim server in a process: the simulated switch, the
 * GWS resources, the CometD endpoint, the control API and the HTTP server,
 * wired together. `ctisim serve` runs one; `ctisim replay` runs one per replay.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "ctisim/api/traffic_recorder.h"

namespace ctisim::cli {

struct SandboxOptions {
	std::string address = "127.0.0.1";
	std::uint16_t port = 8080; ///< 0 = any free port
	/// A --config file's JSON text (see api/include/ctisim/api/sandbox_config.h);
	/// empty = the embedded default configuration.
	std::string configJson;
	unsigned threads = 0; ///< 0 = one per core

	/* Limits (the HTTP server's and the CometD engine's; defaults as theirs). */
	std::size_t maxHeaderBytes = 8192;
	std::size_t maxBodyBytes = 64 * 1024;
	std::size_t maxConnections = 20000;
	unsigned readTimeoutMs = 30000;	 ///< a request must arrive whole within
	unsigned idleTimeoutMs = 120000; ///< an idle keep-alive connection is closed after
	unsigned pollTimeoutMs = 30000;	 ///< how long a /meta/connect is held (CometD "timeout")
	std::size_t maxQueue = 1000;	 ///< notifications queued per CometD session before it is expired

	/* The journal (GET /sim/v1/journal) and its file (docs/control-api.md). */
	std::size_t journalEntries = 10000;		    ///< entries kept; 0 = no journal (unless recordPath is set)
	std::string recordPath;				    ///< every journal entry as a JSON line here; empty = none
	std::uint64_t recordMaxBytes = 64ull * 1024 * 1024; ///< per file, before rotation
	unsigned recordFiles = 5;			    ///< FILE, FILE.1 ... kept

	/// "tcp://HOST:PORT": the switch is a `ctisim switch` process reached over
	/// the switch link (docs/switch-protocol.md); empty = the embedded switch.
	std::string backendUrl;
	unsigned connectTimeoutMs = 10000; ///< start() fails when the switch is not reachable within
	unsigned heartbeatMs = 1000;	   ///< the switch link's heartbeat (dead after 3 silent intervals)
	std::string linkToken;		   ///< sent in the switch link's hello (the switch's --link-token)
	/// Every JSESSIONID issued ends in ".<sessionRoute>" (GwsConfig::sessionRoute),
	/// for a sticky load balancer (docs/nginx-sticky.conf); empty = no suffix.
	std::string sessionRoute;
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

} /* namespace ctisim::cli */
