/* SPDX-License-Identifier: MIT */
/*
 * ManualExecutor: an Executor for tests. Nothing runs until the test says so,
 * so a test sees exactly what a backend delivers and when. Its time stands
 * still until advance() moves it; timers fire as it passes their time.
 */
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

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

	TimePoint now() const override { return now_; }
	std::unique_ptr<Timer> makeTimer(Task task) override
	{
		return std::make_unique<ManualTimer>(*this, std::move(task));
	}

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

	/// Moves time forward by delta: runs the queue, then each timer due by then in
	/// the order of its time (now() reading that time) with what it posts. Returns
	/// how many tasks ran.
	std::size_t advance(std::chrono::milliseconds delta)
	{
		const TimePoint until = now_ + delta;
		std::size_t count = runAll();
		for (ManualTimer *due = nextDue(until); due; due = nextDue(until)) {
			now_ = std::max(now_, *due->at);
			due->at.reset();
			++running_;
			due->task();
			--running_;
			count += 1 + runAll();
		}
		now_ = until;
		return count;
	}

	std::size_t pending() const { return queue_.size(); }
	std::size_t delayedCount() const { return delayed_.size(); }
	/// Timers armed and not yet fired.
	std::size_t armedTimers() const
	{
		return std::count_if(timers_.begin(), timers_.end(),
				     [](const ManualTimer *t) { return t->at.has_value(); });
	}

private:
	struct ManualTimer final : Timer {
		ManualTimer(ManualExecutor &e, Task t) : executor(e), task(std::move(t))
		{
			executor.timers_.push_back(this);
		}
		~ManualTimer() override { std::erase(executor.timers_, this); }
		ManualTimer(const ManualTimer &) = delete;
		ManualTimer &operator=(const ManualTimer &) = delete;

		void armAt(TimePoint time) override { at = time; }
		void cancel() override { at.reset(); }

		ManualExecutor &executor;
		Task task;
		std::optional<TimePoint> at;
	};

	/// The armed timer due first by until (the first made among equals), or null.
	ManualTimer *nextDue(TimePoint until) const
	{
		ManualTimer *first = nullptr;
		for (ManualTimer *t : timers_)
			if (t->at && *t->at <= until && (!first || *t->at < *first->at))
				first = t;
		return first;
	}

	std::deque<Task> queue_;
	std::deque<Task> delayed_;
	std::vector<ManualTimer *> timers_;
	TimePoint now_{};
	int running_ = 0;
};

} /* namespace ctisim::test */
