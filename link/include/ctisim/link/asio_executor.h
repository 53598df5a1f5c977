/* SPDX-License-Identifier: MIT */
/*
 * AsioExecutor: the ctisim::Executor of the running server, a strand of the
 * network io_context. The simulated switch and the GWS state run on one such
 * strand, so their tasks never overlap even with several io_context threads.
 */
#pragma once

#include <chrono>
#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "ctisim/executor.h"

namespace boost::asio {
class io_context;
} /* namespace boost::asio */

namespace ctisim::link {

/**
 * @par Thread Safety
 * post() and postAfter() may be called from any thread. Tasks run one at a
 * time, in post order (postAfter tasks when their delay has passed). With
 * oneThread (the io_context is run by one thread, which orders its handlers
 * already) the tasks go to the io_context itself, without a strand's lock.
 * Its time is std::chrono::steady_clock; its timers are steady_timers on the
 * executor.
 */
class AsioExecutor final : public Executor
{
public:
	explicit AsioExecutor(boost::asio::io_context &io, bool oneThread = false);
	~AsioExecutor() override;

	AsioExecutor(const AsioExecutor &) = delete;
	AsioExecutor &operator=(const AsioExecutor &) = delete;

	void post(Task task) override;
	/// A pending delayed task still runs after the executor is destroyed, as
	/// long as the io_context runs (it only holds the strand, not this object).
	void postAfter(std::chrono::milliseconds delay, Task task) override;
	TimePoint now() const override;
	std::unique_ptr<Timer> makeTimer(Task task) override;

	bool runningInThisThread() const override;
	/// The strand itself (the io_context's executor with oneThread), for I/O objects
	/// whose handlers must run on the core (the server's connections:
	/// docs/architecture.md, "Threads").
	boost::asio::any_io_executor strand() const;

private:
	struct Impl;
	std::unique_ptr<Impl> impl_;
};

} /* namespace ctisim::link */
