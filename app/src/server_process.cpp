/* SPDX-License-Identifier: MIT */
#include "ctisim/app/server_process.h"

#include <csignal>
#include <future>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <fmt/format.h>

#include "ctisim/log.h"

namespace ctisim::app {

std::string listeningUrl(const std::string &address, std::uint16_t port)
{
	std::string host = address == "0.0.0.0" ? "127.0.0.1" : address;
	if (host.find(':') != std::string::npos)
		host = "[" + host + "]";
	return fmt::format("http://{}:{}", host, port);
}

void waitForShutdownSignal(boost::asio::io_context &io, std::string_view category)
{
	boost::asio::signal_set signals(io, SIGINT, SIGTERM);
	std::promise<int> caught;
	signals.async_wait([&caught](const boost::system::error_code &, int signal) { caught.set_value(signal); });
	int signal = caught.get_future().get();
	log::info(category, "signal {} received, stopping", signal);
}

} /* namespace ctisim::app */
