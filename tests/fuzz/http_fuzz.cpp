/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: raw bytes on a TCP connection to the real HttpServer (Beast's
 * parser, limits, pipelining), routed like the sandbox routes them: /api/v2 to
 * the GWS resources and CometD, /sim/v1 to the control API, the rest to the
 * web console's static files. Loopback TCP rather than a fake stream because
 * HttpServer's sessions are tcp::socket sessions; everything runs on one
 * thread, the fuzzer's. The client sends the input, half-closes, and reads
 * until the server closes: a server that never closes is a hang (abort after
 * a deadline). Everything, server included, is rebuilt for every input.
 */
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "ctisim/api/bayeux_server.h"
#include "ctisim/api/control_api.h"
#include "ctisim/api/directory.h"
#include "ctisim/api/gws_api.h"
#include "ctisim/api/http_router.h"
#include "ctisim/api/http_server.h"
#include "ctisim/api/static_files.h"
#include "ctisim/clock.h"
#include "ctisim/link/asio_executor.h"
#include "ctisim/sim/sim_backend.h"
#include "fuzz_world.h"

namespace {

using namespace ctisim;
namespace net = boost::asio;
using tcp = net::ip::tcp;

/// The switch and GWS state of one input.
struct World {
	VirtualClock clock{fuzz::worldConfig().clockStart};
	std::unique_ptr<sim::SimBackend> backend;
	std::unique_ptr<api::GwsApi> gws;
	std::unique_ptr<api::ControlApi> control;
};

/// Forwards to the current world's handler; 503 between worlds.
struct Forward final : api::HttpHandler {
	api::HttpHandler *target = nullptr;
	void handle(api::HttpRequest request, api::HttpReply reply) override
	{
		if (!target) {
			api::HttpResponse r;
			r.status = 503;
			r.body = R"({"statusCode":4,"statusMessage":"no world"})";
			return reply(std::move(r));
		}
		target->handle(std::move(request), std::move(reply));
	}
};

/// One server per input, on an io_context of its own: nothing (timers of an
/// old switch, sessions) carries over from one input to the next.
struct Server {
	net::io_context io;
	link::AsioExecutor core{io};
	api::BayeuxServer bayeux{io, bayeuxConfig()};
	Forward gws;
	Forward control;
	api::StaticFiles console{CTISIM_FUZZ_CONSOLE_DIR};
	api::HttpRouter router;
	std::unique_ptr<api::HttpServer> http;
	std::unique_ptr<World> world;

	static api::BayeuxConfig bayeuxConfig()
	{
		api::BayeuxConfig config;
		config.timeout = std::chrono::milliseconds(1); /* held connects end at once */
		return config;
	}

	Server()
	{
		router.mount("*", "/api/v2/*", gws, api::HttpRouter::Cors::On);
		router.mount("*", "/sim/v1/*", control);
		router.mount("GET", "/*", console);
		router.mount("HEAD", "/*", console);
		api::HttpServerConfig config;
		config.port = 0;
		config.maxBodyBytes = 4096;
		config.maxHeaderBytes = 2048;
		http = std::make_unique<api::HttpServer>(io, config, router);
		if (http->start())
			std::abort();
		world = build();
	}

	~Server()
	{
		gws.target = nullptr;
		control.target = nullptr;
		bayeux.shutdown();
		bool stopped = false;
		http->stop([&stopped] { stopped = true; });
		while (!stopped)
			io.run_one();
		http.reset();
		world.reset();
		io.poll(); /* the world's leftover tasks run and must do nothing */
	}

	std::unique_ptr<World> build()
	{
		const api::SandboxConfig &config = fuzz::worldConfig();
		auto w = std::make_unique<World>();
		w->backend = std::make_unique<sim::SimBackend>(config.switchConfig, w->clock, core);
		w->gws = std::make_unique<api::GwsApi>(*w->backend, core, w->clock,
						       api::makeDirectory(config.users, config.switchConfig.seed),
						       api::GwsConfig{}, bayeux, &bayeux);
		w->control = std::make_unique<api::ControlApi>(
			*w->backend, *w->backend, core,
			[](std::optional<api::SandboxConfig>, api::ControlApi::ResetDone done) {
				done("reset is not available in the fuzz target");
			});
		bool ready = false;
		w->gws->start([&ready] { ready = true; });
		while (!ready)
			io.run_one();
		gws.target = w->gws.get();
		control.target = w->control.get();
		return w;
	}

	/// A new client connection to the server. The client closes first, so each
	/// connection leaves a TIME_WAIT socket for a minute, and a run makes about a
	/// thousand a second: from one source address, bind() would soon find no free
	/// port. The source cycles through 65,536 loopback addresses (127.1.0.0/16),
	/// so an address comes back only after its sockets of last time have expired;
	/// one still busy is skipped. A failure says what failed before aborting.
	tcp::socket connectClient()
	{
		static std::uint32_t connections = 0;
		constexpr std::uint32_t sourceBase = 0x7F010000u; /* 127.1.0.0 */
		constexpr std::uint32_t sourceCount = 65536;
		boost::system::error_code ec;
		const char *step = "open";
		for (int attempt = 0; attempt < 16; ++attempt) {
			tcp::socket client(io);
			net::ip::address_v4 source(sourceBase + connections++ % sourceCount);
			step = "open";
			client.open(tcp::v4(), ec);
			if (!ec) {
				step = "bind";
				client.bind(tcp::endpoint(source, 0), ec);
			}
			if (!ec) {
				step = "connect";
				client.connect(tcp::endpoint(net::ip::address_v4::loopback(), http->port()), ec);
			}
			if (!ec)
				return client;
			if (ec != boost::system::errc::address_in_use &&
			    ec != boost::system::errc::address_not_available)
				break;
		}
		std::fprintf(stderr, "http_fuzz: the client's %s failed after %u connections: %s\n", step,
			     static_cast<unsigned>(connections), ec.message().c_str());
		std::abort();
	}

	/// Sends bytes on a new connection, half-closes, reads until the server closes.
	void exchange(const std::uint8_t *data, std::size_t size)
	{
		tcp::socket client = connectClient();
		bool done = false;
		std::string received;
		net::steady_timer deadline(io, std::chrono::seconds(10));
		deadline.async_wait([&done](boost::system::error_code e) {
			if (!e && !done) {
				std::fprintf(stderr,
					     "http_fuzz: the server did not close the connection within 10 s\n");
				std::abort();
			}
		});
		net::async_write(client, net::buffer(data, size), [&](boost::system::error_code, std::size_t) {
			boost::system::error_code ignored;
			client.shutdown(tcp::socket::shutdown_send, ignored);
			net::async_read(client, net::dynamic_buffer(received),
					[&done](boost::system::error_code, std::size_t) { done = true; });
		});
		while (!done)
			io.run_one();
		deadline.cancel();
		io.poll();
	}
};

} /* namespace */

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
	Server server;
	server.exchange(data, size);
	return 0;
}
