/* SPDX-License-Identifier: MIT */
/*
 * UpstreamClient: sends one HTTP request to the GWS that `ctisim record
 * --upstream` stands in front of, and hands back the response, through the
 * client library's HttpConnection (plain TCP or TLS, the peer verified against
 * the system's or a given CA unless told otherwise). One connection per
 * request: a long poll holds its own, and nothing is shared between clients.
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "ctisim/api/http_exchange.h"
#include "ctisim/client/url.h"

namespace boost::asio {
class io_context;
} /* namespace boost::asio */

namespace ctisim::api {

struct UpstreamConfig {
	client::Url url;       ///< http[s]://host[:port][/base]
	std::string caFile;    ///< PEM file of trusted CAs; empty = the system's
	bool insecure = false; ///< TLS without verifying the peer (labs with self-signed certificates)
	std::chrono::milliseconds connectTimeout{5000};
	/// A whole exchange; longer than any CometD long poll (GWS holds one 30 s or so).
	std::chrono::milliseconds responseTimeout{90000};
	std::size_t maxResponseBytes = 16 << 20;
};

class UpstreamClient
{
public:
	/// Called once, on the io_context: the response, or nullopt and why not.
	using Done = std::function<void(std::optional<HttpResponse>, std::string error)>;

	/// Throws std::runtime_error when the TLS context cannot be set up (a CA file that does not load).
	UpstreamClient(boost::asio::io_context &io, UpstreamConfig config);
	~UpstreamClient();

	UpstreamClient(const UpstreamClient &) = delete;
	UpstreamClient &operator=(const UpstreamClient &) = delete;

	const UpstreamConfig &config() const { return config_; }

	/// Sends request (target already with the upstream's base path, headers as
	/// they go on the wire; Host, Content-Length and Connection are set here).
	void send(HttpRequest request, Done done);

private:
	struct Impl;
	UpstreamConfig config_;
	std::shared_ptr<Impl> impl_;
};

} /* namespace ctisim::api */
