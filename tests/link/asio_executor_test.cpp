/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/link/asio_executor.h"

#include <vector>

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

using namespace ctisim::link;
using namespace std::chrono_literals;

TEST_CASE("AsioExecutor runs tasks in order, never inside post, delayed ones later")
{
	boost::asio::io_context io;
	AsioExecutor executor(io);
	std::vector<int> ran;
	bool inside = false;
	executor.postAfter(1ms, [&] { ran.push_back(3); });
	executor.post([&] {
		inside = executor.runningInThisThread();
		ran.push_back(1);
	});
	executor.post([&] { ran.push_back(2); });
	CHECK(ran.empty());
	CHECK_FALSE(executor.runningInThisThread());
	io.run();
	CHECK(ran == std::vector<int>{1, 2, 3});
	CHECK(inside);
}
