/* SPDX-License-Identifier: MIT */
/*
 * RemoteBackend: the client end of the switch link. The link state (the
 * connection, requests in flight, back-off) lives on one strand; the
 * subscription table is shared with `core`, where events are delivered, under a
 * mutex, so that an unsubscribed sink is never called.
 */
#include "ctisim/link/remote_backend.h"

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "ctisim/log.h"
#include "ctisim/tserver_error.h"
#include "ctisim/wire/link_binary.h"
#include "ctisim/wire/link_message.h"

#include "link_connection.h"

namespace ctisim::link {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using wire::LinkMessage;
using wire::LinkMessageType;

bool parseSwitchAddress(const std::string &text, std::string &host, std::uint16_t &port, std::string &error)
{
	std::string rest = text;
	if (rest.rfind("tcp://", 0) == 0)
		rest = rest.substr(6);
	std::size_t colon = rest.rfind(':');
	if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) {
		error = "expected tcp://HOST:PORT, not '" + text + "'";
		return false;
	}
	std::string h = rest.substr(0, colon);
	if (h.size() >= 2 && h.front() == '[' && h.back() == ']')
		h = h.substr(1, h.size() - 2);
	unsigned long value = 0;
	std::size_t used = 0;
	try {
		value = std::stoul(rest.substr(colon + 1), &used);
	} catch (const std::exception &) {
		used = 0;
	}
	if (used != rest.size() - colon - 1 || value == 0 || value > 65535) {
		error = "bad port in '" + text + "'";
		return false;
	}
	host = h;
	port = static_cast<std::uint16_t>(value);
	return true;
}

namespace {

/// A RequestResult or ControlResult saying that the switch is out of reach.
template <typename Result> Result noSwitch(const std::string &why)
{
	Result result;
	result.errorCode = terr::NoSwitch;
	result.errorMessage = std::string(terrText(terr::NoSwitch)) + " (" + why + ")";
	return result;
}

} /* namespace */

struct RemoteBackend::Impl : std::enable_shared_from_this<Impl> {
	enum class State { Idle, Connecting, Handshake, Up, Stopped };

	struct Subscription {
		EventSink *sink;
		std::optional<Dn> dn;
	};

	net::io_context &io;
	Executor &core;
	RemoteBackendConfig config;
	link::Strand strand;
	net::steady_timer retryTimer;
	tcp::resolver resolver;

	/* Strand only. */
	State state = State::Idle;
	std::shared_ptr<link::LinkConnection> connection;
	/// The DumpState sent after the welcome; its answer makes the link usable.
	std::uint64_t syncId = 0;
	std::map<std::uint64_t, ResultHandler> pending;
	std::map<std::uint64_t, ControlHandler> pendingControl;
	/// The subscriptions on this connection: one per DN filter, however many local
	/// subscriptions share it (the GWS state and the journal both take every DN's
	/// events: one link subscription for both halves the event frames), by the
	/// filter and by their id on the link (the first local subscription's).
	std::map<std::optional<Dn>, std::uint64_t> onLink;
	std::map<std::uint64_t, std::optional<Dn>> filterOnLink;
	/// The call snapshots this connection's events carried (wire::CallCache).
	wire::CallCache calls;
	std::chrono::milliseconds backoff;
	std::string lastError = "not connected yet";

	/* Any thread. */
	/// Link-level correlation ids, taken where a request is encoded.
	std::atomic<std::uint64_t> nextId{1};

	/* Any thread, under mutex. */
	mutable std::mutex mutex;
	mutable std::condition_variable linkChanged;
	/// lastError for other threads (RemoteBackend::lastError()).
	std::string lastErrorShared = "not connected yet";
	/// The switch's time, fed on the strand before results and events reach core.
	SwitchClock clock;
	std::map<SubscriptionId, Subscription> subscriptions;
	SubscriptionId nextSubscription = 1;
	bool up = false;
	std::uint64_t connectionCount = 0;

	Impl(net::io_context &i, Executor &c, RemoteBackendConfig cfg)
	    : io(i), core(c), config(std::move(cfg)), strand(net::make_strand(i)), retryTimer(strand), resolver(strand),
	      backoff(config.minBackoff)
	{
	}

	/* ---- delivery on core ---- */

	/// Delivers to every local subscription with this DN filter at the time the event
	/// came (strand), each if it still exists when its turn comes (core).
	void deliverToFilter(const std::optional<Dn> &filter, std::shared_ptr<const Event> event)
	{
		std::vector<SubscriptionId> ids;
		{
			std::lock_guard lock(mutex);
			for (const auto &[id, sub] : subscriptions)
				if (sub.dn == filter)
					ids.push_back(id);
		}
		core.post([weak = weak_from_this(), ids = std::move(ids), event] {
			if (auto self = weak.lock())
				for (SubscriptionId id : ids)
					self->callSink(id, *event);
		});
	}

	/// Calls a local subscription's sink, if it still exists (on core).
	void callSink(SubscriptionId id, const Event &event)
	{
		EventSink *sink = nullptr;
		{
			std::lock_guard lock(mutex);
			auto it = subscriptions.find(id);
			if (it != subscriptions.end())
				sink = it->second.sink;
		}
		/* Called outside the lock: a sink may (un)subscribe from onEvent. Unsubscribing
		 * happens on core too, so the sink cannot go away between the lookup and here. */
		if (sink)
			sink->onEvent(event);
	}

	/// Delivers to one local subscription, if it still exists when the task runs.
	void deliver(SubscriptionId id, std::shared_ptr<const Event> event)
	{
		core.post([weak = weak_from_this(), id, event] {
			if (auto self = weak.lock())
				self->callSink(id, *event);
		});
	}

	void announce(EventType type, const std::string &why)
	{
		std::map<SubscriptionId, Subscription> subs;
		{
			std::lock_guard lock(mutex);
			subs = subscriptions;
		}
		for (const auto &[id, sub] : subs) {
			auto event = std::make_shared<Event>();
			event->type = type;
			if (sub.dn)
				event->thisDn = *sub.dn;
			if (type == EventType::LinkDisconnected) {
				event->errorCode = terr::NoSwitch;
				event->errorMessage = std::string(terrText(terr::NoSwitch)) + " (" + why + ")";
			}
			deliver(id, std::move(event));
		}
	}

	/* ---- link state, on strand ---- */

	void connect()
	{
		if (state == State::Stopped)
			return;
		state = State::Connecting;
		resolver.async_resolve(config.host, std::to_string(config.port),
				       [self = shared_from_this()](const boost::system::error_code &ec,
								   tcp::resolver::results_type results) {
					       if (self->state != State::Connecting)
						       return;
					       if (ec) {
						       self->retry("cannot resolve " + self->config.host + ": " +
								   ec.message());
						       return;
					       }
					       auto socket = std::make_shared<tcp::socket>(self->strand);
					       net::async_connect(*socket, results,
								  [self, socket](const boost::system::error_code &error,
										 const tcp::endpoint &) {
									  if (self->state != State::Connecting)
										  return;
									  if (error) {
										  self->retry(error.message());
										  return;
									  }
									  self->handshake(std::move(*socket));
								  });
				       });
	}

	void handshake(tcp::socket socket)
	{
		state = State::Handshake;
		connection = std::make_shared<link::LinkConnection>(std::move(socket), strand);
		calls.clear();
		LinkMessage hello;
		hello.type = LinkMessageType::Hello;
		hello.protocol = wire::linkProtocolName;
		hello.version = wire::linkProtocolVersion;
		hello.heartbeatMs = static_cast<std::uint32_t>(config.heartbeat.count());
		hello.token = config.token;
		/* Queued before start() so that the hello is the first frame. */
		connection->send(hello);
		std::weak_ptr<link::LinkConnection> current = connection;
		connection->start(
			config.heartbeat,
			[self = shared_from_this(), current](std::string_view payload) {
				if (current.lock() == self->connection)
					self->onPayload(payload);
			},
			[self = shared_from_this(), current](std::string reason) {
				if (current.lock() == self->connection)
					self->onClosed(reason);
			});
	}

	void retry(const std::string &why)
	{
		if (state == State::Stopped)
			return;
		if (why != lastError)
			log::warn("link", "switch {}:{} unreachable: {}; retrying", config.host, config.port, why);
		lastError = why;
		{
			std::lock_guard lock(mutex);
			lastErrorShared = why;
		}
		state = State::Idle;
		retryTimer.expires_after(backoff);
		backoff = std::min(backoff * 2, config.maxBackoff);
		retryTimer.async_wait([self = shared_from_this()](const boost::system::error_code &ec) {
			if (!ec)
				self->connect();
		});
	}

	void onPayload(std::string_view payload)
	{
		std::string error;
		if (!wire::isBinaryPayload(payload)) {
			handshakeMessage(payload);
			return;
		}
		std::optional<wire::BinaryMessage> message = wire::decodeBinaryMessage(payload, &error);
		if (!message) {
			connection->close("malformed message from the switch: " + error);
			return;
		}
		switch (message->type) {
		case LinkMessageType::Result:
			answer(pending, message->id, wire::requestResultFromBinary(message->body, &error), error);
			return;
		case LinkMessageType::ControlResult: {
			std::optional<ControlResult> result = wire::controlResultFromBinary(message->body, &error);
			if (result)
				clock.observe(result->state.now, result->state.virtualClock);
			if (message->id == syncId) {
				if (!result) {
					connection->close("malformed answer from the switch: " + error);
					return;
				}
				synchronized();
				return;
			}
			answer(pendingControl, message->id, std::move(result), error);
			return;
		}
		case LinkMessageType::Event: event(message->id, message->body); return;
		case LinkMessageType::Clock:
			if (auto reading = wire::clockFromBinary(message->body, &error))
				clock.observe(reading->now, reading->virtualClock);
			else
				connection->close("malformed clock from the switch: " + error);
			return;
		case LinkMessageType::SwitchReset:
			/* Another front end reset the shared switch: to this front end's clients
			 * that is a T-Server restart, the link lost and back, then resynchronised. */
			if (syncId == 0 && state == State::Up) {
				log::info("link", "the switch was reset by another front end");
				announce(EventType::LinkDisconnected, "the switch was reset by another front end");
				announce(EventType::LinkConnected, {});
			}
			return;
		default:
			connection->close(std::string("unexpected \"") + wire::toString(message->type) +
					  "\" from the switch");
			return;
		}
	}

	/// A JSON frame: the handshake's (welcome, refused) or a heartbeat.
	void handshakeMessage(std::string_view payload)
	{
		std::string error;
		std::optional<LinkMessage> message = wire::decodeLinkMessage(payload, &error);
		if (!message) {
			connection->close("malformed message from the switch: " + error);
			return;
		}
		switch (message->type) {
		case LinkMessageType::Heartbeat: return;
		case LinkMessageType::Welcome: welcomed(*message); return;
		case LinkMessageType::Refused: refused(message->reason); return;
		default:
			connection->close(std::string("unexpected \"") + wire::toString(message->type) +
					  "\" in JSON from the switch");
			return;
		}
	}

	/// The switch will not serve this front end: logged, and the connection's error.
	void refused(const std::string &reason)
	{
		log::error("link", "the switch refused this front end: {}", reason);
		connection->close("refused: " + reason);
	}

	void welcomed(const LinkMessage &message)
	{
		if (state != State::Handshake) {
			connection->close("unexpected welcome");
			return;
		}
		if (message.version != wire::linkProtocolVersion) {
			refused(wire::unsupportedVersion(message.version));
			return;
		}
		if (message.heartbeatMs != 0)
			connection->setHeartbeat(std::chrono::milliseconds(message.heartbeatMs));
		state = State::Up;
		backoff = config.minBackoff;
		lastError.clear();
		{
			std::lock_guard lock(mutex);
			lastErrorShared.clear();
		}
		std::map<SubscriptionId, Subscription> subs;
		{
			std::lock_guard lock(mutex);
			subs = subscriptions;
		}
		for (const auto &[id, sub] : subs)
			sendSubscribe(id, sub.dn);
		/* Then a DumpState. The switch handles a link's frames in order and runs
		 * subscriptions and requests on one executor, so its answer means the
		 * subscriptions are in place: only then is the link announced (before,
		 * another front end's request could reach the switch first and its events
		 * miss this one). The answer also tells the switch's clock. */
		syncId = nextId++;
		connection->sendFrame(wire::binaryControlFrame(syncId, ControlRequest(ctl::DumpState{})));
	}

	/// The answer to the welcome's DumpState: the link is usable.
	void synchronized()
	{
		syncId = 0;
		{
			std::lock_guard lock(mutex);
			up = true;
			++connectionCount;
		}
		log::info("link", "linked to the switch at {}:{}", config.host, config.port);
		announce(EventType::LinkConnected, {});
		linkChanged.notify_all();
	}

	/// Subscribes on the link to dn's events, unless a subscription with that filter is there.
	void sendSubscribe(SubscriptionId id, const std::optional<Dn> &dn)
	{
		if (!onLink.emplace(dn, id).second)
			return;
		filterOnLink.emplace(id, dn);
		connection->sendFrame(
			wire::binarySubscribeFrame(id, dn ? std::optional<std::string>(*dn) : std::nullopt));
	}

	/// Sends a request's frame (any thread) under its id and keeps its handler in
	/// waiting until the answer comes; refused at once while the link is down.
	template <typename Result, typename Handler>
	void send(std::uint64_t id, std::string frame, std::map<std::uint64_t, Handler> &waiting, Handler onResult)
	{
		net::post(strand, [self = shared_from_this(), id, &waiting, frame = std::move(frame),
				   onResult = std::move(onResult)]() mutable {
			if (self->state != State::Up) {
				self->core.post(
					[onResult = std::move(onResult),
					 r = noSwitch<Result>(self->lastError)]() mutable { onResult(std::move(r)); });
				return;
			}
			waiting.emplace(id, std::move(onResult));
			self->connection->sendFrame(std::move(frame));
		});
	}

	/// Hands the answer of request id to its handler on core; a body that could not
	/// be decoded still ends the request (with an internal error), never silently.
	template <typename Result, typename Handler>
	void answer(std::map<std::uint64_t, Handler> &waiting, std::uint64_t id, std::optional<Result> decoded,
		    const std::string &error)
	{
		auto it = waiting.find(id);
		if (it == waiting.end()) {
			log::warn("link", "answer to unknown request {} ignored", id);
			return;
		}
		Handler handler = std::move(it->second);
		waiting.erase(it);
		Result r;
		if (decoded) {
			r = std::move(*decoded);
		} else {
			r.errorCode = terr::Internal;
			r.errorMessage = "Malformed answer from the switch: " + error;
		}
		core.post([handler = std::move(handler), r = std::move(r)]() mutable { handler(std::move(r)); });
	}

	void event(std::uint64_t id, std::string_view body)
	{
		std::string error;
		std::optional<Event> decoded = wire::eventFromBinary(body, calls, &error);
		if (!decoded) {
			/* The call references of later events could not be trusted any more. */
			connection->close("malformed event from the switch: " + error);
			return;
		}
		clock.observeEventTime(decoded->time);
		auto filter = filterOnLink.find(id);
		if (filter == filterOnLink.end())
			return; /* unsubscribed on the link since */
		deliverToFilter(filter->second, std::make_shared<const Event>(std::move(*decoded)));
	}

	void onClosed(const std::string &reason)
	{
		/* Announced (synchronized) links only: one lost before the DumpState answer
		 * was never reported as connected. */
		bool wasUp = false;
		connection.reset();
		calls.clear();
		onLink.clear();
		filterOnLink.clear();
		syncId = 0;
		{
			std::lock_guard lock(mutex);
			wasUp = up;
			up = false;
		}
		linkChanged.notify_all();
		if (wasUp) {
			log::warn("link", "lost the switch at {}:{}: {}", config.host, config.port, reason);
			/* Events before results, as the Backend contract has it. */
			announce(EventType::LinkDisconnected, reason);
		}
		failInFlight(reason);
		if (state == State::Stopped)
			return;
		if (wasUp)
			backoff = config.minBackoff;
		retry(reason);
	}

	void failInFlight(const std::string &reason)
	{
		const std::string why = "the link was lost before the result came: " + reason;
		failAll<RequestResult>(pending, why);
		failAll<ControlResult>(pendingControl, why);
	}

	template <typename Result, typename Handler>
	void failAll(std::map<std::uint64_t, Handler> &waiting, const std::string &why)
	{
		auto failed = std::exchange(waiting, {});
		for (auto &[id, handler] : failed)
			core.post([handler = std::move(handler), r = noSwitch<Result>(why)]() mutable {
				handler(std::move(r));
			});
	}

	void stop()
	{
		State was = state;
		state = State::Stopped;
		retryTimer.cancel();
		resolver.cancel();
		if (connection)
			connection->close("the front end is stopping");
		else if (was != State::Stopped)
			failInFlight("the front end is stopping");
	}
};

RemoteBackend::RemoteBackend(net::io_context &io, Executor &core, RemoteBackendConfig config)
    : impl_(std::make_shared<Impl>(io, core, std::move(config)))
{
}

RemoteBackend::~RemoteBackend()
{
	stop();
	/* The sinks belong to the caller: nothing may reach them from now on. */
	std::lock_guard lock(impl_->mutex);
	impl_->subscriptions.clear();
}

void RemoteBackend::start()
{
	net::post(impl_->strand, [self = impl_] {
		if (self->state == Impl::State::Idle)
			self->connect();
	});
}

void RemoteBackend::stop()
{
	net::post(impl_->strand, [self = impl_] { self->stop(); });
}

bool RemoteBackend::waitUntilConnected(std::chrono::milliseconds timeout) const
{
	std::unique_lock lock(impl_->mutex);
	return impl_->linkChanged.wait_for(lock, timeout, [this] { return impl_->up; });
}

bool RemoteBackend::connected() const
{
	std::lock_guard lock(impl_->mutex);
	return impl_->up;
}

std::string RemoteBackend::lastError() const
{
	std::lock_guard lock(impl_->mutex);
	return impl_->lastErrorShared;
}

const SwitchClock &RemoteBackend::clock() const
{
	return impl_->clock;
}

std::uint64_t RemoteBackend::connections() const
{
	std::lock_guard lock(impl_->mutex);
	return impl_->connectionCount;
}

void RemoteBackend::submit(Request request, ResultHandler onResult)
{
	/* Encoded here, on the caller's thread, to keep the link strand short. */
	const std::uint64_t id = impl_->nextId++;
	impl_->send<RequestResult>(id, wire::binarySubmitFrame(id, request), impl_->pending, std::move(onResult));
}

void RemoteBackend::control(ControlRequest request, ControlHandler onResult)
{
	const std::uint64_t id = impl_->nextId++;
	impl_->send<ControlResult>(id, wire::binaryControlFrame(id, request), impl_->pendingControl,
				   std::move(onResult));
}

Backend::SubscriptionId RemoteBackend::subscribe(EventSink &sink, std::optional<Dn> dn)
{
	SubscriptionId id;
	{
		std::lock_guard lock(impl_->mutex);
		id = impl_->nextSubscription++;
		impl_->subscriptions[id] = Impl::Subscription{&sink, dn};
	}
	net::post(impl_->strand, [self = impl_, id, dn = std::move(dn)] {
		bool stillWanted;
		{
			std::lock_guard lock(self->mutex);
			stillWanted = self->subscriptions.count(id) != 0;
		}
		if (self->state == Impl::State::Up && stillWanted)
			self->sendSubscribe(id, dn);
	});
	return id;
}

void RemoteBackend::unsubscribe(SubscriptionId id)
{
	std::optional<Dn> filter;
	{
		std::lock_guard lock(impl_->mutex);
		auto it = impl_->subscriptions.find(id);
		if (it == impl_->subscriptions.end())
			return;
		filter = it->second.dn;
		impl_->subscriptions.erase(it);
	}
	/* The link's subscription for that filter goes when no local one needs it. */
	net::post(impl_->strand, [self = impl_, filter = std::move(filter)] {
		auto it = self->onLink.find(filter);
		if (it == self->onLink.end() || self->state != Impl::State::Up)
			return;
		{
			std::lock_guard lock(self->mutex);
			for (const auto &[other, sub] : self->subscriptions)
				if (sub.dn == filter)
					return;
		}
		self->connection->sendFrame(wire::binaryUnsubscribeFrame(it->second));
		self->filterOnLink.erase(it->second);
		self->onLink.erase(it);
	});
}

} /* namespace ctisim::link */
