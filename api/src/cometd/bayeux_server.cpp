/* SPDX-License-Identifier: MIT */
/*
 * The Bayeux engine: parses each long-polling POST and runs its messages in
 * order against the session table (the meta channels are bayeux_meta.cpp's),
 * expires sessions, and delivers published messages by joining their shared
 * bytes into a held connect's reply.
 * Behaviour follows the CometD 3 Java server (see cometd-bayeux.md §1).
 */
#include "ctisim/api/bayeux_server.h"

#include <algorithm>
#include <utility>

#include <boost/asio/post.hpp>
#include <fmt/core.h>

#include "ctisim/json/parse.h"
#include "ctisim/log.h"
#include "cometd/bayeux_impl.h"
#include "cometd/channel_name.h"
#include "secure_random.h" /* api/src */

namespace ctisim::api {

namespace net = boost::asio;

using namespace bayeux; /* the engine's own types, bayeux_impl.h */

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

std::string BayeuxServer::Impl::fullAdvice() const
{
	return fmt::format(R"({{"reconnect":"retry","interval":{},"timeout":{}}})", config.interval.count(),
			   config.timeout.count());
}

std::string BayeuxServer::Impl::connectReply(const std::string &idJson, std::string_view adviceJson,
					     std::string_view extJson) const
{
	ReplyMessage m(idJson, kConnect);
	m.successful(true);
	if (!adviceJson.empty())
		m.key("advice").raw(adviceJson);
	if (!extJson.empty())
		m.key("ext").raw(extJson);
	return m.str();
}

namespace {

/* Appends a message to a reply's list (or a run of messages) as it is written:
 * after a comma unless it is the first. */
void appendMessage(std::string &list, std::string_view message)
{
	if (message.empty())
		return;
	if (!list.empty() && list.back() != '[')
		list += ',';
	list += message;
}

/* The shared bytes of messages, copied once into the reply, its room made first. */
template <class Messages, class Bytes> void appendMessages(std::string &list, const Messages &messages, Bytes bytes)
{
	std::size_t size = list.size();
	for (const auto &m : messages)
		size += bytes(m).size() + 1;
	list.reserve(size);
	for (const auto &m : messages)
		appendMessage(list, bytes(m));
}

} /* namespace */

void BayeuxServer::Impl::takeQueue(Session &session, std::string &list)
{
	appendMessages(list, session.queue, [](const SharedMessage &m) -> const std::string & { return *m; });
	session.queue.clear();
}

void BayeuxServer::Impl::takeForConnect(Session &session, std::string &list, std::string &extJson)
{
	if (!session.ack)
		return takeQueue(session, list);
	/* A new batch: what is still unacknowledged goes again, ahead of the new. */
	++session.batch;
	for (auto &message : session.queue)
		session.unacked.push_back({session.batch, std::move(message)});
	session.queue.clear();
	extJson = fmt::format(R"({{"ack":{}}})", session.batch);
	appendMessages(list, session.unacked,
		       [](const bayeux::Unacked &u) -> const std::string & { return *u.message; });
}

void BayeuxServer::Impl::connectNow(Session &session, const std::string &idJson, std::string_view adviceJson,
				    Output &out)
{
	std::string ext;
	if (session.ack)
		takeForConnect(session, out.delivered, ext);
	out.connect = connectReply(idJson, adviceJson, ext);
}

Session *BayeuxServer::Impl::findSession(const rapidjson::Value &message, const std::string &userId,
					 const std::string &browserId)
{
	std::string_view clientId = stringMember(message, "clientId");
	if (clientId.empty())
		return nullptr;
	auto it = sessions.find(std::string(clientId));
	if (it == sessions.end())
		return nullptr;
	/* A session is found only by its own user, and (as CometD 3.1+) only
	 * through the browser cookie it was created with. */
	Session &s = *it->second;
	if (s.userId != userId || s.browserId != browserId)
		return nullptr;
	return &s;
}

HeldConnect BayeuxServer::Impl::releaseHeld(Session &session)
{
	HeldConnect held = std::move(*session.held);
	session.held.reset();
	held.timer->cancel();
	--heldCount;
	auto browser = heldPerBrowser.find(session.browserId);
	if (browser != heldPerBrowser.end() && --browser->second == 0)
		heldPerBrowser.erase(browser);
	return held;
}

PendingReply BayeuxServer::Impl::completeHeld(Session &session, Clock::time_point now, std::string_view adviceJson)
{
	HeldConnect held = releaseHeld(session);
	std::string body = "[";
	std::string ext;
	takeForConnect(session, body, ext);
	std::string advice(adviceJson);
	if (advice.empty() && held.advise)
		advice = fullAdvice();
	appendMessage(body, connectReply(held.idJson, advice, ext));
	body += "]";
	session.deadline = now + config.interval + config.maxInterval;
	return {std::move(held.reply), bayeuxResponse(std::move(body))};
}

std::optional<PendingReply> BayeuxServer::Impl::removeSession(const std::string &clientId, HeldAnswer answer)
{
	auto it = sessions.find(clientId);
	if (it == sessions.end())
		return std::nullopt;
	Session &s = *it->second;
	std::optional<PendingReply> pending;
	if (s.held) {
		std::string idJson = s.held->idJson;
		pending = completeHeld(s, Clock::now(), "");
		/* Queued messages are dropped with the session. */
		if (answer == HeldAnswer::Rehandshake) {
			ReplyMessage m(idJson, kConnect);
			m.failed("402::session_unknown").key("advice").raw(R"({"reconnect":"handshake","interval":0})");
			pending->response.body = "[" + m.str() + "]";
		} else {
			pending->response.body =
				"[" + connectReply(idJson, R"({"reconnect":"none","interval":0})") + "]";
		}
	}
	auto user = byUser.find(s.userId);
	if (user != byUser.end()) {
		user->second.erase(clientId);
		if (user->second.empty())
			byUser.erase(user);
	}
	sessions.erase(it);
	return pending;
}

void BayeuxServer::Impl::handle(const std::string &userId, HttpRequest request, HttpReply reply)
{
	if (!request.header("Upgrade").empty())
		return reply(plainError(400, "Only the long-polling transport is supported"));
	if (request.method != "POST")
		return reply(plainError(400, "Bayeux messages must be POSTed"));

	/* Iterative, depth-capped and UTF-8 checked: nesting cannot overflow the
	 * stack, and replies that echo the id or subscription stay valid JSON. */
	json::PooledDocument pooled; /* a POST per exchange: its memory is reused */
	rapidjson::Document &doc = *pooled;
	if (json::parse(request.body, doc) || (!doc.IsArray() && !doc.IsObject()))
		return reply(plainError(400, "Invalid Bayeux message"));
	std::vector<const rapidjson::Value *> messages;
	if (doc.IsArray()) {
		for (const auto &m : doc.GetArray())
			messages.push_back(&m);
	} else {
		messages.push_back(&doc);
	}
	if (messages.empty())
		return reply(plainError(400, "Empty Bayeux message list"));
	if (messages.size() > config.maxMessagesPerRequest)
		return reply(plainError(400, "Too many Bayeux messages in one request"));
	for (const auto *m : messages) {
		if (!m->IsObject())
			return reply(plainError(400, "Invalid Bayeux message"));
		/* CometD: a handshake must travel alone (a "protocol violation"). */
		if (messages.size() > 1 && stringMember(*m, "channel") == kHandshake)
			return reply(plainError(400, "Handshake batched with other messages"));
	}

	std::string browserId(request.cookie(config.browserCookieName));
	std::string setCookie;
	if (browserId.empty() && stringMember(*messages.front(), "channel") == kHandshake) {
		std::lock_guard lock(mutex);
		browserId = newId(16);
		setCookie = fmt::format("{}={}; Path=/; HttpOnly", config.browserCookieName, browserId);
	}

	Output out;
	std::vector<PendingReply> pending;
	std::string body;
	{
		std::lock_guard lock(mutex);
		for (const auto *m : messages)
			process(userId, *m, messages.size(), browserId, reply, out, pending);
		if (!out.held) {
			auto it = out.flushFrom.empty() ? sessions.end() : sessions.find(out.flushFrom);
			body = "[";
			appendMessage(body, out.handshake);
			if (!out.delivered.empty())
				appendMessage(body, out.delivered);
			else if (it != sessions.end() && !it->second->held && !it->second->ack)
				takeQueue(*it->second, body);
			for (const auto &other : out.others)
				appendMessage(body, other);
			appendMessage(body, out.connect);
			body += "]";
		}
	}
	sendAll(pending);
	if (out.held)
		return;
	HttpResponse response = bayeuxResponse(std::move(body));
	if (!setCookie.empty())
		response.headers.emplace_back("Set-Cookie", std::move(setCookie));
	reply(std::move(response));
}

void BayeuxServer::Impl::process(const std::string &userId, const rapidjson::Value &message, std::size_t batchSize,
				 const std::string &browserId, HttpReply &reply, Output &out,
				 std::vector<PendingReply> &pending)
{
	std::string idJson;
	if (auto id = message.FindMember("id"); id != message.MemberEnd())
		idJson = toJson(id->value);
	std::string_view channel = stringMember(message, "channel");

	if (channel.empty()) {
		out.others.push_back(ReplyMessage(idJson, "").failed("400::channel_missing").str());
		return;
	}
	if (!channel::isValid(channel)) {
		out.others.push_back(ReplyMessage(idJson, channel).failed("405::channel_invalid").str());
		return;
	}
	if (channel == kHandshake)
		return handshake(userId, message, idJson, browserId, out);

	Session *session = findSession(message, userId, browserId);
	if (!session) {
		ReplyMessage m(idJson, channel);
		m.failed("402::session_unknown");
		/* CometD advises a new handshake only on handshake and connect replies. */
		if (channel == kConnect) {
			m.key("advice").raw(R"({"reconnect":"handshake","interval":0})");
			out.connect = m.str();
		} else {
			out.others.push_back(m.str());
		}
		return;
	}

	const auto now = Clock::now();
	if (channel == kConnect) {
		/* Only long-polling is served; another transport named here is refused. */
		if (message.HasMember("connectionType") && stringMember(message, "connectionType") != "long-polling") {
			out.connect = ReplyMessage(idJson, channel).failed("400::connection_type_unsupported").str();
			return;
		}
		out.flushFrom = session->clientId;
		return connect(*session, message, idJson, batchSize, reply, out, pending);
	}
	if (channel == kDisconnect) {
		/* A held connect is answered with "none": the client is leaving. */
		if (auto held = removeSession(session->clientId, HeldAnswer::Retire))
			pending.push_back(std::move(*held));
		out.others.push_back(ReplyMessage(idJson, channel).successful(true).str());
		return;
	}

	/* Any other message keeps the session alive a little longer (bounded). */
	if (!session->held)
		session->deadline = std::max(session->deadline, now + config.maxInterval);
	out.flushFrom = session->clientId;

	if (channel == kSubscribe)
		out.others.push_back(subscribe(*session, message, idJson, true));
	else if (channel == kUnsubscribe)
		out.others.push_back(subscribe(*session, message, idJson, false));
	else if (channel::isMeta(channel))
		out.others.push_back(ReplyMessage(idJson, channel).failed("400::channel_unknown").str());
	else
		/* GWS clients never publish; notifications come from the server. */
		out.others.push_back(ReplyMessage(idJson, channel).failed("403::publish_denied").str());
}

void BayeuxServer::Impl::onHoldTimeout(const std::string &clientId, std::uint64_t generation)
{
	std::optional<PendingReply> pending;
	{
		std::lock_guard lock(mutex);
		auto it = sessions.find(clientId);
		if (it == sessions.end() || !it->second->held || it->second->held->generation != generation)
			return;
		pending = completeHeld(*it->second, Clock::now(), "");
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
	for (const auto &[clientId, session] : sessions) {
		if (!session->held && session->deadline < now)
			expired.push_back(clientId);
	}
	for (const auto &clientId : expired)
		removeSession(clientId, HeldAnswer::Rehandshake);
	return expired.size();
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
	impl_->handle(userId, std::move(request), std::move(reply));
}

void BayeuxServer::dropSessionsOf(const std::string &userId)
{
	std::vector<PendingReply> pending;
	{
		std::lock_guard lock(impl_->mutex);
		auto user = impl_->byUser.find(userId);
		if (user == impl_->byUser.end())
			return;
		std::vector<std::string> clientIds(user->second.begin(), user->second.end());
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
		auto user = impl_->byUser.find(std::string(userId));
		if (user == impl_->byUser.end())
			return;
		std::vector<std::string> overflowed;
		for (const auto &clientId : user->second) {
			Session &session = *impl_->sessions.at(clientId);
			/* One copy per session, however many of its subscriptions match. */
			bool subscribed = std::any_of(
				session.subscriptions.begin(), session.subscriptions.end(),
				[channelName](const std::string &s) { return channel::matches(s, channelName); });
			if (!subscribed)
				continue;
			if (session.queue.size() + session.unacked.size() >= impl_->config.maxQueue) {
				overflowed.push_back(clientId);
				continue;
			}
			session.queue.push_back(message);
			/* Not answered yet: one switch step publishes several messages to a
			 * session (Dialing, then Established), and they should leave in one
			 * reply, as CometD flushes a session's queue once per batch. The
			 * publisher may flush() at the end of its step; otherwise a posted
			 * task does, after the work already queued on the io_context. */
			if (session.held)
				impl_->due.push_back(clientId);
		}
		if (!impl_->due.empty() && !impl_->flushPosted) {
			impl_->flushPosted = true;
			net::post(impl_->io, [weak = std::weak_ptr<Impl>(impl_)] {
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
		for (const auto &clientId : overflowed) {
			/* A client that does not poll must not grow memory: it loses its
			 * session, gets 402 on its next request and handshakes again. */
			log::warn("bayeux", "queue of session {} (user {}) exceeded {} messages; session expired",
				  clientId, userId, impl_->config.maxQueue);
			if (auto held = impl_->removeSession(clientId, Impl::HeldAnswer::Rehandshake))
				pending.push_back(std::move(*held));
		}
	}
	sendAll(pending);
}

void BayeuxServer::flush()
{
	impl_->flush();
}

void BayeuxServer::Impl::flush()
{
	std::vector<PendingReply> pending;
	{
		std::lock_guard lock(mutex);
		flushDue(pending);
	}
	sendAll(pending);
}

void BayeuxServer::Impl::flushDue(std::vector<PendingReply> &pending)
{
	const auto now = Clock::now();
	for (const auto &clientId : due) {
		auto it = sessions.find(clientId);
		/* Gone, or answered meanwhile (a duplicate, a hold timeout, shutdown). */
		if (it == sessions.end() || !it->second->held || it->second->queue.empty())
			continue;
		pending.push_back(completeHeld(*it->second, now, ""));
	}
	due.clear();
}

void BayeuxServer::shutdown()
{
	std::vector<PendingReply> pending;
	{
		std::lock_guard lock(impl_->mutex);
		impl_->shuttingDown = true;
		impl_->sweepTimer.cancel();
		const auto now = Clock::now();
		for (auto &[clientId, session] : impl_->sessions) {
			if (session->held)
				pending.push_back(impl_->completeHeld(*session, now, ""));
		}
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
	return impl_->heldCount;
}

} /* namespace ctisim::api */
