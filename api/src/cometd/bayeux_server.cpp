/* SPDX-License-Identifier: MIT */
/*
 * The Bayeux engine's POST: parses a long-polling POST, runs its messages in
 * order through the protocol step, and writes the response from what they
 * produced (or holds the connect); and BayeuxServer's public face.
 * Behaviour follows the CometD 3 Java server (see cometd-bayeux.md §1).
 */
#include "ctisim/api/bayeux_server.h"

#include <span>
#include <utility>

#include <fmt/core.h>

#include "ctisim/json/parse.h"
#include "cometd/bayeux_engine.h"
#include "secure_random.h" /* api/src */

namespace ctisim::api {

namespace net = boost::asio;

using namespace bayeux; /* the engine's own types, bayeux_engine.h */

void bayeux::Response::add(bayeux::Step step)
{
	if (!step.flushFrom.empty())
		flushFrom = step.flushFrom;
	for (auto &message : step.delivered)
		delivered.push_back(std::move(message));
	switch (step.kind) {
	case Step::Kind::Handshake: handshake = std::move(step.reply); break;
	case Step::Kind::Connect:
		connect = std::move(step.reply);
		hold = step.hold;
		holder = step.session;
		break;
	case Step::Kind::Other: others.push_back(std::move(step.reply)); break;
	}
}

std::string BayeuxServer::Impl::newId(std::size_t randomChars)
{
	static constexpr char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	std::string id;
	if (randomChars > 16) {
		/* CometD: a base-36 counter, then random characters. */
		for (std::uint64_t n = ++counter; n > 0; n /= 36)
			id.insert(id.begin(), digits[n % 36]);
	}
	/* From the kernel's CSPRNG: a seeded generator's ids can be predicted. */
	id += secureRandomString(randomChars, std::string_view(digits, 36));
	return id;
}

std::string BayeuxServer::Impl::respond(Response &response)
{
	writer.start();
	if (response.handshake)
		writer.reply(*response.handshake);
	if (!response.delivered.empty()) {
		for (const auto &message : response.delivered)
			writer.message(*message);
	} else if (Session *s = response.flushFrom.empty() ? nullptr : sessions.find(response.flushFrom);
		   s && !s->held && !s->ack) {
		for (const auto &message : s->queue)
			writer.message(*message);
		s->queue.clear();
	}
	for (const auto &other : response.others)
		writer.reply(other);
	if (response.connect)
		writer.reply(*response.connect);
	return writer.finish();
}

void BayeuxServer::Impl::handle(const std::string &userId, HttpRequest request, HttpReply reply,
				const GreetingPtr &greeting)
{
	if (!request.header("Upgrade").empty())
		return reply(plainError(400, "Only the long-polling transport is supported"));
	if (request.method() != "POST")
		return reply(plainError(400, "Bayeux messages must be POSTed"));

	/* Iterative, depth-capped and UTF-8 checked: nesting cannot overflow the
	 * stack, and replies that echo the id or subscription stay valid JSON. */
	json::PooledDocument pooled; /* a POST per exchange: its memory is reused */
	rapidjson::Document &doc = *pooled;
	if (json::parse(request.body, doc) || (!doc.IsArray() && !doc.IsObject()))
		return reply(plainError(400, "Invalid Bayeux message"));
	/* The document itself when it is one message. */
	std::span<const rapidjson::Value> messages(static_cast<const rapidjson::Value *>(&doc), 1);
	if (doc.IsArray())
		messages = std::span<const rapidjson::Value>(doc.Begin(), doc.End());
	if (messages.empty())
		return reply(plainError(400, "Empty Bayeux message list"));
	if (messages.size() > config.maxMessagesPerRequest)
		return reply(plainError(400, "Too many Bayeux messages in one request"));
	for (const auto &m : messages) {
		if (!m.IsObject())
			return reply(plainError(400, "Invalid Bayeux message"));
		/* CometD: a handshake must travel alone (a "protocol violation"). */
		if (messages.size() > 1 && stringMember(m, "channel") == kHandshake)
			return reply(plainError(400, "Handshake batched with other messages"));
	}

	std::string browserId(request.cookie(config.browserCookieName));
	std::string setCookie;
	if (browserId.empty() && stringMember(messages.front(), "channel") == kHandshake) {
		std::lock_guard lock(mutex);
		browserId = newId(16);
		setCookie = fmt::format("{}={}; Path=/; HttpOnly", config.browserCookieName, browserId);
	}

	std::vector<PendingReply> pending;
	std::string body;
	bool held = false;
	{
		std::lock_guard lock(mutex);
		const Caller caller{userId, browserId, messages.size(), greeting};
		Response response;
		for (const auto &m : messages) {
			Step step = process(caller, m);
			if (step.answered)
				pending.push_back(std::move(*step.answered));
			response.add(std::move(step));
		}
		held = response.hold.has_value();
		if (held)
			hold(*response.holder, std::move(reply), std::move(response.connect->id), *response.hold);
		else
			body = respond(response);
	}
	sendAll(pending);
	if (held)
		return;
	HttpResponse response = bayeuxResponse(std::move(body));
	if (!setCookie.empty())
		response.headers.emplace_back("Set-Cookie", std::move(setCookie));
	reply(std::move(response));
}

BayeuxServer::BayeuxServer(net::io_context &io, BayeuxConfig config)
    : impl_(std::make_shared<Impl>(io, std::move(config)))
{
	impl_->armSweep();
}

BayeuxServer::~BayeuxServer()
{
	shutdown();
}

void BayeuxServer::handle(const std::string &userId, HttpRequest request, HttpReply reply)
{
	impl_->handle(userId, std::move(request), std::move(reply), nullptr);
}

void BayeuxServer::handleGreeted(const std::string &userId, HttpRequest request, HttpReply reply, GreetingPtr greeting)
{
	impl_->handle(userId, std::move(request), std::move(reply), greeting);
}

void BayeuxServer::dropSessionsOf(const std::string &userId)
{
	std::vector<PendingReply> pending;
	{
		std::lock_guard lock(impl_->mutex);
		std::vector<std::string> clientIds;
		for (const Session *s : impl_->sessions.sessionsOf(userId))
			clientIds.push_back(s->clientId);
		for (const auto &clientId : clientIds) {
			if (auto held = impl_->removeSession(clientId, Impl::HeldAnswer::Rehandshake))
				pending.push_back(std::move(*held));
		}
	}
	sendAll(pending);
}

void BayeuxServer::publish(std::string_view userId, std::string_view channelName, SharedMessage message)
{
	std::vector<PendingReply> pending;
	{
		std::lock_guard lock(impl_->mutex);
		impl_->publish(userId, channelName, message, pending);
	}
	sendAll(pending);
}

void BayeuxServer::flush()
{
	impl_->flush();
}

void BayeuxServer::beginBatch()
{
	std::lock_guard lock(impl_->mutex);
	++impl_->batchDepth;
}

void BayeuxServer::endBatch()
{
	bool due = false;
	{
		std::lock_guard lock(impl_->mutex);
		due = --impl_->batchDepth == 0 && !impl_->due.empty();
	}
	if (due)
		impl_->flush();
}

void BayeuxServer::shutdown()
{
	std::vector<PendingReply> pending;
	{
		std::lock_guard lock(impl_->mutex);
		impl_->shuttingDown = true;
		impl_->sweepTimer.cancel();
		const auto now = Clock::now();
		impl_->sessions.forEach([&](Session &session) {
			if (session.held)
				pending.push_back(impl_->completeHeld(session, now));
		});
	}
	sendAll(pending);
}

std::size_t BayeuxServer::sweepExpired(std::chrono::steady_clock::time_point now)
{
	return impl_->sweepExpired(now);
}

std::size_t BayeuxServer::sessionCount() const
{
	std::lock_guard lock(impl_->mutex);
	return impl_->sessions.size();
}

std::size_t BayeuxServer::heldConnectCount() const
{
	std::lock_guard lock(impl_->mutex);
	return impl_->sessions.heldCount();
}

} /* namespace ctisim::api */
