/* SPDX-License-Identifier: MIT */
/*
 * The startup and peer-startup modes: a server spawned again and again, the
 * time from fork to its first answer (`ctisim serve`: a 200 from
 * /sim/v1/health; any other server: any HTTP answer on its port), median of R runs.
 */

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "ctisim/client/sync_client.h"
#include "connection.h"
#include "modes.h"
#include "results.h"

namespace ctisim::bench {

namespace {

/// One request on a fresh connection: its HTTP status, or 0 when nothing answered.
unsigned askOnce(unsigned short port, std::string_view method, std::string_view target)
{
	client::SyncGwsClient once(serverUrl("127.0.0.1", port), std::chrono::milliseconds(5000));
	return once.request(method, target, method == "POST" ? R"({"operationName":"Hangup"})" : "").status;
}

/// Forks command (stdout to a pipe), returns its pid and the pipe's read end.
std::pair<pid_t, int> spawn(const std::vector<std::string> &command)
{
	int out[2];
	if (pipe(out) != 0)
		throw std::runtime_error("pipe failed");
	pid_t pid = fork();
	if (pid < 0)
		throw std::runtime_error("fork failed");
	if (pid == 0) {
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		std::vector<char *> args;
		for (const std::string &arg : command)
			args.push_back(const_cast<char *>(arg.c_str()));
		args.push_back(nullptr);
		execvp(args[0], args.data());
		_exit(127);
	}
	close(out[1]);
	return {pid, out[0]};
}

void stopChild(pid_t pid, int out)
{
	kill(pid, SIGTERM);
	int status = 0;
	waitpid(pid, &status, 0);
	close(out);
}

/// Polls until ask() is true (every 0.2 ms, at most timeout): milliseconds from
/// started, or a negative number when it never was.
template <typename Ask> double waitUntil(Clock::time_point started, std::chrono::seconds timeout, Ask ask)
{
	auto giveUp = started + timeout;
	while (Clock::now() < giveUp) {
		if (ask())
			return microsSince(started, Clock::now()) / 1000.0;
		usleep(200);
	}
	return -1;
}

/// Milliseconds from fork to the first 200 from /sim/v1/health.
double startOnce(const std::string &ctisim)
{
	auto started = Clock::now();
	auto [pid, out] = spawn({ctisim, "serve", "--port", "0", "--log-level", "warn"});
	std::string text;
	char buf[256];
	unsigned short port = 0;
	while (port == 0) {
		ssize_t n = read(out, buf, sizeof buf);
		if (n <= 0)
			break;
		text.append(buf, static_cast<std::size_t>(n));
		auto at = text.find("http://127.0.0.1:");
		if (at != std::string::npos) {
			auto end = text.find_first_not_of("0123456789", at + 17);
			if (end != std::string::npos)
				port = static_cast<unsigned short>(std::stoul(text.substr(at + 17, end - at - 17)));
		}
	}
	double ms = -1;
	if (port != 0)
		ms = waitUntil(started, std::chrono::seconds(10),
			       [&] { return askOnce(port, "GET", "/sim/v1/health") == 200; });
	stopChild(pid, out);
	if (ms < 0)
		throw std::runtime_error(fmt::format("{} serve did not become healthy: {}", ctisim, text));
	return ms;
}

/// Milliseconds from fork to the first HTTP answer (any status) on port.
double peerStartOnce(const Options &o)
{
	auto started = Clock::now();
	auto [pid, out] = spawn(o.command);
	double ms = waitUntil(started, std::chrono::seconds(60), [&] { return askOnce(o.port, "POST", o.path) != 0; });
	stopChild(pid, out);
	if (ms < 0)
		throw std::runtime_error(fmt::format("{} did not answer on port {}", o.command.front(), o.port));
	/* Let the port go before the next run binds it again. */
	waitUntil(Clock::now(), std::chrono::seconds(5), [&] { return askOnce(o.port, "GET", o.path) == 0; });
	return ms;
}

template <typename Start> int reportStartups(std::size_t runs, Start start)
{
	std::vector<double> times;
	for (std::size_t i = 0; i < runs; ++i)
		times.push_back(start());
	std::sort(times.begin(), times.end());
	result("startup_median_ms", times[times.size() / 2]);
	result("startup_max_ms", times.back());
	return 0;
}

} /* namespace */

int runStartup(const Options &o)
{
	return reportStartups(o.runs, [&] { return startOnce(o.ctisim); });
}

int runPeerStartup(const Options &o)
{
	if (o.command.empty() || o.port == 0)
		usage("peer-startup needs --port and a command after --");
	return reportStartups(o.runs, [&] { return peerStartOnce(o); });
}

} /* namespace ctisim::bench */
