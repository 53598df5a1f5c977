/* SPDX-License-Identifier: MIT */
/*
 * LinkConnection: one TCP connection of the switch link, either end. It frames
 * and unframes messages, keeps one write in flight with a bounded queue, sends
 * a heartbeat every interval and closes the link when the peer has been silent
 * for three intervals, so that a dead peer is noticed in bounded time even when
 * TCP does not see it (a stopped process, a cut cable).
 *
 * Everything runs on the strand the socket was made with; the owner's handlers
 * are called there. send() and close() may be called from any thread.
 */
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "ctisim/wire/frame.h"
#include "ctisim/wire/link_message.h"

namespace ctisim::link {

using Strand = boost::asio::strand<boost::asio::any_io_executor>;

class LinkConnection : public std::enable_shared_from_this<LinkConnection>
{
public:
	/// One received frame payload (not yet decoded: the owner decodes it, JSON for
	/// the handshake, binary after it). It points into the connection's read
	/// buffer: valid during the call only.
	using PayloadHandler = std::function<void(std::string_view payload)>;
	/// Called once, when the link is closed for whatever reason.
	using ClosedHandler = std::function<void(std::string reason)>;

	/// Past this many queued bytes the peer is too slow and the link is closed.
	static constexpr std::size_t maxQueuedBytes = 64u << 20;

	LinkConnection(boost::asio::ip::tcp::socket socket, Strand strand);

	/// Starts reading and the heartbeat. Call on the strand.
	void start(std::chrono::milliseconds heartbeat, PayloadHandler onPayload, ClosedHandler onClosed);
	/// Changes the heartbeat interval (after the handshake) and beats at once, so that the
	/// peer, which expects the new interval from now on, never waits out the old one. Call
	/// on the strand.
	void setHeartbeat(std::chrono::milliseconds heartbeat);

	/// Queues a message of the handshake (JSON); dropped when the link is closed. Any thread.
	void send(const wire::LinkMessage &message);
	/// Queues a frame built by link_binary.h; dropped when the link is closed. Any thread.
	void sendFrame(std::string frame) { queueFrame(std::move(frame)); }
	/// Closes the link (the closed handler runs with reason). Any thread.
	void close(std::string reason);
	/// Closes the link once what is queued has been written (a refusal). Any thread.
	void closeWhenFlushed(std::string reason);

	const Strand &strand() const { return strand_; }
	/// Any thread.
	bool closed() const { return closed_; }

private:
	void queueFrame(std::string frame);
	void readMore();
	void writeNext();
	void tick();
	void doClose(std::string reason);

	boost::asio::ip::tcp::socket socket_;
	Strand strand_;
	boost::asio::steady_timer timer_;
	/// Bumped when the heartbeat is re-armed: a wait that had already fired belongs to the
	/// old chain and must not start a second one.
	std::uint64_t tickChain_ = 0;
	std::chrono::milliseconds heartbeat_{1000};
	std::chrono::steady_clock::time_point lastReceived_;
	wire::FrameDecoder decoder_;
	std::array<char, 16384> readBuffer_{};
	std::deque<std::string> queue_;
	std::size_t queuedBytes_ = 0;
	bool writing_ = false;
	/// Written on the strand; read from other threads too (closed()).
	std::atomic<bool> closed_{false};
	std::optional<std::string> closeWhenFlushed_;
	PayloadHandler onPayload_;
	ClosedHandler onClosed_;
};

} /* namespace ctisim::link */
