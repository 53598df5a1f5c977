/* SPDX-License-Identifier: MIT */
/*
 * The flags of `ctisim serve` and `ctisim record`: without flags the program
 * runs with the components' own defaults (so a test of a default tests what
 * the program does), --help prints those, and a bad value names its flag.
 */
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "ctisim/app/sandbox_flags.h"

using namespace ctisim;
using namespace ctisim::app;

namespace {

/// The SandboxOptions of `ctisim serve ARGS...`.
SandboxOptions parse(std::vector<std::string> args)
{
	CommandLine cmd("ctisim serve [FLAGS]", "test");
	addSandboxFlags(cmd);
	args.insert(args.begin(), "serve");
	std::vector<char *> argv;
	for (std::string &arg : args)
		argv.push_back(arg.data());
	auto error = cmd.parse(static_cast<int>(argv.size()), argv.data(), 1);
	if (error)
		throw std::runtime_error(*error);
	return readSandboxFlags(cmd);
}

std::string help()
{
	CommandLine cmd("ctisim serve [FLAGS]", "test");
	addSandboxFlags(cmd);
	return cmd.helpText();
}

} /* namespace */

TEST_CASE("without flags the program listens on loopback with the components' defaults")
{
	SandboxOptions options = parse({});
	CHECK(options.http.address == "127.0.0.1");
	CHECK(options.http.address == api::HttpServerConfig{}.address);
	CHECK(options.http.port == api::HttpServerConfig{}.port);
	CHECK(options.http.maxHeaderBytes == api::HttpServerConfig{}.maxHeaderBytes);
	CHECK(options.http.maxBodyBytes == api::HttpServerConfig{}.maxBodyBytes);
	CHECK(options.http.maxConnections == api::HttpServerConfig{}.maxConnections);
	CHECK(options.http.readTimeout == api::HttpServerConfig{}.readTimeout);
	CHECK(options.http.idleTimeout == api::HttpServerConfig{}.idleTimeout);
	CHECK(options.bayeux.timeout == api::BayeuxConfig{}.timeout);
	CHECK(options.bayeux.maxQueue == api::BayeuxConfig{}.maxQueue);
	CHECK(options.remote.heartbeat == link::RemoteBackendConfig{}.heartbeat);
	CHECK(options.journalEntries == Journal::defaultCapacity);
	CHECK(options.record.maxBytes == JournalFileOptions{}.maxBytes);
	CHECK(options.record.files == JournalFileOptions{}.files);
	CHECK(options.record.path.empty());
	CHECK(options.backendUrl.empty());
	CHECK(options.configJson.empty());
	CHECK_FALSE(options.corsOrigins); /* the configuration's CORS policy, api::CorsPolicy's defaults */
}

TEST_CASE("--cors-origins replaces the configuration's origins; none switches CORS off")
{
	CHECK(parse({"--cors-origins", "http://localhost:*, https://crm.example.com"}).corsOrigins ==
	      std::vector<std::string>{"http://localhost:*", "https://crm.example.com"});
	std::optional<std::vector<std::string>> off = parse({"--cors-origins", "none"}).corsOrigins;
	REQUIRE(off);
	CHECK(off->empty());
	CHECK(help().find("(default: http://localhost:*,http://127.0.0.1:*)") != std::string::npos);
}

TEST_CASE("--help prints each default from the config structs")
{
	const std::string text = help();
	const SandboxOptions d;
	for (const std::string &line : {
		     fmt::format("--host ADDRESS           address to listen on (default: {})", d.http.address),
		     fmt::format("(default: {})\n", d.http.maxHeaderBytes),
		     fmt::format("(default: {})\n", d.http.maxBodyBytes),
		     fmt::format("(default: {})\n", d.http.idleTimeout.count()),
		     fmt::format("(default: {})\n", d.bayeux.maxQueue),
		     fmt::format("(default: {})\n", d.record.maxBytes),
	     }) {
		INFO(line);
		CHECK(text.find(line) != std::string::npos);
	}
}

TEST_CASE("flags fill the config structs")
{
	SandboxOptions options = parse({"--host", "0.0.0.0", "--port", "0", "--max-queue", "5", "--poll-timeout-ms",
					"250", "--heartbeat-ms", "200", "--record", "/tmp/j.jsonl", "--record-files",
					"2", "--session-route", "a1"});
	CHECK(options.http.address == "0.0.0.0");
	CHECK(options.http.port == 0);
	CHECK(options.bayeux.maxQueue == 5);
	CHECK(options.bayeux.timeout == std::chrono::milliseconds(250));
	CHECK(options.remote.heartbeat == std::chrono::milliseconds(200));
	CHECK(options.record.path == "/tmp/j.jsonl");
	CHECK(options.record.files == 2);
	CHECK(options.sessionRoute == "a1");
}

TEST_CASE("--control-access: loopback by default, open, or USER:PASSWORD")
{
	CHECK_FALSE(parse({}).control.open);
	CHECK_FALSE(parse({}).control.credentials);
	CHECK_FALSE(parse({"--control-access", "loopback"}).control.open);
	CHECK(parse({"--control-access", "open"}).control.open);
	api::ControlExposure withCredentials = parse({"--control-access", "ci:pa:ss"}).control;
	CHECK_FALSE(withCredentials.open);
	REQUIRE(withCredentials.credentials);
	CHECK(withCredentials.credentials->user == "ci");
	CHECK(withCredentials.credentials->password == "pa:ss"); /* split at the first colon, as HTTP Basic is */
	for (const char *bad : {"everyone", ":pw", "ci:", ""}) {
		CAPTURE(bad);
		CHECK_THROWS_WITH_AS(parse({"--control-access", bad}),
				     "--control-access must be loopback, open or USER:PASSWORD (both non-empty)",
				     std::runtime_error);
	}
}

TEST_CASE("a flag not given comes from PREFIX_FLAG, else from the file PREFIX_FLAG_FILE names")
{
	/* A prefix no real environment uses; the variables are removed at the end. */
	auto parseWithEnvironment = [](std::vector<std::string> args) {
		CommandLine cmd("ctisim serve [FLAGS]", "test");
		addSandboxFlags(cmd);
		cmd.useEnvironment("CTISIMFLAGTEST_");
		args.insert(args.begin(), "serve");
		std::vector<char *> argv;
		for (std::string &arg : args)
			argv.push_back(arg.data());
		if (auto error = cmd.parse(static_cast<int>(argv.size()), argv.data(), 1))
			throw std::runtime_error(*error);
		return readSandboxFlags(cmd);
	};
	const std::string secret =
		(std::filesystem::temp_directory_path() / fmt::format("ctisim-flag-test-{}", std::random_device{}()))
			.string();
	{
		std::ofstream out(secret);
		out << "s3cret\n"; /* as `echo s3cret > file` writes it */
	}
	::setenv("CTISIMFLAGTEST_CONTROL_ACCESS", "open", 1);
	::setenv("CTISIMFLAGTEST_LINK_TOKEN_FILE", secret.c_str(), 1);
	CHECK(parseWithEnvironment({}).control.open);
	CHECK(parseWithEnvironment({}).remote.token == "s3cret");
	/* The command line wins over both. */
	CHECK_FALSE(parseWithEnvironment({"--control-access", "loopback"}).control.open);
	CHECK(parseWithEnvironment({"--link-token", "other"}).remote.token == "other");
	/* The variable wins over the file. */
	::setenv("CTISIMFLAGTEST_LINK_TOKEN", "direct", 1);
	CHECK(parseWithEnvironment({}).remote.token == "direct");
	::unsetenv("CTISIMFLAGTEST_LINK_TOKEN");
	std::filesystem::remove(secret);
	CHECK_THROWS_WITH_AS(parseWithEnvironment({}),
			     fmt::format("CTISIMFLAGTEST_LINK_TOKEN_FILE: cannot read {}", secret).c_str(),
			     std::runtime_error);
	::unsetenv("CTISIMFLAGTEST_CONTROL_ACCESS");
	::unsetenv("CTISIMFLAGTEST_LINK_TOKEN_FILE");
}

TEST_CASE("a bad value names its flag and what it accepts")
{
	CHECK_THROWS_WITH_AS(parse({"--port", "70000"}), "--port must be a whole number from 0 to 65535, not '70000'",
			     std::runtime_error);
	CHECK_THROWS_WITH_AS(parse({"--max-queue", "-1"}),
			     "--max-queue must be a whole number from 1 to 1000000, not '-1'", std::runtime_error);
	CHECK_THROWS_WITH_AS(parse({"--session-route", "A"}),
			     "--session-route must be at most 32 lowercase letters and digits", std::runtime_error);
	CHECK_THROWS_WITH_AS(parse({"--config", "/nonexistent.json"}), "--config: cannot read /nonexistent.json",
			     std::runtime_error);
	CHECK_THROWS_AS(parse({"--no-such-flag"}), std::runtime_error);
}
