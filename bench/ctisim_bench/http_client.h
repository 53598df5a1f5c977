/* SPDX-License-Identifier: MIT */
/*
 * The load generator's HTTP/1.1 client: keep-alive connections driven by C++20
 * coroutines on one Asio thread, each with its own cookie jar.
 */
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "ctisim/api/http_text.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace ctisim::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;

/// One keep-alive client connection with a cookie jar.
struct Conn {
	explicit Conn(asio::io_context &io) : stream(io) {}
	beast::tcp_stream stream;
	beast::flat_buffer buffer;
	std::map<std::string, std::string> cookies;
	std::string authorization;
	std::string host;
	std::string source; ///< local address to bind, "" for any
};

/// Connects c to host:port (from c.source when set), Nagle off, read buffer reserved.
awaitable<void> connect(Conn &c, const std::string &host, unsigned short port);

/// One request and its response on c; the response's cookies go into c's jar.
awaitable<http::response<http::string_body>> exchange(Conn &c, http::verb verb, const std::string &target,
						      std::string body);

/// HTTP Basic credentials: the one helper of http_text.h.
using api::basicAuthorization;

} /* namespace ctisim::bench */
