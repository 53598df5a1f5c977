/* SPDX-License-Identifier: MIT */
/*
 * ctisim-bench's command line: `ctisim-bench MODE [--name value]... [-- COMMAND...]`,
 * parsed by the program's CommandLine (flags declared once with their defaults,
 * so --help cannot disagree with the parser, and a bad value is an error that
 * names the flag).
 */
#include "options.h"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "ctisim/app/command_line.h"

namespace ctisim::bench {

namespace {

constexpr const char *summary =
	"The load generator of bench/run: prints RESULT <name> <value> lines (docs/performance.md).\n"
	"Modes and the flags each reads:\n"
	"  ops           --port P[,P2...] --agents --seconds --rate (open loop) --cross-every\n"
	"                --server-pids --first-dn --user-prefix --password --host\n"
	"  fixed         --port --connections --seconds --target --server-pids --host\n"
	"  idle          --port --server-pid --sessions N[,N...] --users (0: no GWS login)\n"
	"                --first-dn --user-prefix --password --host\n"
	"  startup       --ctisim --runs\n"
	"  peer-startup  --port --path --runs -- COMMAND ARGS...  (any HTTP answer counts)";

const Options defaults;

/// A comma-separated list of whole numbers ("8080,8081"); throws naming the flag.
std::vector<std::size_t> numberList(std::string_view flag, const std::string &value)
{
	std::vector<std::size_t> out;
	std::size_t start = 0;
	while (start <= value.size()) {
		auto comma = value.find(',', start);
		std::string part = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
		if (!part.empty()) {
			std::size_t used = 0;
			unsigned long n = 0;
			try {
				n = std::stoul(part, &used);
			} catch (const std::exception &) {
				used = 0;
			}
			if (used == 0 || used != part.size() || part[0] == '-')
				throw std::runtime_error(fmt::format(
					"--{} takes whole numbers separated by commas, not '{}'", flag, value));
			out.push_back(n);
		}
		if (comma == std::string::npos)
			break;
		start = comma + 1;
	}
	return out;
}

/// The flag's value as a number of at least 0; throws naming the flag.
double decimal(const app::CommandLine &cmd, const std::string &flag)
{
	std::string text = cmd.value(flag);
	std::size_t used = 0;
	double value = -1;
	try {
		value = std::stod(text, &used);
	} catch (const std::exception &) {
		used = 0;
	}
	if (used == 0 || used != text.size() || !(value >= 0))
		throw std::runtime_error(fmt::format("--{} must be a number of at least 0, not '{}'", flag, text));
	return value;
}

void declare(app::CommandLine &cmd)
{
	cmd.addOption("host", "ADDRESS", defaults.host, "the server's address (ops, fixed, idle)");
	cmd.addOption("port", "P[,P...]", "", "the server's port; ops: several front ends, the agents alternate");
	cmd.addOption("agents", "N", std::to_string(defaults.agents), "ops: agents (users FIRST-DN...)");
	cmd.addOption("seconds", "S", fmt::format("{}", defaults.seconds), "ops, fixed: the measured window");
	cmd.addOption("rate", "OPS", "0", "ops: operations offered per second in all (0: closed loop)");
	cmd.addOption("cross-every", "K", "0", "ops: every K-th loop calls a partner agent");
	cmd.addOption("server-pids", "PID[,PID...]", "", "ops, fixed: the CPU of these over the window");
	cmd.addOption("first-dn", "DN", std::to_string(defaults.firstDn), "ops, idle: the first agent's DN");
	cmd.addOption("user-prefix", "TEXT", defaults.userPrefix, "ops, idle: user names are PREFIX<DN>");
	cmd.addOption("password", "TEXT", defaults.password, "ops, idle: the users' password");
	cmd.addOption("target", "PATH", defaults.target, "fixed: what each POST asks for");
	cmd.addOption("connections", "N", std::to_string(defaults.connections), "fixed: connections");
	cmd.addOption("server-pid", "PID", "", "idle: the server whose RSS is measured");
	cmd.addOption("sessions", "N[,N...]", "1000", "idle: Bayeux sessions to hold, step by step");
	cmd.addOption("users", "N", std::to_string(defaults.users), "idle: users the sessions log in as");
	cmd.addOption("ctisim", "PATH", defaults.ctisim, "startup: the ctisim program");
	cmd.addOption("runs", "N", std::to_string(defaults.runs), "startup, peer-startup: runs (the median counts)");
	cmd.addOption("path", "PATH", defaults.path, "peer-startup: what to ask for");
	cmd.addOption("label", "NAME", "", "prefixes every RESULT name");
}

Options read(const app::CommandLine &cmd)
{
	Options o;
	o.host = cmd.value("host");
	for (std::size_t p : numberList("port", cmd.value("port"))) {
		if (p == 0 || p > 65535)
			throw std::runtime_error(fmt::format("--port: {} is not a port", p));
		o.ports.push_back(static_cast<unsigned short>(p));
	}
	if (cmd.isSet("port") && o.ports.empty())
		throw std::runtime_error("--port needs a number");
	o.port = o.ports.empty() ? 0 : o.ports.front();
	o.agents = cmd.number("agents", 1, 1000000);
	o.seconds = decimal(cmd, "seconds");
	o.rate = decimal(cmd, "rate");
	o.crossEvery = cmd.number("cross-every", 0, 1000000);
	for (std::size_t pid : numberList("server-pids", cmd.value("server-pids")))
		o.serverPids.push_back(static_cast<pid_t>(pid));
	o.firstDn = static_cast<unsigned>(cmd.number("first-dn", 0, 999999999));
	o.userPrefix = cmd.value("user-prefix");
	o.password = cmd.value("password");
	o.target = cmd.value("target");
	o.connections = cmd.number("connections", 1, 1000000);
	if (cmd.isSet("server-pid"))
		o.serverPid = static_cast<pid_t>(cmd.number("server-pid", 1, 4194304));
	o.sessions = numberList("sessions", cmd.value("sessions"));
	if (o.sessions.empty())
		throw std::runtime_error("--sessions needs a number");
	o.users = cmd.number("users", 0, 1000000);
	o.ctisim = cmd.value("ctisim");
	o.runs = cmd.number("runs", 1, 100000);
	o.path = cmd.value("path");
	o.label = cmd.value("label");
	return o;
}

app::CommandLine commandLine()
{
	app::CommandLine cmd("ctisim-bench MODE [FLAGS] [-- COMMAND ARGS...]", summary);
	declare(cmd);
	return cmd;
}

} /* namespace */

void usage(const std::string &why)
{
	fmt::print(stderr, "ctisim-bench: {} (see ctisim-bench --help)\n", why);
	std::exit(2);
}

Options parseOptions(int argc, char **argv)
{
	/* Everything after "--" is peer-startup's server command, not ours to parse. */
	int end = 1;
	while (end < argc && std::string_view(argv[end]) != "--")
		++end;
	app::CommandLine cmd = commandLine();
	if (auto error = cmd.parse(end, argv, 1))
		usage(*error);
	if (cmd.helpRequested()) {
		fmt::print("{}", cmd.helpText());
		std::exit(0);
	}
	if (cmd.positional().empty())
		usage("no mode");
	if (cmd.positional().size() > 1)
		usage(fmt::format("unexpected argument '{}'", cmd.positional()[1]));
	Options o;
	try {
		o = read(cmd);
	} catch (const std::runtime_error &e) {
		usage(e.what());
	}
	o.mode = cmd.positional().front();
	if (end < argc)
		o.command.assign(argv + end + 1, argv + argc);
	return o;
}

} /* namespace ctisim::bench */
