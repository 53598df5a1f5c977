/* SPDX-License-Identifier: MIT */
/*
 * The replayer against an embedded sandbox: a scenario that matches passes, a
 * wrong expectation fails with a diff naming the field, a broken file is an
 * error naming its JSON path, and --update writes what the server said.
 */
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include <doctest/doctest.h>

#include "ctisim/app/replayer.h"

using namespace ctisim::app;
namespace fs = std::filesystem;

namespace {

std::string source(const std::string &relative)
{
	return std::string(CTISIM_SOURCE_ROOT) + "/" + relative;
}

std::string readText(const fs::path &path)
{
	std::ifstream in(path, std::ios::binary);
	std::ostringstream text;
	text << in.rdbuf();
	return text.str();
}

/// A fresh, empty folder under the system's temporary folder, removed at the end.
struct TempDir {
	fs::path path;
	TempDir()
	{
		static int count = 0;
		path = fs::temp_directory_path() /
		       ("ctisim-app-test-" + std::to_string(::getpid()) + "-" + std::to_string(++count));
		fs::remove_all(path);
		fs::create_directories(path);
	}
	~TempDir() { fs::remove_all(path); }
	TempDir(const TempDir &) = delete;
	TempDir &operator=(const TempDir &) = delete;
	void write(const std::string &name, const std::string &text) const
	{
		fs::create_directories((path / name).parent_path());
		std::ofstream(path / name, std::ios::binary) << text;
	}
};

/// replay() with its report captured.
struct Run {
	ReplaySummary summary;
	std::string report;
};

Run run(const std::vector<std::string> &inputs, ReplayOptions options = {})
{
	std::FILE *out = std::tmpfile();
	REQUIRE(out != nullptr);
	Run r;
	r.summary = replay(options, inputs, out);
	std::rewind(out);
	char buffer[4096];
	for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, out)) > 0;)
		r.report.append(buffer, n);
	std::fclose(out);
	return r;
}

} /* namespace */

TEST_CASE("a scenario that matches passes; the report says so and counts it")
{
	Run r = run({source("scenarios/seed/single_step_conference_sample1.json")});
	CHECK(r.summary.passed == 1);
	CHECK(r.summary.failed == 0);
	REQUIRE(r.summary.outcomes.size() == 1);
	CHECK(r.summary.outcomes[0].passed);
	CHECK(r.summary.outcomes[0].name == "SingleStepConference sample 1");
	CHECK(r.report.find("PASS ") != std::string::npos);
	CHECK(r.report.find("1 passed, 0 failed") != std::string::npos);
}

TEST_CASE("a wrong expectation fails with a diff naming the field, the expected and the actual value")
{
	Run r = run({source("tests/replay/wrong_expectation.json")});
	CHECK(r.summary.passed == 0);
	CHECK(r.summary.failed == 1);
	REQUIRE(r.summary.outcomes.size() == 1);
	const ScenarioOutcome &o = r.summary.outcomes[0];
	CHECK_FALSE(o.passed);
	CHECK_FALSE(o.fileError);
	CHECK(o.failure.find("$.steps[0].expect.notifications.agent15000[0]") != std::string::npos);
	CHECK(o.failure.find("at       $.data.call.duration") != std::string::npos);
	CHECK(o.failure.find("expected \"53\"") != std::string::npos);
	CHECK(o.failure.find("actual   \"52\"") != std::string::npos);
	CHECK(r.report.find("FAIL ") != std::string::npos);
	CHECK(r.report.find("0 passed, 1 failed") != std::string::npos);
}

TEST_CASE("a broken scenario file is an error naming its JSON path, and the run goes on")
{
	Run r = run({source("tests/replay/bad_scenario.json"), source("scenarios/voice/call_hold.json")});
	CHECK(r.summary.passed == 1);
	CHECK(r.summary.failed == 1);
	REQUIRE(r.summary.outcomes.size() == 2);
	CHECK(r.summary.outcomes[0].fileError);
	CHECK(r.summary.outcomes[0].failure.find("$.steps[0].expect.status: expected an integer from 100 to 599") !=
	      std::string::npos);
	CHECK(r.summary.outcomes[1].passed);
	CHECK(r.report.find("ERROR ") != std::string::npos);
}

TEST_CASE("an input that does not exist is an error, not a crash")
{
	Run r = run({"/nonexistent/scenario.json"});
	CHECK(r.summary.failed == 1);
	REQUIRE(r.summary.outcomes.size() == 1);
	CHECK(r.summary.outcomes[0].fileError);
	CHECK(r.report.find("/nonexistent/scenario.json: no such file or directory") != std::string::npos);
}

TEST_CASE("findScenarioFiles searches folders recursively, sorted, without .actual.json")
{
	TempDir dir;
	for (const char *name : {"b.json", "a.json", "a.actual.json", "notes.txt", "sub/c.json"})
		dir.write(name, "{}");
	std::vector<std::string> missing;
	std::vector<std::string> files =
		findScenarioFiles({dir.path.string(), (dir.path / "notes.txt").string(), "/nonexistent"}, missing);
	std::vector<std::string> expected = {(dir.path / "a.json").string(), (dir.path / "b.json").string(),
					     (dir.path / "sub/c.json").string(), (dir.path / "notes.txt").string()};
	CHECK(files == expected);
	CHECK(missing == std::vector<std::string>{"/nonexistent"});
}

TEST_CASE("update writes FILE.actual.json with what the server said, and it replays green")
{
	TempDir dir;
	dir.write("wrong.json", readText(source("tests/replay/wrong_expectation.json")));
	ReplayOptions options;
	options.update = true;
	Run r = run({(dir.path / "wrong.json").string()}, options);
	REQUIRE(r.summary.outcomes.size() == 1);
	const ScenarioOutcome &o = r.summary.outcomes[0];
	CHECK_FALSE(o.passed);
	CHECK(o.actualFile == (dir.path / "wrong.actual.json").string());
	std::string actual = readText(dir.path / "wrong.actual.json");
	CHECK(actual.find("\"duration\": \"52\"") != std::string::npos);
	CHECK(actual.find("\"duration\": \"53\"") == std::string::npos);

	Run again = run({o.actualFile});
	CHECK(again.summary.passed == 1);
	CHECK(again.summary.failed == 0);
}

TEST_CASE("the JUnit report counts failures and errors apart")
{
	TempDir dir;
	ReplayOptions options;
	options.junit = (dir.path / "report.xml").string();
	run({source("tests/replay/wrong_expectation.json"), source("tests/replay/bad_scenario.json"),
	     source("scenarios/voice/call_hold.json")},
	    options);
	std::string xml = readText(dir.path / "report.xml");
	CHECK(xml.find("<testsuites tests=\"3\" failures=\"1\" errors=\"1\"") != std::string::npos);
	CHECK(xml.find("<failure message=\"step 0") != std::string::npos);
	CHECK(xml.find("<error message=") != std::string::npos);
}

TEST_CASE("with jobs the files run side by side and the output, the outcomes and the report are the sequential ones")
{
	TempDir dir;
	ReplayOptions options;
	options.verbose = true;
	options.report = (dir.path / "report.json").string();
	const std::vector<std::string> inputs = {source("tests/replay/wrong_expectation.json"),
						 source("scenarios/voice/call_hold.json"),
						 source("tests/replay/bad_scenario.json"),
						 "/nonexistent/scenario.json",
						 source("scenarios/voice/call_complete_transfer.json"),
						 source("scenarios/seed/single_step_conference_sample1.json")};
	/* Everything but the timings and the Bayeux clientIds (random, sequential or not). */
	auto untimed = [](const std::string &text) {
		return std::regex_replace(std::regex_replace(text, std::regex("\\d+ ms"), "T ms"),
					  std::regex("\"clientId\":\"\\w+\""), "\"clientId\":\"C\"");
	};

	options.jobs = 1;
	Run sequential = run(inputs, options);
	std::string sequentialReport = readText(dir.path / "report.json");
	options.jobs = 3;
	Run parallel = run(inputs, options);
	std::string parallelReport = readText(dir.path / "report.json");

	/* With a report, call_complete_transfer fails on a key-order difference. */
	CHECK(sequential.summary.passed == 2);
	CHECK(sequential.summary.failed == 4);
	CHECK(sequential.report.find("FAIL ") != std::string::npos);
	CHECK(sequential.report.find("    | ") != std::string::npos);
	CHECK(sequentialReport.find("$[0].data.call.duration") != std::string::npos);
	CHECK(untimed(parallel.report) == untimed(sequential.report));
	CHECK(untimed(parallelReport) == untimed(sequentialReport));
	CHECK(parallel.summary.passed == sequential.summary.passed);
	CHECK(parallel.summary.failed == sequential.summary.failed);
	REQUIRE(parallel.summary.outcomes.size() == sequential.summary.outcomes.size());
	for (std::size_t i = 0; i < parallel.summary.outcomes.size(); ++i) {
		CAPTURE(i);
		CHECK(parallel.summary.outcomes[i].file == sequential.summary.outcomes[i].file);
		CHECK(parallel.summary.outcomes[i].passed == sequential.summary.outcomes[i].passed);
		CHECK(parallel.summary.outcomes[i].failure == sequential.summary.outcomes[i].failure);
		CHECK(parallel.summary.outcomes[i].differences.size() ==
		      sequential.summary.outcomes[i].differences.size());
	}
}

TEST_CASE("a target that does not answer stops the run before any scenario")
{
	ReplayOptions options;
	options.target = "http://127.0.0.1:1";
	std::FILE *out = std::tmpfile();
	REQUIRE(out != nullptr);
	CHECK_THROWS_AS(replay(options, {source("scenarios/voice/call_hold.json")}, out), std::runtime_error);
	options.target = "ftp://example";
	CHECK_THROWS_AS(replay(options, {source("scenarios/voice/call_hold.json")}, out), std::runtime_error);
	std::fclose(out);
}
