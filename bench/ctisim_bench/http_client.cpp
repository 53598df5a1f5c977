/* SPDX-License-Identifier: MIT */
/*
 * GCC 12 reports a false -Wmaybe-uninitialized inside Beast's response parser
 * (see app/src/gws_client.cpp); this file instantiates it.
 */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "http_client.h"

#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "ctisim/api/http_text.h"

namespace ctisim::bench {

namespace {

using tcp = asio::ip::tcp;
using asio::use_awaitable;

void rememberCookies(Conn &c, const http::response<http::string_body> &res)
{
	for (const auto &field : res) {
		if (field.name() != http::field::set_cookie)
			continue;
		std::string_view value = field.value();
		std::string_view pair = value.substr(0, value.find(';'));
		auto eq = pair.find('=');
		if (eq != std::string_view::npos)
			c.cookies[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
	}
}

} /* namespace */

awaitable<void> connect(Conn &c, const std::string &host, unsigned short port)
{
	tcp::endpoint remote(asio::ip::make_address(host), port);
	c.host = fmt::format("{}:{}", host, port);
	auto &socket = c.stream.socket();
	socket.open(tcp::v4());
	if (!c.source.empty())
		socket.bind(tcp::endpoint(asio::ip::make_address(c.source), 0));
	co_await socket.async_connect(remote, use_awaitable);
	socket.set_option(tcp::no_delay(true));
	/* Room for a whole reply: Beast's first read into an empty buffer takes 512
	 * bytes, and the rest of a 3 KB connect reply then waits for a second read at
	 * the back of the queue of every other connection's completions. At 1,000
	 * agents that was most of the measured notification delay (p50 ~0.9 ms). */
	c.buffer.reserve(65536);
}

awaitable<http::response<http::string_body>> exchange(Conn &c, http::verb verb, const std::string &target,
						      std::string body)
{
	http::request<http::string_body> req{verb, target, 11};
	req.set(http::field::host, c.host);
	if (!c.authorization.empty())
		req.set(http::field::authorization, c.authorization);
	if (!c.cookies.empty()) {
		std::string cookie;
		for (const auto &[name, value] : c.cookies)
			cookie += fmt::format("{}{}={}", cookie.empty() ? "" : "; ", name, value);
		req.set(http::field::cookie, cookie);
	}
	if (!body.empty())
		req.set(http::field::content_type, "application/json");
	req.body() = std::move(body);
	req.prepare_payload();
	co_await http::async_write(c.stream, req, use_awaitable);
	http::response<http::string_body> res;
	co_await http::async_read(c.stream, c.buffer, res, use_awaitable);
	rememberCookies(c, res);
	co_return res;
}

} /* namespace ctisim::bench */
