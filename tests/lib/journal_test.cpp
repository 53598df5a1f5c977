/* SPDX-License-Identifier: MIT */
/*
 * Tests of the Journal: the bound and its dropped count, the filters, polling
 * with "after", the encoded entries, and the file writer's rotation.
 */
// Test that header file is self-contained.
#include "ctisim/journal.h"

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>
#include <unistd.h>

/* ctisim::toString() of an enum returns const char *: let doctest stringify twice. */
#define DOCTEST_CONFIG_DOUBLE_STRINGIFY
#include <doctest/doctest.h>

#include "ctisim/journal_file.h"

using namespace ctisim;

namespace {

const ConnId callA(0xa);
const ConnId callB(0xb);

Event ringing(const Dn &dn, ConnId connId)
{
	Event e;
	e.type = EventType::Ringing;
	e.thisDn = dn;
	e.connId = connId;
	return e;
}

std::vector<std::uint64_t> seqs(const JournalPage &page)
{
	std::vector<std::uint64_t> out;
	for (const JournalEntry &entry : page.entries)
		out.push_back(entry.seq);
	return out;
}

JournalPage all(const Journal &journal)
{
	return journal.query(JournalQuery{});
}

std::vector<std::string> readLines(const std::string &path)
{
	std::ifstream in(path);
	std::vector<std::string> lines;
	for (std::string line; std::getline(in, line);)
		lines.push_back(line);
	return lines;
}

/// A fresh path in the temporary directory, removed (with its rotations) at the end.
struct TempPath {
	std::string path = fmt_path();
	~TempPath()
	{
		std::remove(path.c_str());
		for (int i = 1; i < 5; ++i)
			std::remove((path + "." + std::to_string(i)).c_str());
	}
	static std::string fmt_path()
	{
		static int n = 0;
		return "/tmp/ctisim-journal-test-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".jsonl";
	}
};

} /* namespace */

TEST_CASE("journal: request, result, event and control entries, encoded when read")
{
	Journal journal;
	Journal::RequestTicket ticket =
		journal.recordRequest(100, req::InitiateTransfer{{"15000", callA, "15001", "", {}}});
	CHECK(ticket.seq == 1);
	journal.recordEvent(101, ringing("15001", callB));
	RequestResult result;
	result.referenceId = 4;
	result.newConnId = callB;
	journal.recordResult(102, ticket, result);
	Journal::ControlTicket control = journal.recordControl(103, ctl::SetBehaviour{"15009", {}});
	ControlResult failed;
	failed.errorCode = 51;
	failed.errorMessage = "no";
	journal.recordControlResult(104, control, failed);

	JournalPage page = all(journal);
	REQUIRE(page.entries.size() == 5);
	CHECK(page.dropped == 0);
	CHECK(page.lastSeq == 5);
	const JournalEntry &request = page.entries[0];
	CHECK(request.kind == JournalKind::Request);
	CHECK(request.time == 100);
	CHECK(request.dns == std::vector<Dn>{"15000", "15001"});
	CHECK(request.connIds == std::vector<ConnId>{callA});
	CHECK(request.data ==
	      R"({"request":"RequestInitiateTransfer","thisDn":"15000","connId":"000000000000000a","destination":"15001"})");
	CHECK(page.entries[1].kind == JournalKind::Event);
	CHECK(page.entries[1].data == R"({"event":"EventRinging","thisDn":"15001","connId":"000000000000000b"})");
	const JournalEntry &res = page.entries[2];
	CHECK(res.kind == JournalKind::Result);
	CHECK(res.connIds == std::vector<ConnId>{callA, callB});
	CHECK(res.data ==
	      R"({"requestSeq":1,"request":"RequestInitiateTransfer","result":{"referenceId":4,"newConnId":"000000000000000b"}})");
	CHECK(page.entries[3].kind == JournalKind::Control);
	CHECK(page.entries[3].dns == std::vector<Dn>{"15009"});
	CHECK(page.entries[4].data ==
	      R"({"requestSeq":4,"control":"SetBehaviour","result":{"errorCode":51,"errorMessage":"no"}})");

	CHECK(toJson(page.entries[1]) ==
	      R"({"seq":2,"time":101,"kind":"event","dns":["15001"],"connIds":["000000000000000b"],"data":{"event":"EventRinging","thisDn":"15001","connId":"000000000000000b"}})");
}

TEST_CASE("journal: redirect, reconnect, merge and user events are filed under their DNs and calls")
{
	Journal journal;
	journal.recordRequest(1, req::RedirectCall{"15001", callA, "15003"});
	journal.recordRequest(2, req::ReconnectCall{{"15000", callA, callB}});
	journal.recordRequest(3, req::MergeCalls{{"15000", callA, callB}, MergeType::ForConference});
	journal.recordRequest(
		4, req::SendUserEvent{"15000", callB, "uuid-1", UserData{{"Disposition", std::string("Sale")}}});
	Event user;
	user.type = EventType::UserEvent;
	user.thisDn = "15000";
	user.connId = callB;
	user.callUuid = "uuid-1";
	user.userData = UserData{{"Disposition", std::string("Sale")}};
	journal.recordEvent(5, user);

	JournalPage page = all(journal);
	REQUIRE(page.entries.size() == 5);
	CHECK(page.entries[0].dns == std::vector<Dn>{"15001", "15003"});
	CHECK(page.entries[0].connIds == std::vector<ConnId>{callA});
	CHECK(page.entries[0].data ==
	      R"({"request":"RequestRedirectCall","thisDn":"15001","connId":"000000000000000a","destination":"15003"})");
	CHECK(page.entries[1].connIds == std::vector<ConnId>{callA, callB});
	CHECK(page.entries[2].connIds == std::vector<ConnId>{callA, callB});
	CHECK(page.entries[2].data ==
	      R"({"request":"RequestMergeCalls","thisDn":"15000","heldConnId":"000000000000000a","currentConnId":"000000000000000b","mergeType":"MergeForConference"})");
	CHECK(page.entries[3].connIds == std::vector<ConnId>{callB});
	CHECK(page.entries[3].data ==
	      R"({"request":"RequestDistributeUserEvent","thisDn":"15000","connId":"000000000000000b","callUuid":"uuid-1","userData":{"Disposition":"Sale"}})");
	CHECK(page.entries[4].connIds == std::vector<ConnId>{callB});
	CHECK(page.entries[4].data ==
	      R"({"event":"EventUserEvent","thisDn":"15000","connId":"000000000000000b","callUuid":"uuid-1","userData":{"Disposition":"Sale"}})");
}

TEST_CASE("journal: the bound evicts the oldest and counts them")
{
	Journal journal(3);
	for (int i = 0; i < 7; ++i)
		journal.recordEvent(i, ringing("15000", callA));
	CHECK(journal.size() == 3);
	CHECK(journal.dropped() == 4);
	JournalPage page = all(journal);
	CHECK(seqs(page) == std::vector<std::uint64_t>{5, 6, 7});
	CHECK(page.dropped == 4);
	CHECK(page.lastSeq == 7);

	Journal off(0);
	off.recordEvent(1, ringing("15000", callA));
	CHECK(all(off).entries.empty());
	CHECK(off.dropped() == 1);
}

TEST_CASE("journal: filters by DN, call, time; limit keeps the newest; after polls forward")
{
	Journal journal(100);
	journal.recordEvent(10, ringing("15000", callA)); /* 1 */
	journal.recordEvent(20, ringing("15001", callB)); /* 2 */
	Event changed = ringing("15002", callB);
	changed.previousConnId = callA;
	changed.otherDn = "15000";
	journal.recordEvent(30, changed);					   /* 3 */
	journal.recordRequest(40, req::CompleteTransfer{{"15003", callB, callA}}); /* 4 */
	journal.recordEvent(50, ringing("15004", ConnId(0xc)));			   /* 5 */

	JournalQuery q;
	q.dn = "15000";
	CHECK(seqs(journal.query(q)) == std::vector<std::uint64_t>{1, 3});
	q = {};
	q.connId = callA; /* its own, as previousConnId, as held call of a request */
	CHECK(seqs(journal.query(q)) == std::vector<std::uint64_t>{1, 3, 4});
	q.dn = "15002";
	CHECK(seqs(journal.query(q)) == std::vector<std::uint64_t>{3});
	q = {};
	q.since = 20;
	q.until = 40;
	CHECK(seqs(journal.query(q)) == std::vector<std::uint64_t>{2, 3, 4});
	q = {};
	q.limit = 2;
	CHECK(seqs(journal.query(q)) == std::vector<std::uint64_t>{4, 5});
	q.after = 1;
	CHECK(seqs(journal.query(q)) == std::vector<std::uint64_t>{2, 3});
	q.after = 3;
	CHECK(seqs(journal.query(q)) == std::vector<std::uint64_t>{4, 5});
	q.after = 5;
	CHECK(journal.query(q).entries.empty());
	q.after = 0;
	q.connId = callB;
	CHECK(seqs(journal.query(q)) == std::vector<std::uint64_t>{2, 3});

	/* "after" older than what the bound kept starts at the oldest kept. */
	Journal small(2);
	for (int i = 0; i < 5; ++i)
		small.recordEvent(i, ringing("15000", callA));
	JournalQuery poll;
	poll.after = 1;
	CHECK(seqs(small.query(poll)) == std::vector<std::uint64_t>{4, 5});
}

TEST_CASE("journal: a listener sees every entry encoded, in order, even with no capacity")
{
	Journal journal(0);
	std::vector<std::string> lines;
	journal.setListener([&](const JournalEntry &entry) { lines.push_back(toJson(entry)); });
	journal.recordEvent(1, ringing("15000", callA));
	journal.recordControl(2, ctl::AdvanceClock{5});
	REQUIRE(lines.size() == 2);
	CHECK(lines[0].find(R"("seq":1,"time":1,"kind":"event")") != std::string::npos);
	CHECK(lines[1].find(R"("data":{"control":"AdvanceClock","deltaMs":5})") != std::string::npos);
}

TEST_CASE("journal file: JSON lines, rotated by size, the oldest deleted")
{
	TempPath temp;
	{
		JournalFile file(JournalFileOptions{temp.path, 100, 3});
		for (int i = 0; i < 9; ++i)
			file.write(std::string(39, static_cast<char>('a' + i))); /* 40 bytes with the newline */
		CHECK(file.error().empty());
	}
	/* Two lines per file: ab cd ef gh i; three files kept. */
	CHECK(readLines(temp.path) == std::vector<std::string>{std::string(39, 'i')});
	CHECK(readLines(temp.path + ".1") == std::vector<std::string>{std::string(39, 'g'), std::string(39, 'h')});
	CHECK(readLines(temp.path + ".2") == std::vector<std::string>{std::string(39, 'e'), std::string(39, 'f')});
	CHECK(readLines(temp.path + ".3").empty());

	/* Reopening appends and counts what is there already. */
	{
		JournalFile file(JournalFileOptions{temp.path, 100, 3});
		file.write(std::string(39, 'j'));
		file.write(std::string(39, 'k'));
	}
	CHECK(readLines(temp.path) == std::vector<std::string>{std::string(39, 'k')});
	CHECK(readLines(temp.path + ".1") == std::vector<std::string>{std::string(39, 'i'), std::string(39, 'j')});

	CHECK_THROWS_AS(JournalFile(JournalFileOptions{"/nonexistent-dir/x.jsonl", 100, 2}), std::runtime_error);
}
