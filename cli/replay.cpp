/* SPDX-License-Identifier: MIT */
/*
 * `ctisim replay FILE|DIR...`: the replayer of app/ (replayer.h) with its
 * flags. One line per scenario, then "N passed, N failed"; the exit code is
 * 0 when all passed, 1 when a scenario failed, 2 on bad usage or when the
 * target cannot be reached.
 */
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ctisim/app/atomic_file.h"
#include "ctisim/app/replayer.h"
#include "ctisim/log.h"

#include "commands.h"

namespace ctisim::cli {

namespace {

std::string usage()
{
	const app::ReplayOptions d;
	return fmt::format(R"(usage: ctisim replay [FLAGS] FILE|DIR...

Runs scenario files (DIRs are searched for *.json, recursively) and prints one
line per scenario, then "N passed, N failed". Exits non-zero on any failure.

  --target URL            replay against a running server (default: an embedded
                          sandbox, reset to each scenario's setup)
  --junit FILE            also write JUnit XML
  --report FILE           write the fidelity report: every difference from the
                          recording (shape, value, order, missing), step by step,
                          as JSON to FILE and as a table to FILE.txt (for .json:
                          the .json replaced); documented deviations
                          (docs/deviations.json) are marked and do not fail
  --update                for a failing scenario, write FILE.actual.json with the
                          actual status, bodies and notifications filled in
  --verbose               print every request, response and notification
  --timeout MS            how long to wait for expected notifications
                          (default {} with --target, {} embedded)
  --jobs N                replay N files at once, each in its own embedded
                          sandbox; the output stays in file order (default: the
                          hardware threads, at most 8, here {}; 1 = one after
                          the other; a --target is always one after the other)
  --control-user U        HTTP Basic credentials for /sim/v1 on a remote target
  --control-password P
  --help                  this text
)",
			   app::ReplayOptions::targetTimeout.count(), app::ReplayOptions::embeddedTimeout.count(),
			   app::defaultReplayJobs());
}

std::optional<std::string> parseArguments(int argc, char **argv, app::ReplayOptions &options,
					  std::vector<std::string> &inputs, bool &help)
{
	for (int i = 1; i < argc; ++i) {
		std::string arg = argv[i];
		if (arg == "--help" || arg == "-h") {
			help = true;
		} else if (arg == "--update") {
			options.update = true;
		} else if (arg == "--verbose" || arg == "-v") {
			options.verbose = true;
		} else if (arg == "--target" || arg == "--junit" || arg == "--report" || arg == "--timeout" ||
			   arg == "--jobs" || arg == "--control-user" || arg == "--control-password") {
			if (i + 1 >= argc)
				return fmt::format("{} needs a value", arg);
			std::string v = argv[++i];
			if (arg == "--target")
				options.target = v;
			else if (arg == "--junit")
				options.junit = v;
			else if (arg == "--report")
				options.report = v;
			else if (arg == "--control-user")
				options.controlUser = v;
			else if (arg == "--control-password")
				options.controlPassword = v;
			else if (arg == "--jobs") {
				try {
					std::size_t used = 0;
					long long n = std::stoll(v, &used);
					if (used != v.size() || n < 1 || n > 256)
						throw std::invalid_argument("");
					options.jobs = static_cast<unsigned>(n);
				} catch (const std::exception &) {
					return fmt::format("--jobs needs a number from 1 to 256, not \"{}\"", v);
				}
			} else {
				try {
					std::size_t used = 0;
					long long ms = std::stoll(v, &used);
					if (used != v.size() || ms < 0)
						throw std::invalid_argument("");
					options.timeout = std::chrono::milliseconds(ms);
				} catch (const std::exception &) {
					return fmt::format("--timeout needs milliseconds, not \"{}\"", v);
				}
			}
		} else if (arg.rfind("--", 0) == 0) {
			return fmt::format("unknown flag {}", arg);
		} else {
			inputs.push_back(arg);
		}
	}
	if (!help && inputs.empty())
		return "give at least one scenario FILE or DIR";
	return std::nullopt;
}

} /* namespace */

int replayMain(int argc, char **argv)
{
	app::ReplayOptions options;
	options.jobs = app::defaultReplayJobs();
	std::vector<std::string> inputs;
	bool help = false;
	if (auto error = parseArguments(argc, argv, options, inputs, help)) {
		std::fprintf(stderr, "ctisim replay: %s\n\n%s", error->c_str(), usage().c_str());
		return 2;
	}
	if (help) {
		std::fputs(usage().c_str(), stdout);
		return 0;
	}
	/* A report that cannot be written is found out before the replay, not after. */
	if (!options.report.empty()) {
		if (auto error = app::checkWritable(options.report)) {
			std::fprintf(stderr, "ctisim replay: --report: %s\n", error->c_str());
			return 2;
		}
	}
	// The embedded sandbox's routine log lines (one per reset) would drown the report.
	if (options.target.empty())
		log::configure(options.verbose ? log::Level::Info : log::Level::Warn, log::Format::Text);
	try {
		app::ReplaySummary summary = app::replay(options, inputs, stdout);
		return summary.failed == 0 ? 0 : 1;
	} catch (const std::runtime_error &e) {
		std::fprintf(stderr, "ctisim replay: %s\n", e.what());
		return 2;
	}
}

} /* namespace ctisim::cli */
