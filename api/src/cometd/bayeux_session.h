/* SPDX-License-Identifier: MIT */
/*
 * One Bayeux session: who it belongs to, what it is subscribed to, the
 * messages queued for it (and, with the ack extension, those sent and not
 * acknowledged), and its held /meta/connect.
 */
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "ctisim/api/bayeux_endpoint.h"
#include "ctisim/api/http_exchange.h"
#include "ctisim/api/notifier.h"
#include "cometd/bayeux_reply.h"

namespace ctisim::api::bayeux {

using Clock = std::chrono::steady_clock;

/// A /meta/connect held until messages arrive or its timer ends it.
struct HeldConnect {
	HttpReply reply;
	std::optional<MessageId> id; ///< the request's, echoed in the reply
	bool advise = false;
	std::shared_ptr<boost::asio::steady_timer> timer;
	std::uint64_t generation = 0; ///< tells a stale timer from this hold's
};

/* A message sent in a connect reply and not acknowledged yet, with the batch it
 * was first sent in: however often it goes again, an ack of that batch (or a
 * later one) discards it. */
struct Unacked {
	std::uint64_t batch;
	SharedMessage message;
};

struct Session {
	std::string clientId;
	std::string userId;
	std::string browserId;
	std::set<std::string, std::less<>> subscriptions;
	std::deque<SharedMessage> queue;
	/* The ack extension (cometd-bayeux.md §1.10): messages go out only in
	 * connect replies, each reply closes batch number `batch`, and what the
	 * client has not acknowledged is sent again. */
	bool ack = false;
	std::uint64_t batch = 0;
	std::deque<Unacked> unacked; ///< sent, not yet acknowledged, oldest first
	bool connected = false;	     ///< a first /meta/connect has been answered
	/* Told to poll (multiple-clients): the next connect it may hold re-advises, as
	 * CometD does when the advice changed, or the client would poll forever. */
	bool pollAdvised = false;
	std::optional<HeldConnect> held; ///< only SessionTable::hold and release change it
	Clock::time_point deadline;	 ///< expiry, when no connect is held
	/// Sent once, on the first subscription that matches its channel (bayeux_endpoint.h).
	GreetingPtr greeting;

	/// Whether a message published on channel reaches this session (once, however
	/// many of its subscriptions match).
	bool subscribedTo(std::string_view channel) const;
	/// The ack extension: a new batch, with what is still unacknowledged ahead of the
	/// queue's messages; returns its number.
	std::uint64_t closeBatch();
	/// Discards what batches up to acked carried (the client has them).
	void acknowledge(double acked);
};

} /* namespace ctisim::api::bayeux */
