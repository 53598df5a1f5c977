/* SPDX-License-Identifier: MIT */
/*
 * The Bayeux engine's delivery: published messages queued for the sessions
 * of their user, a held connect answered with the queue (joining the shared
 * bytes of its messages), on its timer or at the end of the publisher's
 * step; and the expiry of sessions that stop polling.
 */
#include <utility>

#include <boost/asio/post.hpp>

#include "ctisim/log.h"
#include "cometd/bayeux_engine.h"
#include "cometd/channel_name.h"

namespace ctisim::api {

namespace net = boost::asio;

using namespace bayeux; /* the engine's own types, bayeux_engine.h */

void BayeuxServer::Impl::hold(Session &session, HttpReply reply, std::optional<MessageId> id, Hold how)
{
	HeldConnect held;
	held.reply = std::move(reply);
	held.id = std::move(id);
	held.advise = how.advise;
	held.generation = ++holdGeneration;
	held.timer = std::make_shared<net::steady_timer>(io, how.duration);
	held.timer->async_wait([self = shared_from_this(), timer = held.timer, clientId = session.clientId,
				generation = held.generation](boost::system::error_code ec) {
		if (!ec)
			self->onHoldTimeout(clientId, generation);
	});
	sessions.hold(session, std::move(held));
}

PendingReply BayeuxServer::Impl::completeHeld(Session &session, Clock::time_point now)
{
	HeldConnect held = sessions.release(session);
	Reply connect = Reply::success(std::move(held.id), kConnect);
	if (held.advise)
		connect.advice = fullAdvice();
	writer.start();
	if (session.ack) {
		connect.ext = Reply::Ext::AckBatch;
		connect.ackBatch = session.closeBatch();
		for (const Unacked &u : session.unacked)
			writer.message(*u.message);
	} else {
		for (const auto &message : session.queue)
			writer.message(*message);
		session.queue.clear();
	}
	writer.reply(connect);
	session.deadline = now + config.interval + config.maxInterval;
	return {std::move(held.reply), bayeuxResponse(writer.finish())};
}

std::optional<PendingReply> BayeuxServer::Impl::removeSession(std::string_view clientId, HeldAnswer answer)
{
	/* Queued messages are dropped with the session. */
	std::optional<HeldConnect> held = sessions.remove(clientId);
	if (!held)
		return std::nullopt;
	Reply connect = answer == HeldAnswer::Rehandshake
				? Reply::failure(std::move(held->id), kConnect, "402::session_unknown")
				: Reply::success(std::move(held->id), kConnect);
	connect.advice =
		answer == HeldAnswer::Rehandshake ? Advice::handshake(std::chrono::milliseconds(0)) : Advice::none();
	writer.start();
	writer.reply(connect);
	return PendingReply{std::move(held->reply), bayeuxResponse(writer.finish())};
}

void BayeuxServer::Impl::publish(std::string_view userId, std::string_view channel, const SharedMessage &message,
				 std::vector<PendingReply> &pending)
{
	std::vector<std::string> overflowed;
	for (Session *session : sessions.sessionsOf(userId)) {
		/* One copy per session, however many of its subscriptions match. */
		if (!session->subscribedTo(channel))
			continue;
		if (session->queue.size() + session->unacked.size() >= config.maxQueue) {
			overflowed.push_back(session->clientId);
			continue;
		}
		session->queue.push_back(message);
		/* Not answered yet: one switch step publishes several messages to a
		 * session (Dialing, then Established), and they should leave in one
		 * reply, as CometD flushes a session's queue once per batch. The
		 * publisher may flush() at the end of its step; otherwise a posted
		 * task does, after the work already queued on the io_context. */
		if (session->held)
			markDue(*session);
	}
	for (const auto &clientId : overflowed) {
		/* A client that does not poll must not grow memory: it loses its
		 * session, gets 402 on its next request and handshakes again. */
		log::warn("bayeux", "queue of session {} (user {}) exceeded {} messages; session expired", clientId,
			  userId, config.maxQueue);
		if (auto held = removeSession(clientId, HeldAnswer::Rehandshake))
			pending.push_back(std::move(*held));
	}
}

void BayeuxServer::Impl::greet(Session &session, std::string_view subscription)
{
	if (!session.greeting || !channel::matches(subscription, session.greeting->channel))
		return;
	/* Once: a later subscription (a resubscribe after a reconnect) is not greeted again. */
	GreetingPtr greeting = std::move(session.greeting);
	for (const SharedMessage &message : greeting->messages) {
		if (session.queue.size() + session.unacked.size() < config.maxQueue)
			session.queue.push_back(message);
	}
	/* Without a held connect the subscribe reply itself carries them (its flushFrom). */
	if (session.held)
		markDue(session);
}

void BayeuxServer::Impl::markDue(Session &session)
{
	due.push_back(session.clientId);
	if (!flushPosted && batchDepth == 0) {
		flushPosted = true;
		net::post(io, [weak = weak_from_this()] {
			auto self = weak.lock();
			if (!self)
				return;
			{
				std::lock_guard guard(self->mutex);
				self->flushPosted = false;
			}
			self->flush();
		});
	}
}

void BayeuxServer::Impl::flush()
{
	std::vector<PendingReply> pending;
	{
		std::lock_guard lock(mutex);
		const auto now = Clock::now();
		for (const auto &clientId : due) {
			Session *session = sessions.find(clientId);
			/* Gone, or answered meanwhile (a duplicate, a hold timeout, shutdown). */
			if (!session || !session->held || session->queue.empty())
				continue;
			pending.push_back(completeHeld(*session, now));
		}
		due.clear();
	}
	sendAll(pending);
}

void BayeuxServer::Impl::onHoldTimeout(const std::string &clientId, std::uint64_t generation)
{
	std::optional<PendingReply> pending;
	{
		std::lock_guard lock(mutex);
		Session *session = sessions.find(clientId);
		if (!session || !session->held || session->held->generation != generation)
			return;
		pending = completeHeld(*session, Clock::now());
	}
	pending->reply(std::move(pending->response));
}

void BayeuxServer::Impl::armSweep()
{
	std::lock_guard lock(mutex);
	if (shuttingDown)
		return;
	sweepTimer.expires_after(config.sweepPeriod);
	sweepTimer.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
		auto self = weak.lock();
		if (ec || !self)
			return;
		self->sweepExpired(Clock::now());
		self->armSweep();
	});
}

std::size_t BayeuxServer::Impl::sweepExpired(Clock::time_point now)
{
	std::lock_guard lock(mutex);
	std::vector<std::string> expired;
	sessions.forEach([&](const Session &session) {
		if (!session.held && session.deadline < now)
			expired.push_back(session.clientId);
	});
	for (const auto &clientId : expired)
		removeSession(clientId, HeldAnswer::Rehandshake);
	return expired.size();
}

} /* namespace ctisim::api */
