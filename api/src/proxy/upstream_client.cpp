/* SPDX-License-Identifier: MIT */
/*
 * UpstreamClient: one coroutine per forwarded request on a fresh
 * client::HttpConnection (no keep-alive); the server's HttpRequest in, its
 * HttpResponse out.
 */
#include "ctisim/api/upstream_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include "ctisim/client/http_connection.h"
#include "ctisim/client/http_text.h"

namespace ctisim::api {

namespace net = boost::asio;

struct UpstreamClient::Impl {
	net::io_context &io;
	/* Shared with the coroutines in flight, which may outlive the client by a little. */
	std::shared_ptr<net::ssl::context> tls;
};

namespace {

net::awaitable<HttpResponse> forward(client::Url url, client::ConnectionOptions options, HttpRequest request)
{
	client::HttpConnection connection(co_await net::this_coro::executor, std::move(url), std::move(options));
	client::Request out{std::string(request.method()), std::string(request.target()), {}, std::move(request.body)};
	for (const auto &[name, value] : request.headers())
		out.headers.emplace_back(name, value);
	client::Response in = co_await connection.exchange(out);
	HttpResponse response;
	response.status = in.status;
	response.contentType = ContentType();
	for (auto &[name, value] : in.headers) {
		if (client::iequals(name, "content-type"))
			response.contentType = ContentType::owned(std::move(value));
		else if (!client::isConnectionHeader(name))
			response.headers.emplace_back(std::move(name), std::move(value));
	}
	response.body = std::move(in.body);
	co_return response;
}

} /* namespace */

UpstreamClient::UpstreamClient(net::io_context &io, UpstreamConfig config)
    : config_(std::move(config)), impl_(std::make_shared<Impl>(Impl{io, nullptr}))
{
	if (config_.url.tls)
		impl_->tls = client::makeTlsContext(config_.caFile, config_.insecure);
}

UpstreamClient::~UpstreamClient() = default;

void UpstreamClient::send(HttpRequest request, Done done)
{
	client::ConnectionOptions options;
	options.connectTimeout = config_.connectTimeout;
	options.responseTimeout = config_.responseTimeout;
	options.maxResponseBytes = config_.maxResponseBytes;
	options.keepAlive = false;
	options.tls = impl_->tls;
	net::co_spawn(impl_->io, forward(config_.url, std::move(options), std::move(request)),
		      [done = std::move(done)](std::exception_ptr error, HttpResponse response) {
			      if (!error)
				      return done(std::move(response), {});
			      try {
				      std::rethrow_exception(error);
			      } catch (const client::TransportError &e) {
				      done(std::nullopt, e.timedOut() ? "timed out" : e.what());
			      } catch (const std::exception &e) {
				      done(std::nullopt, e.what());
			      }
		      });
}

} /* namespace ctisim::api */
