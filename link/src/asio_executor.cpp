/* SPDX-License-Identifier: MIT */
/*
 * AsioExecutor: Executor tasks posted to a strand (or, with one thread, to
 * the io_context itself), delayed ones through a steady_timer that lives as
 * long as its wait.
 */
#include "ctisim/link/asio_executor.h"

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
