/* SPDX-License-Identifier: MIT */
/*
 * ctisim: the command line. Each subcommand is a file of its own (commands.h);
 * exceptions stop here and become a message and an exit code.
 */
#include <cstdio>
#include <exception>
#include <string>

#include "commands.h"

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

} /* namespace */

int main(int argc, char **argv)
{
	using namespace ctisim::cli;
	try {
		std::string command = argc > 1 ? argv[1] : "serve";
		if (command == "help" || command == "--help" || command == "-h") {
			std::fputs(topHelp, stdout);
			return 0;
		}
		if (command == "replay")
			return replayMain(argc - 1, argv + 1);
		if (command == "serve")
			return serveMain(argc, argv, 2);
		if (command == "record")
			return recordMain(argc - 1, argv + 1);
		if (command == "switch")
			return switchMain(argc - 1, argv + 1);
		if (command == "health")
			return healthMain(argc - 1, argv + 1);
		if (command.rfind("--", 0) == 0)
			return serveMain(argc, argv, 1);
		std::fprintf(stderr, "ctisim: unknown command '%s'\n\n%s", command.c_str(), topHelp);
		return 2;
	} catch (const std::exception &e) {
		std::fprintf(stderr, "ctisim: %s\n", e.what());
		return 1;
	}
}
