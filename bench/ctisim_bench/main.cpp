/* SPDX-License-Identifier: MIT */
/*
 * ctisim-bench: the load generator behind bench/run. One Asio thread drives
 * many keep-alive HTTP/1.1 connections with C++20 coroutines. Modes, one file
 * each (modes.h): `ops` (agents with a parked Bayeux long-poll each, looping
 * Dial -> SingleStepConference -> Hangup; REST rate, latency, the delay from
 * each response to its notification, the CPU per operation; --rate makes the
 * loop open), `fixed` (plain POSTs to any server, the peer's ceiling), `idle`
 * (parked Bayeux sessions, server RSS per session), `startup` (spawn `ctisim
 * serve` until the first /sim/v1/health answers) and `peer-startup` (spawn any
 * server command until PATH on PORT answers). It prints figures as
 * `RESULT <name> <value>` lines and never judges them.
 */
#include <exception>

#include <signal.h>

#include <fmt/format.h>

#include "modes.h"
#include "options.h"
#include "results.h"

using namespace ctisim::bench;

int main(int argc, char **argv)
{
	Options o = parseOptions(argc, argv);
	setResultLabel(o.label);
	signal(SIGPIPE, SIG_IGN);
	try {
		if (o.mode == "ops")
			return runOps(o);
		if (o.mode == "fixed")
			return runFixed(o);
		if (o.mode == "idle")
			return runIdle(o);
		if (o.mode == "startup")
			return runStartup(o);
		if (o.mode == "peer-startup")
			return runPeerStartup(o);
	} catch (const std::exception &e) {
		fmt::print(stderr, "ctisim-bench {}: {}\n", o.mode, e.what());
		return 1;
	}
	usage(fmt::format("unknown mode {}", o.mode));
}
