/* SPDX-License-Identifier: MIT */
/*
 * Url: the base URL a client talks to (http[s]://host[:port][/base]), parsed
 * by Boost.URL. The one URL parser of the clients: the replayer's --target,
 * `ctisim health --url`, `ctisim record --upstream`.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ctisim::client {

struct Url {
	bool tls = false;     ///< https
	std::string host;     ///< as written ("gws.lab", "127.0.0.1", "[::1]")
	std::string port;     ///< "80" / "443" when the URL has none
	std::string basePath; ///< "" or "/prefix", no trailing slash

	/// nullopt and why for anything but an absolute http or https URL with a host,
	/// a numeric port and no query or fragment.
	static std::optional<Url> parse(std::string_view text, std::string &error);

	/// "https://gws.lab:8443/base", the port left out when it is the scheme's own.
	std::string str() const;
	/// The same with the port always written ("http://127.0.0.1:80/base").
	std::string strWithPort() const;
	/// The Host header: host, with ":port" unless it is the scheme's own.
	std::string hostHeader() const;
	/// The host to resolve (an IPv6 literal without its brackets).
	std::string_view hostName() const;
	bool defaultPort() const { return port == (tls ? "443" : "80"); }
};

} /* namespace ctisim::client */
