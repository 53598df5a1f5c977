/* SPDX-License-Identifier: MIT */
/*
 * AsioExecutor: Executor tasks posted to a strand, delayed ones through a
 * steady_timer that lives as long as its wait.
 */
#include "ctisim/link/asio_executor.h"

#include <memory>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

namespace ctisim::link {

namespace net = boost::asio;

struct AsioExecutor::Impl {
	explicit Impl(net::io_context &io) : strand(net::make_strand(io)) {}
	net::strand<net::io_context::executor_type> strand;
};

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

bool AsioExecutor::runningInThisThread() const
{
	return impl_->strand.running_in_this_thread();
}

} /* namespace ctisim::link */
