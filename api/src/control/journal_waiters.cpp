/* SPDX-License-Identifier: MIT */
/*
 * JournalWaiters: each waiter is checked again after new entries (one check
 * scheduled however many entries come meanwhile) and at its deadline.
 */
#include "journal_waiters.h"

#include <list>
#include <mutex>
#include <utility>
#include <vector>

namespace ctisim::api {

struct JournalWaiters::State : std::enable_shared_from_this<State> {
	struct Waiter {
		std::uint64_t id;
		std::shared_ptr<const Journal> journal;
		JournalQuery query;
		std::shared_ptr<const std::atomic<bool>> clientGone;
		Answer answer;

		bool gone() const { return clientGone && clientGone->load(); }
	};

	State(Executor &e, std::size_t max) : executor(e), maxWaiters(max) {}

	Executor &executor;
	const std::size_t maxWaiters;
	mutable std::mutex mutex;
	std::list<Waiter> waiters;
	std::uint64_t nextId = 1;
	std::atomic<std::size_t> count{0};
	std::atomic<bool> checkScheduled{false};

	/// Takes the waiters for which take(waiter) is true out of the list.
	template <class Take> std::vector<Waiter> extract(Take take)
	{
		std::vector<Waiter> out;
		std::lock_guard lock(mutex);
		for (auto it = waiters.begin(); it != waiters.end();) {
			if (take(*it)) {
				out.push_back(std::move(*it));
				it = waiters.erase(it);
			} else {
				++it;
			}
		}
		count = waiters.size();
		return out;
	}

	/// Answers the waiters whose query now finds something, and those whose client is gone.
	void check()
	{
		checkScheduled = false;
		std::vector<std::pair<Answer, JournalPage>> ready;
		extract([&](const Waiter &w) {
			if (w.gone()) {
				ready.emplace_back(w.answer, JournalPage{});
				return true;
			}
			JournalPage page = w.journal->query(w.query);
			if (page.entries.empty())
				return false;
			ready.emplace_back(w.answer, std::move(page));
			return true;
		});
		for (auto &[answer, page] : ready)
			answer(std::move(page));
	}

	/// A client that went away is still answered (with nothing): its connection
	/// closes once its pending responses are written.
	static void answerGone(std::vector<Waiter> &gone)
	{
		for (Waiter &w : gone)
			w.answer(JournalPage{});
	}

	void expire(std::uint64_t id)
	{
		for (Waiter &w : extract([id](const Waiter &waiter) { return waiter.id == id; }))
			w.answer(w.journal->query(w.query)); /* empty, unless an entry just came */
	}

	void scheduleCheck()
	{
		if (count.load() == 0 || checkScheduled.exchange(true))
			return;
		executor.post([weak = weak_from_this()] {
			if (auto self = weak.lock())
				self->check();
		});
	}
};

JournalWaiters::JournalWaiters(Executor &timers, std::size_t maxWaiters)
    : state_(std::make_shared<State>(timers, maxWaiters))
{
}

JournalWaiters::~JournalWaiters()
{
	release();
}

bool JournalWaiters::hold(std::shared_ptr<const Journal> journal, JournalQuery query, std::chrono::milliseconds wait,
			  std::shared_ptr<const std::atomic<bool>> clientGone, Answer answer)
{
	State &s = *state_;
	if (s.count.load() >= s.maxWaiters) {
		/* Make room from waiters whose clients have gone. */
		std::vector<State::Waiter> gone = s.extract([](const State::Waiter &w) { return w.gone(); });
		State::answerGone(gone);
	}
	std::uint64_t id = 0;
	{
		std::lock_guard lock(s.mutex);
		if (s.waiters.size() >= s.maxWaiters)
			return false;
		id = s.nextId++;
		s.waiters.push_back(State::Waiter{id, std::move(journal), std::move(query), std::move(clientGone),
						  std::move(answer)});
		s.count = s.waiters.size();
	}
	s.executor.postAfter(wait, [weak = std::weak_ptr<State>(state_), id] {
		if (auto self = weak.lock())
			self->expire(id);
	});
	/* An entry may have come between the caller's query and now. */
	s.scheduleCheck();
	return true;
}

Journal::AppendHook JournalWaiters::appendHook()
{
	return [weak = std::weak_ptr<State>(state_)](std::uint64_t) {
		if (auto self = weak.lock())
			self->scheduleCheck();
	};
}

void JournalWaiters::release()
{
	for (State::Waiter &w : state_->extract([](const State::Waiter &) { return true; }))
		w.answer(w.journal->query(w.query));
}

std::size_t JournalWaiters::size() const
{
	return state_->count.load();
}

} /* namespace ctisim::api */
