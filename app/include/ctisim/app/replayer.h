/* SPDX-License-Identifier: MIT */
/*
 * The scenario replayer: runs scenario files against an embedded sandbox
 * (fresh state per scenario through POST /sim/v1/reset) or against any running
 * GWS-compatible server, over real HTTP and a real Bayeux session, and reports
 * one line per scenario with a readable diff for the first difference.
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "ctisim/app/fidelity_diff.h"

namespace ctisim::app {

struct ReplayOptions {
	/// How long to wait for expected notifications, embedded and with a target.
	static constexpr std::chrono::milliseconds embeddedTimeout{1000};
	static constexpr std::chrono::milliseconds targetTimeout{2000};

	/// A running server's URL; empty = an embedded sandbox, reset to each scenario's setup.
	std::string target;
	std::string junit;   ///< also write JUnit XML to this file; empty = none
	bool update = false; ///< for a failing scenario, write FILE.actual.json with the actual values
	bool verbose = false;
	/// Write the fidelity report (every difference, by kind) to this JSON file and
	/// its table beside it (.txt); empty = none. Documented deviations do not fail.
	std::string report;
	/// nullopt = embeddedTimeout or targetTimeout.
	std::optional<std::chrono::milliseconds> timeout;
	/// HTTP Basic credentials for /sim/v1 on a remote target.
	std::string controlUser;
	std::string controlPassword;
	/// How many scenario files run at once, each worker with its own embedded
	/// sandbox; the output stays in file order. A --target runs one at a time
	/// (its resets would clobber each other).
	unsigned jobs = 1;
};

/// The default of --jobs: the hardware threads, at most 8 (each worker is a
/// sandbox with its own threads; more than the cores only adds switching).
unsigned defaultReplayJobs();

/// What one scenario file gave.
struct ScenarioOutcome {
	std::string file;
	std::string name; ///< the scenario's "name", or the file when it did not load
	bool passed = false;
	bool fileError = false; ///< it did not load (missing, not JSON, not a scenario)
	std::string failure;	///< multi-line, unindented; empty when passed
	double ms = 0;
	std::string actualFile;		     ///< with update: the FILE.actual.json written
	bool reported = false;		     ///< with report: the steps were diffed
	std::vector<Difference> differences; ///< with report: every difference, in step order
};

struct ReplaySummary {
	std::vector<ScenarioOutcome> outcomes; ///< in the order run
	std::size_t passed = 0;
	std::size_t failed = 0;
	double ms = 0;
};

/// The scenario files of inputs, in order: a DIR is searched recursively for
/// *.json (sorted; *.actual.json left out). Inputs that do not exist go to missing.
std::vector<std::string> findScenarioFiles(const std::vector<std::string> &inputs, std::vector<std::string> &missing);

/// Runs every scenario of inputs and prints to out one line per scenario (PASS,
/// FAIL with the difference, ERROR for a file that did not load), in the order
/// of the files whatever options.jobs, then "N passed, N failed (T ms)". Throws std::runtime_error when it cannot start
/// (the embedded sandbox, an unreachable or malformed target).
ReplaySummary replay(const ReplayOptions &options, const std::vector<std::string> &inputs, std::FILE *out);

} /* namespace ctisim::app */
