/* SPDX-License-Identifier: MIT */
/*
 * `ctisim switch`: a SimBackend on its own strand behind a SwitchServer. Its
 * configuration is the switch part of a sandbox --config file (DNs, calls,
 * seed, virtual clock); users and GWS settings belong to the front ends.
 */
#include "commands.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "ctisim/api/sandbox_config.h"
#include "ctisim/clock.h"
#include "ctisim/link/asio_executor.h"
#include "ctisim/link/remote_backend.h"
#include "ctisim/link/switch_server.h"
#include "ctisim/log.h"
#include "ctisim/sim/sim_backend.h"

#include "ctisim/app/command_line.h"

namespace ctisim::cli {

namespace net = boost::asio;
using namespace ctisim::api;
using namespace ctisim::link;

int switchMain(int argc, char **argv)
{
	app::CommandLine cmd("ctisim switch [FLAGS]",
			     "Runs the simulated switch alone. Front ends started with\n"
			     "`ctisim serve --backend tcp://HOST:PORT` share it over the switch link\n"
			     "(docs/switch-protocol.md). Stops on SIGINT/SIGTERM.");
	cmd.addOption("listen", "HOST:PORT", "127.0.0.1:7000",
		      "address and port of the switch link; port 0 picks a free one");
	cmd.addOption("config", "FILE", "", "JSON configuration; its switch part (dns, calls, seed, clock) is used");
	cmd.addOption("threads", "N", "1", "network threads (the switch itself runs on one strand)");
	cmd.addOption("link-token", "SECRET", "",
		      "front ends must send this token in their hello (serve --link-token); prefer CTISIM_LINK_TOKEN");
	cmd.addLogOptions();
	cmd.useEnvironment("CTISIM_");
	if (auto exit = cmd.parseOrExit(argc, argv, 1, "ctisim switch"))
		return *exit;
	if (cmd.applyLogOptions()) {
		std::fprintf(stderr, "ctisim switch: --log-level must be debug, info, warn, error or off; "
				     "--log-format text or json\n");
		return 2;
	}

	SwitchServerConfig serverConfig;
	std::string error;
	/* Same syntax as --backend, with port 0 allowed here. */
	std::string listen = cmd.value("listen");
	bool anyPort = listen.size() > 2 && listen.compare(listen.size() - 2, 2, ":0") == 0;
	if (anyPort)
		listen.back() = '1';
	if (!parseSwitchAddress(listen, serverConfig.address, serverConfig.port, error)) {
		std::fprintf(stderr, "ctisim switch: --listen: %s\n", error.c_str());
		return 2;
	}
	if (anyPort)
		serverConfig.port = 0;
	serverConfig.token = cmd.value("link-token");
	int threads = std::atoi(cmd.value("threads").c_str());
	if (threads < 1 || threads > 64) {
		std::fprintf(stderr, "ctisim switch: --threads must be from 1 to 64\n");
		return 2;
	}

	SandboxConfig config;
	std::string configText = cmd.fileContents("config");
	if (auto configError = parseSandboxConfig(configText, config)) {
		std::fprintf(stderr, "ctisim switch: configuration: %s\n", configError->str().c_str());
		return 1;
	}
	std::unique_ptr<Clock> clock;
	if (config.virtualClock) {
		clock = std::make_unique<VirtualClock>(config.clockStart);
	} else {
		clock = std::make_unique<RealClock>();
		config.applyCallAges(clock->now());
	}

	net::io_context io(threads);
	auto work = net::make_work_guard(io);
	link::AsioExecutor core(io);
	sim::SimBackend backend(config.switchConfig, *clock, core);
	link::SwitchServer server(io, backend, backend, core, serverConfig);
	if (auto startError = server.start()) {
		std::fprintf(stderr, "ctisim switch: %s\n", startError->c_str());
		return 1;
	}
	std::vector<std::thread> pool;
	for (int i = 0; i < threads; ++i)
		pool.emplace_back([&io] { io.run(); });
	/* Scripts wait for this line (and read the port from it with --listen HOST:0). */
	std::printf("ctisim switch listening on tcp://%s:%u\n", serverConfig.address.c_str(), server.port());
	std::fflush(stdout);

	net::signal_set signals(io, SIGINT, SIGTERM);
	std::promise<int> caught;
	signals.async_wait([&caught](const boost::system::error_code &, int signal) { caught.set_value(signal); });
	log::info("switch", "signal {} received, stopping", caught.get_future().get());
	server.stop();
	/* Let the links close, then the switch drain their unsubscriptions, before the threads go. */
	for (int i = 0; i < 5000 && !server.drained(); ++i)
		std::this_thread::sleep_for(std::chrono::milliseconds(1));
	std::promise<void> drained;
	core.post([&drained] { drained.set_value(); });
	drained.get_future().wait_for(std::chrono::seconds(5));
	work.reset();
	io.stop();
	for (std::thread &t : pool)
		t.join();
	return 0;
}

} /* namespace ctisim::cli */
