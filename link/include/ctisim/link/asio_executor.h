/* SPDX-License-Identifier: MIT */
/*
 * AsioExecutor: the ctisim::Executor of the running server, a strand of the
 * network io_context. The simulated switch and the GWS state run on one such
 * strand, so their tasks never overlap even with several io_context threads.
 */
#pragma once

#include <chrono>
#include <memory>

#include "ctisim/executor.h"

namespace boost::asio {
class io_context;
} /* namespace boost::asio */

namespace ctisim::link {

/**
 * @par Thread Safety
 * post() and postAfter() may be called from any thread. Tasks run one at a
 * time, in post order (postAfter tasks when their delay has passed). Its time
 * is std::chrono::steady_clock; its timers are steady_timers on the strand.
 */
class AsioExecutor final : public Executor
{
public:
	explicit AsioExecutor(boost::asio::io_context &io);
	~AsioExecutor() override;

	AsioExecutor(const AsioExecutor &) = delete;
	AsioExecutor &operator=(const AsioExecutor &) = delete;

	void post(Task task) override;
	/// A pending delayed task still runs after the executor is destroyed, as
	/// long as the io_context runs (it only holds the strand, not this object).
	void postAfter(std::chrono::milliseconds delay, Task task) override;
	TimePoint now() const override;
	std::unique_ptr<Timer> makeTimer(Task task) override;

	/// True when called from inside a task of this executor.
	bool runningInThisThread() const;

private:
	struct Impl;
	std::unique_ptr<Impl> impl_;
};

} /* namespace ctisim::link */
