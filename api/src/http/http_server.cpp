/* SPDX-License-Identifier: MIT */
/*
 * The Beast side of HttpServer: the listener, and one Session per connection
 * that reads requests (limits, timeouts), hands them to the handler, and
 * writes the responses back in request order even when the handler answers
 * out of order (a held long-poll followed by pipelined requests).
 */
#include "ctisim/api/http_server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <deque>
#include <iterator>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <fmt/core.h>

#include "ctisim/log.h"

#include "request_parser.h"

namespace ctisim::api {

namespace beast = boost::beast; // from <boost/beast.hpp>
namespace http = beast::http;	// from <boost/beast/http.hpp>
namespace net = boost::asio;	// from <boost/asio.hpp>
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {

class Session;

constexpr std::chrono::milliseconds acceptRetryDelay{100};

std::string gwsError(int statusCode, std::string_view message)
{
	/* The messages are ours and contain no characters that need escaping. */
	return fmt::format("{{\"statusCode\":{},\"statusMessage\":\"{}\"}}", statusCode, message);
}

HttpResponse errorResponse(unsigned status, int statusCode, std::string_view message)
{
	HttpResponse r;
	r.status = status;
	r.body = gwsError(statusCode, message);
	r.close = true;
	return r;
}

bool isHttpParseError(const error_code &ec)
{
	return &ec.category() == &http::make_error_code(http::error::bad_method).category();
}

/* The state shared by the listener and its sessions (HttpServer::Impl is
 * this; it lives here so that the sessions can name it). */
struct ServerCore : std::enable_shared_from_this<ServerCore> {
	ServerCore(net::io_context &ioc, HttpServerConfig cfg, HttpHandler &h)
	    : io(ioc), config(std::move(cfg)), handler(h), acceptor(net::make_strand(ioc)),
	      acceptPause(acceptor.get_executor())
	{
	}

	void doAccept();
	void onAccept(error_code ec, tcp::socket socket);
	void sessionGone(Session *session);
	void stop(std::function<void()> done);

	net::io_context &io;
	HttpServerConfig config;
	HttpHandler &handler;
	tcp::acceptor acceptor;
	/// Waits before accepting again after an accept error (on the acceptor's strand).
	net::steady_timer acceptPause;
	std::atomic<std::uint16_t> port{0};

	mutable std::mutex mutex;
	/* Guarded by mutex: the live sessions (to stop them) and the stop state. */
	std::unordered_map<Session *, std::weak_ptr<Session>> sessions;
	std::size_t servingCount = 0; ///< sessions that are not refusals
	bool stopping = false;
	std::function<void()> onStopped;
};

class Session : public std::enable_shared_from_this<Session>
{
public:
	Session(tcp::socket socket, std::shared_ptr<ServerCore> server, bool refuse)
	    : socket_(std::move(socket)), server_(std::move(server)), config_(server_->config),
	      deadlineTimer_(socket_.get_executor()),
	      checkPeriod_(std::max(std::min(config_.readTimeout, config_.idleTimeout), std::chrono::milliseconds(1))),
	      refuse_(refuse)
	{
		error_code ec;
		/* A response is written whole in one send; Nagle would hold it back
		 * while an earlier one is unacknowledged (a notification behind its
		 * long-poll's previous reply), as nginx's tcp_nodelay avoids. */
		socket_.set_option(tcp::no_delay(true), ec);
		auto endpoint = socket_.remote_endpoint(ec);
		if (!ec) {
			remoteAddress_ = endpoint.address().to_string();
			loopback_ = endpoint.address().is_loopback();
		}
	}

	~Session() { unregister(); }

	bool refusing() const { return refuse_; }

	void run()
	{
		// The socket was accepted on a strand of its own: every step runs there.
		net::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->doRead(); });
	}

	void stop()
	{
		net::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->onStop(); });
	}

private:
	struct Slot {
		std::uint64_t seq;
		bool keepAlive;
		bool ready = false;
		HttpResponse response;
	};

	void onStop()
	{
		stopping_ = true;
		noMoreReads_ = true;
		if (slots_.empty() && !readingMessage_)
			closeSocket();
	}

	void doRead()
	{
		if (closed_ || noMoreReads_ || reading_ || slots_.size() >= config_.maxPipelined)
			return;
		reading_ = true;
		if (buffer_.size() > 0)
			return readMessage();
		// Wait for the first byte of the next request: an idle keep-alive
		// connection times out, one with responses still due does not.
		waitingIdle_ = true;
		armIdleTimer();
		socket_.async_read_some(
			buffer_.prepare(4096),
			[self = shared_from_this()](error_code ec, std::size_t n) { self->onFirstBytes(ec, n); });
	}

	void onFirstBytes(error_code ec, std::size_t n)
	{
		waitingIdle_ = false;
		disarm(readDeadline_);
		if (closed_)
			return;
		if (ec) {
			reading_ = false;
			clientGone_->store(true);
			return closeWhenWritten();
		}
		buffer_.commit(n);
		if (noMoreReads_) {
			/* Stopping: a new request is not served. */
			reading_ = false;
			buffer_.consume(buffer_.size());
			return closeWhenWritten();
		}
		readMessage();
	}

	void readMessage()
	{
		parser_.emplace();
		parser_->header_limit(static_cast<std::uint32_t>(config_.maxHeaderBytes));
		parser_->body_limit(config_.maxBodyBytes);
		readingMessage_ = true;
		arm(readDeadline_, config_.readTimeout);
		http::async_read(socket_, buffer_, *parser_,
				 [self = shared_from_this()](error_code ec, std::size_t) { self->onRead(ec); });
	}

	void onRead(error_code ec)
	{
		reading_ = false;
		readingMessage_ = false;
		disarm(readDeadline_);
		if (closed_)
			return;
		if (ec) {
			noMoreReads_ = true;
			if (ec == http::error::body_limit)
				queueLocal(errorResponse(
					413, 10, fmt::format("Request body exceeds {} bytes", config_.maxBodyBytes)));
			else if (ec == http::error::header_limit)
				queueLocal(errorResponse(
					431, 10,
					fmt::format("Request headers exceed {} bytes", config_.maxHeaderBytes)));
			else if (isHttpParseError(ec) && ec != http::error::end_of_stream &&
				 ec != http::error::partial_message)
				queueLocal(errorResponse(400, 10, "Malformed HTTP request"));
			else
				closeWhenWritten();
			return;
		}

		RequestParser &parsed = *parser_;
		/* RFC 9112 §6.1, §6.3: a transfer coding other than chunked leaves the
		 * length unknown, and with Content-Length as well it is ambiguous; both
		 * are refused, or a proxy in front could read the bytes differently. */
		if (parsed.hasTransferEncoding() && (!parsed.chunked() || parsed.hasContentLength())) {
			noMoreReads_ = true;
			queueLocal(errorResponse(400, 10, "Unsupported or ambiguous Transfer-Encoding"));
			return;
		}
		/* RFC 3986: a URI is ASCII, anything else percent-encoded. Beast lets
		 * bytes >= 0x80 through, and handlers echo path parts in error
		 * messages: the JSON would no longer be UTF-8. */
		const std::string &target = parsed.request().target;
		if (std::any_of(target.begin(), target.end(),
				[](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
			noMoreReads_ = true;
			queueLocal(errorResponse(400, 10,
						 "The request target must be ASCII (percent-encode other bytes)"));
			return;
		}
		bool keepAlive = parsed.keep_alive() && !stopping_;
		if (!keepAlive)
			noMoreReads_ = true;

		if (refuse_) {
			noMoreReads_ = true;
			queueLocal(errorResponse(503, 4, "Too many connections"));
			return;
		}

		HttpRequest request = std::move(parsed.request());
		request.remoteAddress = remoteAddress_;
		request.fromLoopback = loopback_;
		request.clientGone = clientGone_;

		std::uint64_t seq = nextSeq_++;
		slots_.push_back(Slot{seq, keepAlive});

		/* The reply may come from any thread, and after the connection is
		 * gone: it owns a reference to the session, and hops to its strand. */
		HttpReply reply = [self = shared_from_this(), seq](HttpResponse response) {
			net::post(self->socket_.get_executor(), [self, seq, response = std::move(response)]() mutable {
				self->onReply(seq, std::move(response));
			});
		};
		try {
			server_->handler.handle(std::move(request), std::move(reply));
		} catch (const std::exception &e) {
			log::error("http", "handler failed: {}", e.what());
			onReply(seq, errorResponse(500, 4, "Internal error"));
		}
		doRead();
	}

	/* A response of the server itself (an error): it ends the connection. */
	void queueLocal(HttpResponse response)
	{
		std::uint64_t seq = nextSeq_++;
		slots_.push_back(Slot{seq, false});
		onReply(seq, std::move(response));
	}

	void onReply(std::uint64_t seq, HttpResponse response)
	{
		if (closed_)
			return;
		Slot *slot = nullptr;
		for (auto &s : slots_) {
			if (s.seq == seq)
				slot = &s;
		}
		if (!slot || slot->ready)
			return; /* a second reply for one request is ignored */
		slot->keepAlive = slot->keepAlive && !response.close;
		slot->response = std::move(response);
		slot->ready = true;
		if (!slot->keepAlive)
			noMoreReads_ = true;
		doWrite();
	}

	/* The status line and header fields of a response, written into the one
	 * buffer this connection reuses for every response (one write is in
	 * flight at a time), as Beast's serializer would write them. */
	void writeHead(const HttpResponse &response, bool keepAlive)
	{
		const auto status = static_cast<http::status>(response.status);
		head_.clear();
		head_ += "HTTP/1.1 ";
		fmt::format_to(std::back_inserter(head_), "{} ", response.status);
		head_ += http::obsolete_reason(status);
		head_ += "\r\nServer: ctisim\r\n";
		auto field = [this](std::string_view name, std::string_view value) {
			head_ += name;
			head_ += ": ";
			head_ += value;
			head_ += "\r\n";
		};
		if (!response.contentType.empty())
			field("Content-Type", response.contentType);
		for (const auto &[name, value] : response.headers)
			field(name, value);
		if (!keepAlive)
			field("Connection", "close");
		/* RFC 9110 §8.6: no Content-Length on 1xx, 204 and 304 responses. */
		if (http::to_status_class(status) != http::status_class::informational &&
		    status != http::status::no_content && status != http::status::not_modified)
			fmt::format_to(std::back_inserter(head_), "Content-Length: {}\r\n", response.body.size());
		head_ += "\r\n";
	}

	void doWrite()
	{
		if (writing_ || closed_ || slots_.empty() || !slots_.front().ready)
			return;
		writing_ = true;
		Slot &slot = slots_.front();
		if (noMoreReads_ && slots_.size() == 1 && !readingMessage_)
			slot.keepAlive = false;
		writeHead(slot.response, slot.keepAlive);
		arm(writeDeadline_, config_.readTimeout);
		const std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(slot.response.body)};
		net::async_write(socket_, buffers,
				 [self = shared_from_this()](error_code ec, std::size_t) { self->onWrite(ec); });
	}

	void onWrite(error_code ec)
	{
		writing_ = false;
		disarm(writeDeadline_);
		if (closed_)
			return;
		if (ec)
			return closeSocket();
		bool keepAlive = slots_.front().keepAlive;
		slots_.pop_front();
		if (!keepAlive) {
			error_code ignored;
			socket_.shutdown(tcp::socket::shutdown_send, ignored);
			return closeSocket();
		}
		if (waitingIdle_)
			armIdleTimer();
		doWrite();
		if (slots_.empty() && noMoreReads_ && !readingMessage_)
			return closeSocket();
		doRead();
	}

	/* Closes once every queued response has been written (doWrite turns
	 * keep-alive off on the last one). */
	void closeWhenWritten()
	{
		noMoreReads_ = true;
		if (slots_.empty())
			closeSocket();
	}

	void armIdleTimer()
	{
		if (slots_.empty())
			arm(readDeadline_, config_.idleTimeout);
		else
			disarm(readDeadline_);
	}

	/* Deadlines (a request's read, a response's write, an idle keep-alive)
	 * share one timer that is rarely cancelled: it waits at most checkPeriod_,
	 * the shortest timeout, then closes the connection if a deadline passed or
	 * waits again. A new deadline is then never earlier than the pending wait,
	 * so each exchange costs a clock read instead of a timer cancel and
	 * re-arm (three per exchange, each a completion to run). */
	using TimerClock = net::steady_timer::clock_type;
	static constexpr TimerClock::time_point kNoDeadline = TimerClock::time_point::max();

	void arm(TimerClock::time_point &deadline, std::chrono::milliseconds after)
	{
		deadline = TimerClock::now() + after;
		if (deadline < timerExpiry_) /* always so when no wait is pending */
			waitForDeadline();
	}

	static void disarm(TimerClock::time_point &deadline) { deadline = kNoDeadline; }

	void waitForDeadline()
	{
		timerExpiry_ = std::min({readDeadline_, writeDeadline_, TimerClock::now() + checkPeriod_});
		std::uint64_t gen = ++timerGeneration_;
		deadlineTimer_.expires_at(timerExpiry_);
		deadlineTimer_.async_wait(
			[self = shared_from_this(), gen](error_code ec) { self->onDeadlineTimer(ec, gen); });
	}

	void onDeadlineTimer(error_code ec, std::uint64_t gen)
	{
		if (gen != timerGeneration_)
			return; /* replaced by a wait for an earlier deadline */
		timerExpiry_ = kNoDeadline;
		if (ec || closed_)
			return;
		auto earliest = std::min(readDeadline_, writeDeadline_);
		if (earliest == kNoDeadline)
			return; /* the next arm() starts a wait again */
		if (TimerClock::now() >= earliest)
			return closeSocket();
		waitForDeadline();
	}

	void closeSocket()
	{
		if (closed_)
			return;
		closed_ = true;
		clientGone_->store(true);
		error_code ignored;
		socket_.shutdown(tcp::socket::shutdown_both, ignored);
		socket_.close(ignored);
		disarm(readDeadline_);
		disarm(writeDeadline_);
		/* The pending wait holds this session: let it go now. */
		++timerGeneration_;
		timerExpiry_ = kNoDeadline;
		deadlineTimer_.cancel();
		unregister();
	}

	/* A closed connection no longer counts, even while a reply callback that
	 * the handler still keeps holds this object. */
	void unregister()
	{
		if (!registered_)
			return;
		registered_ = false;
		server_->sessionGone(this);
	}

	tcp::socket socket_;
	std::shared_ptr<ServerCore> server_;
	const HttpServerConfig &config_;
	beast::flat_buffer buffer_;
	std::string head_; ///< the response being written: its status line and header fields
	std::optional<RequestParser> parser_;
	net::steady_timer deadlineTimer_;
	const TimerClock::duration checkPeriod_;
	TimerClock::time_point readDeadline_ = kNoDeadline;
	TimerClock::time_point writeDeadline_ = kNoDeadline;
	TimerClock::time_point timerExpiry_ = kNoDeadline; ///< of the pending wait; none: no wait
	std::uint64_t timerGeneration_ = 0;
	std::deque<Slot> slots_;
	std::uint64_t nextSeq_ = 0;
	std::string remoteAddress_;
	bool loopback_ = false;
	bool refuse_;
	bool reading_ = false;	      ///< a read (first bytes or message) is in flight
	bool readingMessage_ = false; ///< a request has begun to arrive
	bool waitingIdle_ = false;
	bool writing_ = false;
	bool noMoreReads_ = false;
	bool stopping_ = false;
	bool closed_ = false;
	bool registered_ = true;
	/* Shared with the requests' handlers: a held request need not be answered once it is set. */
	std::shared_ptr<std::atomic<bool>> clientGone_ = std::make_shared<std::atomic<bool>>(false);
};

} /* namespace */

struct HttpServer::Impl : ServerCore {
	using ServerCore::ServerCore;
};

void ServerCore::doAccept()
{
	// Each connection gets a strand of its own.
	acceptor.async_accept(net::make_strand(io), [self = shared_from_this()](error_code ec, tcp::socket socket) {
		self->onAccept(ec, std::move(socket));
	});
}

void ServerCore::onAccept(error_code ec, tcp::socket socket)
{
	if (ec == net::error::operation_aborted || !acceptor.is_open())
		return;
	if (!ec) {
		std::shared_ptr<Session> session;
		{
			std::lock_guard lock(mutex);
			if (stopping)
				return;
			bool refuse = servingCount >= config.maxConnections;
			session = std::make_shared<Session>(std::move(socket), shared_from_this(), refuse);
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

void ServerCore::sessionGone(Session *session)
{
	std::function<void()> done;
	{
		std::lock_guard lock(mutex);
		sessions.erase(session);
		if (!session->refusing())
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
	std::vector<std::shared_ptr<Session>> live;
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
    : impl_(std::make_shared<Impl>(io, std::move(config), handler))
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
