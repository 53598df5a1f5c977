/* SPDX-License-Identifier: MIT */
/*
 * DeadlineStream over a loopback TCP pair: the deadline closes the socket
 * under a read in flight, and an earlier deadline replaces a later wait.
 * The io_context runs until the read completes (bounded): no sleep.
 */
// Test that header file is self-contained.
#include "http/deadline_stream.h"

#include <array>
#include <chrono>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <doctest/doctest.h>

using namespace ctisim::api;
using namespace std::chrono_literals;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

struct Pair {
	Pair()
	{
		tcp::acceptor acceptor(io, {net::ip::make_address("127.0.0.1"), 0});
		client.connect(acceptor.local_endpoint());
		tcp::socket accepted(io);
		acceptor.accept(accepted);
		stream.emplace(std::move(accepted), 20ms);
	}

	/// Reads on the stream; runs the io_context until the read completes or
	/// `bound` passes, and returns its error (nullopt: still pending).
	std::optional<boost::system::error_code> readFor(std::chrono::milliseconds bound)
	{
		std::optional<boost::system::error_code> result;
		stream->async_read_some(net::buffer(bytes),
					[&result](boost::system::error_code ec, std::size_t) { result = ec; });
		io.restart();
		io.run_for(bound);
		return result;
	}

	net::io_context io;
	tcp::socket client{io};
	std::optional<DeadlineStream> stream;
	std::array<char, 16> bytes{};
};

} /* namespace */

TEST_CASE("DeadlineStream closes the connection when its deadline passes")
{
	Pair p;
	SUBCASE("a read in flight fails at the deadline")
	{
		p.stream->expires_after(30ms);
		auto start = std::chrono::steady_clock::now();
		auto ec = p.readFor(10s);
		REQUIRE(ec);
		CHECK(*ec);
		CHECK(std::chrono::steady_clock::now() - start >= 30ms);
	}
	SUBCASE("an earlier deadline replaces a later one already waited for")
	{
		p.stream->expires_after(1h);
		p.stream->expires_after(30ms);
		auto ec = p.readFor(10s);
		REQUIRE(ec);
		CHECK(*ec);
	}
}
