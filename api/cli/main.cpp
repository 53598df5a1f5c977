/* SPDX-License-Identifier: MIT */
/*
 * ctisim: the command line. `ctisim serve` runs the sandbox, `ctisim replay`
 * replays scenario files, `ctisim record` runs the sandbox and writes what its
 * clients did as a scenario file. Exceptions stop here and become a message and an exit code.
 */
#include <cstdio>
#include <exception>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "ctisim/api/recorded_scenario.h"
#include "ctisim/log.h"

#include "atomic_file.h"
#include "command_line.h"
#include "health_command.h"
#include "replay_command.h"
#include "sandbox.h"
#include "switch_command.h"

namespace {

constexpr const char *topHelp =
	"usage: ctisim [COMMAND] [FLAGS]\n"
	"\n"
	"A simulated Genesys T-Server behind the GWS v2 Voice API and its CometD notifications.\n"
	"\n"
	"commands:\n"
	"  serve     run the sandbox (the default command)\n"
	"  replay    replay scenario files against an embedded or a remote server\n"
	"  record    run the sandbox like serve and write what clients did as a scenario file\n"
	"  switch    run the simulated switch alone, shared by front ends (serve --backend)\n"
	"  health    ask a running sandbox GET /sim/v1/health (exit code 0 when healthy)\n"
	"  help      print this help\n"
	"\n"
	"`ctisim COMMAND --help` lists the flags of a command with their defaults.\n";

std::string readFile(const std::string &path)
{
	std::ifstream in(path, std::ios::binary);
	if (!in)
		throw std::runtime_error("cannot read " + path);
	std::ostringstream text;
	text << in.rdbuf();
	return text.str();
}

/// A flag's value as a whole number within [min, max], or a clear error.
std::size_t number(const ctisim::cli::CommandLine &cmd, const std::string &flag, std::size_t min, std::size_t max)
{
	const std::string text = cmd.value(flag);
	std::size_t used = 0;
	unsigned long long value = 0;
	try {
		value = std::stoull(text, &used);
	} catch (const std::exception &) {
		used = 0;
	}
	if (used == 0 || used != text.size() || text[0] == '-' || value < min || value > max)
		throw std::runtime_error("--" + flag + " must be a whole number from " + std::to_string(min) + " to " +
					 std::to_string(max) + ", not '" + text + "'");
	return static_cast<std::size_t>(value);
}

/// The flags of the sandbox, shared by `serve` and `record`.
void addSandboxOptions(ctisim::cli::CommandLine &cmd)
{
	cmd.addOption("host", "ADDRESS", "127.0.0.1", "address to listen on");
	cmd.addOption("port", "PORT", "8080", "port to listen on; 0 picks a free one");
	cmd.addOption("config", "FILE", "",
		      "JSON configuration changing the embedded default (keys: docs/control-api.md)");
	cmd.addOption("threads", "N", "0", "network threads; 0 = one per core");
	cmd.addOption("max-header-bytes", "N", "8192", "largest request head; more gets HTTP 431");
	cmd.addOption("max-body-bytes", "N", "65536", "largest request body; more gets HTTP 413");
	cmd.addOption("max-connections", "N", "20000", "open connections; more get HTTP 503");
	cmd.addOption("read-timeout-ms", "MS", "30000", "a request must arrive whole within this time");
	cmd.addOption("idle-timeout-ms", "MS", "120000", "an idle keep-alive connection is closed after this time");
	cmd.addOption("poll-timeout-ms", "MS", "30000", "how long a CometD /meta/connect is held (advice.timeout)");
	cmd.addOption("max-queue", "N", "1000",
		      "notifications queued per CometD session; past it the session is expired");
	cmd.addOption("backend", "URL", "",
		      "tcp://HOST:PORT of a `ctisim switch` to share; empty = the embedded switch");
	cmd.addOption("connect-timeout-ms", "MS", "10000",
		      "with --backend: give up starting when the switch is not reachable within");
	cmd.addOption("heartbeat-ms", "MS", "1000",
		      "with --backend: link heartbeat; the switch is lost after 3 silent intervals");
	cmd.addOption("link-token", "SECRET", "",
		      "with --backend: the switch's --link-token, sent in the hello; prefer CTISIM_LINK_TOKEN");
	cmd.addOption("session-route", "NAME", "",
		      "end every JSESSIONID in .NAME (a-z, 0-9) so a load balancer can stick to this front end");
	cmd.addOption("journal-entries", "N", "10000", "journal entries kept for GET /sim/v1/journal; 0 = no journal");
	cmd.addOption("record", "FILE", "", "also write every journal entry to FILE as JSON lines (rotated)");
	cmd.addOption("record-max-bytes", "N", "67108864", "with --record: FILE is rotated to FILE.1 past this size");
	cmd.addOption("record-files", "N", "5", "with --record: files kept, FILE and FILE.1 .. FILE.(N-1)");
	cmd.addLogOptions();
}

/// The SandboxOptions of addSandboxOptions' flags; an exit code when they are wrong.
std::optional<int> readSandboxOptions(const ctisim::cli::CommandLine &cmd, const char *command,
				      ctisim::cli::SandboxOptions &options)
{
	if (auto error = cmd.applyLogOptions())
		throw std::runtime_error(*error);
	options.address = cmd.value("host");
	options.port = static_cast<std::uint16_t>(number(cmd, "port", 0, 65535));
	options.threads = static_cast<unsigned>(number(cmd, "threads", 0, 1024));
	options.maxHeaderBytes = number(cmd, "max-header-bytes", 1024, 1 << 20);
	options.maxBodyBytes = number(cmd, "max-body-bytes", 1024, 64 << 20);
	options.maxConnections = number(cmd, "max-connections", 1, 1000000);
	options.readTimeoutMs = static_cast<unsigned>(number(cmd, "read-timeout-ms", 100, 3600000));
	options.idleTimeoutMs = static_cast<unsigned>(number(cmd, "idle-timeout-ms", 100, 3600000));
	options.pollTimeoutMs = static_cast<unsigned>(number(cmd, "poll-timeout-ms", 0, 600000));
	options.maxQueue = number(cmd, "max-queue", 1, 1000000);
	if (cmd.isSet("config"))
		options.configJson = readFile(cmd.value("config"));
	options.journalEntries = number(cmd, "journal-entries", 0, 10000000);
	options.recordPath = cmd.value("record");
	options.recordMaxBytes = number(cmd, "record-max-bytes", 1024, std::size_t{1} << 40);
	options.recordFiles = static_cast<unsigned>(number(cmd, "record-files", 1, 1000));
	options.backendUrl = cmd.value("backend");
	options.connectTimeoutMs = static_cast<unsigned>(number(cmd, "connect-timeout-ms", 0, 3600000));
	options.heartbeatMs = static_cast<unsigned>(number(cmd, "heartbeat-ms", 50, 60000));
	options.linkToken = cmd.value("link-token");
	options.sessionRoute = cmd.value("session-route");
	if (options.sessionRoute.size() > 32 ||
	    options.sessionRoute.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") != std::string::npos) {
		std::fprintf(stderr, "%s: --session-route must be at most 32 lowercase letters and digits\n", command);
		return 2;
	}
	return std::nullopt;
}

int serveMain(int argc, char **argv, int first)
{
	using ctisim::cli::CommandLine;
	CommandLine cmd("ctisim serve [FLAGS]",
			"Runs the sandbox: the simulated switch, the GWS v2 API under /api/v2, CometD at\n"
			"/api/v2/notifications, the control API under /sim/v1 and the web console at /.");
	addSandboxOptions(cmd);
	cmd.useEnvironment("CTISIM_");
	if (auto exit = cmd.parseOrExit(argc, argv, first, "ctisim serve"))
		return *exit;
	ctisim::cli::SandboxOptions options;
	if (auto exit = readSandboxOptions(cmd, "ctisim serve", options))
		return *exit;

	ctisim::cli::Sandbox sandbox(std::move(options));
	sandbox.start();
	sandbox.printBanner(stdout);
	std::fflush(stdout);
	sandbox.waitForShutdownSignal();
	sandbox.stop();
	return 0;
}

int recordMain(int argc, char **argv)
{
	using ctisim::cli::CommandLine;
	CommandLine cmd("ctisim record --out FILE.json [FLAGS]",
			"Runs the sandbox like `ctisim serve` and records what its GWS clients do: each /api/v2\n"
			"request with its response, and the notifications each user receives. On SIGINT or\n"
			"SIGTERM it writes them to FILE.json as a scenario that `ctisim replay` replays against\n"
			"a fresh sandbox (call ids captured, durations as placeholders; docs/recording.md).\n"
			"A POST /sim/v1/reset starts the recording again from the new configuration.");
	cmd.addOption("out", "FILE", "", "the scenario file to write (required; written atomically at the end)");
	addSandboxOptions(cmd);
	if (auto exit = cmd.parseOrExit(argc, argv, 1, "ctisim record"))
		return *exit;
	const std::string out = cmd.value("out");
	if (out.empty()) {
		std::fprintf(stderr, "ctisim record: --out FILE.json is required (see --help)\n");
		return 2;
	}
	if (auto error = ctisim::cli::checkWritable(out)) {
		std::fprintf(stderr, "ctisim record: %s\n", error->c_str());
		return 2;
	}
	ctisim::cli::SandboxOptions options;
	if (auto exit = readSandboxOptions(cmd, "ctisim record", options))
		return *exit;
	options.recordTraffic = true;

	ctisim::cli::Sandbox sandbox(std::move(options));
	sandbox.start();
	sandbox.printBanner(stdout);
	std::fprintf(stdout, "  recording    to %s when stopped (SIGINT or SIGTERM)\n", out.c_str());
	std::fflush(stdout);
	sandbox.waitForShutdownSignal();
	sandbox.stop();

	ctisim::api::Recording recording = sandbox.recording();
	std::string name = out.substr(out.find_last_of('/') + 1);
	if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0)
		name.resize(name.size() - 5);
	ctisim::cli::writeFileAtomically(out, ctisim::api::writeRecordedScenario(recording, name));
	std::fprintf(stderr, "ctisim record: wrote %zu steps to %s\n", ctisim::api::recordedStepCount(recording),
		     out.c_str());
	return 0;
}

} /* namespace */

int main(int argc, char **argv)
{
	try {
		std::string command = argc > 1 ? argv[1] : "serve";
		if (command == "help" || command == "--help" || command == "-h") {
			std::fputs(topHelp, stdout);
			return 0;
		}
		if (command == "replay")
			return ctisim::cli::replayMain(argc - 1, argv + 1);
		if (command == "serve")
			return serveMain(argc, argv, 2);
		if (command == "record")
			return recordMain(argc - 1, argv + 1);
		if (command == "switch")
			return ctisim::cli::switchMain(argc - 1, argv + 1);
		if (command == "health")
			return ctisim::cli::healthMain(argc - 1, argv + 1);
		if (command.rfind("--", 0) == 0)
			return serveMain(argc, argv, 1);
		std::fprintf(stderr, "ctisim: unknown command '%s'\n\n%s", command.c_str(), topHelp);
		return 2;
	} catch (const std::exception &e) {
		std::fprintf(stderr, "ctisim: %s\n", e.what());
		return 1;
	}
}
