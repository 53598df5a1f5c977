/* SPDX-License-Identifier: MIT */
/*
 * Executor: where a backend runs its work. lib/ has no threads of its own; the
 * program hands a backend an executor (an Asio strand in the server, a manual
 * queue in tests), and the backend runs every step of its state machine on it.
 * The executor also keeps the time its timers follow: the steady clock in the
 * server, a time the test moves in tests, so time-outs are tested without
 * sleeping.
 */
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace ctisim {

class Executor
{
public:
	using Task = std::function<void()>;
	using TimePoint = std::chrono::steady_clock::time_point;

	/**
	 * A re-armable one-shot timer: its task runs on the executor once the
	 * executor's now() reaches the time it was armed at. A component owns one
	 * and re-arms it, instead of a task per delay.
	 *
	 * @par Thread Safety
	 * armAt() and cancel() are called from tasks of the executor only. Once the
	 * timer is destroyed its task no longer runs.
	 */
	class Timer
	{
	public:
		virtual ~Timer() = default;
		/// Runs the task at time at (at once, posted, when it has passed); replaces an earlier arming.
		virtual void armAt(TimePoint at) = 0;
		/// Disarms: the task does not run until armed again.
		virtual void cancel() = 0;
	};

	virtual ~Executor() = default;

	/// Runs task later, never inside this call. Tasks run one at a time, in order.
	virtual void post(Task task) = 0;
	/// Runs task after delay of real time (used with the real clock only). Prefer a
	/// Timer where one component waits for one deadline after another.
	virtual void postAfter(std::chrono::milliseconds delay, Task task) = 0;

	/// The time timers follow (steady: never goes back).
	virtual TimePoint now() const = 0;
	/// A disarmed timer that runs task on this executor.
	virtual std::unique_ptr<Timer> makeTimer(Task task) = 0;
	/// True when called from inside a task of this executor: work meant for it
	/// may then run at once instead of being posted (docs/architecture.md, "Threads").
	virtual bool runningInThisThread() const = 0;
};

} /* namespace ctisim */
