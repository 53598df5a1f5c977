/* SPDX-License-Identifier: MIT */
/*
 * SyncGwsClient and SyncBayeuxClient: the GWS and Bayeux clients for callers
 * that wait for each answer (the scenario replayer, `ctisim health`). Each
 * runs the coroutines of GwsClient / BayeuxClient to completion on a private
 * io_context, under the client's deadline, so a silent server gives an error
 * instead of a hung caller. Failures come back as values, not exceptions.
 */
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ctisim/client/bayeux_client.h"
#include "ctisim/client/gws_client.h"

namespace boost::asio {
class io_context;
} /* namespace boost::asio */

namespace ctisim::client {

struct HttpResult {
	unsigned status = 0; ///< 0 when the request could not be sent or answered
	std::string body;
	Headers headers;
	std::string error; ///< why there is no response ("cannot connect to ..."), empty otherwise
};

class SyncGwsClient
{
public:
	/// timeout bounds the connect and each exchange. Plain http only (https: TransportError).
	SyncGwsClient(Url base, std::chrono::milliseconds timeout);
	~SyncGwsClient();
	SyncGwsClient(const SyncGwsClient &) = delete;
	SyncGwsClient &operator=(const SyncGwsClient &) = delete;

	void setCredentials(std::string_view user, std::string_view password)
	{
		client_.setCredentials(user, password);
	}

	/// GwsClient::request, waited for.
	HttpResult request(std::string_view method, std::string_view target, std::string body, Headers headers = {});

	const std::map<std::string, std::string> &cookies() const { return client_.jar().cookies(); }

private:
	friend class SyncBayeuxClient;
	/// Runs a coroutine on this client's io_context to its end (or its exception).
	template <typename T> T run(boost::asio::awaitable<T> task);

	std::unique_ptr<boost::asio::io_context> io_;
	GwsClient client_;
};

/// A BayeuxClient whose steps are waited for; false and why on failure.
class SyncBayeuxClient
{
public:
	explicit SyncBayeuxClient(SyncGwsClient &http, std::string path = "/api/v2/notifications");

	bool handshake(std::string &error);
	/// The messages the subscription's reply delivers are appended to delivered, when given.
	bool subscribe(const std::string &channel, std::string &error, std::vector<std::string> *delivered = nullptr);
	/// One /meta/connect answered at once (advice timeout 0): appends the JSON
	/// text of every delivered message to out, in order.
	bool poll(std::vector<std::string> &out, std::string &error);
	/// /meta/disconnect, best effort.
	void disconnect();

	void setTrace(bool on) { bayeux_.setTrace(on); }
	std::vector<std::string> takeTrace() { return bayeux_.takeTrace(); }

private:
	template <typename Step> bool attempt(Step step, std::string &error);

	SyncGwsClient &http_;
	BayeuxClient bayeux_;
};

} /* namespace ctisim::client */
