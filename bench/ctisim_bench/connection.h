/* SPDX-License-Identifier: MIT */
/*
 * The load generator's connections: the client library's GwsClient (one
 * keep-alive connection, Basic, the cookie jar), driven by coroutines on one
 * Asio thread, with bench's options.
 */
#pragma once

#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "ctisim/client/gws_client.h"

namespace ctisim::bench {

namespace asio = boost::asio;
using asio::awaitable;

/// http://host:port, the server under load.
client::Url serverUrl(const std::string &host, unsigned short port);

/// No deadline (a long poll is held as long as the server likes), a read buffer
/// that takes a whole reply at once, the local address to bind ("" for any).
client::ConnectionOptions benchConnection(std::string source = {});

} /* namespace ctisim::bench */
