/* SPDX-License-Identifier: MIT */
/*
 * The in-memory stream HttpSession runs on in the tests and the HTTP fuzz
 * target: Beast's test stream (one end of a connected pair) with the deadline
 * API of DeadlineStream. The deadline is only recorded; the test reads it
 * (deadline()) and lets it pass when it wants (expire()): no clock, no sleep.
 */
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <utility>

#include <boost/beast/_experimental/test/stream.hpp>

namespace ctisim::test {

class HttpTestStream
{
	struct State;

public:
	using clock = std::chrono::steady_clock;
	using executor_type = boost::beast::test::stream::executor_type;

	/// What the test keeps of a stream handed to a session.
	class Probe
	{
	public:
		/// The deadline last set, as a duration from when it was set; none: no deadline.
		std::optional<clock::duration> deadline() const { return state_->deadline; }
		/// The deadline passes: the stream closes, as a socket's would (the
		/// session's operations in flight fail, the client reads the end).
		/// False when no deadline was set.
		bool expire()
		{
			if (!state_->deadline || state_->closed)
				return false;
			state_->stream.close();
			state_->closed = true;
			return true;
		}
		/// The session has closed the stream.
		bool closed() const { return state_->closed; }

	private:
		friend class HttpTestStream;
		explicit Probe(std::shared_ptr<State> state) : state_(std::move(state)) {}
		std::shared_ptr<State> state_;
	};

	/// The server end of a connection whose client end is client.
	explicit HttpTestStream(boost::beast::test::stream &client)
	    : state_(std::make_shared<State>(client.get_executor()))
	{
		state_->stream.connect(client);
	}

	Probe probe() const { return Probe(state_); }

	executor_type get_executor() { return state_->stream.get_executor(); }

	template <class MutableBuffers, class Handler>
	auto async_read_some(const MutableBuffers &buffers, Handler &&handler)
	{
		return state_->stream.async_read_some(buffers, std::forward<Handler>(handler));
	}

	template <class ConstBuffers, class Handler>
	auto async_write_some(const ConstBuffers &buffers, Handler &&handler)
	{
		return state_->stream.async_write_some(buffers, std::forward<Handler>(handler));
	}

	void expires_after(clock::duration after) { state_->deadline = after; }
	void expires_at(clock::time_point deadline) { state_->deadline = deadline - clock::now(); }
	void expires_never() { state_->deadline.reset(); }

	void close()
	{
		state_->stream.close();
		state_->closed = true;
	}

private:
	struct State {
		explicit State(executor_type executor) : stream(std::move(executor)) {}
		boost::beast::test::stream stream;
		std::optional<clock::duration> deadline;
		bool closed = false;
	};

	std::shared_ptr<State> state_;
};

} /* namespace ctisim::test */
