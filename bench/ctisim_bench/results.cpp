/* SPDX-License-Identifier: MIT */
#include "results.h"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

namespace ctisim::bench {

namespace {

std::string labelPrefix;

} /* namespace */

void setResultLabel(const std::string &label)
{
	labelPrefix = label.empty() ? std::string() : label + ".";
}

void result(const std::string &name, double value)
{
	fmt::print("RESULT {}{} {:.6g}\n", labelPrefix, name, value);
	std::fflush(stdout);
}

double microsSince(Clock::time_point from, Clock::time_point to)
{
	return std::chrono::duration<double, std::micro>(to - from).count();
}

double percentile(const std::vector<double> &sorted, double p)
{
	if (sorted.empty())
		return 0;
	auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size()));
	return sorted[std::min(rank, sorted.size() - 1)];
}

} /* namespace ctisim::bench */
