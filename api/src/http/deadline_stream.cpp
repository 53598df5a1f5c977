/* SPDX-License-Identifier: MIT */
/*
 * DeadlineStream: a TCP socket closed when its one deadline passes.
 */
#include "deadline_stream.h"

#include <algorithm>

namespace ctisim::api {

DeadlineStream::DeadlineStream(socket_type socket, clock::duration checkPeriod)
    : state_(std::make_shared<State>(std::move(socket), std::max(checkPeriod, clock::duration(1))))
{
}

void DeadlineStream::expires_at(clock::time_point deadline)
{
	state_->deadline = deadline;
	/* A pending wait ends by pendingWait: one that ends later (or none) must
	 * be replaced, or the deadline would be kept late. */
	if (deadline < state_->pendingWait)
		wait(state_);
}

void DeadlineStream::wait(const std::shared_ptr<State> &state)
{
	state->pendingWait = std::min(state->deadline, clock::now() + state->checkPeriod);
	/* Replacing a pending wait cancels it (its handler sees operation_aborted)
	 * unless it had completed already; onTimer() is right whenever it runs. */
	state->timer.expires_at(state->pendingWait);
	state->timer.async_wait([weak = std::weak_ptr<State>(state)](boost::system::error_code ec) {
		if (!ec)
			onTimer(weak);
	});
}

void DeadlineStream::onTimer(const std::weak_ptr<State> &weak)
{
	auto state = weak.lock();
	if (!state)
		return;
	const auto now = clock::now();
	if (now < state->pendingWait)
		return; /* a completed wait that another replaced: that one is pending */
	state->pendingWait = never();
	if (state->deadline == never())
		return; /* the next expires_at() waits again */
	if (now >= state->deadline) {
		boost::system::error_code ignored;
		state->socket.close(ignored);
		return;
	}
	wait(state);
}

void DeadlineStream::close()
{
	boost::system::error_code ignored;
	state_->socket.shutdown(socket_type::shutdown_both, ignored);
	state_->socket.close(ignored);
	state_->deadline = never();
	state_->pendingWait = never();
	state_->timer.cancel();
}

} /* namespace ctisim::api */
