/* SPDX-License-Identifier: MIT */
/*
 * AsioExecutor: Executor tasks posted to a strand, delayed ones through a
 * steady_timer that lives as long as its wait; a Timer is one steady_timer
 * re-armed.
 */
#include "ctisim/link/asio_executor.h"

#include <cstdint>
#include <memory>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

namespace ctisim::link {

namespace net = boost::asio;

using Strand = net::strand<net::io_context::executor_type>;

struct AsioExecutor::Impl {
	explicit Impl(net::io_context &io) : strand(net::make_strand(io)) {}
	Strand strand;
};

namespace {

class AsioTimer final : public Executor::Timer
{
public:
	AsioTimer(const Strand &strand, Executor::Task task) : state_(std::make_shared<State>(strand, std::move(task)))
	{
	}
	/* Destroying the State cancels its wait. */
	~AsioTimer() override = default;

	AsioTimer(const AsioTimer &) = delete;
	AsioTimer &operator=(const AsioTimer &) = delete;

	void armAt(Executor::TimePoint at) override
	{
		State &s = *state_;
		std::uint64_t arming = ++s.arming;
		s.timer.expires_at(at);
		/* A wait that had already completed when re-armed or cancelled still runs: the
		 * arming number tells it apart. The weak reference: it does nothing once the timer is gone. */
		s.timer.async_wait([weak = std::weak_ptr<State>(state_), arming](boost::system::error_code ec) {
			std::shared_ptr<State> state = weak.lock();
			if (!ec && state && state->arming == arming)
				state->task();
		});
	}

	void cancel() override
	{
		++state_->arming;
		state_->timer.cancel();
	}

private:
	struct State {
		State(const Strand &strand, Executor::Task t) : timer(strand), task(std::move(t)) {}
		net::steady_timer timer;
		Executor::Task task;
		std::uint64_t arming = 0;
	};
	std::shared_ptr<State> state_;
};

} /* namespace */

AsioExecutor::AsioExecutor(net::io_context &io) : impl_(std::make_unique<Impl>(io))
{
}

AsioExecutor::~AsioExecutor() = default;

void AsioExecutor::post(Task task)
{
	net::post(impl_->strand, std::move(task));
}

void AsioExecutor::postAfter(std::chrono::milliseconds delay, Task task)
{
	auto timer = std::make_shared<net::steady_timer>(impl_->strand, delay);
	timer->async_wait([timer, task = std::move(task)](boost::system::error_code ec) {
		if (!ec)
			task();
	});
}

Executor::TimePoint AsioExecutor::now() const
{
	return std::chrono::steady_clock::now();
}

std::unique_ptr<Executor::Timer> AsioExecutor::makeTimer(Task task)
{
	return std::make_unique<AsioTimer>(impl_->strand, std::move(task));
}

bool AsioExecutor::runningInThisThread() const
{
	return impl_->strand.running_in_this_thread();
}

} /* namespace ctisim::link */
