/* SPDX-License-Identifier: MIT */
/*
 * ProxyRecorder: what `ctisim record --upstream` keeps of the traffic it
 * relays. It names the user of each request (HTTP Basic: the user name only,
 * never the password; else the JSESSIONID cookie or CometD clientId learned
 * earlier), records /api/v2 requests as steps, splits the CometD responses
 * into the notifications each user received, and infers the setup the replay
 * starts from (SetupInference: docs/recording.md). Bounded: past maxBytes of
 * bodies it keeps what it has and records nothing more.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <rapidjson/fwd.h>

#include "ctisim/api/http_exchange.h"
#include "ctisim/api/setup_inference.h"
#include "ctisim/api/traffic_recorder.h"

namespace ctisim::api {

class ProxyRecorder
{
public:
	/// A request on its way: what onResponse needs back.
	struct Pending {
		std::uint64_t token = 0; ///< 0: not recorded (a CometD exchange, or past the limit)
		bool cometd = false;
		std::string userName;
	};

	/// publicBaseUrl: the proxy's own address, which the recorded URIs carry.
	ProxyRecorder(std::string publicBaseUrl, std::size_t maxBytes);

	/// The client's request, as the client sent it.
	Pending onRequest(const HttpRequest &request);
	/// The response as relayed to the client (rewritten), or the proxy's own error.
	void onResponse(const Pending &pending, const HttpRequest &request, const HttpResponse &response);

	/// What was recorded, with the inferred setup.
	Recording recording() const;
	/// Exchanges and notifications left out because the limit was reached.
	std::size_t dropped() const;

private:
	std::string userOf(const HttpRequest &request) const;
	bool account(std::size_t bytes);
	void learnCometd(const std::string &userName, const std::string &body);

	mutable std::mutex mutex_;
	TrafficRecorder traffic_{"{}"};
	std::string publicBaseUrl_;
	std::size_t maxBytes_;
	std::size_t bytes_ = 0;
	std::size_t dropped_ = 0;
	/// A write request or a notification has been seen: answers no longer show the start.
	bool started_ = false;
	std::map<std::string, std::string> userBySession_;  ///< JSESSIONID -> user
	std::map<std::string, std::string> userByClientId_; ///< Bayeux clientId -> user
	SetupInference inference_;
};

} /* namespace ctisim::api */
