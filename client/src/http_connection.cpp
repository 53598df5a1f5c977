/* SPDX-License-Identifier: MIT */
/*
 * HttpConnection: resolve, connect (from a bound address when asked), TLS
 * handshake, then exchanges of Beast messages, every step under a deadline.
 * The stream type is the only difference between http and https.
 *
 * GCC 12 reports a false -Wmaybe-uninitialized inside Beast's response parser
 * (a boost::optional in basic_parser::content_length_unchecked), which this
 * file instantiates; the warning is silenced here only.
 */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "ctisim/client/http_connection.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>

#include "ctisim/client/http_text.h"

namespace ctisim::client {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using boost::system::error_code;

namespace {

void setDeadline(beast::tcp_stream &stream, std::chrono::milliseconds timeout)
{
	if (timeout.count() > 0)
		stream.expires_after(timeout);
	else
		stream.expires_never();
}

} /* namespace */

bool isConnectionHeader(std::string_view name)
{
	for (std::string_view own : {"host", "connection", "keep-alive", "content-length", "transfer-encoding", "te",
				     "upgrade", "proxy-connection", "proxy-authorization", "trailer"}) {
		if (iequals(name, own))
			return true;
	}
	return false;
}

std::string_view Response::header(std::string_view name) const
{
	for (const auto &[key, value] : headers) {
		if (iequals(key, name))
			return value;
	}
	return {};
}

bool TransportError::timedOut() const
{
	return code_ == beast::error::timeout;
}

bool TransportError::staleConnection() const
{
	return step_ == Step::Exchange &&
	       (code_ == http::error::end_of_stream || code_ == net::error::connection_reset ||
		code_ == net::error::broken_pipe || code_ == net::error::eof);
}

std::shared_ptr<ssl::context> makeTlsContext(const std::string &caFile, bool insecure)
{
	auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
	if (insecure) {
		context->set_verify_mode(ssl::verify_none);
		return context;
	}
	error_code ec;
	context->set_verify_mode(ssl::verify_peer);
	if (caFile.empty())
		context->set_default_verify_paths(ec);
	else
		context->load_verify_file(caFile, ec);
	if (ec)
		throw std::runtime_error(fmt::format("cannot load the trusted CAs{}: {}",
						     caFile.empty() ? "" : " of " + caFile, ec.message()));
	return context;
}

struct HttpConnection::Streams {
	explicit Streams(net::any_io_executor e) : executor(std::move(e)) {}
	net::any_io_executor executor;
	std::optional<beast::tcp_stream> plain;
	std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
	beast::flat_buffer buffer;

	beast::tcp_stream &lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
	bool open() const
	{
		return secure ? beast::get_lowest_layer(*secure).socket().is_open()
			      : plain && plain->socket().is_open();
	}
};

HttpConnection::HttpConnection(net::any_io_executor executor, Url url, ConnectionOptions options)
    : url_(std::move(url)), options_(std::move(options)), streams_(std::make_unique<Streams>(std::move(executor)))
{
	if (url_.tls && !options_.tls)
		throw std::invalid_argument("an https URL needs ConnectionOptions::tls");
}

HttpConnection::~HttpConnection()
{
	close();
}

bool HttpConnection::isOpen() const
{
	return streams_->open();
}

void HttpConnection::close()
{
	Streams &s = *streams_;
	if (!s.plain && !s.secure)
		return;
	/* No TLS close_notify: the exchange is whole, and a server may not answer one. The
	 * streams stay (an exchange waiting on them ends with an error); open() makes new ones. */
	error_code ignored;
	s.lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
	s.lowest().close();
}

net::awaitable<void> HttpConnection::open()
{
	close();
	Streams &s = *streams_;
	s.plain.reset();
	s.secure.reset();
	if (url_.tls)
		s.secure.emplace(s.executor, *options_.tls);
	else
		s.plain.emplace(s.executor);
	beast::tcp_stream &lowest = s.lowest();
	error_code ec;
	tcp::resolver resolver(s.executor);
	auto endpoints = co_await resolver.async_resolve(std::string(url_.hostName()), url_.port,
							 net::redirect_error(net::use_awaitable, ec));
	if (ec)
		throw TransportError(TransportError::Step::Resolve, ec,
				     fmt::format("cannot resolve {}: {}", url_.host, ec.message()));
	setDeadline(lowest, options_.connectTimeout);
	if (options_.sourceAddress.empty()) {
		co_await lowest.async_connect(endpoints, net::redirect_error(net::use_awaitable, ec));
	} else {
		/* Bound first, then connected to the first address: more local ports than one address has. */
		tcp::endpoint remote = *endpoints.begin();
		tcp::socket &socket = lowest.socket();
		socket.open(remote.protocol(), ec);
		if (!ec)
			socket.bind(tcp::endpoint(net::ip::make_address(options_.sourceAddress, ec), 0), ec);
		if (!ec)
			co_await lowest.async_connect(remote, net::redirect_error(net::use_awaitable, ec));
	}
	if (ec) {
		close();
		throw TransportError(TransportError::Step::Connect, ec,
				     fmt::format("cannot connect to {}: {}", url_.strWithPort(), ec.message()));
	}
	lowest.socket().set_option(tcp::no_delay(true), ec);
	if (s.secure) {
		std::string name(url_.hostName());
		if (!SSL_set_tlsext_host_name(s.secure->native_handle(), name.c_str()))
			throw TransportError(TransportError::Step::Handshake, {}, "cannot set the TLS server name");
		if (SSL_CTX_get_verify_mode(options_.tls->native_handle()) != SSL_VERIFY_NONE)
			s.secure->set_verify_callback(ssl::host_name_verification(name));
		co_await s.secure->async_handshake(ssl::stream_base::client,
						   net::redirect_error(net::use_awaitable, ec));
		if (ec) {
			close();
			throw TransportError(TransportError::Step::Handshake, ec,
					     fmt::format("TLS handshake with {}: {}", url_.str(), ec.message()));
		}
	}
	s.buffer.clear();
	if (options_.readBufferBytes > 0)
		s.buffer.reserve(options_.readBufferBytes);
}

net::awaitable<Response> HttpConnection::exchange(const Request &request)
{
	if (!isOpen())
		co_await open();
	Streams &s = *streams_;
	http::request<http::string_body> out{http::string_to_verb(request.method), request.target, 11};
	if (out.method() == http::verb::unknown)
		out.method_string(request.method);
	for (const auto &[name, value] : request.headers) {
		if (!isConnectionHeader(name))
			out.insert(name, value);
	}
	out.set(http::field::host, url_.hostHeader());
	if (!options_.keepAlive)
		out.set(http::field::connection, "close");
	out.body() = request.body;
	if (!request.body.empty() || out.method() == http::verb::post || out.method() == http::verb::put)
		out.prepare_payload();

	http::response_parser<http::string_body> parser;
	parser.body_limit(options_.maxResponseBytes);
	parser.header_limit(static_cast<std::uint32_t>(options_.maxHeaderBytes));
	setDeadline(s.lowest(), options_.responseTimeout);
	error_code ec;
	auto step = net::redirect_error(net::use_awaitable, ec);
	if (s.secure) {
		co_await http::async_write(*s.secure, out, step);
		if (!ec)
			co_await http::async_read(*s.secure, s.buffer, parser, step);
	} else {
		co_await http::async_write(*s.plain, out, step);
		if (!ec)
			co_await http::async_read(*s.plain, s.buffer, parser, step);
	}
	if (ec) {
		close();
		throw TransportError(TransportError::Step::Exchange, ec,
				     ec == beast::error::timeout
					     ? fmt::format("no answer within {} ms", options_.responseTimeout.count())
					     : fmt::format("{} {}: {}", request.method, request.target, ec.message()));
	}
	auto &in = parser.get();
	Response response;
	response.status = in.result_int();
	response.headers.reserve(std::distance(in.begin(), in.end()));
	for (const auto &field : in)
		response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
	response.body = std::move(in.body());
	if (!options_.keepAlive || !in.keep_alive())
		close();
	co_return response;
}

} /* namespace ctisim::client */
