/* SPDX-License-Identifier: MIT */
/*
 * LinkConnection: framing, write queue and heartbeats of one switch-link connection.
 */
#include "link_connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "ctisim/log.h"

namespace ctisim::link {

namespace net = boost::asio;

LinkConnection::LinkConnection(net::ip::tcp::socket socket, Strand strand)
    : socket_(std::move(socket)), strand_(std::move(strand)), timer_(strand_)
{
}

void LinkConnection::start(std::chrono::milliseconds heartbeat, PayloadHandler onPayload, ClosedHandler onClosed)
{
	heartbeat_ = heartbeat;
	onPayload_ = std::move(onPayload);
	onClosed_ = std::move(onClosed);
	lastReceived_ = std::chrono::steady_clock::now();
	boost::system::error_code ignored;
	/* Small frames, answered at once: Nagle would only add latency. */
	socket_.set_option(net::ip::tcp::no_delay(true), ignored);
	readMore();
	tick();
}

void LinkConnection::setHeartbeat(std::chrono::milliseconds heartbeat)
{
	heartbeat_ = heartbeat;
	if (closed_)
		return;
	/* The wait armed for the old interval ends (operation_aborted, ignored by its handler)
	 * and tick() beats and arms the new one: a switch that started at 1 s and agreed on
	 * 200 ms used to stay silent for a second, and the front end dropped the link every
	 * 800 ms. */
	++tickChain_;
	timer_.cancel();
	tick();
}

void LinkConnection::send(const wire::LinkMessage &message)
{
	queueFrame(wire::encodeLinkFrame(message));
}

void LinkConnection::queueFrame(std::string frame)
{
	net::post(strand_, [self = shared_from_this(), frame = std::move(frame)]() mutable {
		if (self->closed_)
			return;
		self->queuedBytes_ += frame.size();
		if (self->queuedBytes_ > maxQueuedBytes) {
			self->doClose("the peer reads too slowly (write queue full)");
			return;
		}
		self->queue_.push_back(std::move(frame));
		if (!self->writing_)
			self->writeNext();
	});
}

void LinkConnection::close(std::string reason)
{
	net::post(strand_, [self = shared_from_this(), reason = std::move(reason)]() mutable {
		self->doClose(std::move(reason));
	});
}

void LinkConnection::closeWhenFlushed(std::string reason)
{
	net::post(strand_, [self = shared_from_this(), reason = std::move(reason)]() mutable {
		if (self->writing_)
			self->closeWhenFlushed_ = std::move(reason);
		else
			self->doClose(std::move(reason));
	});
}

void LinkConnection::readMore()
{
	socket_.async_read_some(net::buffer(readBuffer_), [self = shared_from_this()](
								  const boost::system::error_code &ec, std::size_t n) {
		if (self->closed_)
			return;
		if (ec) {
			self->doClose(ec == net::error::eof ? "the peer closed the link" : ec.message());
			return;
		}
		self->lastReceived_ = std::chrono::steady_clock::now();
		self->decoder_.feed(std::string_view(self->readBuffer_.data(), n));
		while (auto payload = self->decoder_.next()) {
			self->onPayload_(*payload);
			if (self->closed_)
				return;
		}
		if (self->decoder_.failed()) {
			self->doClose("frame longer than the limit");
			return;
		}
		self->readMore();
	});
}

void LinkConnection::writeNext()
{
	if (queue_.empty() || closed_) {
		writing_ = false;
		if (closeWhenFlushed_)
			doClose(std::move(*closeWhenFlushed_));
		return;
	}
	writing_ = true;
	net::async_write(socket_, net::buffer(queue_.front()),
			 [self = shared_from_this()](const boost::system::error_code &ec, std::size_t) {
				 if (self->closed_)
					 return;
				 if (ec) {
					 self->doClose(ec.message());
					 return;
				 }
				 self->queuedBytes_ -= self->queue_.front().size();
				 self->queue_.pop_front();
				 self->writeNext();
			 });
}

void LinkConnection::tick()
{
	if (closed_)
		return;
	if (std::chrono::steady_clock::now() - lastReceived_ > 3 * heartbeat_) {
		doClose("no heartbeat from the peer for " + std::to_string((3 * heartbeat_).count()) + " ms");
		return;
	}
	wire::LinkMessage beat;
	beat.type = wire::LinkMessageType::Heartbeat;
	send(beat);
	timer_.expires_after(heartbeat_);
	timer_.async_wait([self = shared_from_this(), chain = tickChain_](const boost::system::error_code &ec) {
		if (!ec && chain == self->tickChain_)
			self->tick();
	});
}

void LinkConnection::doClose(std::string reason)
{
	if (closed_)
		return;
	closed_ = true;
	boost::system::error_code ignored;
	socket_.shutdown(net::ip::tcp::socket::shutdown_both, ignored);
	socket_.close(ignored);
	timer_.cancel();
	queue_.clear();
	queuedBytes_ = 0;
	log::debug("link", "link closed: {}", reason);
	if (auto handler = std::move(onClosed_))
		handler(std::move(reason));
	onPayload_ = nullptr;
}

} /* namespace ctisim::link */
