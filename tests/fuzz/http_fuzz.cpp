/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: raw bytes on one connection of the real HTTP session (Beast's
 * parser, limits, pipelining, the response head), in memory: the session
 * runs on an in-memory stream whose client end sends the input, closes its
 * sending side, and reads until the session closes. Requests are routed like
 * the sandbox routes them: /api/v2 to the GWS resources and CometD, /sim/v1
 * to the control API, the rest to the web console's static files.
 * Everything runs on one thread, the fuzzer's; a session that never closes
 * is a hang (abort after a deadline). Everything is rebuilt for every input.
 */
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/_experimental/test/stream.hpp>

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
#include "http/http_session.h"
#include "http_test_stream.h"

namespace {

using namespace ctisim;
namespace net = boost::asio;
using Session = api::HttpSession<test::HttpTestStream>;

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
	api::HttpServerConfig config = httpConfig();
	std::unique_ptr<World> world;

	static api::BayeuxConfig bayeuxConfig()
	{
		api::BayeuxConfig config;
		config.timeout = std::chrono::milliseconds(1); /* held connects end at once */
		return config;
	}

	static api::HttpServerConfig httpConfig()
	{
		api::HttpServerConfig config;
		config.maxBodyBytes = 4096;
		config.maxHeaderBytes = 2048;
		return config;
	}

	Server()
	{
		router.mount("*", "/api/v2/*", gws, api::HttpRouter::Cors::On);
		router.mount("*", "/sim/v1/*", control);
		router.mount("GET", "/*", console);
		router.mount("HEAD", "/*", console);
		world = build();
	}

	~Server()
	{
		gws.target = nullptr;
		control.target = nullptr;
		bayeux.shutdown();
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

	/// Sends bytes on a new connection, closes the client's sending side, and
	/// reads until the session closes the connection.
	void exchange(const std::uint8_t *data, std::size_t size)
	{
		boost::beast::test::stream client(io);
		auto session = std::make_shared<Session>(test::HttpTestStream(client), config, router,
							 api::HttpPeer{"127.0.0.1", true}, false, nullptr);
		session->run();
		bool done = false;
		std::string received;
		net::steady_timer deadline(io, std::chrono::seconds(10));
		deadline.async_wait([&done](boost::system::error_code e) {
			if (!e && !done) {
				std::fprintf(stderr,
					     "http_fuzz: the session did not close the connection within 10 s\n");
				std::abort();
			}
		});
		net::async_write(client, net::buffer(data, size), [&](boost::system::error_code, std::size_t) {
			/* The session reads the end of the stream; the client can still read. */
			client.close();
			net::async_read(client, net::dynamic_buffer(received),
					[&done](boost::system::error_code, std::size_t) { done = true; });
		});
		while (!done)
			io.run_one();
		deadline.cancel();
		session.reset();
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
