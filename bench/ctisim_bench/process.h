/* SPDX-License-Identifier: MIT */
/*
 * What the load generator reads about processes: a server's CPU and RSS from
 * /proc, its own CPU (getrusage), and its open-file limit.
 */
#pragma once

#include <cstddef>

#include <sys/types.h>

namespace ctisim::bench {

/// A process's CPU (all its threads), in seconds: in user space and in the kernel.
struct CpuTimes {
	double user = 0;
	double system = 0;
	double total() const { return user + system; }
};

/// utime and stime of the process; zeros when /proc has no such process.
CpuTimes cpuTimes(pid_t pid);

/// utime + stime of the process, in seconds; 0 when /proc has no such process.
inline double cpuSeconds(pid_t pid)
{
	return cpuTimes(pid).total();
}

/// This process's user + system CPU, in seconds.
double ownCpuSeconds();

/// The process's VmRSS in KiB; throws when /proc has none.
long rssKiB(pid_t pid);

/// Raises RLIMIT_NOFILE to wanted descriptors (the hard limit too when allowed), else as far as it goes.
void raiseFileLimit(std::size_t wanted);

/// The current (soft) open-file limit.
std::size_t fileLimit();

} /* namespace ctisim::bench */
