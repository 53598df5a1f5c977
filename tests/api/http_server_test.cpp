/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/http_server.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
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

/* /echo answers at once with what it saw; /hold keeps the reply for the test;
 * /close asks the server to close after the response. */
class TestHandler final : public HttpHandler
{
public:
	void handle(HttpRequest request, HttpReply reply) override
	{
		if (request.path().substr(0, 5) == "/hold") {
			std::lock_guard lock(mutex_);
			held_.push_back(std::move(reply));
			cv_.notify_all();
			return;
		}
		HttpResponse r;
		r.contentType = "text/plain";
		r.body = request.method + " " + request.target + " " + request.body;
		r.headers.emplace_back("X-Remote", request.remoteAddress + (request.fromLoopback ? " loopback" : ""));
		r.headers.emplace_back("X-Test", std::string(request.header("x-test")));
		r.close = request.path() == "/close";
		reply(std::move(r));
	}

	/// Waits until n replies are held, and takes the oldest.
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

TEST_CASE("HttpServer serves several requests on one keep-alive connection")
{
	Fixture f;
	Client c(f.server.port());
	c.send(get("/echo?a=1", "X-Test: yes\r\n"));
	auto r1 = c.read();
	CHECK(r1.result_int() == 200);
	CHECK(r1.body() == "GET /echo?a=1 ");
	CHECK(r1[http::field::content_type] == "text/plain");
	CHECK(r1[http::field::content_length] == "14");
	CHECK(r1["X-Remote"] == "127.0.0.1 loopback");
	CHECK(r1["X-Test"] == "yes");
	CHECK(r1.keep_alive());

	c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
	auto r2 = c.read();
	CHECK(r2.body() == "POST /echo hello");

	SUBCASE("a handler may ask to close")
	{
		c.send(get("/close"));
		auto r3 = c.read();
		CHECK_FALSE(r3.keep_alive());
		CHECK(c.closedByServer());
	}
	SUBCASE("HTTP/1.0 without keep-alive is closed after the response")
	{
		c.send("GET /echo HTTP/1.0\r\n\r\n");
		auto r3 = c.read();
		CHECK(r3.body() == "GET /echo ");
		CHECK(c.closedByServer());
	}
}

TEST_CASE("HttpServer enforces its limits with GWS-style errors")
{
	HttpServerConfig config;
	config.maxConnections = 1;
	Fixture f(config);

	SUBCASE("body too large")
	{
		Client c(f.server.port());
		c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" + std::string(1000, 'x'));
		auto r = c.read();
		CHECK(r.result_int() == 413);
		CHECK(r.body() == R"({"statusCode":10,"statusMessage":"Request body exceeds 65536 bytes"})");
		CHECK(r[http::field::content_type] == "application/json");
		CHECK(c.closedByServer());
	}
	SUBCASE("headers too large")
	{
		Client c(f.server.port());
		c.send(get("/echo", "X-Big: " + std::string(9000, 'y') + "\r\n"));
		auto r = c.read();
		CHECK(r.result_int() == 431);
		CHECK(r.body().find("\"statusCode\":10") != std::string::npos);
	}
	SUBCASE("garbage")
	{
		Client c(f.server.port());
		c.send("HELLO THERE\r\n\r\n");
		auto r = c.read();
		CHECK(r.result_int() == 400);
		CHECK(c.closedByServer());
	}
	SUBCASE("too many connections")
	{
		Client first(f.server.port());
		first.send(get("/echo"));
		CHECK(first.read().result_int() == 200);
		Client second(f.server.port());
		second.send(get("/echo"));
		auto r = second.read();
		CHECK(r.result_int() == 503);
		CHECK_FALSE(r.keep_alive());
		CHECK(second.closedByServer());
		/* the first one is still served */
		first.send(get("/echo"));
		CHECK(first.read().result_int() == 200);
	}
}

TEST_CASE("Pipelined requests are answered in order even when the handler answers out of order")
{
	Fixture f;
	Client c(f.server.port());
	c.send(get("/hold/1") + get("/echo/2") + get("/echo/3"));
	HttpReply held = f.handler.takeHeld();
	held(textResponse("held 1"));
	CHECK(c.read().body() == "held 1");
	CHECK(c.read().body() == "GET /echo/2 ");
	CHECK(c.read().body() == "GET /echo/3 ");

	SUBCASE("more pipelined requests than maxPipelined are read as answers go out")
	{
		std::string many;
		for (int i = 0; i < 12; ++i)
			many += get("/echo/" + std::to_string(i));
		c.send(many);
		for (int i = 0; i < 12; ++i)
			CHECK(c.read().body() == "GET /echo/" + std::to_string(i) + " ");
	}
}

TEST_CASE("A client that leaves while its request is held does no harm")
{
	Fixture f;
	{
		Client c(f.server.port());
		c.send(get("/hold"));
		HttpReply held = f.handler.takeHeld();
		c.socket.close();
		std::this_thread::sleep_for(20ms); /* let the server see the close first (either order is legal) */
		held(textResponse("too late"));
	}
	Client again(f.server.port());
	again.send(get("/echo"));
	CHECK(again.read().result_int() == 200);
}

TEST_CASE("Idle and slow connections time out")
{
	HttpServerConfig config;
	config.idleTimeout = 30ms;
	config.readTimeout = 30ms;
	Fixture f(config);
	SUBCASE("idle keep-alive")
	{
		Client c(f.server.port());
		c.send(get("/echo"));
		CHECK(c.read().result_int() == 200);
		CHECK(c.closedByServer());
	}
	SUBCASE("a request that never completes")
	{
		Client c(f.server.port());
		c.send("GET /echo HTTP/1.1\r\nHost: x\r\n");
		CHECK(c.closedByServer());
	}
	SUBCASE("a held request is not an idle connection")
	{
		Client c(f.server.port());
		c.send(get("/hold"));
		HttpReply held = f.handler.takeHeld();
		std::this_thread::sleep_for(100ms); /* longer than both timeouts */
		held(textResponse("late but fine"));
		CHECK(c.read().body() == "late but fine");
	}
}

TEST_CASE("Each phase keeps its own timeout when they differ")
{
	/* One timer serves every deadline of a connection; a short read deadline
	 * set while a long idle wait is pending must still be kept, and a busy
	 * connection must not be closed by an idle deadline it has moved on from. */
	HttpServerConfig config;
	config.idleTimeout = 5000ms;
	config.readTimeout = 80ms;
	Fixture f(config);
	SUBCASE("a slow request after an idle spell is cut at the read timeout")
	{
		Client c(f.server.port());
		c.send(get("/echo"));
		CHECK(c.read().result_int() == 200);
		std::this_thread::sleep_for(200ms); /* idle: longer than the read timeout */
		auto start = std::chrono::steady_clock::now();
		c.send("GET /echo HTTP/1.1\r\nHost: x\r\n");
		CHECK(c.closedByServer());
		/* Well before the idle timeout: the read deadline closed it. */
		CHECK(std::chrono::steady_clock::now() - start < 2500ms);
	}
	SUBCASE("requests spaced wider than the read timeout keep the connection")
	{
		Client c(f.server.port());
		for (int i = 0; i < 4; ++i) {
			c.send(get("/echo"));
			CHECK(c.read().result_int() == 200);
			std::this_thread::sleep_for(150ms);
		}
		c.send(get("/echo"));
		CHECK(c.read().result_int() == 200);
	}
}

TEST_CASE("stop() lets held responses finish, then closes")
{
	Fixture f;
	Client idle(f.server.port());
	idle.send(get("/echo"));
	CHECK(idle.read().result_int() == 200);

	Client busy(f.server.port());
	busy.send(get("/hold"));
	HttpReply held = f.handler.takeHeld();

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
	auto r = busy.read();
	CHECK(r.body() == "last words");
	CHECK_FALSE(r.keep_alive());
	CHECK(busy.closedByServer());
	std::unique_lock lock(m);
	CHECK(cv.wait_for(lock, 10s, [&] { return stopped; }));
}
