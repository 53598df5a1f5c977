/* SPDX-License-Identifier: MIT */
/*
 * SwitchServer: accepts front ends on the switch link, checks their hello,
 * and turns their frames into Backend and SwitchControl calls; results and
 * events go back on the same connection, in the order the switch produced them.
 */
#include "ctisim/link/switch_server.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <variant>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <fmt/format.h>

#include "ctisim/constant_time.h"
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

namespace {

/// The call snapshots a link's events carried, shared by the link's
/// subscriptions: the events of one switch step share one snapshot, which is
/// then sent once (wire::CallCache). The lock keeps the choice and the frame's
/// place in the queue together.
struct LinkEvents {
	std::mutex mutex;
	wire::CallCache sent;
};

/// Forwards the events of one subscription to the link it came from.
struct ForwardSink final : EventSink {
	std::weak_ptr<link::LinkConnection> connection;
	std::shared_ptr<LinkEvents> events;
	std::uint64_t wireId = 0;
	Backend::SubscriptionId backendId = 0; ///< set and read on the switch executor

	void onEvent(const Event &event) override
	{
		auto c = connection.lock();
		if (!c || c->closed())
			return;
		std::lock_guard lock(events->mutex);
		c->sendFrame(wire::binaryEventFrame(wireId, event, events->sent));
	}
};

/// One front end's connection: its handshake state and subscriptions (strand only).
struct ServerLink : std::enable_shared_from_this<ServerLink> {
	std::shared_ptr<link::LinkConnection> connection;
	/// Set on the link's strand; read from the switch executor when a reset is announced.
	std::atomic<bool> welcomed{false};
	std::map<std::uint64_t, std::shared_ptr<ForwardSink>> subscriptions;
	std::shared_ptr<LinkEvents> events = std::make_shared<LinkEvents>();
};

} /* namespace */

struct SwitchServer::Impl : std::enable_shared_from_this<Impl> {
	net::io_context &io;
	Backend &backend;
	SwitchControl &control;
	Executor &switchExecutor;
	SwitchServerConfig config;
	tcp::acceptor acceptor;
	std::atomic<std::uint16_t> boundPort{0};
	std::atomic<std::size_t> links{0};

	std::mutex mutex;
	std::set<std::shared_ptr<ServerLink>> open; ///< for stop()
	bool stopped = false;

	Impl(net::io_context &i, Backend &b, SwitchControl &c, Executor &e, SwitchServerConfig cfg)
	    : io(i), backend(b), control(c), switchExecutor(e), config(std::move(cfg)), acceptor(net::make_strand(i))
	{
	}

	void accept()
	{
		acceptor.async_accept(
			net::make_strand(io),
			[self = shared_from_this()](const boost::system::error_code &ec, tcp::socket socket) {
				if (ec == net::error::operation_aborted)
					return;
				if (!ec)
					self->adopt(std::move(socket));
				{
					std::lock_guard lock(self->mutex);
					if (self->stopped)
						return;
				}
				self->accept();
			});
	}

	void adopt(tcp::socket socket)
	{
		link::Strand strand(socket.get_executor());
		auto serverLink = std::make_shared<ServerLink>();
		serverLink->connection = std::make_shared<link::LinkConnection>(std::move(socket), strand);
		{
			std::lock_guard lock(mutex);
			if (stopped)
				return;
			open.insert(serverLink);
		}
		std::weak_ptr<Impl> weak = weak_from_this();
		net::post(strand, [weak, serverLink] {
			/* Until the hello says otherwise, a silent peer is dropped after 3 s. */
			serverLink->connection->start(
				std::chrono::milliseconds(1000),
				[weak, serverLink](std::string_view payload) {
					if (auto self = weak.lock())
						self->onPayload(*serverLink, payload);
				},
				[weak, serverLink](std::string reason) {
					if (auto self = weak.lock())
						self->onClosed(serverLink, reason);
				});
		});
	}

	void refuse(ServerLink &l, std::string reason)
	{
		log::warn("switch", "refusing a front end: {}", reason);
		LinkMessage refused;
		refused.type = LinkMessageType::Refused;
		refused.reason = reason;
		l.connection->send(refused);
		l.connection->closeWhenFlushed(std::move(reason));
	}

	void onPayload(ServerLink &l, std::string_view payload)
	{
		std::string error;
		if (wire::isBinaryPayload(payload)) {
			std::optional<wire::BinaryMessage> message = wire::decodeBinaryMessage(payload, &error);
			if (!message) {
				refuse(l, "malformed message: " + error);
				return;
			}
			if (!l.welcomed) {
				refuse(l, std::string("expected a hello of protocol ") + wire::linkProtocolName);
				return;
			}
			switch (message->type) {
			case LinkMessageType::Submit: submit(l, message->id, message->body); break;
			case LinkMessageType::Control: controlRequest(l, message->id, message->body); break;
			case LinkMessageType::Subscribe: subscribe(l, message->id, message->body); break;
			case LinkMessageType::Unsubscribe: unsubscribe(l, message->id); break;
			default: refuse(l, std::string("unexpected \"") + wire::toString(message->type) + "\""); break;
			}
			return;
		}
		/* JSON: the handshake and heartbeats only. */
		std::optional<LinkMessage> message = wire::decodeLinkMessage(payload, &error);
		if (!message) {
			refuse(l, "malformed message: " + error);
			return;
		}
		if (message->type == LinkMessageType::Heartbeat)
			return;
		if (!l.welcomed) {
			hello(l, *message);
			return;
		}
		refuse(l, std::string("unexpected \"") + wire::toString(message->type) + "\" in JSON (protocol " +
				  std::to_string(wire::linkProtocolVersion) + " sends it binary)");
	}

	void hello(ServerLink &l, const LinkMessage &message)
	{
		if (message.type != LinkMessageType::Hello || message.protocol != wire::linkProtocolName) {
			refuse(l, std::string("expected a hello of protocol ") + wire::linkProtocolName);
			return;
		}
		if (message.version != wire::linkProtocolVersion) {
			refuse(l, wire::unsupportedVersion(message.version));
			return;
		}
		/* Both compared in full, in constant time, like the control credentials. */
		if (!config.token.empty() && !constantTimeEquals(message.token, config.token)) {
			log::warn("switch", "refused a front end: {} link token",
				  message.token.empty() ? "no" : "a wrong");
			refuse(l, message.token.empty()
					  ? "this switch needs a link token (--link-token or CTISIM_LINK_TOKEN)"
					  : "wrong link token");
			return;
		}
		auto heartbeat = std::clamp(std::chrono::milliseconds(message.heartbeatMs), config.minHeartbeat,
					    config.maxHeartbeat);
		l.connection->setHeartbeat(heartbeat);
		l.welcomed = true;
		++links;
		LinkMessage welcome;
		welcome.type = LinkMessageType::Welcome;
		welcome.version = wire::linkProtocolVersion;
		welcome.heartbeatMs = static_cast<std::uint32_t>(heartbeat.count());
		l.connection->send(welcome);
		log::info("switch", "front end linked (heartbeat {} ms)", heartbeat.count());
	}

	/// Decodes a request, runs it with run(request, answer) and sends its result
	/// back under id. A request that cannot be decoded is answered with
	/// TERR_BAD_PARAMETER, never dropped: the front end waits for every id it sent.
	template <typename Result, typename Req, typename Run>
	void serve(ServerLink &l, std::uint64_t id, std::string_view body,
		   std::string (*encode)(std::uint64_t, const Result &),
		   std::optional<Req> (*decode)(std::string_view, std::string *), Run run)
	{
		std::weak_ptr<link::LinkConnection> connection = l.connection;
		auto answer = [connection, id, encode](Result result) {
			if (auto c = connection.lock())
				c->sendFrame(encode(id, result));
		};
		std::string error;
		std::optional<Req> request = decode(body, &error);
		if (!request) {
			Result result;
			result.errorCode = terr::BadParameter;
			result.errorMessage = "Malformed request on the switch link: " + error;
			answer(std::move(result));
			return;
		}
		run(std::move(*request), std::move(answer));
	}

	void submit(ServerLink &l, std::uint64_t id, std::string_view body)
	{
		serve<RequestResult>(
			l, id, body, &wire::binaryResultFrame, &wire::requestFromBinary,
			[this](Request request, auto answer) { backend.submit(std::move(request), answer); });
	}

	void controlRequest(ServerLink &l, std::uint64_t id, std::string_view body)
	{
		serve<ControlResult>(
			l, id, body, &wire::binaryControlResultFrame, &wire::controlRequestFromBinary,
			[this, from = l.connection.get()](ControlRequest request, auto answer) {
				bool reset = std::holds_alternative<ctl::Reset>(request);
				bool movesClock = reset || std::holds_alternative<ctl::SetClock>(request) ||
						  std::holds_alternative<ctl::AdvanceClock>(request);
				control.control(std::move(request), [self = shared_from_this(), from, reset, movesClock,
								     answer](ControlResult result) {
					if (movesClock && result.ok())
						self->announce(from, reset, result.state);
					answer(std::move(result));
				});
			});
	}

	/// Tells every other front end what a control request changed under it: a reset
	/// (it drops its view of the calls and reloads, as after a T-Server restart) and the
	/// switch's clock (the front end's durations and timestamps follow it; the front end
	/// that asked learns both from its result). Runs on the switch executor, after the
	/// change and before any later event: the frames keep that order.
	void announce(const link::LinkConnection *from, bool reset, const SwitchState &state)
	{
		std::set<std::shared_ptr<ServerLink>> links;
		{
			std::lock_guard lock(mutex);
			links = open;
		}
		const std::string resetFrame = wire::binarySwitchResetFrame();
		const std::string clockFrame = wire::binaryClockFrame({state.now, state.virtualClock});
		for (const auto &l : links) {
			if (l->connection.get() == from || !l->welcomed || l->connection->closed())
				continue;
			if (reset)
				l->connection->sendFrame(resetFrame);
			l->connection->sendFrame(clockFrame);
		}
	}

	void subscribe(ServerLink &l, std::uint64_t id, std::string_view body)
	{
		std::string error;
		std::optional<std::optional<std::string>> decoded = wire::subscribeFromBinary(body, &error);
		if (!decoded) {
			refuse(l, "malformed subscribe: " + error);
			return;
		}
		std::optional<std::string> dn = std::move(*decoded);
		if (l.subscriptions.count(id) != 0)
			return; /* already: never deliver an event twice */
		auto sink = std::make_shared<ForwardSink>();
		sink->connection = l.connection;
		sink->events = l.events;
		sink->wireId = id;
		l.subscriptions[id] = sink;
		/* On the switch executor, so that it is in place before any request sent after it. */
		switchExecutor.post([self = shared_from_this(), sink, dn = std::move(dn)]() mutable {
			std::optional<Dn> target;
			if (dn)
				target = Dn(std::move(*dn));
			sink->backendId = self->backend.subscribe(*sink, std::move(target));
		});
	}

	void release(std::shared_ptr<ForwardSink> sink)
	{
		/* The executor delivers events: unsubscribing there means none is being
		 * delivered to sink right now; the task keeps sink alive until then. */
		switchExecutor.post([self = shared_from_this(), sink] {
			if (sink->backendId != 0)
				self->backend.unsubscribe(sink->backendId);
		});
	}

	void unsubscribe(ServerLink &l, std::uint64_t id)
	{
		auto it = l.subscriptions.find(id);
		if (it == l.subscriptions.end())
			return;
		release(std::move(it->second));
		l.subscriptions.erase(it);
	}

	void onClosed(const std::shared_ptr<ServerLink> &l, const std::string &reason)
	{
		if (l->welcomed) {
			--links;
			log::info("switch", "front end link closed: {}", reason);
		}
		for (auto &[id, sink] : l->subscriptions)
			release(sink);
		l->subscriptions.clear();
		std::lock_guard lock(mutex);
		open.erase(l);
	}
};

SwitchServer::SwitchServer(net::io_context &io, Backend &backend, SwitchControl &control, Executor &switchExecutor,
			   SwitchServerConfig config)
    : impl_(std::make_shared<Impl>(io, backend, control, switchExecutor, std::move(config)))
{
}

SwitchServer::~SwitchServer()
{
	stop();
}

std::optional<std::string> SwitchServer::start()
{
	Impl &d = *impl_;
	boost::system::error_code ec;
	auto address = net::ip::make_address(d.config.address, ec);
	if (ec)
		return "bad address '" + d.config.address + "': " + ec.message();
	tcp::endpoint endpoint(address, d.config.port);
	d.acceptor.open(endpoint.protocol(), ec);
	if (!ec)
		d.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
	if (!ec)
		d.acceptor.bind(endpoint, ec);
	if (!ec)
		d.acceptor.listen(net::socket_base::max_listen_connections, ec);
	if (ec)
		return "cannot listen on " + d.config.address + ":" + std::to_string(d.config.port) + ": " +
		       ec.message();
	d.boundPort = d.acceptor.local_endpoint().port();
	net::post(d.acceptor.get_executor(), [self = impl_] { self->accept(); });
	return std::nullopt;
}

std::uint16_t SwitchServer::port() const
{
	return impl_->boundPort;
}

void SwitchServer::stop()
{
	std::set<std::shared_ptr<ServerLink>> open;
	{
		std::lock_guard lock(impl_->mutex);
		if (impl_->stopped)
			return;
		impl_->stopped = true;
		open = impl_->open;
	}
	net::post(impl_->acceptor.get_executor(), [self = impl_] {
		boost::system::error_code ignored;
		self->acceptor.close(ignored);
	});
	for (const auto &l : open)
		l->connection->close("the switch is stopping");
}

std::size_t SwitchServer::linkCount() const
{
	return impl_->links;
}

bool SwitchServer::drained() const
{
	std::lock_guard lock(impl_->mutex);
	return impl_->open.empty();
}

} /* namespace ctisim::link */
