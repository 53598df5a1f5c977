/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "cometd/session_table.h"

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <doctest/doctest.h>

using namespace ctisim::api::bayeux;

namespace {

std::unique_ptr<Session> session(const std::string &clientId, const std::string &user, const std::string &browser)
{
	auto s = std::make_unique<Session>();
	s->clientId = clientId;
	s->userId = user;
	s->browserId = browser;
	return s;
}

HeldConnect heldConnect(boost::asio::io_context &io, int *answered = nullptr)
{
	HeldConnect held;
	held.reply = [answered](ctisim::api::HttpResponse) {
		if (answered)
			++*answered;
	};
	held.timer = std::make_shared<boost::asio::steady_timer>(io, std::chrono::hours(1));
	return held;
}

} /* namespace */

TEST_CASE("A session is found by its clientId and listed under its user, in the order they came")
{
	SessionTable table;
	Session &a = table.add(session("a", "u1", "B1"));
	Session &b = table.add(session("b", "u1", "B2"));
	table.add(session("c", "u2", "B1"));
	CHECK(table.size() == 3);
	CHECK(table.find("a") == &a);
	CHECK(table.find("b") == &b);
	CHECK(table.find("x") == nullptr);
	CHECK(table.find("") == nullptr);
	REQUIRE(table.sessionsOf("u1").size() == 2);
	CHECK(table.sessionsOf("u1")[0] == &a);
	CHECK(table.sessionsOf("u1")[1] == &b);
	CHECK(table.sessionsOf("u2").size() == 1);
	CHECK(table.sessionsOf("nobody").empty());

	SUBCASE("removed, it is gone from its user, and a user with none has no list")
	{
		CHECK_FALSE(table.remove("a"));
		CHECK(table.find("a") == nullptr);
		REQUIRE(table.sessionsOf("u1").size() == 1);
		CHECK(table.sessionsOf("u1")[0] == &b);
		table.remove("c");
		CHECK(table.sessionsOf("u2").empty());
		CHECK(table.size() == 1);
		/* Removing what is not there changes nothing. */
		CHECK_FALSE(table.remove("c"));
		CHECK(table.size() == 1);
	}
}

TEST_CASE("Held connects are counted in all and per browser, and released with their timer cancelled")
{
	boost::asio::io_context io;
	SessionTable table;
	Session &a = table.add(session("a", "u1", "B1"));
	Session &b = table.add(session("b", "u2", "B1"));
	Session &c = table.add(session("c", "u1", "B2"));
	table.hold(a, heldConnect(io));
	table.hold(b, heldConnect(io));
	table.hold(c, heldConnect(io));
	CHECK(table.heldCount() == 3);
	CHECK(table.heldIn("B1") == 2);
	CHECK(table.heldIn("B2") == 1);
	CHECK(table.heldIn("B3") == 0);
	REQUIRE(a.held);

	bool cancelled = false;
	a.held->timer->async_wait([&cancelled](boost::system::error_code ec) {
		cancelled = ec == boost::asio::error::operation_aborted;
	});
	HeldConnect released = table.release(a);
	CHECK_FALSE(a.held);
	CHECK(released.timer);
	io.poll();
	CHECK(cancelled);
	CHECK(table.heldCount() == 2);
	CHECK(table.heldIn("B1") == 1);

	SUBCASE("a removed session's held connect comes back to be answered")
	{
		int answered = 0;
		table.release(c);
		table.hold(c, heldConnect(io, &answered));
		auto held = table.remove("c");
		REQUIRE(held);
		held->reply({});
		CHECK(answered == 1);
		CHECK(table.heldCount() == 1);
		CHECK(table.heldIn("B2") == 0);
		/* A session holding nothing is removed without a connect to answer. */
		table.release(b);
		CHECK_FALSE(table.remove("b"));
		CHECK(table.heldCount() == 0);
		CHECK(table.heldIn("B1") == 0);
	}
}

TEST_CASE("Every session is visited once")
{
	SessionTable table;
	for (int i = 0; i < 10; ++i)
		table.add(session("s" + std::to_string(i), "u" + std::to_string(i % 3), "B"));
	int visits = 0;
	table.forEach([&visits](Session &) { ++visits; });
	CHECK(visits == 10);
	CHECK(table.sessionsOf("u0").size() + table.sessionsOf("u1").size() + table.sessionsOf("u2").size() == 10);
}
