/* SPDX-License-Identifier: MIT */
/*
 * HttpServer: the asynchronous HTTP/1.1 server (Boost.Beast) that turns
 * requests into HttpRequest values for an HttpHandler and writes the
 * HttpResponse back: keep-alive, pipelining answered in order, limits and
 * timeouts, graceful stop. The Beast code lives in api/src/http/: the listener
 * (http_server.cpp) and the session it runs on each connection (http_session.h).
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/system/error_code.hpp>

#include "ctisim/api/http_exchange.h"

namespace boost::asio {
class io_context;
} /* namespace boost::asio */

namespace ctisim::api {

struct HttpServerConfig {
	std::string address = "127.0.0.1";
	std::uint16_t port = 8080; ///< 0: an ephemeral port, see HttpServer::port()
	std::size_t maxHeaderBytes = 8192;
	std::size_t maxBodyBytes = 64 * 1024;
	std::size_t maxConnections = 20000;
	/// Once its first byte has arrived, a request must arrive whole within this.
	std::chrono::milliseconds readTimeout{30000};
	/// A keep-alive connection with nothing pending is closed after this.
	std::chrono::milliseconds idleTimeout{120000};
	/// Requests read ahead of their responses on one connection.
	std::size_t maxPipelined = 8;
};

/**
 * Serves HTTP/1.1 on one address and port. Every connection runs on a strand
 * of its own, or on the one executor the server was given (the sandbox's core
 * strand: docs/architecture.md, "Threads"); the handler is called there and may
 * reply from any thread, at any time (a reply for a connection that is gone is
 * dropped). A reply given on the connection's executor is taken at once.
 *
 * @par Thread Safety
 * start(), port() and stop() are called from one thread (or the io_context's).
 * The handler must outlive every connection (wait for stop()'s callback).
 */
class HttpServer
{
public:
	HttpServer(boost::asio::io_context &io, HttpServerConfig config, HttpHandler &handler);
	/// Every connection runs on connections (a strand of io, or io's own executor with one thread).
	HttpServer(boost::asio::io_context &io, HttpServerConfig config, HttpHandler &handler,
		   boost::asio::any_io_executor connections);
	~HttpServer();

	HttpServer(const HttpServer &) = delete;
	HttpServer &operator=(const HttpServer &) = delete;

	/// Binds and listens, then accepts in the background.
	boost::system::error_code start();
	/// The bound port (the real one when the config said 0), 0 before start().
	std::uint16_t port() const;
	/// Stops accepting, lets in-flight responses be written, closes idle and
	/// finished connections, and calls done (on the io_context) once every
	/// connection is gone. Held requests must be answered by their handlers.
	void stop(std::function<void()> done);
	/// Open connections (including ones being refused), for tests and stats.
	std::size_t connectionCount() const;

private:
	struct Impl;
	std::shared_ptr<Impl> impl_;
};

} /* namespace ctisim::api */
