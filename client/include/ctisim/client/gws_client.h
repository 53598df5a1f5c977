/* SPDX-License-Identifier: MIT */
/*
 * GwsClient: a GWS client as an agent desktop is one: one keep-alive
 * connection to the base URL, HTTP Basic credentials on every request, the
 * cookie and CSRF jar, JSON bodies. Coroutines (asio::awaitable), like every
 * client of this library; SyncGwsClient (sync_client.h) blocks on it.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "ctisim/client/cookie_jar.h"
#include "ctisim/client/http_connection.h"
#include "ctisim/client/url.h"

namespace ctisim::client {

class GwsClient
{
public:
	GwsClient(boost::asio::any_io_executor executor, Url base, ConnectionOptions options);

	/// Credentials sent as HTTP Basic with every request.
	void setCredentials(std::string_view user, std::string_view password);
	/// A header every request carries ("User-Agent", "Accept"), unless the request names it.
	void setDefaultHeader(std::string name, std::string value);

	/// One request: target is below the base URL, with its query. The cookies and
	/// the CSRF token (on writes) go with it, Content-Type application/json with a
	/// body unless headers name one; the response's cookies and token are kept.
	/// A kept-alive connection the server closed meanwhile is opened again once.
	/// Throws TransportError.
	boost::asio::awaitable<Response> request(std::string_view method, std::string_view target,
						 std::string body = {}, Headers headers = {});

	CookieJar &jar() { return jar_; }
	const CookieJar &jar() const { return jar_; }
	HttpConnection &connection() { return connection_; }
	const Url &base() const { return connection_.url(); }

private:
	Request build(std::string_view method, std::string_view target, std::string body, Headers headers) const;

	HttpConnection connection_;
	Headers defaults_;
	std::optional<std::string> authorization_;
	CookieJar jar_;
};

} /* namespace ctisim::client */
