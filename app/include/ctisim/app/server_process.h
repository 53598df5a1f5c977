/* SPDX-License-Identifier: MIT */
/*
 * What the long-running commands (the sandbox, the recording proxy) share
 * about being a server process: the URL they announce, and waiting for the
 * signal that stops them.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace boost::asio {
class io_context;
} /* namespace boost::asio */

namespace ctisim::app {

/// "http://HOST:PORT" for a server bound to address and port: 0.0.0.0 is
/// announced as 127.0.0.1, an IPv6 address in brackets.
std::string listeningUrl(const std::string &address, std::uint16_t port);

/// Blocks until SIGINT or SIGTERM, handled on io (whose threads must be
/// running), and logs it under category.
void waitForShutdownSignal(boost::asio::io_context &io, std::string_view category);

} /* namespace ctisim::app */
