/* SPDX-License-Identifier: MIT */
/*
 * `ctisim record --out FILE.json`: the sandbox like `ctisim serve`, keeping
 * what its GWS clients do; on SIGINT or SIGTERM that is written as a scenario.
 * With --upstream URL the same, but the clients talk to a real GWS through it.
 */
#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>

#include "ctisim/api/recorded_scenario.h"
#include "ctisim/app/atomic_file.h"
#include "ctisim/app/proxy_server.h"
#include "ctisim/app/sandbox.h"
#include "ctisim/app/sandbox_flags.h"
#include "ctisim/client/url.h"

#include "commands.h"

namespace ctisim::cli {

namespace {

/// The scenario's name: the file's, without .json.
std::string scenarioName(const std::string &out)
{
	std::string name = out.substr(out.find_last_of('/') + 1);
	if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0)
		name.resize(name.size() - 5);
	return name;
}

/// Runs server (a started Sandbox or ProxyServer) until SIGINT or SIGTERM, then
/// writes what it recorded to out as a scenario.
template <typename Server> void recordUntilStopped(Server &server, const std::string &out)
{
	server.printBanner(stdout);
	std::fprintf(stdout, "  recording    to %s when stopped (SIGINT or SIGTERM)\n", out.c_str());
	std::fflush(stdout);
	server.waitForShutdownSignal();
	server.stop();
	api::Recording recording = server.recording();
	app::writeFileAtomically(out, api::writeRecordedScenario(recording, scenarioName(out)));
	std::fprintf(stderr, "ctisim record: wrote %zu steps to %s\n", api::recordedStepCount(recording), out.c_str());
}

/// The sandbox's own flags, which mean nothing in front of a real GWS.
constexpr const char *sandboxOnlyFlags[] = {
	"config",     "poll-timeout-ms", "max-queue",	    "backend", "connect-timeout-ms", "heartbeat-ms",
	"link-token", "session-route",	 "journal-entries", "record",  "record-max-bytes",   "record-files"};

int recordThroughProxy(const app::CommandLine &cmd, const std::string &out)
{
	for (const char *flag : sandboxOnlyFlags) {
		if (cmd.isSet(flag)) {
			std::fprintf(stderr,
				     "ctisim record: --%s configures the sandbox; with --upstream there is none\n",
				     flag);
			return 2;
		}
	}
	app::ProxyOptions options;
	try {
		if (auto error = cmd.applyLogOptions())
			throw std::runtime_error(*error);
		std::string error;
		auto url = client::Url::parse(cmd.value("upstream"), error);
		if (!url)
			throw std::runtime_error("--upstream: " + error);
		options.upstream.url = *url;
		options.upstream.caFile = cmd.value("upstream-ca");
		options.upstream.insecure = cmd.isSet("upstream-insecure");
		options.upstream.responseTimeout =
			std::chrono::milliseconds(cmd.number("upstream-timeout-ms", 100, 3600000));
		options.upstream.maxResponseBytes = cmd.number("upstream-max-response-bytes", 1024, 1 << 30);
		options.proxy.maxInFlight = cmd.number("max-in-flight", 1, 100000);
		options.maxRecordBytes = cmd.number("max-record-bytes", 1024, std::size_t{1} << 40);
		options.http.address = cmd.value("host");
		options.http.port = static_cast<std::uint16_t>(cmd.number("port", 0, 65535));
		options.http.maxHeaderBytes = cmd.number("max-header-bytes", 1024, 1 << 20);
		options.http.maxBodyBytes = cmd.number("max-body-bytes", 1024, 64 << 20);
		options.http.maxConnections = cmd.number("max-connections", 1, 1000000);
		options.http.readTimeout = std::chrono::milliseconds(cmd.number("read-timeout-ms", 100, 3600000));
		options.http.idleTimeout = std::chrono::milliseconds(cmd.number("idle-timeout-ms", 100, 3600000));
		options.threads = static_cast<unsigned>(cmd.number("threads", 0, 1024));
		if (options.threads == 0)
			options.threads = std::max(1u, std::thread::hardware_concurrency());
		if (!options.upstream.url.tls && (options.upstream.insecure || !options.upstream.caFile.empty()))
			throw std::runtime_error("--upstream-ca and --upstream-insecure need an https:// upstream");
	} catch (const std::runtime_error &e) {
		std::fprintf(stderr, "ctisim record: %s\n", e.what());
		return 2;
	}

	app::ProxyServer proxy(std::move(options));
	try {
		proxy.start();
	} catch (const std::runtime_error &e) {
		std::fprintf(stderr, "ctisim record: %s\n", e.what());
		return 2;
	}
	recordUntilStopped(proxy, out);
	if (std::size_t dropped = proxy.dropped())
		std::fprintf(stderr, "ctisim record: %zu exchanges or notifications left out (--max-record-bytes)\n",
			     dropped);
	return 0;
}

} /* namespace */

int recordMain(int argc, char **argv)
{
	const app::ProxyOptions d;
	app::CommandLine cmd(
		"ctisim record --out FILE.json [--upstream URL] [FLAGS]",
		"Runs the sandbox like `ctisim serve` and records what its GWS clients do: each /api/v2\n"
		"request with its response, and the notifications each user receives. On SIGINT or\n"
		"SIGTERM it writes them to FILE.json as a scenario that `ctisim replay` replays against\n"
		"a fresh sandbox (call ids captured, durations as placeholders; docs/recording.md).\n"
		"A POST /sim/v1/reset starts the recording again from the new configuration.\n"
		"\n"
		"With --upstream URL there is no sandbox: every /api/v2 request (REST and CometD) is\n"
		"forwarded to the GWS at URL and its answer relayed, the upstream's address rewritten to\n"
		"this one's; the scenario gets a setup inferred from the traffic (users, DNs, ids, CSRF).\n"
		"Passwords are never stored (a step names its user only); /sim/v1 is not forwarded; an\n"
		"upstream that does not answer gives the client HTTP 503 statusCode 4 and the recording\n"
		"goes on. `ctisim replay FILE.json --report R` then shows where ctisim differs.");
	cmd.addOption("out", "FILE", "", "the scenario file to write (required; written atomically at the end)");
	cmd.addOption("upstream", "URL", "",
		      "http[s]://HOST[:PORT][/BASE] of a real GWS: record through a proxy instead of a sandbox");
	cmd.addOption("upstream-ca", "FILE", "", "with an https upstream: PEM CAs to trust instead of the system's");
	cmd.addSwitch("upstream-insecure", "with an https upstream: do not verify its certificate (labs only)");
	cmd.addOption("upstream-timeout-ms", "MS", std::to_string(d.upstream.responseTimeout.count()),
		      "with --upstream: an exchange (a CometD long poll too) must end within this");
	cmd.addOption("upstream-max-response-bytes", "N", std::to_string(d.upstream.maxResponseBytes),
		      "with --upstream: a larger response gets HTTP 503");
	cmd.addOption("max-in-flight", "N", std::to_string(d.proxy.maxInFlight),
		      "with --upstream: requests forwarded at once; more get HTTP 503");
	cmd.addOption("max-record-bytes", "N", std::to_string(d.maxRecordBytes),
		      "with --upstream: bodies kept in the recording; past it nothing more is recorded");
	app::addSandboxFlags(cmd);
	if (auto exit = cmd.parseOrExit(argc, argv, 1, "ctisim record"))
		return *exit;
	const std::string out = cmd.value("out");
	if (out.empty()) {
		std::fprintf(stderr, "ctisim record: --out FILE.json is required (see --help)\n");
		return 2;
	}
	if (auto error = app::checkWritable(out)) {
		std::fprintf(stderr, "ctisim record: %s\n", error->c_str());
		return 2;
	}
	if (cmd.isSet("upstream"))
		return recordThroughProxy(cmd, out);
	for (const char *flag : {"upstream-ca", "upstream-insecure", "upstream-timeout-ms",
				 "upstream-max-response-bytes", "max-in-flight", "max-record-bytes"}) {
		if (cmd.isSet(flag)) {
			std::fprintf(stderr, "ctisim record: --%s needs --upstream\n", flag);
			return 2;
		}
	}
	app::SandboxOptions options;
	try {
		options = app::readSandboxFlags(cmd);
	} catch (const std::runtime_error &e) {
		std::fprintf(stderr, "ctisim record: %s\n", e.what());
		return 2;
	}
	options.recordTraffic = true;

	app::Sandbox sandbox(std::move(options));
	sandbox.start();
	recordUntilStopped(sandbox, out);
	return 0;
}

} /* namespace ctisim::cli */
