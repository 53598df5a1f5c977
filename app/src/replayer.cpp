/* SPDX-License-Identifier: MIT */
/*
 * The scenario replayer: finds scenario files, starts the embedded sandbox or
 * probes the target, has a Runner (replay/runner.h) play each file, and
 * reports one line per scenario, JUnit XML and the fidelity report.
 */
#include "ctisim/app/replayer.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "ctisim/app/sandbox.h"
#include "ctisim/client/sync_client.h"
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

unsigned defaultReplayJobs()
{
	return std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}

namespace {

/// One scenario file's outcome and the lines it prints, kept until its turn.
struct FileResult {
	ScenarioOutcome outcome;
	std::string output;
};

FileResult replayFile(Runner &runner, const std::string &file, bool verbose)
{
	FileResult result;
	ScenarioOutcome &r = result.outcome;
	scenario::Scenario s;
	if (auto error = scenario::loadScenarioFile(file, s)) {
		r.file = r.name = file;
		r.fileError = true;
		r.failure = error->str();
		result.output = fmt::format("ERROR {}\n", r.failure);
		return result;
	}
	r = runner.run(s);
	r.file = file;
	r.name = s.name;
	if (verbose)
		result.output = fmt::format("RUN  {}\n", file) + runner.takeTrace();
	if (r.passed) {
		result.output += fmt::format("PASS {} ({:.0f} ms)\n", file, r.ms);
	} else {
		result.output += fmt::format("FAIL {} ({:.0f} ms)\n{}", file, r.ms, indent(r.failure, "  "));
		if (!r.actualFile.empty())
			result.output += fmt::format("  wrote {} for review\n", r.actualFile);
	}
	return result;
}

/// A worker: a runner and, without --target, the embedded sandbox it resets.
struct Worker {
	std::unique_ptr<Sandbox> sandbox;
	std::unique_ptr<Runner> runner;
	~Worker()
	{
		// Close the replayer's connections first: the server's graceful stop waits for them.
		runner.reset();
		if (sandbox)
			sandbox->stop();
	}
};

std::unique_ptr<Sandbox> startSandbox()
{
	SandboxOptions sandboxOptions;
	sandboxOptions.http.port = 0;
	sandboxOptions.threads = 2;
	auto sandbox = std::make_unique<Sandbox>(sandboxOptions);
	try {
		sandbox->start();
	} catch (const std::exception &e) {
		throw std::runtime_error(fmt::format("cannot start the embedded sandbox: {}", e.what()));
	}
	return sandbox;
}

/// Probes that a --target answers, and whether it is a ctisim sandbox (else it says so on out).
bool probeTarget(const ReplayOptions &options, const client::Url &base, const std::string &url, std::FILE *out)
{
	client::SyncGwsClient probe(base, std::chrono::milliseconds(5000));
	if (!options.controlUser.empty())
		probe.setCredentials(options.controlUser, options.controlPassword);
	client::HttpResult health = probe.request("GET", "/sim/v1/health", "");
	if (!health.error.empty())
		throw std::runtime_error(fmt::format("cannot reach {}: {}", url, health.error));
	bool ctisimTarget = health.status == 200 && health.body.find("\"status\":\"ok\"") != std::string::npos;
	if (!ctisimTarget)
		fmt::print(out, "note: {} is not a ctisim sandbox: setups are not applied and control steps fail\n",
			   url);
	return ctisimTarget;
}

client::Url parseUrl(const std::string &url)
{
	std::string urlError;
	auto base = client::Url::parse(url, urlError);
	if (base && base->tls)
		urlError = "https is not supported by the replayer; put a plain-HTTP proxy in front, or use http://";
	if (!base || base->tls)
		throw std::runtime_error("--target: " + urlError);
	return *base;
}

} /* namespace */

ReplaySummary replay(const ReplayOptions &options, const std::vector<std::string> &inputs, std::FILE *out)
{
	auto start = Clock::now();
	std::vector<std::string> missing;
	std::vector<std::string> files = findScenarioFiles(inputs, missing);
	const bool embedded = options.target.empty();
	std::chrono::milliseconds timeout =
		options.timeout.value_or(embedded ? ReplayOptions::embeddedTimeout : ReplayOptions::targetTimeout);

	std::size_t workerCount = embedded ? std::clamp<std::size_t>(files.size(), 1, std::max(options.jobs, 1u)) : 1;
	std::vector<Worker> workers(workerCount);
	if (embedded) {
		for (Worker &worker : workers) {
			worker.sandbox = startSandbox();
			worker.runner =
				std::make_unique<Runner>(options, parseUrl(worker.sandbox->url()), true, timeout);
		}
	} else {
		client::Url base = parseUrl(options.target);
		bool ctisimTarget = probeTarget(options, base, options.target, out);
		workers[0].runner = std::make_unique<Runner>(options, base, ctisimTarget, timeout);
	}

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
	std::fflush(out);

	/* Each file's lines are printed when it and every file before it are done. */
	std::vector<std::optional<FileResult>> results(files.size());
	std::size_t printed = 0;
	auto printReady = [&] {
		for (; printed < files.size() && results[printed]; ++printed) {
			FileResult &result = *results[printed];
			std::fputs(result.output.c_str(), out);
			std::fflush(out);
			++(result.outcome.passed ? summary.passed : summary.failed);
			summary.outcomes.push_back(std::move(result.outcome));
			results[printed].reset();
		}
	};
	if (workers.size() == 1) {
		for (std::size_t i = 0; i < files.size(); ++i) {
			results[i] = replayFile(*workers[0].runner, files[i], options.verbose);
			printReady();
		}
	} else {
		std::mutex mutex;
		std::condition_variable ready;
		std::size_t next = 0;
		std::exception_ptr error;
		std::vector<std::thread> threads;
		for (Worker &worker : workers) {
			threads.emplace_back([&, runner = worker.runner.get()] {
				std::unique_lock lock(mutex);
				while (next < files.size() && !error) {
					std::size_t i = next++;
					lock.unlock();
					std::optional<FileResult> result;
					std::exception_ptr thrown;
					try {
						result = replayFile(*runner, files[i], options.verbose);
					} catch (...) {
						thrown = std::current_exception();
					}
					lock.lock();
					if (thrown && !error)
						error = thrown;
					results[i] = std::move(result);
					ready.notify_one();
				}
			});
		}
		{
			std::unique_lock lock(mutex);
			while (printed < files.size() && !error) {
				ready.wait(lock, [&] { return error || results[printed].has_value(); });
				printReady();
			}
		}
		for (std::thread &thread : threads)
			thread.join();
		if (error)
			std::rethrow_exception(error);
	}

	summary.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
	fmt::print(out, "{} passed, {} failed ({:.0f} ms)\n", summary.passed, summary.failed, summary.ms);
	std::fflush(out);
	if (!options.junit.empty())
		writeJunit(options.junit, summary.outcomes, summary.ms);
	if (!options.report.empty())
		writeFidelityReport(options.report, summary, embedded ? "embedded sandbox" : options.target, out);
	return summary;
}

} /* namespace ctisim::app */
