/* SPDX-License-Identifier: MIT */
/*
 * JournalWaiters: the long polls of GET /sim/v1/journal?wait=MS. A request
 * whose query finds nothing yet is held until an entry with seq > after
 * matches its filters, its deadline passes (an empty page), its client goes
 * away, or the journal is replaced (a reset). At most maxWaiters are held.
 */
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

#include "ctisim/executor.h"
#include "ctisim/journal.h"

namespace ctisim::api {

/**
 * @par Thread Safety
 * Every member function may be called from any thread. Answers are given from
 * the executor (or from the calling thread of release()), each exactly once,
 * never under a lock.
 */
class JournalWaiters
{
public:
	static constexpr std::size_t defaultMaxWaiters = 64;
	static constexpr std::chrono::milliseconds maxWait{60000};

	/// Called once with the page the waiter ends with (empty at its deadline).
	using Answer = std::function<void(JournalPage page)>;

	/// timers runs the deadlines and the checks after new entries.
	explicit JournalWaiters(Executor &timers, std::size_t maxWaiters = defaultMaxWaiters);
	/// Answers every waiter left (empty pages), as release() does.
	~JournalWaiters();

	JournalWaiters(const JournalWaiters &) = delete;
	JournalWaiters &operator=(const JournalWaiters &) = delete;

	/// Holds a query that found nothing: false (nothing held) when maxWaiters
	/// live waiters are held already. clientGone may be null.
	bool hold(std::shared_ptr<const Journal> journal, JournalQuery query, std::chrono::milliseconds wait,
		  std::shared_ptr<const std::atomic<bool>> clientGone, Answer answer);

	/// The hook for Journal::setAppendHook: cheap, schedules one check.
	Journal::AppendHook appendHook();

	/// Answers every waiter now with what its journal holds (a reset replaced
	/// it, or the server stops).
	void release();

	/// Waiters held now (for tests).
	std::size_t size() const;

private:
	struct State;
	std::shared_ptr<State> state_;
};

} /* namespace ctisim::api */
