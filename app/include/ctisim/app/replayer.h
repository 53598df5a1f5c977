/* SPDX-License-Identifier: MIT */
/*
 * `ctisim replay FILE|DIR...`: runs scenario files against an embedded sandbox
 * (fresh state per scenario through POST /sim/v1/reset) or, with --target URL,
 * against any running GWS-compatible server, over real HTTP and a real Bayeux
 * session. One line per scenario, then "N passed, N failed"; the exit code is
 * non-zero on any failure.
 */
#pragma once

namespace ctisim::cli {

/// argv[0] is "replay"; returns the process exit code (0 all passed, 1 a
/// scenario failed, 2 bad usage).
int replayMain(int argc, char **argv);

} /* namespace ctisim::cli */
