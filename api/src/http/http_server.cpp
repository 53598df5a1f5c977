/* SPDX-License-Identifier: MIT */
/*
 * The listener of HttpServer: accepts connections, each on a strand of its
 * own or all on the executor it was given, and runs an HttpSession (http_session.h) on each; counts them for the
 * connection limit and for a graceful stop.
 */
#include "ctisim/api/http_server.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "ctisim/log.h"

#include "deadline_stream.h"
#include "http_session.h"

namespace ctisim::api {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {

constexpr std::chrono::milliseconds acceptRetryDelay{100};

using Session = HttpSession<DeadlineStream>;

/* The stream of an accepted connection, and who is at the other end. */
DeadlineStream makeStream(tcp::socket socket, const HttpServerConfig &config, HttpPeer &peer)
{
	error_code ec;
	/* A response is written whole in one send; Nagle would hold it back
	 * while an earlier one is unacknowledged (a notification behind its
	 * long-poll's previous reply), as nginx's tcp_nodelay avoids. */
	socket.set_option(tcp::no_delay(true), ec);
	auto endpoint = socket.remote_endpoint(ec);
	if (!ec) {
		peer.address = endpoint.address().to_string();
		peer.loopback = endpoint.address().is_loopback();
	}
	/* The stream's timer checks as often as the shortest timeout. */
	return DeadlineStream(std::move(socket), std::min(config.readTimeout, config.idleTimeout));
}

/* The state shared by the listener and its sessions (HttpServer::Impl is
 * this; the sessions tell it when they close). */
struct ServerCore : HttpSessionOwner, std::enable_shared_from_this<ServerCore> {
	ServerCore(net::io_context &ioc, HttpServerConfig cfg, HttpHandler &h,
		   std::optional<net::any_io_executor> connectionExecutor)
	    : io(ioc), config(std::move(cfg)), handler(h), connections(std::move(connectionExecutor)),
	      acceptor(net::make_strand(ioc)), acceptPause(acceptor.get_executor())
	{
	}

	void doAccept();
	void onAccept(error_code ec, tcp::socket socket);
	void sessionClosed(HttpSessionBase &session) override;
	void stop(std::function<void()> done);

	net::io_context &io;
	HttpServerConfig config;
	HttpHandler &handler;
	/// Where every connection runs; unset: a strand of its own each.
	const std::optional<net::any_io_executor> connections;
	tcp::acceptor acceptor;
	/// Waits before accepting again after an accept error (on the acceptor's strand).
	net::steady_timer acceptPause;
	std::atomic<std::uint16_t> port{0};

	mutable std::mutex mutex;
	/* Guarded by mutex: the live sessions (to stop them) and the stop state. */
	std::unordered_map<HttpSessionBase *, std::weak_ptr<HttpSessionBase>> sessions;
	std::size_t servingCount = 0; ///< sessions that are not refusals
	bool stopping = false;
	std::function<void()> onStopped;
};

} /* namespace */

struct HttpServer::Impl : ServerCore {
	using ServerCore::ServerCore;
};

void ServerCore::doAccept()
{
	net::any_io_executor executor = connections ? *connections : net::make_strand(io);
	acceptor.async_accept(executor, [self = shared_from_this()](error_code ec, tcp::socket socket) {
		self->onAccept(ec, std::move(socket));
	});
}

void ServerCore::onAccept(error_code ec, tcp::socket socket)
{
	if (ec == net::error::operation_aborted || !acceptor.is_open())
		return;
	if (!ec) {
		HttpPeer peer;
		DeadlineStream stream = makeStream(std::move(socket), config, peer);
		std::shared_ptr<Session> session;
		{
			std::lock_guard lock(mutex);
			if (stopping)
				return;
			bool refuse = servingCount >= config.maxConnections;
			session = std::make_shared<Session>(std::move(stream), config, handler, std::move(peer), refuse,
							    shared_from_this());
			sessions.emplace(session.get(), session);
			if (!refuse)
				++servingCount;
		}
		session->run();
		doAccept();
		return;
	}
	/* Out of file descriptors (or another resource): the pending connection
	 * stays queued, so accepting again at once fails again at once: a busy
	 * loop that floods the log. Pause, and let connections close meanwhile. */
	log::warn("http", "accept failed: {}; accepting again in {} ms", ec.message(), acceptRetryDelay.count());
	acceptPause.expires_after(acceptRetryDelay);
	acceptPause.async_wait([self = shared_from_this()](error_code waitEc) {
		if (!waitEc && self->acceptor.is_open())
			self->doAccept();
	});
}

void ServerCore::sessionClosed(HttpSessionBase &session)
{
	std::function<void()> done;
	{
		std::lock_guard lock(mutex);
		sessions.erase(&session);
		if (!session.refused())
			--servingCount;
		if (stopping && sessions.empty())
			done = std::exchange(onStopped, nullptr);
	}
	if (done)
		net::post(io, std::move(done));
}

void ServerCore::stop(std::function<void()> done)
{
	net::dispatch(acceptor.get_executor(), [self = shared_from_this()] {
		error_code ignored;
		self->acceptor.close(ignored);
		self->acceptPause.cancel();
	});
	std::vector<std::shared_ptr<HttpSessionBase>> live;
	bool finished = false;
	{
		std::lock_guard lock(mutex);
		stopping = true;
		onStopped = std::move(done);
		for (auto &[raw, weak] : sessions) {
			if (auto session = weak.lock())
				live.push_back(std::move(session));
		}
		if (sessions.empty()) {
			finished = true;
			done = std::exchange(onStopped, nullptr);
		}
	}
	for (auto &session : live)
		session->stop();
	if (finished && done)
		net::post(io, std::move(done));
}

HttpServer::HttpServer(net::io_context &io, HttpServerConfig config, HttpHandler &handler)
    : impl_(std::make_shared<Impl>(io, std::move(config), handler, std::nullopt))
{
}

HttpServer::HttpServer(net::io_context &io, HttpServerConfig config, HttpHandler &handler,
		       net::any_io_executor connections)
    : impl_(std::make_shared<Impl>(io, std::move(config), handler, std::move(connections)))
{
}

HttpServer::~HttpServer()
{
	/* On the acceptor's strand: an accept may be running on an io thread. */
	net::dispatch(impl_->acceptor.get_executor(), [impl = impl_] {
		error_code ignored;
		impl->acceptor.close(ignored);
		impl->acceptPause.cancel();
	});
}

error_code HttpServer::start()
{
	error_code ec;
	auto address = net::ip::make_address(impl_->config.address, ec);
	if (ec)
		return ec;
	tcp::endpoint endpoint{address, impl_->config.port};
	auto &acceptor = impl_->acceptor;
	acceptor.open(endpoint.protocol(), ec);
	if (ec)
		return ec;
	acceptor.set_option(net::socket_base::reuse_address(true), ec);
	if (ec)
		return ec;
	acceptor.bind(endpoint, ec);
	if (ec)
		return ec;
	acceptor.listen(net::socket_base::max_listen_connections, ec);
	if (ec)
		return ec;
	impl_->port = acceptor.local_endpoint().port();
	net::dispatch(acceptor.get_executor(), [impl = impl_] { impl->doAccept(); });
	return {};
}

std::uint16_t HttpServer::port() const
{
	return impl_->port;
}

void HttpServer::stop(std::function<void()> done)
{
	impl_->stop(std::move(done));
}

std::size_t HttpServer::connectionCount() const
{
	std::lock_guard lock(impl_->mutex);
	return impl_->sessions.size();
}

} /* namespace ctisim::api */
