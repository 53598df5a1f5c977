/* SPDX-License-Identifier: MIT */
/*
 * TrafficObserver: what the GWS layer tells an observer about its clients'
 * traffic (each /api/v2 request with its response, each notification
 * published to a user), so that `ctisim record` can turn a session into a
 * scenario. GWS calls it only when one is configured (GwsConfig::trafficObserver).
 */
#pragma once

#include <cstdint>
#include <string_view>

#include "ctisim/api/http_exchange.h"

namespace ctisim::api {

class TrafficObserver
{
public:
	virtual ~TrafficObserver() = default;

	/// A client request to /api/v2 (not a CometD exchange) has arrived and been
	/// authenticated; userName is empty when it was not. Called on the core
	/// executor, in arrival order. Returns a token for onResponse.
	virtual std::uint64_t onRequest(const HttpRequest &request, std::string_view userName) = 0;
	/// The response to the request of token. Any thread.
	virtual void onResponse(std::uint64_t token, const HttpResponse &response) = 0;
	/// message (a whole Bayeux message, {"data":...,"channel":...}) was published
	/// to userName's sessions. Called on the core executor, so it is ordered with
	/// onRequest.
	virtual void onNotification(std::string_view userName, std::string_view message) = 0;
};

} /* namespace ctisim::api */
