/* SPDX-License-Identifier: MIT */
/*
 * A Bayeux session's subscriptions and acknowledgements (bayeux_session.h).
 */
#include "cometd/bayeux_session.h"

#include <algorithm>
#include <utility>

#include "cometd/channel_name.h"

namespace ctisim::api::bayeux {

bool Session::subscribedTo(std::string_view channel) const
{
	return std::any_of(subscriptions.begin(), subscriptions.end(),
			   [channel](const std::string &s) { return channel::matches(s, channel); });
}

std::uint64_t Session::closeBatch()
{
	++batch;
	for (auto &message : queue)
		unacked.push_back({batch, std::move(message)});
	queue.clear();
	return batch;
}

void Session::acknowledge(double acked)
{
	/* The client has every batch up to its ack: what they carried is discarded,
	 * even when later replies went unread. Comparing the ack with the last batch
	 * instead would keep messages the client has: a long poll it abandoned can
	 * reach the server after its next connect (another connection) and close
	 * a batch of re-sent messages nobody reads; the client's next ack then
	 * names the batch before, and it would receive them a second time. */
	while (!unacked.empty() && static_cast<double>(unacked.front().batch) <= acked)
		unacked.pop_front();
}

} /* namespace ctisim::api::bayeux */
