/* SPDX-License-Identifier: MIT */
/*
 * AsioExecutor: Executor tasks posted to a strand (or, with one thread, to
 * the io_context itself), delayed ones through a steady_timer that lives as
 * long as its wait; a Timer is one steady_timer re-armed.
 */
#include "ctisim/link/asio_executor.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

namespace ctisim::link {

namespace net = boost::asio;

struct AsioExecutor::Impl {
	Impl(net::io_context &ioc, bool oneThread) : io(ioc)
	{
		if (!oneThread)
			strand.emplace(net::make_strand(ioc));
	}
	net::any_io_executor executor() const
	{
		if (strand)
			return *strand;
		return io.get_executor();
	}
	net::io_context &io;
	/// Unset with one thread: the io_context runs one handler at a time already.
	std::optional<net::strand<net::io_context::executor_type>> strand;
};

namespace {

class AsioTimer final : public Executor::Timer
{
public:
	AsioTimer(const net::any_io_executor &executor, Executor::Task task)
	    : state_(std::make_shared<State>(executor, std::move(task)))
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
		State(const net::any_io_executor &executor, Executor::Task t) : timer(executor), task(std::move(t)) {}
		net::steady_timer timer;
		Executor::Task task;
		std::uint64_t arming = 0;
	};
	std::shared_ptr<State> state_;
};

} /* namespace */

AsioExecutor::AsioExecutor(net::io_context &io, bool oneThread) : impl_(std::make_unique<Impl>(io, oneThread))
{
}

AsioExecutor::~AsioExecutor() = default;

void AsioExecutor::post(Task task)
{
	if (impl_->strand)
		net::post(*impl_->strand, std::move(task));
	else
		net::post(impl_->io, std::move(task));
}

void AsioExecutor::postAfter(std::chrono::milliseconds delay, Task task)
{
	auto timer = std::make_shared<net::steady_timer>(impl_->executor(), delay);
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
	return std::make_unique<AsioTimer>(impl_->executor(), std::move(task));
}

bool AsioExecutor::runningInThisThread() const
{
	if (impl_->strand)
		return impl_->strand->running_in_this_thread();
	return impl_->io.get_executor().running_in_this_thread();
}

net::any_io_executor AsioExecutor::strand() const
{
	return impl_->executor();
}

} /* namespace ctisim::link */
