/* SPDX-License-Identifier: MIT */
/*
 * The load generator's Bayeux (CometD long-polling) client: a session on its
 * own connection (handshake, subscribe to /v2/me/ and its children), then a poller that keeps a
 * /meta/connect parked and turns each delivered message into a Note.
 */
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <rapidjson/document.h>

#include "ctisim/client/bayeux_client.h"
#include "connection.h"
#include "results.h"

namespace ctisim::bench {

struct Note {
	Clock::time_point at;
	std::string type;   ///< notificationType
	std::string callId; ///< data.call.id
	std::string state;  ///< data.call.state
	/// When the /meta/connect that brought it was sent: after the REST request,
	/// the notification waited for the client's next long-poll.
	Clock::time_point connectSent;
};

/// Long-poll exchanges answered in the measured window (the ops mode's), next to
/// the REST operations: both are HTTP exchanges the server made.
struct PollCount {
	Clock::time_point from;
	Clock::time_point to; ///< the epoch until the window is set: nothing counts
	std::size_t n = 0;
};

/// A Bayeux session on its own connection; delivered notifications go to notes.
struct BayeuxSession {
	BayeuxSession(asio::io_context &io, const client::Url &server, std::string source = {})
	    : http(io.get_executor(), server, benchConnection(std::move(source))), bayeux(http), signal(io),
	      ringSignal(io)
	{
	}
	client::GwsClient http; ///< its cookie jar gets the user's JSESSIONID
	client::BayeuxClient bayeux;
	std::deque<Note> notes;
	asio::steady_timer signal; ///< cancelled whenever a note arrives
	/// Calls that rang here (another agent's --cross-every calls), by call id: when
	/// the Ringing arrived. The calling agent waits on them; this agent ignores them.
	std::map<std::string, Clock::time_point> rings;
	asio::steady_timer ringSignal; ///< cancelled whenever a call rings here
	std::uint64_t connects = 0;    ///< /meta/connect messages sent
	/// A /meta/connect is parked: the second one was sent, or the first is still
	/// unanswered after 100 ms (servers that hold the first connect too, like Faye).
	bool parked = false;
	Clock::time_point firstConnectSent;
	bool stop = false;
	PollCount *polls = nullptr; ///< counts this session's connects, when set
};

/// v's string, or "" when it is not one.
std::string jsonString(const rapidjson::Value &v);

/// Handshake and subscribe to /v2/me/* on the session's connection.
awaitable<void> bayeuxOpen(BayeuxSession &s);

/// Long-polls until stop; each delivered message becomes a Note.
awaitable<void> bayeuxPoll(BayeuxSession &s);

} /* namespace ctisim::bench */
