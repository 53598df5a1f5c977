/* SPDX-License-Identifier: MIT */
/*
 * GwsClient and BayeuxClient: what the scenario replayer uses to talk to a
 * GWS-compatible server exactly as an agent desktop would: HTTP/1.1 with a
 * keep-alive connection, a cookie jar (JSESSIONID, BAYEUX_BROWSER), HTTP Basic
 * credentials and the CSRF token echoed on writes; and a Bayeux long-polling
 * session that never holds (every /meta/connect asks for timeout 0), so a
 * replay never waits on the network for nothing.
 */
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ctisim/api/http_text.h"

namespace ctisim::app {

/// http://host:port/base (https is refused: the client speaks plain HTTP).
struct BaseUrl {
	std::string host;
	std::string port;
	std::string basePath; ///< "" or "/prefix" (no trailing slash)

	static std::optional<BaseUrl> parse(std::string_view url, std::string &error);
	std::string str() const;
};

struct HttpResult {
	unsigned status = 0; ///< 0 when the request could not be sent or answered
	std::string body;
	std::vector<std::pair<std::string, std::string>> headers;
	std::string error; ///< transport error ("connection refused"), empty otherwise
};

class GwsClient
{
public:
	GwsClient(BaseUrl base, std::chrono::milliseconds timeout);
	~GwsClient();

	GwsClient(const GwsClient &) = delete;
	GwsClient &operator=(const GwsClient &) = delete;

	/// Credentials sent as HTTP Basic with every request.
	void setCredentials(std::string user, std::string password);

	/// Sends one request (target is a path below the base URL, with its query)
	/// and waits for the response. Cookies and the CSRF token are kept;
	/// contentType is only sent when there is a body.
	HttpResult request(const std::string &method, const std::string &target, const std::string &body,
			   const std::vector<std::pair<std::string, std::string>> &headers = {});

	const std::map<std::string, std::string> &cookies() const { return cookies_; }

private:
	struct Connection;
	HttpResult attempt(const std::string &method, const std::string &target, const std::string &body,
			   const std::vector<std::pair<std::string, std::string>> &headers, bool &retry);
	void remember(const HttpResult &result);

	BaseUrl base_;
	std::chrono::milliseconds timeout_;
	std::unique_ptr<Connection> connection_;
	std::optional<std::string> authorization_;
	std::map<std::string, std::string> cookies_;
	std::string csrfHeader_ = "X-CSRF-TOKEN";
	std::string csrfToken_;
};

/// A Bayeux (CometD) long-polling session over a GwsClient.
class BayeuxClient
{
public:
	explicit BayeuxClient(GwsClient &http, std::string path = "/api/v2/notifications");

	/// /meta/handshake; false with a message on failure.
	bool handshake(std::string &error);
	/// /meta/subscribe to channel (e.g. "/v2/me/*"); the messages its reply carries
	/// (a server may deliver on subscription) are appended to delivered, when given.
	bool subscribe(const std::string &channel, std::string &error, std::vector<std::string> *delivered = nullptr);
	/// One /meta/connect with advice {"timeout":0}: appends the JSON text of every
	/// delivered (non-meta) message to out, in order.
	bool poll(std::vector<std::string> &out, std::string &error);
	/// /meta/disconnect, best effort.
	void disconnect();

	/// Each exchange's request and response text, for --verbose.
	void setTrace(bool on) { trace_ = on; }
	const std::vector<std::string> &takeTrace();

private:
	bool exchange(const std::string &messages, std::vector<std::string> &delivered, std::string &metaChannel,
		      std::string &error);

	GwsClient &http_;
	std::string path_;
	std::string clientId_;
	std::uint64_t nextId_ = 1;
	bool trace_ = false;
	std::vector<std::string> traceLines_;
	std::vector<std::string> taken_;
};

/// HTTP Basic credentials: the one helper of http_text.h.
using api::basicAuthorization;

} /* namespace ctisim::app */
