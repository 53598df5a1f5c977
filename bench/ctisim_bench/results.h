/* SPDX-License-Identifier: MIT */
/*
 * What every mode prints: `RESULT <label.><name> <value>` lines, and the
 * statistics behind them (times in microseconds, nearest-rank percentiles).
 * The figures are printed, never judged.
 */
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace ctisim::bench {

using Clock = std::chrono::steady_clock;

/// Sets the prefix of every RESULT name (--label NAME: "NAME."; empty: none).
void setResultLabel(const std::string &label);

/// Prints `RESULT <label><name> <value>` and flushes it.
void result(const std::string &name, double value);

double microsSince(Clock::time_point from, Clock::time_point to);

/// Percentile p (0..100) of sorted values, nearest rank; 0 when there are none.
double percentile(const std::vector<double> &sorted, double p);

} /* namespace ctisim::bench */
