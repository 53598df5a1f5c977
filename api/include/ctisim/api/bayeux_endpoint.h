/* SPDX-License-Identifier: MIT */
/*
 * BayeuxEndpoint: the CometD endpoint (/api/v2/notifications and everything
 * under it), reached only after the GWS layer has authenticated the request.
 */
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ctisim/api/http_exchange.h"
#include "ctisim/api/notifier.h"

namespace ctisim::api {

/// What a session is sent once, the first time it subscribes to `channel` (or to a
/// wildcard over it): the Workspace API v3 pushes its initialization this way, to a
/// client that subscribes only after its handshake (workspace-v3.md §b.4).
struct SubscribeGreeting {
	std::string channel;
	std::vector<SharedMessage> messages;
};
using GreetingPtr = std::shared_ptr<const SubscribeGreeting>;

class BayeuxEndpoint
{
public:
	virtual ~BayeuxEndpoint() = default;

	/// Handles one Bayeux POST of an authenticated user (userId is the GWS user
	/// id). The endpoint reads and sets the BAYEUX_BROWSER cookie itself. May
	/// reply later (a held /meta/connect). Thread-safe.
	virtual void handle(const std::string &userId, HttpRequest request, HttpReply reply) = 0;
	/// handle() for a front end that greets: a session this POST's handshake creates
	/// keeps greeting and is sent it on its first matching subscription. An endpoint
	/// that does not greet (a test's) handles it like any POST.
	virtual void handleGreeted(const std::string &userId, HttpRequest request, HttpReply reply,
				   GreetingPtr greeting)
	{
		(void)greeting;
		handle(userId, std::move(request), std::move(reply));
	}

	/// Ends every Bayeux session of userId (used when its HTTP session ends or
	/// the sandbox is reset); held connects are answered.
	virtual void dropSessionsOf(const std::string &userId) = 0;
};

} /* namespace ctisim::api */
