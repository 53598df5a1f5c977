/* SPDX-License-Identifier: MIT */
/*
 * What the load generator reads about processes: a server's CPU and RSS from
 * /proc, its own CPU (getrusage), and its open-file limit.
 */
#pragma once

#include <cstddef>

#include <sys/types.h>

namespace ctisim::bench {

/// utime + stime of the process (all its threads), in seconds; 0 when /proc has no such process.
double cpuSeconds(pid_t pid);

/// This process's user + system CPU, in seconds.
double ownCpuSeconds();

/// The process's VmRSS in KiB; throws when /proc has none.
long rssKiB(pid_t pid);

/// Raises RLIMIT_NOFILE to wanted descriptors (the hard limit too when allowed), else as far as it goes.
void raiseFileLimit(std::size_t wanted);

/// The current (soft) open-file limit.
std::size_t fileLimit();

} /* namespace ctisim::bench */
