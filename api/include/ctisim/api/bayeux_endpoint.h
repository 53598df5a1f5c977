/* SPDX-License-Identifier: MIT */
/*
 * BayeuxEndpoint: the CometD endpoint (/api/v2/notifications and everything
 * under it), reached only after the GWS layer has authenticated the request.
 */
#pragma once

#include <string>

#include "ctisim/api/http_exchange.h"

namespace ctisim::api {

class BayeuxEndpoint
{
public:
	virtual ~BayeuxEndpoint() = default;

	/// Handles one Bayeux POST of an authenticated user (userId is the GWS user
	/// id). The endpoint reads and sets the BAYEUX_BROWSER cookie itself. May
	/// reply later (a held /meta/connect). Thread-safe.
	virtual void handle(const std::string &userId, HttpRequest request, HttpReply reply) = 0;

	/// Ends every Bayeux session of userId (used when its HTTP session ends or
	/// the sandbox is reset); held connects are answered.
	virtual void dropSessionsOf(const std::string &userId) = 0;
};

} /* namespace ctisim::api */
