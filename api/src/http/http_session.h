/* SPDX-License-Identifier: MIT */
/*
 * HttpSession<Stream>: one HTTP/1.1 connection, after Beast's advanced_server
 * session. It reads requests (limits, timeouts), hands them to the handler,
 * and writes the responses back in request order even when the handler
 * answers out of order (a held long-poll followed by pipelined requests):
 * the part Beast's examples lack. Production runs it on DeadlineStream (a TCP
 * socket), the tests and the fuzz target on an in-memory stream.
 *
 * Stream: an AsyncReadStream and AsyncWriteStream with
 * expires_after(duration), expires_at(time_point) and expires_never() (the
 * connection closes when the deadline passes, operations in flight
 * included) and close().
 */
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <fmt/core.h>

#include "ctisim/api/http_exchange.h"
#include "ctisim/api/http_server.h"
#include "ctisim/log.h"

#include "request_parser.h"
#include "response_head.h"
#include "rest/rest_error.h"

namespace ctisim::api {

/// What the listener knows of a session, whatever its stream.
class HttpSessionBase
{
public:
	virtual ~HttpSessionBase() = default;
	/// Reads no more requests, writes the responses due, then closes. Any thread.
	virtual void stop() = 0;
	/// Accepted over the connection limit: every request is answered 503.
	virtual bool refused() const = 0;
};

/// Told once, on the session's executor, when a session's connection is closed
/// (or the session is destroyed unclosed).
class HttpSessionOwner
{
public:
	virtual ~HttpSessionOwner() = default;
	virtual void sessionClosed(HttpSessionBase &session) = 0;
};

/// The other end of a connection, as the requests report it.
struct HttpPeer {
	std::string address; ///< "127.0.0.1"
	bool loopback = false;
};

template <class Stream>
class HttpSession final : public HttpSessionBase, public std::enable_shared_from_this<HttpSession<Stream>>
{
public:
	/// config and handler must outlive the session; owner may be null.
	HttpSession(Stream stream, const HttpServerConfig &config, HttpHandler &handler, HttpPeer peer, bool refuse,
		    std::shared_ptr<HttpSessionOwner> owner)
	    : stream_(std::move(stream)), config_(config), handler_(handler), peer_(std::move(peer)), refused_(refuse),
	      owner_(std::move(owner))
	{
	}

	~HttpSession() override
	{
		if (phase_ != Phase::Closed && owner_)
			owner_->sessionClosed(*this);
	}

	/// Starts reading, on the stream's executor (every step runs there).
	void run()
	{
		boost::asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->readNext(); });
	}

	void stop() override
	{
		boost::asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->onStop(); });
	}

	bool refused() const override { return refused_; }

private:
	using error_code = boost::system::error_code;

	/*
	 * The connection's phase. Serving → Draining → Closed, or Serving →
	 * Closed; never back:
	 *  - Serving: requests are read, up to maxPipelined ahead of their responses.
	 *  - Draining: no more requests are read (the client or a response asked
	 *    to close, bad input, a refusal, stop(), the client left); the
	 *    responses due are written, then the connection closes. A read still
	 *    in flight only notices the client leaving (its bytes are dropped), or
	 *    finishes the request it was reading (answered, then closed).
	 *  - Closed: the stream is closed; completions and late replies are dropped.
	 */
	enum class Phase { Serving, Draining, Closed };

	/* The read in flight, at most one: the first bytes of the next request
	 * (a wait that may last: an idle keep-alive connection, a held long-poll),
	 * or a request that has begun to arrive (readTimeout). A write may be in
	 * flight beside either (writing_), one at a time. */
	enum class Read { None, FirstBytes, Message };

	struct Slot {
		std::uint64_t seq;
		bool keepAlive;
		bool ready = false;
		HttpResponse response;
	};

	using clock = std::chrono::steady_clock;

	void onStop()
	{
		if (phase_ == Phase::Closed)
			return;
		phase_ = Phase::Draining;
		closeIfDone();
	}

	void readNext()
	{
		if (phase_ != Phase::Serving || read_ != Read::None || slots_.size() >= config_.maxPipelined)
			return;
		if (buffer_.size() > 0)
			return readMessage();
		read_ = Read::FirstBytes;
		updateDeadline();
		stream_.async_read_some(
			buffer_.prepare(4096),
			[self = this->shared_from_this()](error_code ec, std::size_t n) { self->onFirstBytes(ec, n); });
	}

	void onFirstBytes(error_code ec, std::size_t n)
	{
		read_ = Read::None;
		if (phase_ == Phase::Closed)
			return;
		if (ec) {
			clientGone_->store(true);
			phase_ = Phase::Draining;
		}
		if (phase_ == Phase::Draining) {
			/* A new request is not served. */
			if (!closeIfDone())
				updateDeadline();
			return;
		}
		buffer_.commit(n);
		readMessage();
	}

	void readMessage()
	{
		parser_.emplace();
		parser_->header_limit(static_cast<std::uint32_t>(config_.maxHeaderBytes));
		parser_->body_limit(config_.maxBodyBytes);
		read_ = Read::Message;
		requestDeadline_ = clock::now() + config_.readTimeout;
		updateDeadline();
		boost::beast::http::async_read(
			stream_, buffer_, *parser_,
			[self = this->shared_from_this()](error_code ec, std::size_t) { self->onRequest(ec); });
	}

	void onRequest(error_code ec)
	{
		namespace http = boost::beast::http;
		read_ = Read::None;
		if (phase_ == Phase::Closed)
			return;
		if (ec) {
			if (ec == http::error::body_limit)
				return answerAndClose(
					413, fmt::format("Request body exceeds {} bytes", config_.maxBodyBytes));
			if (ec == http::error::header_limit)
				return answerAndClose(
					431, fmt::format("Request headers exceed {} bytes", config_.maxHeaderBytes));
			if (&ec.category() == &http::make_error_code(http::error::bad_method).category() &&
			    ec != http::error::end_of_stream && ec != http::error::partial_message)
				return answerAndClose(400, "Malformed HTTP request");
			/* The client left (or half-closed: the responses due are still
			 * written), or the read timed out. */
			phase_ = Phase::Draining;
			if (!closeIfDone())
				updateDeadline();
			return;
		}

		RequestParser &parsed = *parser_;
		/* RFC 9112 §6.1, §6.3: a transfer coding other than chunked leaves the
		 * length unknown, and with Content-Length as well it is ambiguous; both
		 * are refused, or a proxy in front could read the bytes differently. */
		if (parsed.hasTransferEncoding() && (!parsed.chunked() || parsed.hasContentLength()))
			return answerAndClose(400, "Unsupported or ambiguous Transfer-Encoding");
		/* RFC 3986: a URI is ASCII, anything else percent-encoded. Beast lets
		 * bytes >= 0x80 through, and handlers echo path parts in error
		 * messages: the JSON would no longer be UTF-8. */
		std::string_view target = parsed.request().target();
		if (std::any_of(target.begin(), target.end(),
				[](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
			return answerAndClose(400, "The request target must be ASCII (percent-encode other bytes)");
		if (refused_)
			return answerAndClose(503, "Too many connections", rest::status::Internal);

		/* Draining: the request that was arriving is answered, and is the last. */
		bool keepAlive = parsed.keep_alive() && phase_ == Phase::Serving;
		if (!keepAlive)
			phase_ = Phase::Draining;

		HttpRequest request = std::move(parsed.request());
		request.remoteAddress = peer_.address;
		request.fromLoopback = peer_.loopback;
		request.clientGone = clientGone_;

		std::uint64_t seq = nextSeq_++;
		slots_.push_back(Slot{seq, keepAlive});

		/* The reply may come from any thread, and after the connection is
		 * gone: it owns a reference to the session, and hops to its executor
		 * unless it is given there (the core strand answering one of its own
		 * connections: no hop), even inside handle() below. */
		HttpReply reply = [self = this->shared_from_this(), seq](HttpResponse response) {
			boost::asio::dispatch(self->stream_.get_executor(),
					      [self, seq, response = std::move(response)]() mutable {
						      self->onReply(seq, std::move(response));
					      });
		};
		try {
			handler_.handle(std::move(request), std::move(reply));
		} catch (const std::exception &e) {
			log::error("http", "handler failed: {}", e.what());
			HttpResponse failed = rest::errorResponse(500, rest::status::Internal, "Internal error");
			failed.close = true;
			onReply(seq, std::move(failed));
		}
		readNext();
		if (read_ == Read::None)
			updateDeadline();
	}

	/* A response of the server itself (bad input, a refusal): the GWS error
	 * body of rest::errorResponse, and the connection ends after it. */
	void answerAndClose(unsigned httpStatus, std::string_view message,
			    int statusCode = rest::status::InputValidation)
	{
		phase_ = Phase::Draining;
		HttpResponse response = rest::errorResponse(httpStatus, statusCode, message);
		response.close = true;
		std::uint64_t seq = nextSeq_++;
		slots_.push_back(Slot{seq, false});
		onReply(seq, std::move(response));
	}

	void onReply(std::uint64_t seq, HttpResponse response)
	{
		if (phase_ == Phase::Closed)
			return;
		auto slot = std::find_if(slots_.begin(), slots_.end(), [seq](const Slot &s) { return s.seq == seq; });
		if (slot == slots_.end() || slot->ready)
			return; /* a second reply for one request is ignored */
		slot->keepAlive = slot->keepAlive && !response.close;
		slot->response = std::move(response);
		slot->ready = true;
		if (!slot->keepAlive)
			phase_ = Phase::Draining;
		writeNext();
	}

	void writeNext()
	{
		if (writing_ || phase_ == Phase::Closed || slots_.empty() || !slots_.front().ready)
			return;
		Slot &slot = slots_.front();
		/* The last response of a draining connection says so. */
		if (phase_ == Phase::Draining && slots_.size() == 1 && read_ != Read::Message)
			slot.keepAlive = false;
		writeResponseHead(head_, slot.response, slot.keepAlive);
		writing_ = true;
		writeDeadline_ = clock::now() + config_.readTimeout;
		updateDeadline();
		const std::array<boost::asio::const_buffer, 2> buffers{boost::asio::buffer(head_),
								       boost::asio::buffer(slot.response.body)};
		boost::asio::async_write(
			stream_, buffers,
			[self = this->shared_from_this()](error_code ec, std::size_t) { self->onWritten(ec); });
	}

	void onWritten(error_code ec)
	{
		writing_ = false;
		if (phase_ == Phase::Closed)
			return;
		if (ec)
			return close();
		bool keepAlive = slots_.front().keepAlive;
		slots_.pop_front();
		if (!keepAlive)
			return close();
		writeNext();
		if (!writing_) {
			if (closeIfDone())
				return;
			updateDeadline();
		}
		readNext();
	}

	/* The stream's deadline, set again whenever the read or the write in
	 * flight changes: a response being written and a request arriving must
	 * each finish within readTimeout of their start; a connection waiting for
	 * a request with nothing due closes after idleTimeout; one whose responses
	 * are due (a held long-poll) is not idle, and waits as long as the
	 * handler does. */
	void updateDeadline()
	{
		if (writing_)
			stream_.expires_at(read_ == Read::Message ? std::min(writeDeadline_, requestDeadline_)
								  : writeDeadline_);
		else if (read_ == Read::Message)
			stream_.expires_at(requestDeadline_);
		else if (read_ == Read::FirstBytes && slots_.empty())
			stream_.expires_after(config_.idleTimeout);
		else
			stream_.expires_never();
	}

	/* Draining with nothing left to write or read: closed. */
	bool closeIfDone()
	{
		if (phase_ != Phase::Draining || !slots_.empty() || writing_ || read_ == Read::Message)
			return false;
		close();
		return true;
	}

	void close()
	{
		if (phase_ == Phase::Closed)
			return;
		phase_ = Phase::Closed;
		clientGone_->store(true);
		stream_.close();
		/* A closed connection no longer counts, even while a reply callback
		 * that the handler still keeps holds this object. */
		if (owner_)
			owner_->sessionClosed(*this);
	}

	Stream stream_;
	const HttpServerConfig &config_;
	HttpHandler &handler_;
	const HttpPeer peer_;
	const bool refused_;
	const std::shared_ptr<HttpSessionOwner> owner_;

	Phase phase_ = Phase::Serving;
	Read read_ = Read::None;
	bool writing_ = false;
	clock::time_point requestDeadline_; ///< of the request arriving (Read::Message)
	clock::time_point writeDeadline_;   ///< of the response being written (writing_)
	boost::beast::flat_buffer buffer_;
	std::optional<RequestParser> parser_;
	std::string head_;	 ///< the head of the response being written, reused
	std::deque<Slot> slots_; ///< the requests handed over, in order, until their response is written
	std::uint64_t nextSeq_ = 0;
	/* Shared with the requests' handlers: a held request need not be answered once it is set. */
	std::shared_ptr<std::atomic<bool>> clientGone_ = std::make_shared<std::atomic<bool>>(false);
};

} /* namespace ctisim::api */
