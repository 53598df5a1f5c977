/* SPDX-License-Identifier: MIT */
#include "load_run.h"

#include <algorithm>

#include <boost/asio/use_awaitable.hpp>

#include "process.h"

namespace ctisim::bench {

namespace {

CpuTimes serverCpu(const Options &o)
{
	CpuTimes sum;
	for (pid_t pid : o.serverPids) {
		CpuTimes one = cpuTimes(pid);
		sum.user += one.user;
		sum.system += one.system;
	}
	return sum;
}

} /* namespace */

void reportLatencies(Stats &stats, double seconds)
{
	std::sort(stats.latencyUs.begin(), stats.latencyUs.end());
	std::sort(stats.notifyGapUs.begin(), stats.notifyGapUs.end());
	result("rest_ops_per_s", static_cast<double>(stats.ops) / seconds);
	result("rest_p50_us", percentile(stats.latencyUs, 50));
	result("rest_p99_us", percentile(stats.latencyUs, 99));
	result("rest_p999_us", percentile(stats.latencyUs, 99.9));
	result("errors", static_cast<double>(stats.errors));
}

awaitable<void> CpuWindow::sample(asio::io_context &io, const Options &o, const Run &run)
{
	asio::steady_timer t(io);
	t.expires_at(run.start);
	co_await t.async_wait(asio::use_awaitable);
	ownAtStart = ownCpuSeconds();
	serverAtStart = serverCpu(o);
	t.expires_at(run.deadline);
	co_await t.async_wait(asio::use_awaitable);
	ownAtEnd = ownCpuSeconds();
	serverAtEnd = serverCpu(o);
}

void CpuWindow::report(const Options &o, std::size_t ops, double seconds) const
{
	if (ops == 0)
		return;
	const double own = ownAtEnd - ownAtStart;
	result("client_cpu_percent", 100.0 * own / seconds);
	result("client_cpu_us_per_op", own * 1e6 / static_cast<double>(ops));
	if (o.serverPids.empty())
		return;
	const double server = serverAtEnd.total() - serverAtStart.total();
	result("server_cpu_percent", 100.0 * server / seconds);
	result("server_cpu_us_per_op", server * 1e6 / static_cast<double>(ops));
	/* Where it went: user space (ctisim's code, and its cache misses) or the kernel (sockets). */
	result("server_user_us_per_op", (serverAtEnd.user - serverAtStart.user) * 1e6 / static_cast<double>(ops));
	result("server_system_us_per_op", (serverAtEnd.system - serverAtStart.system) * 1e6 / static_cast<double>(ops));
}

} /* namespace ctisim::bench */
