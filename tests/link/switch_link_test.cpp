/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/link/switch_server.h"

#include <algorithm>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <doctest/doctest.h>

#include "ctisim/api/sandbox_config.h"
#include "ctisim/clock.h"
#include "ctisim/link/asio_executor.h"
#include "ctisim/link/remote_backend.h"
#include "ctisim/sim/sim_backend.h"
#include "ctisim/tserver_error.h"
#include "ctisim/wire/frame.h"
#include "ctisim/wire/link_binary.h"
#include "ctisim/wire/link_message.h"

using namespace ctisim;
using namespace ctisim::api;
using namespace ctisim::link;
namespace net = boost::asio;
using namespace std::chrono_literals;

namespace {

/* Generous: only a broken link makes a test wait this long. */
constexpr auto patience = 20s;

/// Records events (delivered on the front end's core) for another thread to wait on.
class Recorder final : public EventSink
{
public:
	void onEvent(const Event &event) override
	{
		std::lock_guard lock(mutex_);
		events_.push_back(event);
		changed_.notify_all();
	}
	/// Waits until an event of this type has arrived (after the first `from` events).
	bool waitFor(EventType type, std::size_t from = 0)
	{
		std::unique_lock lock(mutex_);
		return changed_.wait_for(lock, patience, [&] {
			for (std::size_t i = from; i < events_.size(); ++i)
				if (events_[i].type == type)
					return true;
			return false;
		});
	}
	std::vector<Event> events() const
	{
		std::lock_guard lock(mutex_);
		return events_;
	}
	std::size_t count(EventType type) const
	{
		std::lock_guard lock(mutex_);
		std::size_t n = 0;
		for (const Event &e : events_)
			n += e.type == type ? 1 : 0;
		return n;
	}

private:
	mutable std::mutex mutex_;
	std::condition_variable changed_;
	std::vector<Event> events_;
};

/// A switch that keeps every request and never answers it (a result lost on the way).
class SilentSwitch final : public Backend, public SwitchControl
{
public:
	void submit(Request, ResultHandler onResult) override
	{
		std::lock_guard lock(mutex_);
		held_.push_back(std::move(onResult));
		changed_.notify_all();
	}
	SubscriptionId subscribe(EventSink &, std::optional<Dn>) override { return 1; }
	void unsubscribe(SubscriptionId) override {}
	/* Control requests are answered: a front end's link is usable once its DumpState is. */
	void control(ControlRequest, ControlHandler onResult) override { onResult(ControlResult{}); }
	bool waitForRequests(std::size_t n)
	{
		std::unique_lock lock(mutex_);
		return changed_.wait_for(lock, patience, [&] { return held_.size() >= n; });
	}

private:
	std::mutex mutex_;
	std::condition_variable changed_;
	std::vector<ResultHandler> held_;
};

/// An io_context on two threads, stopped and joined at the end of the test.
struct Network {
	net::io_context io{2};
	net::executor_work_guard<net::io_context::executor_type> work{io.get_executor()};
	std::vector<std::thread> threads;
	Network()
	{
		for (int i = 0; i < 2; ++i)
			threads.emplace_back([this] { io.run(); });
	}
	~Network()
	{
		work.reset();
		/* Let closing links finish their handlers before the threads go. */
		std::promise<void> drained;
		net::post(io, [&] { drained.set_value(); });
		drained.get_future().wait_for(2s);
		io.stop();
		for (std::thread &t : threads)
			t.join();
	}
};

SwitchServerConfig serverConfig(std::uint16_t port, std::string token = {})
{
	SwitchServerConfig config{"127.0.0.1", port};
	config.token = std::move(token);
	return config;
}

RemoteBackendConfig frontEndConfig(std::uint16_t port, std::chrono::milliseconds heartbeat, std::string token = {})
{
	RemoteBackendConfig config{"127.0.0.1", port, heartbeat, 20ms, 200ms};
	config.token = std::move(token);
	return config;
}

/// One simulated switch served on a free port (or a given one, to restart it).
struct SharedSwitch {
	VirtualClock clock{1'767'225'600'000};
	AsioExecutor core;
	sim::SimBackend backend;
	SwitchServer server;
	SharedSwitch(net::io_context &io, std::uint16_t port = 0, std::string token = {})
	    : core(io), backend(defaultSandboxConfig().switchConfig, clock, core),
	      server(io, backend, backend, core, serverConfig(port, std::move(token)))
	{
		auto error = server.start();
		REQUIRE_MESSAGE(!error, *error);
	}
	~SharedSwitch()
	{
		server.stop();
		/* The links close on the network threads, then queue their unsubscriptions
		 * on the switch's strand: wait for both before the backend goes. */
		for (int i = 0; i < 2000 && !server.drained(); ++i)
			std::this_thread::sleep_for(1ms);
		std::promise<void> drained;
		core.post([&] { drained.set_value(); });
		drained.get_future().wait_for(2s);
	}
};

/// A front end's end of the link, with its own core strand.
struct FrontEnd {
	AsioExecutor core;
	/* Before remote: a sink must outlive the backend that delivers to it. */
	Recorder all;
	RemoteBackend remote;
	FrontEnd(net::io_context &io, std::uint16_t port, std::chrono::milliseconds heartbeat = 100ms,
		 std::string token = {})
	    : core(io), remote(io, core, frontEndConfig(port, heartbeat, std::move(token)))
	{
		remote.subscribe(all);
		remote.start();
	}
	~FrontEnd()
	{
		/* The link's close is announced to the sinks on core (EventLinkDisconnected):
		 * let that happen, and every task already on core finish, before the sinks go. */
		remote.stop();
		for (int i = 0; i < 2000 && remote.connected(); ++i)
			std::this_thread::sleep_for(1ms);
		for (int round = 0; round < 2; ++round) {
			std::promise<void> drained;
			core.post([&drained] { drained.set_value(); });
			drained.get_future().wait_for(2s);
		}
	}

	RequestResult submit(Request request)
	{
		std::promise<RequestResult> result;
		remote.submit(std::move(request), [&result](RequestResult r) { result.set_value(std::move(r)); });
		auto future = result.get_future();
		REQUIRE(future.wait_for(patience) == std::future_status::ready);
		return future.get();
	}
	ControlResult control(ControlRequest request)
	{
		std::promise<ControlResult> result;
		remote.control(std::move(request), [&result](ControlResult r) { result.set_value(std::move(r)); });
		auto future = result.get_future();
		REQUIRE(future.wait_for(patience) == std::future_status::ready);
		return future.get();
	}
};

/// One switch and two linked front ends, a and b.
struct TwoFrontEnds {
	Network network;
	SharedSwitch sw{network.io};
	FrontEnd a{network.io, sw.server.port()};
	FrontEnd b{network.io, sw.server.port()};
	TwoFrontEnds()
	{
		REQUIRE(a.remote.waitUntilConnected(patience));
		REQUIRE(b.remote.waitUntilConnected(patience));
		REQUIRE(a.all.waitFor(EventType::LinkConnected));
		REQUIRE(b.all.waitFor(EventType::LinkConnected));
	}
};

/// A raw client, to speak the protocol badly on purpose.
struct RawClient {
	net::io_context io;
	net::ip::tcp::socket socket{io};
	explicit RawClient(std::uint16_t port) { socket.connect({net::ip::make_address("127.0.0.1"), port}); }
	void send(const wire::LinkMessage &message)
	{
		net::write(socket, net::buffer(wire::encodeFrame(wire::encodeLinkMessage(message))));
	}
	/// A whole frame, its length prefix included (link_binary.h builds them so).
	void sendFrame(const std::string &frame) { net::write(socket, net::buffer(frame)); }
	/// The next payload that is not a heartbeat; nullopt when the peer closed the link.
	std::optional<std::string> receivePayload()
	{
		for (;;) {
			std::optional<std::string> payload = readPayload(socket);
			if (!payload || wire::isBinaryPayload(*payload))
				return payload;
			std::string error;
			auto message = wire::decodeLinkMessage(*payload, &error);
			REQUIRE_MESSAGE(message, error);
			if (message->type != wire::LinkMessageType::Heartbeat)
				return payload;
		}
	}
	/// The next JSON message that is not a heartbeat; nullopt when the peer closed the link.
	std::optional<wire::LinkMessage> receive()
	{
		std::optional<std::string> payload = receivePayload();
		if (!payload)
			return std::nullopt;
		std::string error;
		auto message = wire::decodeLinkMessage(*payload, &error);
		REQUIRE_MESSAGE(message, error);
		return message;
	}
	/// The next binary message that is not a heartbeat, with its payload.
	std::optional<wire::BinaryMessage> receiveBinary(std::string &payload)
	{
		std::optional<std::string> received = receivePayload();
		if (!received)
			return std::nullopt;
		payload = std::move(*received);
		std::string error;
		auto message = wire::decodeBinaryMessage(payload, &error);
		REQUIRE_MESSAGE(message, error);
		return message;
	}

	static std::optional<std::string> readPayload(net::ip::tcp::socket &socket)
	{
		unsigned char head[4];
		boost::system::error_code ec;
		net::read(socket, net::buffer(head), ec);
		if (ec)
			return std::nullopt;
		std::string payload((std::size_t{head[0]} << 24) | (std::size_t{head[1]} << 16) |
					    (std::size_t{head[2]} << 8) | head[3],
				    '\0');
		net::read(socket, net::buffer(payload), ec);
		if (ec)
			return std::nullopt;
		return payload;
	}
};

/// A switch of another version, as a front end meets it: it reads the hello and
/// answers it with `answer` (a JSON message), then keeps the connection open
/// until the front end closes it.
struct OtherVersionSwitch {
	net::io_context io;
	net::ip::tcp::acceptor acceptor{io, {net::ip::make_address("127.0.0.1"), 0}};
	std::thread thread;
	std::promise<wire::LinkMessage> hello;

	explicit OtherVersionSwitch(wire::LinkMessage answer)
	{
		thread = std::thread([this, answer = std::move(answer)] {
			net::ip::tcp::socket socket(io);
			acceptor.accept(socket);
			std::optional<std::string> payload = RawClient::readPayload(socket);
			std::optional<wire::LinkMessage> message;
			if (payload)
				message = wire::decodeLinkMessage(*payload);
			hello.set_value(message.value_or(wire::LinkMessage{}));
			net::write(socket, net::buffer(wire::encodeFrame(wire::encodeLinkMessage(answer))));
			while (RawClient::readPayload(socket)) {
			}
		});
	}
	~OtherVersionSwitch() { thread.join(); }
	std::uint16_t port() const { return acceptor.local_endpoint().port(); }
};

wire::LinkMessage hello(int version, std::uint32_t heartbeatMs = 1000)
{
	wire::LinkMessage m;
	m.type = wire::LinkMessageType::Hello;
	m.protocol = wire::linkProtocolName;
	m.version = version;
	m.heartbeatMs = heartbeatMs;
	return m;
}

} /* namespace */

TEST_CASE("switch link: results and events cross the link, events before their result")
{
	Network network;
	SharedSwitch sw(network.io);
	FrontEnd front(network.io, sw.server.port());
	REQUIRE(front.remote.waitUntilConnected(patience));
	REQUIRE(front.all.waitFor(EventType::LinkConnected));

	RequestResult login = front.submit(req::AgentLogin{"15000", "agent15000", "", WorkMode::ManualIn});
	CHECK(login.errorCode == 0);
	CHECK(login.referenceId != 0);
	/* Delivered on the same core as the result, and before it. */
	CHECK(front.all.count(EventType::AgentLogin) == 1);

	RequestResult call = front.submit(req::MakeCall{"15000", "15001", "", {}});
	REQUIRE(call.errorCode == 0);
	CHECK_FALSE(call.newConnId.isNull());
	std::vector<Event> events = front.all.events();
	bool dialing = false, ringing = false;
	for (const Event &e : events) {
		if (e.type == EventType::Dialing && e.thisDn == "15000" && e.connId == call.newConnId) {
			dialing = true;
			CHECK(e.referenceId == call.referenceId);
			REQUIRE(e.call);
		}
		if (e.type == EventType::Ringing && e.thisDn == "15001")
			ringing = true;
	}
	CHECK(dialing);
	CHECK(ringing);

	RequestResult query = front.submit(req::QueryAddress{"15000"});
	REQUIRE(query.dn);
	CHECK(query.calls.size() == 1);

	/* Errors travel as results, with the T-Server code. */
	RequestResult bad = front.submit(req::AnswerCall{{"15000", ConnId(0x1234)}});
	CHECK(bad.errorCode == terr::InvalidConnId);
}

TEST_CASE("switch link: redirect, reconnect, merge and user events cross the link with their fields")
{
	Network network;
	SharedSwitch sw(network.io);
	FrontEnd front(network.io, sw.server.port());
	REQUIRE(front.remote.waitUntilConnected(patience));
	REQUIRE(front.all.waitFor(EventType::LinkConnected));

	REQUIRE(front.submit(req::AgentLogin{"15001", "agent15001", "", WorkMode::ManualIn}).errorCode == 0);
	RequestResult call = front.submit(req::MakeCall{"15000", "15001", "", {}});
	REQUIRE(call.errorCode == 0);
	std::size_t before = front.all.events().size();
	RequestResult redirect = front.submit(req::RedirectCall{"15001", call.newConnId, "15002"});
	REQUIRE(redirect.errorCode == 0);
	std::vector<Event> events = front.all.events();
	REQUIRE(events.size() > before + 1);
	CHECK((events[before].type == EventType::Released));
	CHECK((events[before].callState == CallState::Redirected));
	CHECK(events[before].thirdPartyDn == "15002");
	CHECK(events[before].referenceId == redirect.referenceId);
	CHECK((events[before + 1].type == EventType::Ringing));
	CHECK(events[before + 1].thisDn == "15002");

	UserData data{{"Disposition", std::string("Sale")}, {"Attempts", std::int64_t{2}}};
	RequestResult user = front.submit(req::SendUserEvent{"15000", call.newConnId, "uuid-1", data});
	REQUIRE(user.errorCode == 0);
	const Event last = front.all.events().back();
	CHECK((last.type == EventType::UserEvent));
	CHECK(last.userData == data);
	CHECK(last.callUuid == "uuid-1");
	CHECK(last.connId == call.newConnId);

	/* Refusals travel as results with the T-Server code. */
	CHECK(front.submit(req::ReconnectCall{{"15000", ConnId(0x1234), call.newConnId}}).errorCode ==
	      terr::InvalidConnId);
	CHECK(front.submit(req::MergeCalls{{"15000", call.newConnId, call.newConnId}, MergeType::ForConference})
		      .errorCode == terr::CannotCompleteConference);
}

TEST_CASE("switch link: subscribers of the same DNs share the link's events, each call snapshot intact")
{
	Network network;
	SharedSwitch sw(network.io);
	Recorder second; /* outlives front, which delivers to it */
	FrontEnd front(network.io, sw.server.port());
	Backend::SubscriptionId secondId = front.remote.subscribe(second);
	REQUIRE(front.remote.waitUntilConnected(patience));
	REQUIRE(front.all.waitFor(EventType::LinkConnected));
	REQUIRE(front.submit(req::QueryAddress{"15000"}).ok());

	/* External numbers answer at once; the conference step's events share one snapshot. */
	RequestResult call = front.submit(req::MakeCall{"15000", "9000000", "", {}});
	REQUIRE(call.ok());
	REQUIRE(front.submit(req::SingleStepConference{{"15000", call.newConnId, "9000001", "", {}}}).ok());
	/* Both subscribers got every switch event, once, in the same order (the link's own
	 * LinkConnected may come before the second subscription). */
	auto switchEvents = [](std::vector<Event> events) {
		std::erase_if(events, [](const Event &e) { return e.type == EventType::LinkConnected; });
		return events;
	};
	std::vector<Event> mine = switchEvents(front.all.events()), theirs = switchEvents(second.events());
	REQUIRE(mine.size() == theirs.size());
	for (std::size_t i = 0; i < mine.size(); ++i) {
		CHECK(mine[i].sequence == theirs[i].sequence);
		CHECK((mine[i].type == theirs[i].type));
	}
	/* Each event's call is the call as that event left it: the events of a step share
	 * one snapshot on the link (a reference, wire::CallCache), and the last one is the
	 * switch's call now. */
	ControlResult state = front.control(ctl::DumpState{});
	REQUIRE(state.state.calls.size() == 1);
	const Event *last = nullptr;
	std::size_t withCall = 0;
	for (const Event &e : mine) {
		if (e.connId != call.newConnId)
			continue;
		REQUIRE(e.call);
		++withCall;
		CHECK(e.call->connId == call.newConnId);
		if (e.type == EventType::PartyAdded) {
			REQUIRE(e.call->party("9000001"));
			CHECK((e.call->party("9000001")->state == PartyState::Established));
		}
		last = &e;
	}
	CHECK(withCall >= 4);
	REQUIRE(last);
	CHECK(*last->call == state.state.calls.front());

	/* One subscriber leaves; the other still gets the events. */
	front.remote.unsubscribe(secondId);
	std::size_t before = second.events().size();
	std::size_t allBefore = front.all.events().size();
	REQUIRE(front.submit(req::ReleaseCall{{"15000", call.newConnId}}).ok());
	REQUIRE(front.all.waitFor(EventType::Released, allBefore));
	CHECK(second.events().size() == before);
}

TEST_CASE("switch link: DN subscriptions and control requests")
{
	Network network;
	SharedSwitch sw(network.io);
	Recorder only15001; /* outlives b, which delivers to it */
	FrontEnd a(network.io, sw.server.port());
	FrontEnd b(network.io, sw.server.port());
	b.remote.subscribe(only15001, Dn("15001"));
	REQUIRE(a.remote.waitUntilConnected(patience));
	REQUIRE(b.remote.waitUntilConnected(patience));
	REQUIRE(b.all.waitFor(EventType::LinkConnected));
	/* only15001 subscribed after the link came up: one round trip on b's link puts its
	 * subscription in place before a's request (the switch keeps each link's order). */
	REQUIRE(b.submit(req::QueryAddress{"15001"}).ok());

	/* A request from front end a is seen by front end b (one switch). */
	REQUIRE(a.submit(req::MakeCall{"15000", "15001", "", {}}).ok());
	REQUIRE(b.all.waitFor(EventType::Ringing));
	REQUIRE(only15001.waitFor(EventType::Ringing));
	for (const Event &e : only15001.events())
		if (e.type != EventType::LinkConnected)
			CHECK(e.thisDn == "15001");

	ControlResult state = b.control(ctl::DumpState{});
	CHECK(state.ok());
	CHECK(state.state.calls.size() == 1);
	CHECK(state.state.virtualClock);
	ControlResult advanced = a.control(ctl::AdvanceClock{1000});
	CHECK(advanced.state.now == state.state.now + 1000);
	ControlResult reset = a.control(ctl::Reset{});
	CHECK(reset.ok());
	CHECK(b.control(ctl::DumpState{}).state.calls.empty());
}

TEST_CASE("switch link: a heartbeat shorter than the switch's first one keeps the link up")
{
	/* The front end asks for 250 ms; the switch's connection started at 1 s and used to
	 * wait that second out before its first beat at the agreed rate: the front end saw
	 * 750 ms of silence and dropped the link. (Not shorter: a loaded machine running
	 * this under a sanitizer must not stall past the time-out by itself.) */
	Network network;
	SharedSwitch sw(network.io);
	FrontEnd front(network.io, sw.server.port(), 250ms);
	REQUIRE(front.remote.waitUntilConnected(patience));
	std::this_thread::sleep_for(2500ms); /* over three times the front end's 750 ms time-out */
	CHECK(front.remote.connections() == 1);
	CHECK(front.all.count(EventType::LinkDisconnected) == 0);
}

TEST_CASE("switch link: a reset is announced to the other front ends as the link lost and back")
{
	TwoFrontEnds fronts;
	FrontEnd &a = fronts.a;
	FrontEnd &b = fronts.b;
	REQUIRE(a.submit(req::MakeCall{"15000", "15001", "", {}}).ok());
	REQUIRE(b.all.waitFor(EventType::Ringing));
	std::size_t seenByB = b.all.events().size();

	REQUIRE(a.control(ctl::Reset{}).ok());
	REQUIRE(b.all.waitFor(EventType::LinkDisconnected, seenByB));
	REQUIRE(b.all.waitFor(EventType::LinkConnected, seenByB));
	/* The reset's bounce (a loaded machine may add a heartbeat bounce of its own: only
	 * the one that says "reset" counts), followed by the link back. */
	auto isResetBounce = [](const Event &e) {
		return e.type == EventType::LinkDisconnected &&
		       e.errorMessage.find("reset by another front end") != std::string::npos;
	};
	std::vector<Event> after = b.all.events();
	after.erase(after.begin(), after.begin() + static_cast<std::ptrdiff_t>(seenByB));
	auto bounce = std::find_if(after.begin(), after.end(), isResetBounce);
	REQUIRE(bounce != after.end());
	CHECK(bounce->errorCode == terr::NoSwitch);
	REQUIRE(bounce + 1 != after.end());
	CHECK(bool((bounce + 1)->type == EventType::LinkConnected));
	/* The front end that asked knows: it rebuilds its own state, no bounce for it. */
	std::vector<Event> seenByA = a.all.events();
	CHECK(std::none_of(seenByA.begin(), seenByA.end(), isResetBounce));
	/* A failed reset changes nothing and is not announced. */
	SwitchConfig broken = defaultSandboxConfig().switchConfig;
	broken.dns.push_back(broken.dns.front()); /* a DN twice */
	ctl::Reset bad;
	bad.config = broken;
	CHECK_FALSE(a.control(bad).ok());
	REQUIRE(b.submit(req::QueryAddress{"15000"}).ok()); /* a round trip after the control result */
	std::vector<Event> last = b.all.events();
	CHECK(std::count_if(last.begin(), last.end(), isResetBounce) == 1);
}

TEST_CASE("switch link: the front ends follow the switch's clock")
{
	TwoFrontEnds fronts;
	FrontEnd &a = fronts.a;
	FrontEnd &b = fronts.b;
	SharedSwitch &sw = fronts.sw;
	/* Learned at the connection: the switch runs a virtual clock. */
	REQUIRE(a.remote.clock().known()); /* learned before the link is reported up */
	REQUIRE(b.remote.clock().known());
	CHECK(a.remote.clock().isVirtual());
	CHECK(a.remote.clock().now() == sw.clock.now());

	ControlResult advanced = a.control(ctl::AdvanceClock{52'000});
	REQUIRE(advanced.ok());
	/* The front end that asked knows from its result, before its handler runs... */
	CHECK(a.remote.clock().now() == sw.clock.now());
	CHECK(a.remote.clock().now() == advanced.state.now);
	/* ...the other from the switch's announcement. */
	bool followed = false;
	for (int i = 0; i < 2000 && !followed; ++i) {
		followed = b.remote.clock().now() == advanced.state.now;
		if (!followed)
			std::this_thread::sleep_for(1ms);
	}
	CHECK(followed);
	CHECK(b.remote.clock().isVirtual());
}

TEST_CASE("switch link: a switch on the real clock is learned as such")
{
	Network network;
	RealClock realClock;
	AsioExecutor switchCore(network.io);
	sim::SimBackend backend(defaultSandboxConfig().switchConfig, realClock, switchCore);
	SwitchServer server(network.io, backend, backend, switchCore, SwitchServerConfig{"127.0.0.1", 0});
	REQUIRE_FALSE(server.start());
	{
		FrontEnd front(network.io, server.port());
		REQUIRE(front.remote.waitUntilConnected(patience));
		REQUIRE(front.remote.clock().known());
		CHECK_FALSE(front.remote.clock().isVirtual());
		TimeMs now = realClock.now();
		CHECK(front.remote.clock().now() >= now - 1000);
		CHECK(front.remote.clock().now() <= now + 1000);
	}
	server.stop();
	for (int i = 0; i < 2000 && !server.drained(); ++i)
		std::this_thread::sleep_for(1ms);
	std::promise<void> drained;
	switchCore.post([&] { drained.set_value(); });
	drained.get_future().wait_for(2s);
}

TEST_CASE("switch link: the switch refuses another version and another protocol")
{
	Network network;
	SharedSwitch sw(network.io);
	{
		RawClient client(sw.server.port());
		client.send(hello(wire::linkProtocolVersion + 1));
		auto answer = client.receive();
		REQUIRE(answer);
		CHECK(static_cast<int>(answer->type) == static_cast<int>(wire::LinkMessageType::Refused));
		CHECK(answer->reason.find("version") != std::string::npos);
		CHECK_FALSE(client.receive()); /* then closed */
	}
	{
		RawClient client(sw.server.port());
		wire::LinkMessage submit;
		submit.type = wire::LinkMessageType::Submit;
		submit.id = 1;
		submit.body = "{}";
		client.send(submit); /* before any hello */
		auto answer = client.receive();
		REQUIRE(answer);
		CHECK(static_cast<int>(answer->type) == static_cast<int>(wire::LinkMessageType::Refused));
	}
	{
		RawClient client(sw.server.port());
		client.send(hello(wire::linkProtocolVersion, 200));
		auto welcome = client.receive();
		REQUIRE(welcome);
		CHECK(static_cast<int>(welcome->type) == static_cast<int>(wire::LinkMessageType::Welcome));
		CHECK(welcome->heartbeatMs == 200);
		/* A malformed request is answered with an error, under its id: a request type
		 * the switch does not know (the byte after the length, the tag and the id 42 is
		 * the type's index). */
		std::string frame = wire::binarySubmitFrame(42, req::SetDndOn{});
		frame.at(6) = '\x7f';
		client.sendFrame(frame);
		std::string payload;
		auto result = client.receiveBinary(payload);
		REQUIRE(result);
		CHECK(static_cast<int>(result->type) == static_cast<int>(wire::LinkMessageType::Result));
		CHECK(result->id == 42);
		auto decoded = wire::requestResultFromBinary(result->body);
		REQUIRE(decoded);
		CHECK(decoded->errorCode == terr::BadParameter);
		CHECK(decoded->errorMessage == "Malformed request on the switch link: unknown request type 127");
		/* A request in JSON after the handshake is not protocol 3: refused, closed. */
		wire::LinkMessage submit;
		submit.type = wire::LinkMessageType::Submit;
		submit.id = 43;
		submit.body = R"({"request":"RequestSetDndOn","thisDn":"15000"})";
		client.send(submit);
		auto refused = client.receive();
		REQUIRE(refused);
		CHECK(static_cast<int>(refused->type) == static_cast<int>(wire::LinkMessageType::Refused));
		CHECK(refused->reason == "unexpected \"submit\" in JSON (protocol 3 sends it binary)");
		CHECK_FALSE(client.receivePayload());
	}
	{
		/* A truncated binary frame closes the link with what was wrong. */
		RawClient client(sw.server.port());
		client.send(hello(wire::linkProtocolVersion, 200));
		REQUIRE(client.receive());
		std::string frame = wire::binarySubmitFrame(7, req::SetDndOn{"15000"});
		frame.pop_back(); /* the last byte of "15000" */
		wire::writeFrameLength(frame.data(), frame.size() - 4);
		client.sendFrame(frame);
		std::string payload;
		auto result = client.receiveBinary(payload);
		REQUIRE(result);
		CHECK(result->id == 7);
		auto decoded = wire::requestResultFromBinary(result->body);
		REQUIRE(decoded);
		CHECK(decoded->errorMessage ==
		      "Malformed request on the switch link: thisDn: a length beyond the end of the frame");
	}
}

TEST_CASE("switch link: a version 2 front end is refused by this switch, naming both versions")
{
	Network network;
	SharedSwitch sw(network.io);
	RawClient client(sw.server.port());
	client.send(hello(2)); /* what a version 2 front end sends first */
	auto answer = client.receive();
	REQUIRE(answer);
	CHECK(static_cast<int>(answer->type) == static_cast<int>(wire::LinkMessageType::Refused));
	CHECK(answer->reason == "switch link protocol 2 is not supported: this ctisim speaks 3; run the same ctisim "
				"version on both ends");
	CHECK_FALSE(client.receive()); /* then closed */
	CHECK(sw.server.linkCount() == 0);
}

TEST_CASE("switch link: this front end and a version 2 switch refuse each other, naming both versions")
{
	Network network;
	SUBCASE("the version 2 switch refuses the hello (what a version 2 switch answers)")
	{
		wire::LinkMessage refused;
		refused.type = wire::LinkMessageType::Refused;
		refused.reason = "protocol version 3 is not supported; this switch speaks 2";
		OtherVersionSwitch old(refused);
		FrontEnd front(network.io, old.port());
		auto hello = old.hello.get_future();
		REQUIRE(hello.wait_for(patience) == std::future_status::ready);
		CHECK(hello.get().version == 3);
		for (int i = 0; i < 2000 && front.remote.lastError().rfind("refused: ", 0) != 0; ++i)
			std::this_thread::sleep_for(1ms);
		CHECK(front.remote.lastError() == "refused: protocol version 3 is not supported; this switch speaks 2");
		CHECK_FALSE(front.remote.connected());
	}
	SUBCASE("a switch that welcomes with version 2 is refused by the front end")
	{
		wire::LinkMessage welcome;
		welcome.type = wire::LinkMessageType::Welcome;
		welcome.version = 2;
		welcome.heartbeatMs = 100;
		OtherVersionSwitch old(welcome);
		FrontEnd front(network.io, old.port());
		for (int i = 0; i < 2000 && front.remote.lastError().rfind("refused: ", 0) != 0; ++i)
			std::this_thread::sleep_for(1ms);
		CHECK(front.remote.lastError() ==
		      "refused: switch link protocol 2 is not supported: this ctisim speaks 3; "
		      "run the same ctisim version on both ends");
		CHECK_FALSE(front.remote.connected());
	}
}

TEST_CASE("switch link: with a link token, a hello without it or with another one is refused")
{
	Network network;
	SharedSwitch sw(network.io, 0, "s3cret");
	auto helloWith = [](std::string token) {
		wire::LinkMessage m = hello(wire::linkProtocolVersion);
		m.token = std::move(token);
		return m;
	};
	for (const char *token : {"", "guess", "s3cre", "s3cret!"}) {
		CAPTURE(token);
		RawClient client(sw.server.port());
		client.send(helloWith(token));
		auto answer = client.receive();
		REQUIRE(answer);
		CHECK(static_cast<int>(answer->type) == static_cast<int>(wire::LinkMessageType::Refused));
		CHECK(answer->reason == (*token == '\0'
						 ? "this switch needs a link token (--link-token or CTISIM_LINK_TOKEN)"
						 : "wrong link token"));
		CHECK_FALSE(client.receive()); /* then closed */
	}
	CHECK(sw.server.linkCount() == 0);

	RawClient client(sw.server.port());
	client.send(helloWith("s3cret"));
	auto welcome = client.receive();
	REQUIRE(welcome);
	CHECK(static_cast<int>(welcome->type) == static_cast<int>(wire::LinkMessageType::Welcome));

	/* A front end: linked with the token, told why it is not without it. */
	FrontEnd good(network.io, sw.server.port(), 100ms, "s3cret");
	REQUIRE(good.remote.waitUntilConnected(patience));
	CHECK(good.remote.lastError().empty());
	FrontEnd bad(network.io, sw.server.port(), 100ms, "guess");
	for (int i = 0; i < 2000 && bad.remote.lastError() != "refused: wrong link token"; ++i)
		std::this_thread::sleep_for(1ms);
	CHECK(bad.remote.lastError() == "refused: wrong link token");
	CHECK_FALSE(bad.remote.connected());
}

TEST_CASE("switch link: a silent peer is dropped after three heartbeats")
{
	Network network;
	SharedSwitch sw(network.io);
	RawClient client(sw.server.port());
	client.send(hello(wire::linkProtocolVersion, 50));
	auto welcome = client.receive();
	REQUIRE(welcome);
	CHECK(static_cast<int>(welcome->type) == static_cast<int>(wire::LinkMessageType::Welcome));
	/* We never send a heartbeat: the switch must close the link (receive() skips its heartbeats). */
	CHECK_FALSE(client.receive());
}

TEST_CASE("switch link: a request whose result never came back ends in TERR_NO_SWITCH")
{
	Network network;
	AsioExecutor switchCore(network.io);
	SilentSwitch silent;
	auto server = std::make_unique<SwitchServer>(network.io, silent, silent, switchCore, SwitchServerConfig{});
	REQUIRE_FALSE(server->start());
	FrontEnd front(network.io, server->port());
	REQUIRE(front.remote.waitUntilConnected(patience));

	std::promise<RequestResult> lost;
	front.remote.submit(req::SetDndOn{"15000"}, [&lost](RequestResult r) { lost.set_value(std::move(r)); });
	REQUIRE(silent.waitForRequests(1));
	server->stop();
	auto future = lost.get_future();
	REQUIRE(future.wait_for(patience) == std::future_status::ready);
	RequestResult result = future.get();
	CHECK(result.errorCode == terr::NoSwitch);
	CHECK(result.errorMessage.find("lost") != std::string::npos);
	REQUIRE(front.all.waitFor(EventType::LinkDisconnected));
}

TEST_CASE("switch link: link loss and recovery, with the same switch restarted on its port")
{
	Network network;
	auto sw = std::make_unique<SharedSwitch>(network.io);
	const std::uint16_t port = sw->server.port();
	Recorder only15000; /* outlives front, which delivers to it */
	FrontEnd front(network.io, port);
	front.remote.subscribe(only15000, Dn("15000"));
	REQUIRE(front.remote.waitUntilConnected(patience));
	REQUIRE(front.all.waitFor(EventType::LinkConnected));
	REQUIRE(front.submit(req::SetDndOn{"15000"}).ok());

	sw.reset(); /* the switch process goes away */
	REQUIRE(front.all.waitFor(EventType::LinkDisconnected));
	REQUIRE(only15000.waitFor(EventType::LinkDisconnected));
	for (const Event &e : only15000.events())
		if (e.type == EventType::LinkDisconnected) {
			CHECK(e.thisDn == "15000");
			CHECK(e.errorCode == terr::NoSwitch);
		}
	/* Refused while the link is down: an error, never a hang. */
	RequestResult refused = front.submit(req::SetDndOff{"15000"});
	CHECK(refused.errorCode == terr::NoSwitch);
	CHECK(front.control(ctl::DumpState{}).errorCode == terr::NoSwitch);

	std::size_t before = front.all.events().size();
	sw = std::make_unique<SharedSwitch>(network.io, port);
	REQUIRE(front.all.waitFor(EventType::LinkConnected, before));
	CHECK(front.remote.connections() == 2);
	/* Service is back, and the subscriptions with it (once each, not twice). */
	std::size_t dndBefore = only15000.count(EventType::DndOn);
	REQUIRE(front.submit(req::SetDndOn{"15000"}).ok());
	CHECK(only15000.count(EventType::DndOn) == dndBefore + 1);
}
