/* SPDX-License-Identifier: MIT */
/*
 * The idle mode: Bayeux sessions opened up to each count (one connection each,
 * long-poll parked), then the server's RSS growth per session and its CPU
 * while they are parked.
 */
#include <algorithm>
#include <chrono>
#include <exception>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "bayeux_client.h"
#include "connection.h"
#include "modes.h"
#include "process.h"
#include "results.h"

namespace ctisim::bench {

using asio::use_awaitable;

int runIdle(const Options &o)
{
	if (o.serverPid <= 0)
		usage("idle needs --server-pid");
	std::size_t most = *std::max_element(o.sessions.begin(), o.sessions.end());
	raiseFileLimit(most + o.users + 256);
	asio::io_context io;
	std::vector<std::unique_ptr<BayeuxSession>> sessions;
	std::vector<client::CookieJar> userJars(std::max<std::size_t>(o.users, 1));
	std::size_t failures = 0;
	int status = 0;

	asio::co_spawn(
		io,
		[&]() -> awaitable<void> {
			// One HTTP session (JSESSIONID) per user, shared by that user's Bayeux sessions:
			// the HTTP session table is not what is measured.
			// --users 0: no GWS login (a plain Bayeux server such as the Faye peer).
			for (std::size_t u = 0; u < o.users; ++u) {
				client::GwsClient c(io.get_executor(), serverUrl(o.host, o.port), benchConnection());
				c.setCredentials(fmt::format("{}{}", o.userPrefix, o.firstDn + u), o.password);
				auto res = co_await c.request("GET", "/api/v2/me");
				if (res.status != 200)
					throw std::runtime_error(fmt::format("login {}: HTTP {}", u, res.status));
				userJars[u] = c.jar();
			}
			asio::steady_timer t(io);
			t.expires_after(std::chrono::milliseconds(500));
			co_await t.async_wait(use_awaitable);
			long base = rssKiB(o.serverPid);
			result("idle_rss_base_kib", static_cast<double>(base));
			for (std::size_t target : o.sessions) {
				if (target + 64 > fileLimit()) {
					fmt::print(stderr, "idle: {} sessions exceed the open-file limit {}; skipped\n",
						   target, fileLimit());
					status = 1;
					continue;
				}
				std::size_t next = sessions.size();
				std::size_t opened = 0;
				// A bounded number of set-ups at a time keeps the listen backlog from overflowing.
				auto worker = [&]() -> awaitable<void> {
					while (next < target) {
						std::size_t i = next++;
						// Past ~28k ephemeral ports per source address: 127.0.0.2, .3, ...
						sessions.push_back(std::make_unique<BayeuxSession>(
							io, serverUrl(o.host, o.port),
							fmt::format("127.0.0.{}", 1 + i / 25000)));
						BayeuxSession &s = *sessions.back();
						s.http.jar() = userJars[i % userJars.size()];
						try {
							co_await bayeuxOpen(s);
							asio::co_spawn(io, bayeuxPoll(s), asio::detached);
							auto held = [&s] {
								return s.parked ||
								       (s.connects > 0 &&
									Clock::now() - s.firstConnectSent >
										std::chrono::milliseconds(100));
							};
							while (!held() && !s.stop) {
								asio::steady_timer wait(io);
								wait.expires_after(std::chrono::milliseconds(1));
								co_await wait.async_wait(use_awaitable);
							}
							if (s.stop)
								throw std::runtime_error("the long-poll ended");
							++opened;
						} catch (const std::exception &e) {
							if (failures++ < 5)
								fmt::print(stderr, "idle session {}: {}\n", i,
									   e.what());
						}
					}
				};
				std::size_t workersDone = 0;
				constexpr std::size_t workers = 256;
				for (std::size_t w = 0; w < workers; ++w)
					asio::co_spawn(io, worker(), [&](std::exception_ptr) { ++workersDone; });
				while (workersDone < workers) {
					t.expires_after(std::chrono::milliseconds(10));
					co_await t.async_wait(use_awaitable);
				}
				// Let the server settle (first connects answered, second ones parked), then
				// check it is really idle: parked long-polls should cost no CPU.
				t.expires_after(std::chrono::milliseconds(500));
				co_await t.async_wait(use_awaitable);
				double cpuBefore = cpuSeconds(o.serverPid);
				auto from = Clock::now();
				t.expires_after(std::chrono::milliseconds(500));
				co_await t.async_wait(use_awaitable);
				double busy =
					(cpuSeconds(o.serverPid) - cpuBefore) / (microsSince(from, Clock::now()) / 1e6);
				result(fmt::format("idle_{}_server_cpu_percent", target), 100 * busy);
				long rss = rssKiB(o.serverPid);
				std::size_t live = sessions.size() - failures;
				result(fmt::format("idle_{}_sessions_open", target), static_cast<double>(live));
				result(fmt::format("idle_{}_rss_kib", target), static_cast<double>(rss));
				if (live > 0)
					result(fmt::format("idle_{}_kib_per_session", target),
					       static_cast<double>(rss - base) / static_cast<double>(live));
				if (failures > 0)
					status = 1;
			}
			for (auto &s : sessions) {
				s->stop = true;
				s->http.connection().close();
			}
		},
		[&](std::exception_ptr e) {
			if (e) {
				try {
					std::rethrow_exception(e);
				} catch (const std::exception &ex) {
					fmt::print(stderr, "idle: {}\n", ex.what());
				}
				status = 1;
				for (auto &s : sessions)
					s->http.connection().close();
			}
		});
	io.run();
	return status;
}

} /* namespace ctisim::bench */
