/* SPDX-License-Identifier: MIT */
/*
 * The scenario replayer: finds scenario files, starts the embedded sandbox or
 * probes the target, has a Runner (replay/runner.h) play each file, and
 * reports one line per scenario, JUnit XML and the fidelity report.
 */
#include "ctisim/app/replayer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ctisim/app/gws_client.h"
#include "ctisim/app/sandbox.h"
#include "ctisim/scenario/scenario.h"
#include "replay/replay_report.h"
#include "replay/runner.h"

namespace ctisim::app {

using Clock = std::chrono::steady_clock;

std::vector<std::string> findScenarioFiles(const std::vector<std::string> &inputs, std::vector<std::string> &missing)
{
	namespace fs = std::filesystem;
	std::vector<std::string> files;
	for (const std::string &input : inputs) {
		std::error_code ec;
		if (fs::is_directory(input, ec)) {
			std::vector<std::string> found;
			for (auto it = fs::recursive_directory_iterator(input, ec);
			     !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
				const std::string path = it->path().string();
				if (it->is_regular_file(ec) && path.size() > 5 &&
				    path.substr(path.size() - 5) == ".json" &&
				    (path.size() < 12 || path.substr(path.size() - 12) != ".actual.json"))
					found.push_back(path);
			}
			std::sort(found.begin(), found.end());
			files.insert(files.end(), found.begin(), found.end());
		} else if (fs::exists(input, ec)) {
			files.push_back(input);
		} else {
			missing.push_back(input);
		}
	}
	return files;
}

ReplaySummary replay(const ReplayOptions &options, const std::vector<std::string> &inputs, std::FILE *out)
{
	auto start = Clock::now();
	std::vector<std::string> missing;
	std::vector<std::string> files = findScenarioFiles(inputs, missing);

	std::unique_ptr<Sandbox> sandbox;
	std::string url = options.target;
	if (url.empty()) {
		SandboxOptions sandboxOptions;
		sandboxOptions.http.port = 0;
		sandboxOptions.threads = 2;
		sandbox = std::make_unique<Sandbox>(sandboxOptions);
		try {
			sandbox->start();
		} catch (const std::exception &e) {
			throw std::runtime_error(fmt::format("cannot start the embedded sandbox: {}", e.what()));
		}
		url = sandbox->url();
	}
	std::string urlError;
	auto base = BaseUrl::parse(url, urlError);
	if (!base)
		throw std::runtime_error("--target: " + urlError);
	bool ctisimTarget = true;
	if (!options.target.empty()) {
		GwsClient probe(*base, std::chrono::milliseconds(5000));
		if (!options.controlUser.empty())
			probe.setCredentials(options.controlUser, options.controlPassword);
		HttpResult health = probe.request("GET", "/sim/v1/health", "");
		if (!health.error.empty())
			throw std::runtime_error(fmt::format("cannot reach {}: {}", url, health.error));
		ctisimTarget = health.status == 200 && health.body.find("\"status\":\"ok\"") != std::string::npos;
		if (!ctisimTarget)
			fmt::print(out,
				   "note: {} is not a ctisim sandbox: setups are not applied and control steps fail\n",
				   url);
	}
	std::chrono::milliseconds timeout = options.timeout.value_or(
		options.target.empty() ? ReplayOptions::embeddedTimeout : ReplayOptions::targetTimeout);

	auto runner = std::make_unique<Runner>(options, *base, ctisimTarget, timeout, out);
	ReplaySummary summary;
	for (const std::string &file : missing) {
		ScenarioOutcome r;
		r.file = r.name = file;
		r.fileError = true;
		r.failure = fmt::format("{}: no such file or directory", file);
		fmt::print(out, "ERROR {}\n", r.failure);
		summary.outcomes.push_back(std::move(r));
		++summary.failed;
	}
	for (const std::string &file : files) {
		scenario::Scenario s;
		ScenarioOutcome r;
		r.file = r.name = file;
		if (auto error = scenario::loadScenarioFile(file, s)) {
			r.fileError = true;
			r.failure = error->str();
			fmt::print(out, "ERROR {}\n", r.failure);
			++summary.failed;
			summary.outcomes.push_back(std::move(r));
			continue;
		}
		if (options.verbose)
			fmt::print(out, "RUN  {}\n", file);
		std::fflush(out);
		r = runner->run(s);
		r.file = file;
		r.name = s.name;
		if (r.passed) {
			++summary.passed;
			fmt::print(out, "PASS {} ({:.0f} ms)\n", file, r.ms);
		} else {
			++summary.failed;
			fmt::print(out, "FAIL {} ({:.0f} ms)\n{}", file, r.ms, indent(r.failure, "  "));
			if (!r.actualFile.empty())
				fmt::print(out, "  wrote {} for review\n", r.actualFile);
		}
		std::fflush(out);
		summary.outcomes.push_back(std::move(r));
	}
	summary.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
	fmt::print(out, "{} passed, {} failed ({:.0f} ms)\n", summary.passed, summary.failed, summary.ms);
	std::fflush(out);
	if (!options.junit.empty())
		writeJunit(options.junit, summary.outcomes, summary.ms);
	if (!options.report.empty())
		writeFidelityReport(options.report, summary, options.target.empty() ? "embedded sandbox" : url, out);
	// Close the replayer's connections first: the server's graceful stop waits for them.
	runner.reset();
	if (sandbox)
		sandbox->stop();
	return summary;
}

} /* namespace ctisim::app */