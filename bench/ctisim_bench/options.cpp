/* SPDX-License-Identifier: MIT */
/*
 * ctisim-bench's command line: `ctisim-bench MODE [--name value]... [-- COMMAND...]`.
 */
#include "options.h"

#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

namespace ctisim::bench {

namespace {

constexpr const char *usageText =
	"usage: ctisim-bench MODE [options]   (prints RESULT <name> <value> lines; see docs/performance.md)\n"
	"  ops          --port P[,P2...] [--agents 10] [--seconds 5] [--rate OPS_PER_S (open loop)]\n"
	"               [--cross-every K] [--server-pids PID,PID...]\n"
	"               [--first-dn 20000] [--user-prefix bench] [--password password]\n"
	"  fixed        --port P [--connections 10] [--seconds 5] [--target /api/v2/me/calls/x]\n"
	"               [--server-pids PID,PID...]\n"
	"  idle         --port P --server-pid PID [--sessions 1000[,10000...]] [--users 100 (0: no GWS login)]\n"
	"               [--first-dn 20000] [--user-prefix bench] [--password password]\n"
	"  startup      [--ctisim ctisim] [--runs 5]\n"
	"  peer-startup --port P [--path /] [--runs 5] -- COMMAND ARGS...  (any HTTP answer counts)\n"
	"  --host 127.0.0.1 (ops, fixed, idle); --label NAME prefixes every RESULT name; --help\n";

std::vector<std::size_t> numberList(const std::string &value)
{
	std::vector<std::size_t> out;
	std::size_t start = 0;
	while (start <= value.size()) {
		auto comma = value.find(',', start);
		std::string part = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
		if (!part.empty())
			out.push_back(std::stoul(part));
		if (comma == std::string::npos)
			break;
		start = comma + 1;
	}
	return out;
}

} /* namespace */

void usage(const std::string &why)
{
	fmt::print(stderr, "ctisim-bench: {}\n{}", why, usageText);
	std::exit(2);
}

Options parseOptions(int argc, char **argv)
{
	if (argc < 2)
		usage("no mode");
	Options o;
	o.mode = argv[1];
	if (o.mode == "--help" || o.mode == "-h") {
		fmt::print("{}", usageText);
		std::exit(0);
	}
	for (int i = 2; i < argc; ++i) {
		std::string name = argv[i];
		if (name == "--") {
			o.command.assign(argv + i + 1, argv + argc);
			break;
		}
		if (name == "--help" || name == "-h") {
			fmt::print("{}", usageText);
			std::exit(0);
		}
		if (i + 1 >= argc)
			usage(fmt::format("{} needs a value", name));
		std::string value = argv[++i];
		if (name == "--host")
			o.host = value;
		else if (name == "--port") {
			o.ports.clear();
			for (auto p : numberList(value))
				o.ports.push_back(static_cast<unsigned short>(p));
			if (o.ports.empty())
				usage("--port needs a number");
			o.port = o.ports.front();
		} else if (name == "--cross-every")
			o.crossEvery = std::stoul(value);
		else if (name == "--server-pids") {
			for (auto p : numberList(value))
				o.serverPids.push_back(static_cast<pid_t>(p));
		} else if (name == "--agents")
			o.agents = std::stoul(value);
		else if (name == "--seconds")
			o.seconds = std::stod(value);
		else if (name == "--rate")
			o.rate = std::stod(value);
		else if (name == "--first-dn")
			o.firstDn = static_cast<unsigned>(std::stoul(value));
		else if (name == "--user-prefix")
			o.userPrefix = value;
		else if (name == "--password")
			o.password = value;
		else if (name == "--target")
			o.target = value;
		else if (name == "--connections")
			o.connections = std::stoul(value);
		else if (name == "--server-pid")
			o.serverPid = static_cast<pid_t>(std::stol(value));
		else if (name == "--users")
			o.users = std::stoul(value);
		else if (name == "--ctisim")
			o.ctisim = value;
		else if (name == "--runs")
			o.runs = std::stoul(value);
		else if (name == "--label")
			o.label = value;
		else if (name == "--path")
			o.path = value;
		else if (name == "--sessions")
			o.sessions = numberList(value);
		else
			usage(fmt::format("unknown option {}", name));
	}
	return o;
}

} /* namespace ctisim::bench */
