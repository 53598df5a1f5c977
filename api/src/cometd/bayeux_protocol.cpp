/* SPDX-License-Identifier: MIT */
/*
 * The protocol step: what one Bayeux message does to the session table and
 * what it answers: /meta/handshake (a new session), /meta/connect (answered
 * at once, or to be held until messages arrive), /meta/subscribe and
 * /meta/unsubscribe, /meta/disconnect; anything else is refused.
 * Behaviour follows the CometD 3 Java server (see cometd-bayeux.md §1).
 */
#include <algorithm>
#include <utility>

#include "cometd/bayeux_engine.h"
#include "cometd/channel_name.h"
#include "cometd/subscription_policy.h"

namespace ctisim::api {

using namespace bayeux; /* the engine's own types, bayeux_engine.h */

namespace {

/* A handshake's supportedConnectionTypes, when present, must list long-polling:
 * the only transport served (websocket upgrades are refused). */
bool offersLongPolling(const rapidjson::Value &handshake)
{
	auto types = handshake.FindMember("supportedConnectionTypes");
	if (types == handshake.MemberEnd())
		return true;
	if (!types->value.IsArray())
		return false;
	const auto &list = types->value.GetArray();
	return std::any_of(list.begin(), list.end(),
			   [](const rapidjson::Value &t) { return t.IsString() && json::str(t) == "long-polling"; });
}

bool asksForAcks(const rapidjson::Value &handshake)
{
	const rapidjson::Value *ext = json::member(handshake, "ext");
	const rapidjson::Value *ack = ext ? json::member(*ext, "ack") : nullptr;
	return ack && ack->IsBool() && ack->GetBool();
}

Step other(Reply reply)
{
	Step step;
	step.reply = std::move(reply);
	return step;
}

} /* namespace */

Step BayeuxServer::Impl::process(const Caller &caller, const rapidjson::Value &message)
{
	std::optional<MessageId> id = messageId(message);
	std::string_view channel = stringMember(message, "channel");

	if (channel.empty())
		return other(Reply::failure(std::move(id), "", "400::channel_missing"));
	if (!channel::isValid(channel))
		return other(Reply::failure(std::move(id), channel, "405::channel_invalid"));
	if (channel == kHandshake) {
		Step step;
		step.kind = Step::Kind::Handshake;
		step.reply = handshake(caller, message, std::move(id));
		return step;
	}

	std::string_view clientId = stringMember(message, "clientId");
	Session *session = clientId.empty() ? nullptr : sessions.find(clientId);
	/* A session is found only by its own user, and (as CometD 3.1+) only
	 * through the browser cookie it was created with. */
	if (session && (session->userId != caller.userId || session->browserId != caller.browserId))
		session = nullptr;
	if (!session) {
		Step step = other(Reply::failure(std::move(id), channel, "402::session_unknown"));
		/* CometD advises a new handshake only on handshake and connect replies. */
		if (channel == kConnect) {
			step.kind = Step::Kind::Connect;
			step.reply.advice = Advice::handshake(std::chrono::milliseconds(0));
		}
		return step;
	}

	if (channel == kConnect) {
		/* Only long-polling is served; another transport named here is refused. */
		if (message.HasMember("connectionType") && stringMember(message, "connectionType") != "long-polling") {
			Step step = other(Reply::failure(std::move(id), channel, "400::connection_type_unsupported"));
			step.kind = Step::Kind::Connect;
			return step;
		}
		Step step = connect(*session, message, std::move(id), caller.batchSize);
		step.flushFrom = clientId;
		return step;
	}
	if (channel == kDisconnect) {
		Step step = other(Reply::success(std::move(id), channel));
		/* A held connect is answered with "none": the client is leaving. */
		step.answered = removeSession(session->clientId, HeldAnswer::Retire);
		return step;
	}

	/* Any other message keeps the session alive a little longer (bounded). */
	if (!session->held)
		session->deadline = std::max(session->deadline, Clock::now() + config.maxInterval);
	Step step;
	step.flushFrom = clientId;
	if (channel == kSubscribe || channel == kUnsubscribe)
		step.reply = subscribe(*session, message, std::move(id), channel == kSubscribe);
	else if (channel::isMeta(channel))
		step.reply = Reply::failure(std::move(id), channel, "400::channel_unknown");
	else
		/* GWS clients never publish; notifications come from the server. */
		step.reply = Reply::failure(std::move(id), channel, "403::publish_denied");
	return step;
}

Reply BayeuxServer::Impl::handshake(const Caller &caller, const rapidjson::Value &message, std::optional<MessageId> id)
{
	if (shuttingDown) {
		Reply r = Reply::failure(std::move(id), kHandshake, "403::handshake_denied");
		r.advice = Advice::handshake(std::chrono::milliseconds(1000));
		return r;
	}
	if (!offersLongPolling(message)) {
		/* No transport in common: retrying cannot help, so "none". */
		Reply r = Reply::failure(std::move(id), kHandshake, "400::connection_type_unsupported");
		r.connectionTypes = true;
		r.advice = Advice::none();
		return r;
	}
	if (sessions.sessionsOf(caller.userId).size() >= config.maxSessionsPerUser) {
		/* Denied, not the oldest dropped: that one may be a live tab. The advice lets a
		 * client retry once its abandoned sessions have expired. */
		Reply r = Reply::failure(std::move(id), kHandshake, "403:too_many_sessions:handshake_denied");
		r.advice = Advice::handshake(config.interval + config.maxInterval);
		return r;
	}
	auto created = std::make_unique<Session>();
	created->clientId = newId(20);
	created->userId = caller.userId;
	created->browserId = caller.browserId;
	created->deadline = Clock::now() + config.interval + config.maxInterval;
	created->ack = asksForAcks(message);
	created->greeting = caller.greeting;
	Session &session = sessions.add(std::move(created));

	Reply r = Reply::success(std::move(id), kHandshake);
	r.clientId = session.clientId; /* written before the POST ends: a handshake travels alone */
	r.versions = true;
	r.connectionTypes = true;
	r.advice = fullAdvice();
	if (session.ack)
		r.ext = Reply::Ext::AckEnabled;
	return r;
}

Step BayeuxServer::Impl::connectNow(Session &session, std::optional<MessageId> id, std::optional<Advice> advice)
{
	Step step;
	step.kind = Step::Kind::Connect;
	step.reply = Reply::success(std::move(id), kConnect);
	step.reply.advice = std::move(advice);
	if (session.ack) {
		step.reply.ext = Reply::Ext::AckBatch;
		step.reply.ackBatch = session.closeBatch();
		step.delivered.reserve(session.unacked.size());
		for (const Unacked &u : session.unacked)
			step.delivered.push_back(u.message);
	}
	return step;
}

Step BayeuxServer::Impl::connect(Session &session, const rapidjson::Value &message, std::optional<MessageId> id,
				 std::size_t batchSize)
{
	const auto now = Clock::now();
	Step step;
	/* A newer connect replaces a held one, which CometD fails with HTTP 500. That
	 * reply has no body: it takes no messages and closes no batch. */
	std::optional<PendingReply> replaced;
	if (session.held) {
		HeldConnect old = sessions.release(session);
		HttpResponse failed = bayeuxResponse("");
		failed.status = config.duplicateConnectStatus;
		replaced = PendingReply{std::move(old.reply), std::move(failed)};
	}

	std::optional<long long> clientTimeout;
	const rapidjson::Value *advice = json::member(message, "advice");
	if (advice && advice->IsObject()) {
		const rapidjson::Value *timeout = json::member(*advice, "timeout");
		/* Clamped before the cast: a double beyond long long's range is undefined behaviour. */
		if (timeout && timeout->IsNumber())
			clientTimeout = static_cast<long long>(std::clamp(timeout->GetDouble(), -1.0, 1e12));
	}
	bool advise = !session.connected || advice || session.pollAdvised;
	bool first = !session.connected;
	session.connected = true;

	if (session.ack) {
		const rapidjson::Value *ext = json::member(message, "ext");
		const rapidjson::Value *ack = ext && ext->IsObject() ? json::member(*ext, "ack") : nullptr;
		if (ack && ack->IsNumber())
			session.acknowledge(ack->GetDouble());
	}

	bool canHold = !first && batchSize == 1 && clientTimeout.value_or(-1) != 0 && session.queue.empty() &&
		       session.unacked.empty() && !shuttingDown;
	if (canHold && config.maxSessionsPerBrowser > 0 &&
	    sessions.heldIn(session.browserId) >= config.maxSessionsPerBrowser) {
		/* Another tab of this browser holds a connect: make this one poll. */
		step = connectNow(session, std::move(id), Advice::poll(config.multiSessionInterval, config.timeout));
		session.deadline = now + config.multiSessionInterval + config.maxInterval;
		session.pollAdvised = true;
	} else if (!canHold) {
		session.pollAdvised = false;
		step = connectNow(session, std::move(id), advise ? std::optional(fullAdvice()) : std::nullopt);
		session.deadline = now + config.interval + config.maxInterval;
	} else {
		session.pollAdvised = false;
		/* Never hold longer than the timeout we advertised. */
		auto duration = config.timeout;
		if (clientTimeout && *clientTimeout > 0 && *clientTimeout < duration.count())
			duration = std::chrono::milliseconds(*clientTimeout);
		step.kind = Step::Kind::Connect;
		step.reply = Reply::success(std::move(id), kConnect);
		step.hold = Hold{duration, advise};
		step.session = &session;
	}
	step.answered = std::move(replaced);
	return step;
}

Reply BayeuxServer::Impl::subscribe(Session &session, const rapidjson::Value &message, std::optional<MessageId> id,
				    bool add)
{
	std::string_view channel = add ? kSubscribe : kUnsubscribe;
	const rapidjson::Value *field = json::member(message, "subscription");
	std::vector<std::string_view> names;
	if (field && field->IsString()) {
		names.push_back(json::str(*field));
	} else if (field && field->IsArray()) {
		for (const auto &v : field->GetArray()) {
			if (!v.IsString()) {
				names.clear();
				break;
			}
			names.push_back(json::str(v));
		}
	}

	std::string_view error;
	if (names.empty() || std::any_of(names.begin(), names.end(), [](auto n) { return n.empty(); })) {
		error = "403::subscription_missing";
	} else {
		for (auto name : names) {
			if (!channel::isValid(name))
				error = "403::subscription_invalid";
			else if (channel::isMeta(name))
				error = add ? "403::subscribe_failed" : "403::unsubscribe_failed";
			else if (add && !channel::isService(name) && !subscribable(name, config.receivableChannels))
				error = "403:denied_by_security_policy:subscribe_denied";
			if (!error.empty())
				break;
		}
	}

	if (error.empty() && add) {
		/* Bounded: a client must not grow a session without limit. */
		std::size_t adding = std::count_if(names.begin(), names.end(), [&session](auto n) {
			return !channel::isService(n) && session.subscriptions.count(n) == 0;
		});
		if (session.subscriptions.size() + adding > config.maxSubscriptions)
			error = "403:too_many_subscriptions:subscribe_denied";
	}
	if (error.empty()) {
		for (auto name : names) {
			if (channel::isService(name))
				continue; /* CometD: accepted, not recorded */
			if (add) {
				session.subscriptions.emplace(name);
				greet(session, name);
			} else if (auto it = session.subscriptions.find(name); it != session.subscriptions.end())
				session.subscriptions.erase(it);
		}
	}
	Reply r =
		error.empty() ? Reply::success(std::move(id), channel) : Reply::failure(std::move(id), channel, error);
	r.subscription = field;
	return r;
}

} /* namespace ctisim::api */
