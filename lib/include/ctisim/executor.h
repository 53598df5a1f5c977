/* SPDX-License-Identifier: MIT */
/*
 * Executor: where a backend runs its work. lib/ has no threads of its own; the
 * program hands a backend an executor (an Asio strand in the server, a manual
 * queue in tests), and the backend runs every step of its state machine on it.
 */
#pragma once

#include <chrono>
#include <functional>

namespace ctisim {

class Executor
{
public:
	using Task = std::function<void()>;

	virtual ~Executor() = default;

	/// Runs task later, never inside this call. Tasks run one at a time, in order.
	virtual void post(Task task) = 0;
	/// Runs task after delay of real time (used with the real clock only).
	virtual void postAfter(std::chrono::milliseconds delay, Task task) = 0;
	/// True when called from inside a task of this executor: work meant for it
	/// may then run at once instead of being posted (docs/architecture.md, "Threads").
	virtual bool runningInThisThread() const = 0;
};

} /* namespace ctisim */
