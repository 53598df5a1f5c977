/* SPDX-License-Identifier: MIT */
/*
 * UpstreamClient: one C++20 coroutine per forwarded request (resolve, connect,
 * TLS handshake, write, read), every step under a deadline, the response body
 * bounded. The stream type is the only difference between http and https.
 */
#include "ctisim/api/upstream_client.h"

#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>

namespace ctisim::api {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

std::optional<UpstreamUrl> UpstreamUrl::parse(std::string_view url, std::string &error)
{
	UpstreamUrl out;
	if (url.rfind("https://", 0) == 0) {
		out.tls = true;
		url.remove_prefix(8);
	} else if (url.rfind("http://", 0) == 0) {
		url.remove_prefix(7);
	} else {
		error = "the upstream URL must start with http:// or https://";
		return std::nullopt;
	}
	std::string_view authority = url.substr(0, url.find('/'));
	std::string_view path = authority.size() < url.size() ? url.substr(authority.size()) : "";
	while (!path.empty() && path.back() == '/')
		path.remove_suffix(1);
	if (path.find_first_of("?#") != std::string_view::npos) {
		error = "the upstream URL takes no query or fragment";
		return std::nullopt;
	}
	auto colon = authority.rfind(':');
	if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
		out.host = std::string(authority.substr(0, colon));
		out.port = std::string(authority.substr(colon + 1));
	} else {
		out.host = std::string(authority);
		out.port = out.tls ? "443" : "80";
	}
	if (out.host.empty() || out.port.empty() || out.port.find_first_not_of("0123456789") != std::string::npos ||
	    out.port.size() > 5) {
		error = fmt::format("the upstream URL has no valid host and port: \"{}\"", authority);
		return std::nullopt;
	}
	out.basePath = std::string(path);
	return out;
}

std::string UpstreamUrl::str() const
{
	bool defaultPort = port == (tls ? "443" : "80");
	return fmt::format("{}://{}{}{}{}", tls ? "https" : "http", host, defaultPort ? "" : ":",
			   defaultPort ? "" : port, basePath);
}

std::string UpstreamUrl::strWithPort() const
{
	return fmt::format("{}://{}:{}{}", tls ? "https" : "http", host, port, basePath);
}

struct UpstreamClient::Impl {
	net::io_context &io;
	/* Shared with the coroutines in flight, which may outlive the client by a little. */
	std::shared_ptr<ssl::context> tls = std::make_shared<ssl::context>(ssl::context::tls_client);
};

namespace {

/// Hop-by-hop headers and those the client sets itself.
bool isOwnHeader(std::string_view name)
{
	for (std::string_view own : {"host", "connection", "keep-alive", "content-length", "transfer-encoding", "te",
				     "upgrade", "proxy-connection", "proxy-authorization", "trailer"}) {
		if (beast::iequals(name, own))
			return true;
	}
	return false;
}

template <typename Stream>
net::awaitable<HttpResponse> exchange(Stream &stream, const HttpRequest &request, const UpstreamConfig &config)
{
	http::request<http::string_body> out{http::string_to_verb(request.method), request.target, 11};
	if (out.method() == http::verb::unknown)
		out.method_string(request.method);
	for (const auto &[name, value] : request.headers) {
		if (!isOwnHeader(name))
			out.insert(name, value);
	}
	bool defaultPort = config.url.port == (config.url.tls ? "443" : "80");
	out.set(http::field::host, defaultPort ? config.url.host : config.url.host + ":" + config.url.port);
	out.set(http::field::connection, "close");
	out.body() = request.body;
	if (!request.body.empty() || request.method == "POST" || request.method == "PUT")
		out.prepare_payload();
	beast::get_lowest_layer(stream).expires_after(config.responseTimeout);
	co_await http::async_write(stream, out, net::use_awaitable);

	beast::flat_buffer buffer;
	http::response_parser<http::string_body> parser;
	parser.body_limit(config.maxResponseBytes);
	parser.header_limit(64 * 1024);
	co_await http::async_read(stream, buffer, parser, net::use_awaitable);
	auto &in = parser.get();
	HttpResponse response;
	response.status = in.result_int();
	response.contentType.clear();
	for (const auto &field : in) {
		std::string name(field.name_string());
		if (beast::iequals(name, "content-type"))
			response.contentType = std::string(field.value());
		else if (!isOwnHeader(name))
			response.headers.emplace_back(std::move(name), std::string(field.value()));
	}
	response.body = std::move(in.body());
	co_return response;
}

net::awaitable<HttpResponse> forward(std::shared_ptr<ssl::context> tls, HttpRequest request, UpstreamConfig config)
{
	auto executor = co_await net::this_coro::executor;
	tcp::resolver resolver(executor);
	beast::tcp_stream tcp(executor);
	tcp.expires_after(config.connectTimeout);
	auto endpoints = co_await resolver.async_resolve(config.url.host, config.url.port, net::use_awaitable);
	co_await tcp.async_connect(endpoints, net::use_awaitable);
	if (!config.url.tls)
		co_return co_await exchange(tcp, request, config);

	beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp), *tls);
	if (!SSL_set_tlsext_host_name(stream.native_handle(), config.url.host.c_str()))
		throw std::runtime_error("cannot set the TLS server name");
	if (!config.insecure)
		stream.set_verify_callback(ssl::host_name_verification(config.url.host));
	beast::get_lowest_layer(stream).expires_after(config.connectTimeout);
	co_await stream.async_handshake(ssl::stream_base::client, net::use_awaitable);
	HttpResponse response = co_await exchange(stream, request, config);
	/* The upstream may close without close_notify; the response is whole either way. */
	beast::error_code ignored;
	beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
	co_return response;
}

} /* namespace */

UpstreamClient::UpstreamClient(net::io_context &io, UpstreamConfig config)
    : config_(std::move(config)), impl_(std::make_shared<Impl>(Impl{io}))
{
	if (!config_.url.tls)
		return;
	boost::system::error_code ec;
	if (config_.insecure) {
		impl_->tls->set_verify_mode(ssl::verify_none);
		return;
	}
	impl_->tls->set_verify_mode(ssl::verify_peer);
	if (config_.caFile.empty())
		impl_->tls->set_default_verify_paths(ec);
	else
		impl_->tls->load_verify_file(config_.caFile, ec);
	if (ec)
		throw std::runtime_error(fmt::format("cannot load the trusted CAs{}: {}",
						     config_.caFile.empty() ? "" : " of " + config_.caFile,
						     ec.message()));
}

UpstreamClient::~UpstreamClient() = default;

void UpstreamClient::send(HttpRequest request, Done done)
{
	net::co_spawn(impl_->io, forward(impl_->tls, std::move(request), config_),
		      [done = std::move(done)](std::exception_ptr error, HttpResponse response) {
			      if (!error)
				      return done(std::move(response), {});
			      try {
				      std::rethrow_exception(error);
			      } catch (const boost::system::system_error &e) {
				      done(std::nullopt, e.code() == beast::error::timeout ? "timed out" : e.what());
			      } catch (const std::exception &e) {
				      done(std::nullopt, e.what());
			      }
		      });
}

} /* namespace ctisim::api */
