/* SPDX-License-Identifier: MIT */
#include "process.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include <fmt/format.h>

namespace ctisim::bench {

CpuTimes cpuTimes(pid_t pid)
{
	std::ifstream in(fmt::format("/proc/{}/stat", pid));
	std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
	auto close = text.rfind(')'); // the command name may hold spaces
	if (close == std::string::npos)
		return {};
	std::vector<std::string> fields;
	std::size_t at = close + 2;
	while (at < text.size() && fields.size() < 13) {
		auto space = text.find(' ', at);
		fields.push_back(text.substr(at, space - at));
		at = space == std::string::npos ? text.size() : space + 1;
	}
	// After ")": state is field 3 of the man page, utime 14, stime 15.
	if (fields.size() < 13)
		return {};
	const auto ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
	return {std::stod(fields[11]) / ticks, std::stod(fields[12]) / ticks};
}

double ownCpuSeconds()
{
	rusage usage{};
	getrusage(RUSAGE_SELF, &usage);
	auto seconds = [](const timeval &t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
	return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long rssKiB(pid_t pid)
{
	std::ifstream in(fmt::format("/proc/{}/status", pid));
	std::string line;
	while (std::getline(in, line)) {
		if (line.rfind("VmRSS:", 0) == 0)
			return std::strtol(line.c_str() + 6, nullptr, 10);
	}
	throw std::runtime_error(fmt::format("no VmRSS for pid {}", pid));
}

void raiseFileLimit(std::size_t wanted)
{
	rlimit lim{};
	getrlimit(RLIMIT_NOFILE, &lim);
	rlim_t want = static_cast<rlim_t>(wanted);
	if (lim.rlim_max < want) {
		rlimit higher{want, want};
		if (setrlimit(RLIMIT_NOFILE, &higher) == 0)
			return;
	}
	lim.rlim_cur = std::min(want, lim.rlim_max);
	setrlimit(RLIMIT_NOFILE, &lim);
}

std::size_t fileLimit()
{
	rlimit lim{};
	getrlimit(RLIMIT_NOFILE, &lim);
	return static_cast<std::size_t>(lim.rlim_cur);
}

} /* namespace ctisim::bench */
