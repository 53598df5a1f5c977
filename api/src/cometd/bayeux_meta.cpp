/* SPDX-License-Identifier: MIT */
/*
 * The Bayeux meta channels a session talks on: /meta/handshake (a new
 * session), /meta/connect (answered at once, or held on an Asio timer until
 * messages arrive) and /meta/subscribe and /meta/unsubscribe.
 * Behaviour follows the CometD 3 Java server (see cometd-bayeux.md §1).
 */
#include <algorithm>
#include <utility>

#include <fmt/core.h>

#include "cometd/bayeux_impl.h"
#include "cometd/channel_name.h"

namespace ctisim::api {

namespace net = boost::asio;

using namespace bayeux; /* the engine's own types, bayeux_impl.h */

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

} /* namespace */

void BayeuxServer::Impl::handshake(const std::string &userId, const rapidjson::Value &message,
				   const std::string &idJson, const std::string &browserId, Output &out)
{
	if (shuttingDown) {
		ReplyMessage m(idJson, kHandshake);
		m.failed("403::handshake_denied").key("advice").raw(R"({"reconnect":"handshake","interval":1000})");
		out.handshake = m.str();
		return;
	}
	if (!offersLongPolling(message)) {
		/* No transport in common: retrying cannot help, so "none". */
		ReplyMessage m(idJson, kHandshake);
		m.failed("400::connection_type_unsupported");
		m.key("supportedConnectionTypes").raw(R"(["long-polling"])");
		m.key("advice").raw(R"({"reconnect":"none","interval":0})");
		out.handshake = m.str();
		return;
	}
	if (auto user = byUser.find(userId); user != byUser.end() && user->second.size() >= config.maxSessionsPerUser) {
		/* Denied, not the oldest dropped: that one may be a live tab. The advice lets a
		 * client retry once its abandoned sessions have expired. */
		ReplyMessage m(idJson, kHandshake);
		m.failed("403:too_many_sessions:handshake_denied")
			.key("advice")
			.raw(fmt::format(R"({{"reconnect":"handshake","interval":{}}})",
					 (config.interval + config.maxInterval).count()));
		out.handshake = m.str();
		return;
	}
	auto session = std::make_unique<Session>();
	session->clientId = newId(20);
	session->userId = userId;
	session->browserId = browserId;
	session->deadline = Clock::now() + config.interval + config.maxInterval;

	ReplyMessage m(idJson, kHandshake);
	m.successful(true);
	m.key("clientId").string(session->clientId);
	m.key("version").string("1.0");
	m.key("minimumVersion").string("1.0");
	m.key("supportedConnectionTypes").raw(R"(["long-polling"])");
	m.key("advice").raw(fullAdvice());
	if (auto ext = message.FindMember("ext"); ext != message.MemberEnd() && ext->value.IsObject()) {
		auto ack = ext->value.FindMember("ack");
		if (ack != ext->value.MemberEnd() && ack->value.IsBool() && ack->value.GetBool()) {
			session->ack = true;
			m.key("ext").raw(R"({"ack":true})");
		}
	}
	out.handshake = m.str();

	byUser[userId].insert(session->clientId);
	std::string clientId = session->clientId;
	sessions.emplace(std::move(clientId), std::move(session));
}

void BayeuxServer::Impl::connect(Session &session, const rapidjson::Value &message, const std::string &idJson,
				 std::size_t batchSize, HttpReply &reply, Output &out,
				 std::vector<PendingReply> &pending)
{
	const auto now = Clock::now();
	/* A newer connect replaces a held one, which CometD fails with HTTP 500. That
	 * reply has no body: it takes no messages and closes no batch. */
	if (session.held) {
		HeldConnect old = releaseHeld(session);
		HttpResponse failed = bayeuxResponse("");
		failed.status = config.duplicateConnectStatus;
		pending.push_back({std::move(old.reply), std::move(failed)});
	}

	std::optional<long long> clientTimeout;
	auto advice = message.FindMember("advice");
	if (advice != message.MemberEnd() && advice->value.IsObject()) {
		auto timeout = advice->value.FindMember("timeout");
		/* Clamped before the cast: a double beyond long long's range is undefined behaviour. */
		if (timeout != advice->value.MemberEnd() && timeout->value.IsNumber())
			clientTimeout = static_cast<long long>(std::clamp(timeout->value.GetDouble(), -1.0, 1e12));
	}
	bool advise = !session.connected || advice != message.MemberEnd() || session.pollAdvised;
	bool first = !session.connected;
	session.connected = true;

	/* The client has every batch up to its ack: what they carried is discarded,
	 * even when later replies went unread. Comparing the ack with the last batch
	 * instead would keep messages the client has: a long poll it abandoned can
	 * reach the server after its next connect (another connection) and close
	 * a batch of re-sent messages nobody reads; the client's next ack then
	 * names the batch before, and it would receive them a second time. */
	if (session.ack) {
		auto ext = message.FindMember("ext");
		if (ext != message.MemberEnd() && ext->value.IsObject()) {
			auto ack = ext->value.FindMember("ack");
			if (ack != ext->value.MemberEnd() && ack->value.IsNumber()) {
				const double acked = ack->value.GetDouble();
				while (!session.unacked.empty() &&
				       static_cast<double>(session.unacked.front().batch) <= acked)
					session.unacked.pop_front();
			}
		}
	}

	bool canHold = !first && batchSize == 1 && clientTimeout.value_or(-1) != 0 && session.queue.empty() &&
		       session.unacked.empty() && !shuttingDown;
	if (canHold && config.maxSessionsPerBrowser > 0) {
		auto browser = heldPerBrowser.find(session.browserId);
		if (browser != heldPerBrowser.end() && browser->second >= config.maxSessionsPerBrowser) {
			/* Another tab of this browser holds a connect: make this one poll. */
			connectNow(
				session, idJson,
				fmt::format(
					R"({{"multiple-clients":true,"reconnect":"retry","interval":{},"timeout":{}}})",
					config.multiSessionInterval.count(), config.timeout.count()),
				out);
			session.deadline = now + config.multiSessionInterval + config.maxInterval;
			session.pollAdvised = true;
			return;
		}
	}
	session.pollAdvised = false;
	if (!canHold) {
		connectNow(session, idJson, advise ? fullAdvice() : "", out);
		session.deadline = now + config.interval + config.maxInterval;
		return;
	}

	/* Never hold longer than the timeout we advertised. */
	auto hold = config.timeout;
	if (clientTimeout && *clientTimeout > 0 && *clientTimeout < hold.count())
		hold = std::chrono::milliseconds(*clientTimeout);

	HeldConnect held;
	held.reply = std::move(reply);
	held.idJson = idJson;
	held.advise = advise;
	held.generation = ++holdGeneration;
	held.timer = std::make_shared<net::steady_timer>(io, hold);
	held.timer->async_wait([self = shared_from_this(), timer = held.timer, clientId = session.clientId,
				generation = held.generation](boost::system::error_code ec) {
		if (!ec)
			self->onHoldTimeout(clientId, generation);
	});
	session.held = std::move(held);
	++heldCount;
	++heldPerBrowser[session.browserId];
	out.held = true;
}

std::string BayeuxServer::Impl::subscribe(Session &session, const rapidjson::Value &message, const std::string &idJson,
					  bool add)
{
	std::string_view channel = add ? kSubscribe : kUnsubscribe;
	ReplyMessage m(idJson, channel);
	auto field = message.FindMember("subscription");
	std::vector<std::string_view> names;
	if (field != message.MemberEnd()) {
		if (field->value.IsString()) {
			names.push_back(json::str(field->value));
		} else if (field->value.IsArray()) {
			for (const auto &v : field->value.GetArray()) {
				if (!v.IsString()) {
					names.clear();
					break;
				}
				names.push_back(json::str(v));
			}
		}
	}

	std::string error;
	if (names.empty() || std::any_of(names.begin(), names.end(), [](auto n) { return n.empty(); })) {
		error = "403::subscription_missing";
	} else {
		for (auto name : names) {
			if (!channel::isValid(name)) {
				error = "403::subscription_invalid";
			} else if (channel::isMeta(name)) {
				error = add ? "403::subscribe_failed" : "403::unsubscribe_failed";
			} else if (channel::isService(name)) {
				continue;
			} else {
				bool allowed = std::any_of(config.subscribablePrefixes.begin(),
							   config.subscribablePrefixes.end(), [name](const auto &p) {
								   return name.size() > p.size() &&
									  name.substr(0, p.size()) == p;
							   });
				if (!allowed && add)
					error = "403:denied_by_security_policy:subscribe_denied";
			}
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
			if (add)
				session.subscriptions.emplace(name);
			else if (auto it = session.subscriptions.find(name); it != session.subscriptions.end())
				session.subscriptions.erase(it);
		}
		m.successful(true);
	} else {
		m.failed(error);
	}
	if (field != message.MemberEnd()) {
		m.key("subscription");
		field->value.Accept(m.writer());
	}
	return m.str();
}

} /* namespace ctisim::api */
