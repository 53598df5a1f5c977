/* SPDX-License-Identifier: MIT */
/*
 * The fixed mode: N keep-alive connections POSTing the same request as fast as
 * they are answered, against any server (nginx, WireMock): the peer's ceiling
 * of one HTTP exchange, and its CPU per exchange.
 */
#include <chrono>
#include <exception>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <fmt/format.h>

#include "connection.h"
#include "load_run.h"
#include "modes.h"
#include "process.h"
#include "results.h"

namespace ctisim::bench {

int runFixed(const Options &o)
{
	raiseFileLimit(o.connections + 256);
	asio::io_context io;
	Run run(io);
	run.start = Clock::now() + std::chrono::milliseconds(200);
	run.deadline =
		run.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
	run.measuring = true;
	for (std::size_t i = 0; i < o.connections; ++i) {
		asio::co_spawn(
			io,
			[&]() -> awaitable<void> {
				client::GwsClient c(io.get_executor(), serverUrl(o.host, o.port), benchConnection());
				try {
					while (Clock::now() < run.deadline) {
						auto sent = Clock::now();
						auto res = co_await c.request("POST", o.target,
									      R"({"operationName":"Hangup"})");
						auto done = Clock::now();
						if (sent >= run.start) {
							run.stats.latencyUs.push_back(microsSince(sent, done));
							++run.stats.ops;
							if (res.status != 200)
								++run.stats.errors;
						}
					}
				} catch (const std::exception &e) {
					fmt::print(stderr, "connection: {}\n", e.what());
					++run.failed;
				}
			},
			asio::detached);
	}
	CpuWindow cpu;
	asio::co_spawn(io, cpu.sample(io, o, run), asio::detached);
	io.run();
	const double seconds = microsSince(run.start, run.deadline) / 1e6;
	reportLatencies(run.stats, seconds);
	cpu.report(o, run.stats.ops, seconds);
	return run.failed == 0 && run.stats.ops > 0 && run.stats.errors == 0 ? 0 : 1;
}

} /* namespace ctisim::bench */
