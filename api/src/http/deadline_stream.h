/* SPDX-License-Identifier: MIT */
/*
 * DeadlineStream: a TCP socket with one deadline, the stream HttpSession runs
 * on in production. Like beast::tcp_stream it closes the socket when the
 * deadline passes (operations in flight then fail), and expires_after() /
 * expires_never() set it; unlike tcp_stream the deadline is the connection's,
 * not each operation's: it applies to the operations already in flight too
 * (a session puts an idle deadline on its pending read once the responses
 * due are written), and it costs a clock read instead of a timer wait and
 * cancel per operation. One timer waits at most checkPeriod (the shortest
 * timeout the session uses), then closes the socket if the deadline passed or
 * waits again; a later deadline never needs the timer re-armed. tcp_stream's
 * per-operation timers cost about 6 % of the server's CPU per REST operation
 * (docs/performance.md, run 7).
 */
#pragma once

#include <chrono>
#include <memory>
#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace ctisim::api {

class DeadlineStream
{
public:
	using socket_type = boost::asio::ip::tcp::socket;
	using executor_type = socket_type::executor_type;
	using clock = boost::asio::steady_timer::clock_type;

	DeadlineStream(socket_type socket, clock::duration checkPeriod);

	executor_type get_executor() { return state_->socket.get_executor(); }

	template <class MutableBuffers, class Handler>
	auto async_read_some(const MutableBuffers &buffers, Handler &&handler)
	{
		return state_->socket.async_read_some(buffers, std::forward<Handler>(handler));
	}

	template <class ConstBuffers, class Handler>
	auto async_write_some(const ConstBuffers &buffers, Handler &&handler)
	{
		return state_->socket.async_write_some(buffers, std::forward<Handler>(handler));
	}

	/// The connection closes after this long, operations in flight included.
	void expires_after(clock::duration after) { expires_at(clock::now() + after); }
	void expires_at(clock::time_point deadline);
	void expires_never() { state_->deadline = never(); }

	/// Shuts both directions down and closes the socket (pending operations fail).
	void close();

private:
	static constexpr clock::time_point never() { return clock::time_point::max(); }

	/* Shared with the timer's pending wait, which may outlive the stream. */
	struct State {
		State(socket_type s, clock::duration period)
		    : socket(std::move(s)), timer(socket.get_executor()), checkPeriod(period)
		{
		}
		socket_type socket;
		boost::asio::steady_timer timer;
		const clock::duration checkPeriod;
		clock::time_point deadline = never();
		clock::time_point pendingWait = never(); ///< expiry of the timer's wait; never(): none
	};

	static void wait(const std::shared_ptr<State> &state);
	static void onTimer(const std::weak_ptr<State> &weak);

	std::shared_ptr<State> state_;
};

} /* namespace ctisim::api */
