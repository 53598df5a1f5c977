/* SPDX-License-Identifier: MIT */
/*
 * `ctisim record --out FILE.json`: the sandbox like `ctisim serve`, keeping
 * what its GWS clients do; on SIGINT or SIGTERM that is written as a scenario.
 */
#include <cstdio>
#include <stdexcept>
#include <string>

#include "ctisim/api/recorded_scenario.h"
#include "ctisim/app/atomic_file.h"
#include "ctisim/app/sandbox.h"
#include "ctisim/app/sandbox_flags.h"

#include "commands.h"

namespace ctisim::cli {

int recordMain(int argc, char **argv)
{
	app::CommandLine cmd("ctisim record --out FILE.json [FLAGS]",
			     "Runs the sandbox like `ctisim serve` and records what its GWS clients do: each /api/v2\n"
			     "request with its response, and the notifications each user receives. On SIGINT or\n"
			     "SIGTERM it writes them to FILE.json as a scenario that `ctisim replay` replays against\n"
			     "a fresh sandbox (call ids captured, durations as placeholders; docs/recording.md).\n"
			     "A POST /sim/v1/reset starts the recording again from the new configuration.");
	cmd.addOption("out", "FILE", "", "the scenario file to write (required; written atomically at the end)");
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
	sandbox.printBanner(stdout);
	std::fprintf(stdout, "  recording    to %s when stopped (SIGINT or SIGTERM)\n", out.c_str());
	std::fflush(stdout);
	sandbox.waitForShutdownSignal();
	sandbox.stop();

	api::Recording recording = sandbox.recording();
	std::string name = out.substr(out.find_last_of('/') + 1);
	if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0)
		name.resize(name.size() - 5);
	app::writeFileAtomically(out, api::writeRecordedScenario(recording, name));
	std::fprintf(stderr, "ctisim record: wrote %zu steps to %s\n", api::recordedStepCount(recording), out.c_str());
	return 0;
}

} /* namespace ctisim::cli */
