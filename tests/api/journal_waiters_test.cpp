/* SPDX-License-Identifier: MIT */
/*
 * Tests of JournalWaiters, the long polls of GET /sim/v1/journal?wait=, on a
 * manual executor: answered after a matching entry only, empty at the
 * deadline, bounded, freed by a client that went away, released at once.
 */
// Test that header file is self-contained.
#include "control/journal_waiters.h"

#include <optional>
#include <vector>

#include <doctest/doctest.h>

#include "manual_executor.h"

using namespace ctisim;
using namespace ctisim::api;
using namespace std::chrono_literals;

namespace {

struct Fixture {
	explicit Fixture(std::size_t maxWaiters = JournalWaiters::defaultMaxWaiters) : waiters(executor, maxWaiters)
	{
		journal->setAppendHook(waiters.appendHook());
	}

	/// Holds a wait for entries about dn after seq; its page lands in answers[index].
	bool hold(const Dn &dn, std::uint64_t after, std::shared_ptr<std::atomic<bool>> gone = nullptr)
	{
		JournalQuery query;
		query.dn = dn;
		query.after = after;
		std::size_t index = answers.size();
		answers.emplace_back();
		return waiters.hold(journal, query, 5000ms, std::move(gone),
				    [this, index](JournalPage page) { answers[index] = std::move(page); });
	}

	void dndOff(const Dn &dn) { journal->recordRequest(1000, req::SetDndOff{dn}); }

	test::ManualExecutor executor;
	std::shared_ptr<Journal> journal = std::make_shared<Journal>();
	/* Before waiters: its destructor answers the waits left, into answers. */
	std::vector<std::optional<JournalPage>> answers;
	JournalWaiters waiters;
};

} /* namespace */

TEST_CASE("journal waits: answered once an entry after the seq matches, not for others")
{
	Fixture f;
	f.dndOff("15000"); /* seq 1, before the wait: not after it */
	REQUIRE(f.hold("15000", 1));
	f.executor.runAll();
	CHECK_FALSE(f.answers[0]);

	f.dndOff("15001"); /* not about 15000 */
	f.executor.runAll();
	CHECK_FALSE(f.answers[0]);
	CHECK(f.waiters.size() == 1);

	f.dndOff("15000");
	CHECK_FALSE(f.answers[0]); /* checked on the executor, never under the journal's lock */
	f.executor.runAll();
	REQUIRE(f.answers[0]);
	REQUIRE(f.answers[0]->entries.size() == 1);
	CHECK(f.answers[0]->entries[0].seq == 3);
	CHECK(f.waiters.size() == 0);

	/* Its deadline comes later and does nothing: answered once. */
	f.answers[0].reset();
	f.executor.fireDelayed();
	CHECK_FALSE(f.answers[0]);
}

TEST_CASE("journal waits: many entries schedule one check")
{
	Fixture f;
	REQUIRE(f.hold("15099", 0));
	f.executor.runAll();
	for (int i = 0; i < 100; ++i)
		f.dndOff("15000");
	CHECK(f.executor.pending() == 1);
}

TEST_CASE("journal waits: an empty page at the deadline")
{
	Fixture f;
	REQUIRE(f.hold("15000", 0));
	f.executor.runAll();
	CHECK(f.executor.delayedCount() == 1);
	f.executor.fireDelayed();
	REQUIRE(f.answers[0]);
	CHECK(f.answers[0]->entries.empty());
	CHECK(f.waiters.size() == 0);
}

TEST_CASE("journal waits: bounded; a client that went away gives its place and is answered")
{
	Fixture f(2);
	auto gone = std::make_shared<std::atomic<bool>>(false);
	REQUIRE(f.hold("15000", 0, gone));
	REQUIRE(f.hold("15000", 0));
	CHECK_FALSE(f.hold("15000", 0)); /* the third is refused */
	CHECK_FALSE(f.answers[2]);

	gone->store(true);
	REQUIRE(f.hold("15000", 0));
	REQUIRE(f.answers[0]); /* answered with nothing, so that its connection can close */
	CHECK(f.answers[0]->entries.empty());
	CHECK(f.waiters.size() == 2);
}

TEST_CASE("journal waits: release answers every wait at once; a destroyed set's timers do nothing")
{
	std::optional<JournalPage> answer;
	test::ManualExecutor executor;
	auto journal = std::make_shared<Journal>();
	{
		JournalWaiters waiters(executor);
		JournalQuery query;
		query.after = 0;
		REQUIRE(waiters.hold(journal, query, 5000ms, nullptr,
				     [&](JournalPage page) { answer = std::move(page); }));
		waiters.release();
		REQUIRE(answer);
		CHECK(answer->entries.empty());
		answer.reset();
		REQUIRE(waiters.hold(journal, query, 5000ms, nullptr,
				     [&](JournalPage page) { answer = std::move(page); }));
	} /* the destructor releases the second */
	REQUIRE(answer);
	answer.reset();
	executor.fireDelayed();
	CHECK_FALSE(answer);
}
