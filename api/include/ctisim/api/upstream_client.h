/* SPDX-License-Identifier: MIT */
/*
 * UpstreamClient: sends one HTTP request to the GWS that `ctisim record
 * --upstream` stands in front of, over plain TCP or TLS (Boost.Asio SSL on
 * OpenSSL, the peer verified against the system's or a given CA unless told
 * otherwise), and hands back the response. One connection per request: a
 * long poll holds its own, and nothing is shared between clients.
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ctisim/api/http_exchange.h"

namespace boost::asio {
class io_context;
} /* namespace boost::asio */

namespace ctisim::api {

/// http[s]://host[:port][/base]
struct UpstreamUrl {
	bool tls = false;
	std::string host;
	std::string port;     ///< "80" / "443" when the URL has none
	std::string basePath; ///< "" or "/prefix", no trailing slash

	static std::optional<UpstreamUrl> parse(std::string_view url, std::string &error);
	/// "https://gws.lab:8443/base" (the port left out when it is the scheme's own).
	std::string str() const;
	/// The same with the port always written ("http://127.0.0.1:80").
	std::string strWithPort() const;
};

struct UpstreamConfig {
	UpstreamUrl url;
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
