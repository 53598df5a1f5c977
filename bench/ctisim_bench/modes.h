/* SPDX-License-Identifier: MIT */
/*
 * ctisim-bench's modes, one file each: each runs to the end, prints its RESULT
 * lines and returns the exit status (0 when everything ran).
 */
#pragma once

#include "options.h"

namespace ctisim::bench {

/// `ops`: agents with a parked long-poll each, Dial -> SingleStepConference -> Hangup (ops.cpp).
int runOps(const Options &o);
/// `fixed`: keep-alive connections POSTing as fast as answered, a peer's ceiling (fixed.cpp).
int runFixed(const Options &o);
/// `idle`: parked Bayeux sessions, the server's RSS per session (idle.cpp).
int runIdle(const Options &o);
/// `startup`: `ctisim serve` spawned until /sim/v1/health answers 200 (startup.cpp).
int runStartup(const Options &o);
/// `peer-startup`: any server command spawned until it answers HTTP (startup.cpp).
int runPeerStartup(const Options &o);

} /* namespace ctisim::bench */
