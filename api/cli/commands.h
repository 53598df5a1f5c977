/* SPDX-License-Identifier: MIT */
/*
 * `ctisim switch --listen HOST:PORT`: the simulated switch alone, serving front
 * ends (`ctisim serve --backend tcp://HOST:PORT`) over the switch link
 * (docs/switch-protocol.md), so that several front ends share one switch.
 */
#pragma once

namespace ctisim::cli {

/// argv[0] is "switch"; returns the process exit code (0 after a clean stop on
/// SIGINT/SIGTERM, 1 when it cannot start, 2 bad usage).
int switchMain(int argc, char **argv);

} /* namespace ctisim::cli */
