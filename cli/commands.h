/* SPDX-License-Identifier: MIT */
/*
 * The subcommands of the ctisim program. Each parses its flags, calls the
 * libraries and returns the process exit code (0 done, 1 it failed, 2 bad usage).
 */
#pragma once

namespace ctisim::cli {

/// `ctisim serve`: the sandbox until SIGINT/SIGTERM. argv[first..] are its flags.
int serveMain(int argc, char **argv, int first);
/// `ctisim record --out FILE`: serve, then write what clients did as a scenario. argv[0] is "record".
int recordMain(int argc, char **argv);
/// `ctisim replay FILE|DIR...`: argv[0] is "replay"; 1 when a scenario failed.
int replayMain(int argc, char **argv);
/// `ctisim switch`: the simulated switch alone, shared by front ends. argv[0] is "switch".
int switchMain(int argc, char **argv);
/// `ctisim health`: one GET /sim/v1/health of a running sandbox; 0 when it answers 200. argv[0] is "health".
int healthMain(int argc, char **argv);

} /* namespace ctisim::cli */
