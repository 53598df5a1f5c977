/* SPDX-License-Identifier: MIT */
/*
 * ManualExecutor: an Executor for tests. Nothing runs until the test says so,
 * so a test sees exactly what a backend delivers and when.
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>

#include "ctisim/executor.h"

namespace ctisim::test {

class ManualExecutor final : public Executor
{
public:
	void post(Task task) override { queue_.push_back(std::move(task)); }
	/// Delays are not simulated: delayed tasks are counted and kept apart.
	void postAfter(std::chrono::milliseconds, Task task) override { delayed_.push_back(std::move(task)); }
	/// Inside runAll(): a task that posts work may see it run at once.
	bool runningInThisThread() const override { return running_ > 0; }

	/// Runs queued tasks, including those they post, until the queue is empty.
	/// Returns how many ran.
	std::size_t runAll()
	{
		std::size_t count = 0;
		while (!queue_.empty()) {
			Task task = std::move(queue_.front());
			queue_.pop_front();
			++running_;
			task();
			--running_;
			++count;
		}
		return count;
	}

	/// Moves the delayed tasks to the queue (as if their time had come) and runs all.
	std::size_t fireDelayed()
	{
		for (Task &task : delayed_)
			queue_.push_back(std::move(task));
		delayed_.clear();
		return runAll();
	}

	std::size_t pending() const { return queue_.size(); }
	std::size_t delayedCount() const { return delayed_.size(); }

private:
	std::deque<Task> queue_;
	std::deque<Task> delayed_;
	int running_ = 0;
};

} /* namespace ctisim::test */
