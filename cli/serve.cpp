/* SPDX-License-Identifier: MIT */
/*
 * `ctisim serve`: the sandbox (app/) with the flags of sandbox_flags.h, until
 * SIGINT or SIGTERM.
 */
#include <cstdio>
#include <stdexcept>

#include "ctisim/app/sandbox.h"
#include "ctisim/app/sandbox_flags.h"

#include "commands.h"

namespace ctisim::cli {

int serveMain(int argc, char **argv, int first)
{
	app::CommandLine cmd("ctisim serve [FLAGS]",
			     "Runs the sandbox: the simulated switch, the GWS v2 API under /api/v2, CometD at\n"
			     "/api/v2/notifications, the control API under /sim/v1 and the web console at /.");
	app::addSandboxFlags(cmd);
	cmd.useEnvironment("CTISIM_");
	if (auto exit = cmd.parseOrExit(argc, argv, first, "ctisim serve"))
		return *exit;
	app::SandboxOptions options;
	try {
		options = app::readSandboxFlags(cmd);
	} catch (const std::runtime_error &e) {
		std::fprintf(stderr, "ctisim serve: %s\n", e.what());
		return 2;
	}

	app::Sandbox sandbox(std::move(options));
	sandbox.start();
	sandbox.printBanner(stdout);
	std::fflush(stdout);
	sandbox.waitForShutdownSignal();
	sandbox.stop();
	return 0;
}

} /* namespace ctisim::cli */
