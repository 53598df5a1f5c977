/* SPDX-License-Identifier: MIT */
/*
 * The Bayeux engine: parses each long-polling POST, runs its messages in
 * order against the session table (handshake, connect, subscribe,
 * unsubscribe, disconnect, publish), holds /meta/connect on an Asio timer, and
 * delivers published messages by joining their shared bytes into a reply.
 * Behaviour follows the CometD 3 Java server (see cometd-bayeux.md §1).
 */
#include "ctisim/api/bayeux_server.h"

#include <algorithm>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/core.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/value.h"
#include "ctisim/log.h"
#include "cometd/channel_name.h"
#include "secure_random.h" /* api/src */

namespace ctisim::api {

namespace net = boost::asio;

namespace {

using Clock = std::chrono::steady_clock;
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr std::string_view kHandshake = "/meta/handshake";
constexpr std::string_view kConnect = "/meta/connect";
constexpr std::string_view kSubscribe = "/meta/subscribe";
constexpr std::string_view kUnsubscribe = "/meta/unsubscribe";
constexpr std::string_view kDisconnect = "/meta/disconnect";

/* One reply message, written with RapidJSON; the request's id is copied as raw
 * JSON so that it keeps its type. */
class ReplyMessage
{
public:
	ReplyMessage(const std::string &idJson, std::string_view channel) : writer_(buffer_)
	{
		writer_.StartObject();
		if (!idJson.empty()) {
			writer_.Key("id");
			writer_.RawValue(idJson.data(), idJson.size(), rapidjson::kStringType);
		}
		if (!channel.empty()) {
			writer_.Key("channel");
			string(channel);
		}
	}

	ReplyMessage &successful(bool ok)
	{
		writer_.Key("successful");
		writer_.Bool(ok);
		return *this;
	}

	ReplyMessage &failed(std::string_view error)
	{
		successful(false);
		writer_.Key("error");
		string(error);
		return *this;
	}

	ReplyMessage &key(std::string_view k)
	{
		writer_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
		return *this;
	}

	ReplyMessage &string(std::string_view s)
	{
		writer_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
		return *this;
	}

	ReplyMessage &raw(std::string_view json)
	{
		writer_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
		return *this;
	}

	JsonWriter &writer() { return writer_; }

	std::string str()
	{
		writer_.EndObject();
		return std::string(buffer_.GetString(), buffer_.GetSize());
	}

private:
	rapidjson::StringBuffer buffer_;
	JsonWriter writer_;
};

std::string toJson(const rapidjson::Value &value)
{
	rapidjson::StringBuffer buffer;
	JsonWriter writer(buffer);
	value.Accept(writer);
	return std::string(buffer.GetString(), buffer.GetSize());
}

std::string_view stringMember(const rapidjson::Value &object, const char *name)
{
	const rapidjson::Value *value = json::member(object, name);
	return value && value->IsString() ? json::str(*value) : std::string_view();
}

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

HttpResponse plainError(unsigned status, std::string_view message)
{
	HttpResponse r;
	r.status = status;
	r.contentType = "text/plain;charset=UTF-8";
	r.body = std::string(message);
	return r;
}

struct HeldConnect {
	HttpReply reply;
	std::string idJson;
	bool advise = false;
	std::shared_ptr<net::steady_timer> timer;
	std::uint64_t generation = 0;
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
	std::optional<HeldConnect> held;
	Clock::time_point deadline; ///< expiry, when no connect is held
};

/* A reply decided under the lock and sent after it is released. */
struct PendingReply {
	HttpReply reply;
	HttpResponse response;
};

void sendAll(std::vector<PendingReply> &pending)
{
	for (auto &p : pending)
		p.reply(std::move(p.response));
	pending.clear();
}

HttpResponse bayeuxResponse(std::string body)
{
	HttpResponse r;
	r.contentType = "application/json;charset=UTF-8";
	r.body = std::move(body);
	return r;
}

} /* namespace */

struct BayeuxServer::Impl : std::enable_shared_from_this<BayeuxServer::Impl> {
	Impl(net::io_context &ioc, BayeuxConfig cfg) : io(ioc), config(std::move(cfg)), sweepTimer(ioc) {}

	/* What one POST produces, in CometD's order. */
	struct Output {
		std::string handshake;
		std::vector<std::string> others;
		std::string connect;
		std::string delivered; ///< messages of an ack session's connect reply
		std::string flushFrom; ///< the session whose queue rides along
		bool held = false;
	};

	void handle(const std::string &userId, HttpRequest request, HttpReply reply);
	void process(const std::string &userId, const rapidjson::Value &message, std::size_t batchSize,
		     const std::string &browserId, HttpReply &reply, Output &out, std::vector<PendingReply> &pending);

	void handshake(const std::string &userId, const rapidjson::Value &message, const std::string &idJson,
		       const std::string &browserId, Output &out);
	void connect(Session &session, const rapidjson::Value &message, const std::string &idJson,
		     std::size_t batchSize, HttpReply &reply, Output &out, std::vector<PendingReply> &pending);
	std::string subscribe(Session &session, const rapidjson::Value &message, const std::string &idJson, bool add);

	Session *findSession(const rapidjson::Value &message, const std::string &userId, const std::string &browserId);
	PendingReply completeHeld(Session &session, Clock::time_point now, std::string_view adviceJson);
	/* Takes the held connect away without answering it: it takes no messages. */
	HeldConnect releaseHeld(Session &session);
	/* How the held connect of a removed session is answered: "none" when the
	 * client disconnected, a 402 with handshake advice when the server ended it. */
	enum class HeldAnswer { Retire, Rehandshake };
	std::optional<PendingReply> removeSession(const std::string &clientId, HeldAnswer answer);
	std::size_t sweepExpired(Clock::time_point now);
	void onHoldTimeout(const std::string &clientId, std::uint64_t generation);
	void armSweep();
	/* Answers the held connects that publish() left for the end of the turn. */
	void flush();
	void flushDue(std::vector<PendingReply> &pending);

	std::string newId(std::size_t randomChars);
	std::string fullAdvice() const;
	std::string connectReply(const std::string &idJson, std::string_view adviceJson,
				 std::string_view extJson = {}) const;
	std::string takeQueue(Session &session);
	std::string takeForConnect(Session &session, std::string &extJson);
	void connectNow(Session &session, const std::string &idJson, std::string_view adviceJson, Output &out);

	net::io_context &io;
	const BayeuxConfig config;

	mutable std::mutex mutex;
	/* Everything below is guarded by mutex. */
	std::unordered_map<std::string, std::unique_ptr<Session>> sessions;
	std::unordered_map<std::string, std::set<std::string>> byUser;
	std::unordered_map<std::string, std::size_t> heldPerBrowser;
	net::steady_timer sweepTimer;
	std::uint64_t counter = 0;
	std::uint64_t holdGeneration = 0;
	std::size_t heldCount = 0;
	bool shuttingDown = false;
	/* Sessions whose held connect has messages to take (a session may appear
	 * twice), and whether a task to answer them is posted. */
	std::vector<std::string> due;
	bool flushPosted = false;
};

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

std::string BayeuxServer::Impl::takeQueue(Session &session)
{
	std::string joined;
	for (auto &message : session.queue) {
		if (!joined.empty())
			joined += ',';
		joined += *message;
	}
	session.queue.clear();
	return joined;
}

std::string BayeuxServer::Impl::takeForConnect(Session &session, std::string &extJson)
{
	if (!session.ack)
		return takeQueue(session);
	/* A new batch: what is still unacknowledged goes again, ahead of the new. */
	++session.batch;
	for (auto &message : session.queue)
		session.unacked.push_back({session.batch, std::move(message)});
	session.queue.clear();
	extJson = fmt::format(R"({{"ack":{}}})", session.batch);
	std::string joined;
	for (auto &entry : session.unacked) {
		if (!joined.empty())
			joined += ',';
		joined += *entry.message;
	}
	return joined;
}

void BayeuxServer::Impl::connectNow(Session &session, const std::string &idJson, std::string_view adviceJson,
				    Output &out)
{
	std::string ext;
	if (session.ack)
		out.delivered = takeForConnect(session, ext);
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
	std::string queued = takeForConnect(session, ext);
	if (!queued.empty())
		body += queued + ",";
	std::string advice(adviceJson);
	if (advice.empty() && held.advise)
		advice = fullAdvice();
	body += connectReply(held.idJson, advice, ext);
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
	rapidjson::Document doc;
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
			std::string queued;
			auto it = out.flushFrom.empty() ? sessions.end() : sessions.find(out.flushFrom);
			if (!out.delivered.empty())
				queued = std::move(out.delivered);
			else if (it != sessions.end() && !it->second->held && !it->second->ack)
				queued = takeQueue(*it->second);
			body = "[";
			auto append = [&body](const std::string &part) {
				if (part.empty())
					return;
				if (body.size() > 1)
					body += ',';
				body += part;
			};
			append(out.handshake);
			append(queued);
			for (const auto &other : out.others)
				append(other);
			append(out.connect);
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
		const auto candidates = channel::subscribersOf(channelName);
		std::vector<std::string> overflowed;
		for (const auto &clientId : user->second) {
			Session &session = *impl_->sessions.at(clientId);
			/* One copy per session, however many of its subscriptions match. */
			bool subscribed = std::any_of(candidates.begin(), candidates.end(), [&session](const auto &c) {
				return session.subscriptions.count(c) > 0;
			});
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
