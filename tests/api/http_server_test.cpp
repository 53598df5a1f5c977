/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/http_server.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <doctest/doctest.h>

using namespace ctisim::api;
using namespace std::chrono_literals;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

/* Answers at once with who asked; /hold keeps the reply for the test. */
class TestHandler final : public HttpHandler
{
public:
	void handle(HttpRequest request, HttpReply reply) override
	{
		if (request.path() == "/hold") {
			std::lock_guard lock(mutex_);
			held_.push_back(std::move(reply));
			cv_.notify_all();
			return;
		}
		HttpResponse r;
		r.contentType = "text/plain";
		r.body = request.remoteAddress + (request.fromLoopback ? " loopback" : "");
		reply(std::move(r));
	}

	/// Waits until a reply is held, and takes the oldest.
	HttpReply takeHeld()
	{
		std::unique_lock lock(mutex_);
		REQUIRE(cv_.wait_for(lock, 10s, [this] { return !held_.empty(); }));
		HttpReply reply = std::move(held_.front());
		held_.pop_front();
		return reply;
	}

private:
	std::mutex mutex_;
	std::condition_variable cv_;
	std::deque<HttpReply> held_;
};

HttpResponse textResponse(std::string body)
{
	HttpResponse r;
	r.contentType = "text/plain";
	r.body = std::move(body);
	return r;
}

struct Fixture {
	explicit Fixture(HttpServerConfig config = {}) : server(io, withPort0(config), handler)
	{
		REQUIRE_FALSE(server.start());
		REQUIRE(server.port() != 0);
		thread = std::thread([this] { io.run(); });
	}

	~Fixture()
	{
		work.reset();
		io.stop();
		thread.join();
	}

	static HttpServerConfig withPort0(HttpServerConfig c)
	{
		c.port = 0;
		return c;
	}

	net::io_context io;
	net::executor_work_guard<net::io_context::executor_type> work = net::make_work_guard(io);
	TestHandler handler;
	HttpServer server;
	std::thread thread;
};

/* A blocking client; reads give up after 10 s so a broken server fails the
 * test instead of hanging it. */
struct Client {
	explicit Client(std::uint16_t port)
	{
		socket.connect({net::ip::make_address("127.0.0.1"), port});
		timeval tv{10, 0};
		::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	}

	void send(const std::string &raw) { net::write(socket, net::buffer(raw)); }

	http::response<http::string_body> read()
	{
		http::response<http::string_body> response;
		beast::error_code ec;
		http::read(socket, buffer, response, ec);
		REQUIRE_MESSAGE(!ec, ec.message());
		return response;
	}

	/// True when the server has closed the connection (after any data).
	bool closedByServer()
	{
		char c;
		beast::error_code ec;
		std::size_t n = socket.read_some(net::buffer(&c, 1), ec);
		return n == 0 && (ec == net::error::eof || ec == net::error::connection_reset);
	}

	net::io_context io;
	tcp::socket socket{io};
	beast::flat_buffer buffer;
};

std::string get(const std::string &target, const std::string &extra = "")
{
	return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n";
}

} /* namespace */

/* The listener over real sockets: what the sessions' own tests
 * (http_session_test.cpp, in memory) cannot show. */
TEST_CASE("HttpServer accepts, counts, refuses over its limit, and stops")
{
	HttpServerConfig config;
	config.maxConnections = 2;
	Fixture f(config);

	Client idle(f.server.port());
	idle.send(get("/echo"));
	auto r = idle.read();
	CHECK(r.result_int() == 200);
	CHECK(r.body() == "127.0.0.1 loopback");
	CHECK(r.keep_alive());

	Client busy(f.server.port());
	busy.send(get("/hold"));
	HttpReply held = f.handler.takeHeld();
	CHECK(f.server.connectionCount() == 2);

	/* Over the limit: answered 503 and closed; the others are still served. */
	Client third(f.server.port());
	third.send(get("/echo"));
	auto refused = third.read();
	CHECK(refused.result_int() == 503);
	CHECK_FALSE(refused.keep_alive());
	CHECK(third.closedByServer());
	idle.send(get("/echo"));
	CHECK(idle.read().result_int() == 200);

	/* stop(): the idle connection closes, the held one is answered, then done. */
	std::mutex m;
	std::condition_variable cv;
	bool stopped = false;
	f.server.stop([&] {
		std::lock_guard lock(m);
		stopped = true;
		cv.notify_all();
	});
	CHECK(idle.closedByServer());
	{
		std::lock_guard lock(m);
		CHECK_FALSE(stopped);
	}
	held(textResponse("last words"));
	auto last = busy.read();
	CHECK(last.body() == "last words");
	CHECK_FALSE(last.keep_alive());
	CHECK(busy.closedByServer());
	std::unique_lock lock(m);
	CHECK(cv.wait_for(lock, 10s, [&] { return stopped; }));
	CHECK(f.server.connectionCount() == 0);
}
