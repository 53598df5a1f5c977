/* SPDX-License-Identifier: MIT */
/*
 * ctisim-bench's command line: the mode and every option any mode reads.
 */
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <sys/types.h>

namespace ctisim::bench {

struct Options {
	std::string mode;
	std::string host = "127.0.0.1";
	unsigned short port = 0;
	std::vector<unsigned short> ports; ///< ops: --port P1,P2 (agents alternate)
	std::size_t crossEvery = 0;	   ///< ops: every K-th loop calls a partner agent
	std::vector<pid_t> serverPids;	   ///< ops, fixed: CPU of these over the measured window
	double rate = 0;		   ///< ops: REST operations offered per second in all (0: closed loop)
	std::size_t agents = 10;
	double seconds = 5;
	std::vector<std::size_t> sessions = {1000};
	unsigned firstDn = 20000;
	std::string userPrefix = "bench";
	std::string password = "password";
	std::string target = "/api/v2/me/calls/x";
	std::size_t connections = 10;
	pid_t serverPid = 0;
	std::size_t users = 100;
	std::string ctisim = "ctisim";
	std::size_t runs = 5;
	std::string label;
	std::string path = "/";		  ///< peer-startup: what to ask for
	std::vector<std::string> command; ///< peer-startup: everything after --
};

/// The options of argv; prints the usage and exits (0 for --help, 2 otherwise) when they are wrong.
Options parseOptions(int argc, char **argv);

/// Prints why and the usage to stderr, exits with status 2.
[[noreturn]] void usage(const std::string &why);

} /* namespace ctisim::bench */
