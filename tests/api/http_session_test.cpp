/* SPDX-License-Identifier: MIT */
/*
 * HttpSession on an in-memory stream: every exchange runs on the test's
 * thread, io.poll() runs what is ready, and time passes only when a test lets
 * a deadline expire: no socket, no sleep.
 */
// Test that header file is self-contained.
#include "http/http_session.h"

#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "http_test_stream.h"

using namespace ctisim::api;
using namespace std::chrono_literals;
using ctisim::test::HttpTestStream;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

/* /echo answers at once with what it saw; /hold keeps the reply (and the
 * request) for the test; /close asks the server to close after the response;
 * /throw fails. */
class TestHandler final : public HttpHandler
{
public:
	void handle(HttpRequest request, HttpReply reply) override
	{
		if (request.path() == "/throw")
			throw std::runtime_error("handler failed");
		if (request.path().substr(0, 5) == "/hold") {
			heldRequests.push_back(std::move(request));
			held.push_back(std::move(reply));
			return;
		}
		HttpResponse r;
		r.contentType = "text/plain";
		r.body = fmt::format("{} {} {}", request.method(), request.target(), request.body);
		r.headers.emplace_back("X-Remote", request.remoteAddress + (request.fromLoopback ? " loopback" : ""));
		r.headers.emplace_back("X-Test", std::string(request.header("x-test")));
		r.close = request.path() == "/close";
		reply(std::move(r));
	}

	std::deque<HttpReply> held;
	std::deque<HttpRequest> heldRequests;
};

/* Counts what a listener would. */
struct Owner final : HttpSessionOwner {
	void sessionClosed(HttpSessionBase &) override { ++closed; }
	int closed = 0;
};

HttpResponse textResponse(std::string body)
{
	HttpResponse r;
	r.contentType = "text/plain";
	r.body = std::move(body);
	return r;
}

std::string get(const std::string &target, const std::string &extra = "")
{
	return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n";
}

/* One connection: the test is its client. */
struct Connection {
	explicit Connection(HttpServerConfig c = {}, bool refuse = false) : config(c)
	{
		HttpTestStream stream(client);
		probe.emplace(stream.probe());
		session = std::make_shared<HttpSession<HttpTestStream>>(std::move(stream), config, handler,
									HttpPeer{"10.1.2.3", false}, refuse, owner);
		session->run();
		readMore();
		settle();
	}

	/// Runs every handler that is ready.
	void settle()
	{
		io.restart();
		io.poll();
	}

	void send(const std::string &raw)
	{
		net::write(client, net::buffer(raw));
		settle();
	}

	/// The next whole response the client has received.
	http::response<http::string_body> read()
	{
		settle();
		http::response_parser<http::string_body> parser;
		parser.eager(true);
		beast::error_code ec;
		std::size_t used = parser.put(net::buffer(received), ec);
		REQUIRE_MESSAGE(!ec, ec.message());
		REQUIRE_MESSAGE(parser.is_done(), "no whole response in: " << received);
		received.erase(0, used);
		return parser.release();
	}

	/// The session has closed the connection, and nothing more came.
	bool closedByServer()
	{
		settle();
		return ended && received.empty();
	}

	/// The client leaves.
	void leave()
	{
		client.close();
		settle();
	}

	void readMore()
	{
		client.async_read_some(net::buffer(chunk), [this](beast::error_code ec, std::size_t n) {
			received.append(chunk.data(), n);
			if (ec)
				ended = true;
			else
				readMore();
		});
	}

	net::io_context io;
	HttpServerConfig config;
	TestHandler handler;
	std::shared_ptr<Owner> owner = std::make_shared<Owner>();
	beast::test::stream client{io};
	std::optional<HttpTestStream::Probe> probe;
	std::shared_ptr<HttpSession<HttpTestStream>> session;
	std::array<char, 4096> chunk{};
	std::string received;
	bool ended = false;
};

} /* namespace */

TEST_CASE("HttpSession serves several requests on one keep-alive connection")
{
	Connection c;
	c.send(get("/echo?a=1", "X-Test: yes\r\n"));
	auto r1 = c.read();
	CHECK(r1.result_int() == 200);
	CHECK(r1.body() == "GET /echo?a=1 ");
	CHECK(r1[http::field::server] == "ctisim");
	CHECK(r1[http::field::content_type] == "text/plain");
	CHECK(r1[http::field::content_length] == "14");
	CHECK(r1["X-Remote"] == "10.1.2.3");
	CHECK(r1["X-Test"] == "yes");
	CHECK(r1.keep_alive());

	c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
	CHECK(c.read().body() == "POST /echo hello");
	c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
	CHECK(c.read().body() == "POST /echo abc");
	CHECK(c.owner->closed == 0);

	SUBCASE("a handler may ask to close")
	{
		c.send(get("/close"));
		auto r3 = c.read();
		CHECK_FALSE(r3.keep_alive());
		CHECK(c.closedByServer());
		CHECK(c.owner->closed == 1);
	}
	SUBCASE("HTTP/1.0 without keep-alive is closed after the response")
	{
		c.send("GET /echo HTTP/1.0\r\n\r\n");
		auto r3 = c.read();
		CHECK(r3.body() == "GET /echo ");
		CHECK(c.closedByServer());
	}
	SUBCASE("a request split over several sends is read whole")
	{
		c.send("GET /echo/split HTTP/1.1\r\n");
		CHECK(c.received.empty());
		c.send("Host: x\r\n\r\n");
		CHECK(c.read().body() == "GET /echo/split ");
	}
	SUBCASE("the client leaving closes the session")
	{
		c.leave();
		CHECK(c.probe->closed());
		CHECK(c.owner->closed == 1);
	}
}

TEST_CASE("HttpSession answers bad input with a GWS-style error and closes")
{
	Connection c;
	SUBCASE("body too large")
	{
		c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" + std::string(1000, 'x'));
		auto r = c.read();
		CHECK(r.result_int() == 413);
		CHECK(r.body() == R"({"statusCode":10,"statusMessage":"Request body exceeds 65536 bytes"})");
		CHECK(r[http::field::content_type] == "application/json");
		CHECK_FALSE(r.keep_alive());
		CHECK(c.closedByServer());
	}
	SUBCASE("headers too large")
	{
		c.send(get("/echo", "X-Big: " + std::string(9000, 'y') + "\r\n"));
		auto r = c.read();
		CHECK(r.result_int() == 431);
		CHECK(r.body() == R"({"statusCode":10,"statusMessage":"Request headers exceed 8192 bytes"})");
		CHECK(c.closedByServer());
	}
	SUBCASE("garbage")
	{
		c.send("HELLO THERE\r\n\r\n");
		auto r = c.read();
		CHECK(r.result_int() == 400);
		CHECK(r.body() == R"({"statusCode":10,"statusMessage":"Malformed HTTP request"})");
		CHECK(c.closedByServer());
	}
	SUBCASE("a transfer coding other than chunked, or beside Content-Length")
	{
		for (const char *framing :
		     {"Transfer-Encoding: gzip\r\n", "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n"}) {
			CAPTURE(framing);
			Connection other;
			other.send(std::string("POST /echo HTTP/1.1\r\nHost: x\r\n") + framing +
				   "\r\n3\r\nabc\r\n0\r\n\r\n");
			auto r = other.read();
			CHECK(r.result_int() == 400);
			CHECK(r.body().find(R"({"statusCode":10,)") == 0);
			CHECK(other.closedByServer());
		}
	}
	SUBCASE("a target that is not ASCII")
	{
		c.send(get("/echo/\xC3\xA9"));
		auto r = c.read();
		CHECK(r.result_int() == 400);
		CHECK(r.body().find("must be ASCII") != std::string::npos);
		CHECK(c.closedByServer());
	}
	SUBCASE("a handler that throws")
	{
		c.send(get("/throw"));
		auto r = c.read();
		CHECK(r.result_int() == 500);
		CHECK(r.body() == R"({"statusCode":4,"statusMessage":"Internal error"})");
		CHECK(c.closedByServer());
	}
}

TEST_CASE("A session over the connection limit answers 503 and closes")
{
	Connection c({}, true);
	CHECK(c.session->refused());
	c.send(get("/echo"));
	auto r = c.read();
	CHECK(r.result_int() == 503);
	CHECK(r.body() == R"({"statusCode":4,"statusMessage":"Too many connections"})");
	CHECK_FALSE(r.keep_alive());
	CHECK(c.closedByServer());
}

TEST_CASE("Pipelined requests are answered in order even when the handler answers out of order")
{
	Connection c;
	c.send(get("/hold/1") + get("/echo/2") + get("/echo/3"));
	REQUIRE(c.handler.held.size() == 1);
	CHECK(c.received.empty()); /* the answers of 2 and 3 wait for 1's */
	c.handler.held.front()(textResponse("held 1"));
	CHECK(c.read().body() == "held 1");
	CHECK(c.read().body() == "GET /echo/2 ");
	CHECK(c.read().body() == "GET /echo/3 ");

	SUBCASE("a second reply for one request is ignored")
	{
		c.handler.held.front()(textResponse("again"));
		c.settle();
		CHECK(c.received.empty());
	}
	SUBCASE("more pipelined requests than maxPipelined are read as answers go out")
	{
		std::string many = get("/hold/0");
		for (int i = 1; i < 12; ++i)
			many += get("/echo/" + std::to_string(i));
		c.send(many);
		/* Held by the first: the session stopped reading at maxPipelined. */
		CHECK(c.handler.held.size() == 2);
		c.handler.held.back()(textResponse("held 0"));
		CHECK(c.read().body() == "held 0");
		for (int i = 1; i < 12; ++i)
			CHECK(c.read().body() == "GET /echo/" + std::to_string(i) + " ");
	}
}

TEST_CASE("A client that leaves while its request is held does no harm")
{
	Connection c;
	c.send(get("/hold"));
	REQUIRE(c.handler.heldRequests.size() == 1);
	const auto &gone = c.handler.heldRequests.front().clientGone;
	REQUIRE(gone);
	CHECK_FALSE(gone->load());
	c.leave();
	/* The handler can see it; the session reads no more, and closes once the
	 * late reply is written (to nobody). */
	CHECK(gone->load());
	CHECK_FALSE(c.probe->closed());
	c.handler.held.front()(textResponse("too late"));
	c.settle();
	CHECK(c.received.empty());
	CHECK(c.probe->closed());
	CHECK(c.owner->closed == 1);
}

TEST_CASE("Each phase has its own deadline")
{
	HttpServerConfig config;
	config.idleTimeout = 5000ms;
	config.readTimeout = 80ms;
	Connection c(config);
	/* A fresh connection waits for its first request as an idle one does. */
	CHECK(c.probe->deadline() == config.idleTimeout);

	SUBCASE("an idle keep-alive connection closes at the idle timeout")
	{
		c.send(get("/echo"));
		CHECK(c.read().result_int() == 200);
		CHECK(c.probe->deadline() == config.idleTimeout);
		CHECK(c.probe->expire());
		CHECK(c.closedByServer());
		CHECK(c.owner->closed == 1);
	}
	SUBCASE("a request that has begun must arrive within the read timeout")
	{
		c.send(get("/echo"));
		CHECK(c.read().result_int() == 200);
		c.send("GET /echo HTTP/1.1\r\nHost: x\r\n");
		REQUIRE(c.probe->deadline());
		CHECK(*c.probe->deadline() <= config.readTimeout);
		CHECK(*c.probe->deadline() > 0ms);
		CHECK(c.probe->expire());
		CHECK(c.closedByServer());
	}
	SUBCASE("a held request is not an idle connection")
	{
		c.send(get("/hold"));
		REQUIRE(c.handler.held.size() == 1);
		CHECK_FALSE(c.probe->deadline());
		CHECK_FALSE(c.probe->expire());
		c.handler.held.front()(textResponse("late but fine"));
		CHECK(c.read().body() == "late but fine");
		/* Answered: idle again. */
		CHECK(c.probe->deadline() == config.idleTimeout);
	}
	SUBCASE("a request read while a held one waits keeps the read timeout")
	{
		c.send(get("/hold") + "GET /echo HTTP/1.1\r\n");
		REQUIRE(c.handler.held.size() == 1);
		REQUIRE(c.probe->deadline());
		CHECK(*c.probe->deadline() <= config.readTimeout);
		c.send("Host: x\r\n\r\n");
		/* Whole: the connection waits for the held answer without a deadline. */
		CHECK_FALSE(c.probe->deadline());
		c.handler.held.front()(textResponse("held"));
		CHECK(c.read().body() == "held");
		CHECK(c.read().body() == "GET /echo ");
		CHECK(c.probe->deadline() == config.idleTimeout);
	}
}

TEST_CASE("stop() lets held responses finish, then closes")
{
	SUBCASE("an idle connection closes at once")
	{
		Connection c;
		c.send(get("/echo"));
		CHECK(c.read().result_int() == 200);
		c.session->stop();
		CHECK(c.closedByServer());
		CHECK(c.owner->closed == 1);
	}
	SUBCASE("a held response is written, with Connection: close")
	{
		Connection c;
		c.send(get("/hold"));
		REQUIRE(c.handler.held.size() == 1);
		c.session->stop();
		c.settle();
		CHECK_FALSE(c.ended);
		CHECK(c.owner->closed == 0);
		c.handler.held.front()(textResponse("last words"));
		auto r = c.read();
		CHECK(r.body() == "last words");
		CHECK_FALSE(r.keep_alive());
		CHECK(c.closedByServer());
		CHECK(c.owner->closed == 1);
	}
	SUBCASE("a request that has begun to arrive is answered, and is the last")
	{
		Connection c;
		c.send("GET /echo HTTP/1.1\r\n");
		c.session->stop();
		c.settle();
		CHECK_FALSE(c.ended);
		c.send("Host: x\r\n\r\n");
		auto r = c.read();
		CHECK(r.body() == "GET /echo ");
		CHECK_FALSE(r.keep_alive());
		CHECK(c.closedByServer());
	}
}
