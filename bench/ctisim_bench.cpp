/* SPDX-License-Identifier: MIT */
/*
 * ctisim-bench: the load generator behind bench/run. One Asio thread drives
 * many keep-alive HTTP/1.1 connections with C++20 coroutines. Modes:
 * `ops` (agents with a parked Bayeux long-poll each, looping Dial ->
 * SingleStepConference -> Hangup; REST rate, latency and the delay from each
 * response to its notification; with --port P1,P2 the agents alternate between
 * front ends, and --cross-every K makes every K-th loop a call to a partner
 * agent on the other front end, so notifications cross front ends), `fixed` (plain POSTs to any server, the
 * peer's ceiling), `idle` (parked Bayeux sessions, server RSS per session) and
 * `startup` (spawn `ctisim serve` until the first /sim/v1/health answers) and
 * `peer-startup` (spawn any server command until PATH on PORT answers).
 * It prints figures as `RESULT <name> <value>` lines and never judges them.
 *
 * GCC 12 reports a false -Wmaybe-uninitialized inside Beast's response parser
 * (see api/cli/gws_client.cpp); this file is all Beast client code.
 */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <rapidjson/document.h>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using asio::awaitable;
using asio::use_awaitable;

struct Options {
	std::string mode;
	std::string host = "127.0.0.1";
	unsigned short port = 0;
	std::vector<unsigned short> ports; ///< ops: --port P1,P2 (agents alternate)
	std::size_t crossEvery = 0;	   ///< ops: every K-th loop calls a partner agent
	std::vector<pid_t> serverPids;	   ///< ops, fixed: CPU of these over the measured window
	double rate = 0;		   ///< ops: REST operations offered per second in all (0: closed loop)
	std::size_t agents = 10;
	double seconds = 5;
	std::vector<std::size_t> sessions = {1000};
	unsigned firstDn = 20000;
	std::string userPrefix = "bench";
	std::string password = "password";
	std::string target = "/api/v2/me/calls/x";
	std::size_t connections = 10;
	pid_t serverPid = 0;
	std::size_t users = 100;
	std::string ctisim = "ctisim";
	std::size_t runs = 5;
	std::string label;
	std::string path = "/";		  ///< peer-startup: what to ask for
	std::vector<std::string> command; ///< peer-startup: everything after --
};

[[noreturn]] void usage(const std::string &why)
{
	fmt::print(
		stderr,
		"ctisim-bench: {}\n"
		"usage: ctisim-bench MODE [options]\n"
		"  ops     --port P[,P2...] --agents N --seconds S [--first-dn 20000 --user-prefix bench]\n"
		"          [--cross-every K] [--server-pids PID,PID...] [--rate OPS_PER_S (open loop)]\n"
		"  fixed   --port P --connections N --seconds S [--target /api/v2/me/calls/x] [--server-pids PID...]\n"
		"  idle    --port P --server-pid PID --sessions 1000,10000 [--users 100 --first-dn ...]\n"
		"  startup --ctisim PATH --runs R\n"
		"  peer-startup --port P --path /x --runs R -- COMMAND ARGS...  (any HTTP answer counts)\n"
		"  --label NAME prefixes every RESULT name\n",
		why);
	std::exit(2);
}

std::vector<std::size_t> numberList(const std::string &value)
{
	std::vector<std::size_t> out;
	std::size_t start = 0;
	while (start <= value.size()) {
		auto comma = value.find(',', start);
		std::string part = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
		if (!part.empty())
			out.push_back(std::stoul(part));
		if (comma == std::string::npos)
			break;
		start = comma + 1;
	}
	return out;
}

Options parseOptions(int argc, char **argv)
{
	if (argc < 2)
		usage("no mode");
	Options o;
	o.mode = argv[1];
	for (int i = 2; i < argc; ++i) {
		std::string name = argv[i];
		if (name == "--") {
			o.command.assign(argv + i + 1, argv + argc);
			break;
		}
		if (i + 1 >= argc)
			usage(fmt::format("{} needs a value", name));
		std::string value = argv[++i];
		if (name == "--host")
			o.host = value;
		else if (name == "--port") {
			o.ports.clear();
			for (auto p : numberList(value))
				o.ports.push_back(static_cast<unsigned short>(p));
			if (o.ports.empty())
				usage("--port needs a number");
			o.port = o.ports.front();
		} else if (name == "--cross-every")
			o.crossEvery = std::stoul(value);
		else if (name == "--server-pids") {
			for (auto p : numberList(value))
				o.serverPids.push_back(static_cast<pid_t>(p));
		} else if (name == "--agents")
			o.agents = std::stoul(value);
		else if (name == "--seconds")
			o.seconds = std::stod(value);
		else if (name == "--rate")
			o.rate = std::stod(value);
		else if (name == "--first-dn")
			o.firstDn = static_cast<unsigned>(std::stoul(value));
		else if (name == "--user-prefix")
			o.userPrefix = value;
		else if (name == "--password")
			o.password = value;
		else if (name == "--target")
			o.target = value;
		else if (name == "--connections")
			o.connections = std::stoul(value);
		else if (name == "--server-pid")
			o.serverPid = static_cast<pid_t>(std::stol(value));
		else if (name == "--users")
			o.users = std::stoul(value);
		else if (name == "--ctisim")
			o.ctisim = value;
		else if (name == "--runs")
			o.runs = std::stoul(value);
		else if (name == "--label")
			o.label = value;
		else if (name == "--path")
			o.path = value;
		else if (name == "--sessions")
			o.sessions = numberList(value);
		else
			usage(fmt::format("unknown option {}", name));
	}
	return o;
}

std::string base64(std::string_view text)
{
	static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	std::string out;
	std::size_t i = 0;
	for (; i + 2 < text.size(); i += 3) {
		unsigned n = (static_cast<unsigned char>(text[i]) << 16) |
			     (static_cast<unsigned char>(text[i + 1]) << 8) | static_cast<unsigned char>(text[i + 2]);
		for (int shift = 18; shift >= 0; shift -= 6)
			out += alphabet[(n >> shift) & 63];
	}
	std::size_t rest = text.size() - i;
	if (rest > 0) {
		unsigned n = static_cast<unsigned char>(text[i]) << 16;
		if (rest == 2)
			n |= static_cast<unsigned char>(text[i + 1]) << 8;
		out += alphabet[(n >> 18) & 63];
		out += alphabet[(n >> 12) & 63];
		out += rest == 2 ? alphabet[(n >> 6) & 63] : '=';
		out += '=';
	}
	return out;
}

double microsSince(Clock::time_point from, Clock::time_point to)
{
	return std::chrono::duration<double, std::micro>(to - from).count();
}

/// Percentile p (0..100) of sorted values, nearest rank.
double percentile(const std::vector<double> &sorted, double p)
{
	if (sorted.empty())
		return 0;
	auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size()));
	return sorted[std::min(rank, sorted.size() - 1)];
}

std::string label_;

void result(const std::string &name, double value)
{
	fmt::print("RESULT {}{} {:.6g}\n", label_, name, value);
	std::fflush(stdout);
}

/// One keep-alive client connection with a cookie jar.
struct Conn {
	explicit Conn(asio::io_context &io) : stream(io) {}
	beast::tcp_stream stream;
	beast::flat_buffer buffer;
	std::map<std::string, std::string> cookies;
	std::string authorization;
	std::string host;
	std::string source; ///< local address to bind, "" for any
};

awaitable<void> connect(Conn &c, const std::string &host, unsigned short port)
{
	tcp::endpoint remote(asio::ip::make_address(host), port);
	c.host = fmt::format("{}:{}", host, port);
	auto &socket = c.stream.socket();
	socket.open(tcp::v4());
	if (!c.source.empty())
		socket.bind(tcp::endpoint(asio::ip::make_address(c.source), 0));
	co_await socket.async_connect(remote, use_awaitable);
	socket.set_option(tcp::no_delay(true));
	/* Room for a whole reply: Beast's first read into an empty buffer takes 512
	 * bytes, and the rest of a 3 KB connect reply then waits for a second read at
	 * the back of the queue of every other connection's completions. At 1,000
	 * agents that was most of the measured notification delay (p50 ~0.9 ms). */
	c.buffer.reserve(65536);
}

void rememberCookies(Conn &c, const http::response<http::string_body> &res)
{
	for (const auto &field : res) {
		if (field.name() != http::field::set_cookie)
			continue;
		std::string_view value = field.value();
		std::string_view pair = value.substr(0, value.find(';'));
		auto eq = pair.find('=');
		if (eq != std::string_view::npos)
			c.cookies[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
	}
}

awaitable<http::response<http::string_body>> exchange(Conn &c, http::verb verb, const std::string &target,
						      std::string body)
{
	http::request<http::string_body> req{verb, target, 11};
	req.set(http::field::host, c.host);
	if (!c.authorization.empty())
		req.set(http::field::authorization, c.authorization);
	if (!c.cookies.empty()) {
		std::string cookie;
		for (const auto &[name, value] : c.cookies)
			cookie += fmt::format("{}{}={}", cookie.empty() ? "" : "; ", name, value);
		req.set(http::field::cookie, cookie);
	}
	if (!body.empty())
		req.set(http::field::content_type, "application/json");
	req.body() = std::move(body);
	req.prepare_payload();
	co_await http::async_write(c.stream, req, use_awaitable);
	http::response<http::string_body> res;
	co_await http::async_read(c.stream, c.buffer, res, use_awaitable);
	rememberCookies(c, res);
	co_return res;
}

/* ------------------------------------------------------------------ Bayeux */

struct Note {
	Clock::time_point at;
	std::string type;   ///< notificationType
	std::string callId; ///< data.call.id
	std::string state;  ///< data.call.state
	/// When the /meta/connect that brought it was sent: after the REST request,
	/// the notification waited for the client's next long-poll.
	Clock::time_point connectSent;
};

/// Long-poll exchanges answered in the measured window (the ops mode's), next to
/// the REST operations: both are HTTP exchanges the server made.
struct PollCount {
	Clock::time_point from;
	Clock::time_point to; ///< the epoch until the window is set: nothing counts
	std::size_t n = 0;
};

/// A Bayeux session on its own connection; delivered notifications go to notes.
struct BayeuxSession {
	explicit BayeuxSession(asio::io_context &io) : conn(io), signal(io), ringSignal(io) {}
	Conn conn;
	std::string clientId;
	std::deque<Note> notes;
	asio::steady_timer signal; ///< cancelled whenever a note arrives
	/// Calls that rang here (another agent's --cross-every calls), by call id: when
	/// the Ringing arrived. The calling agent waits on them; this agent ignores them.
	std::map<std::string, Clock::time_point> rings;
	asio::steady_timer ringSignal; ///< cancelled whenever a call rings here
	std::uint64_t nextId = 1;
	/// A /meta/connect is parked: the second one was sent, or the first is still
	/// unanswered after 100 ms (servers that hold the first connect too, like Faye).
	bool parked = false;
	Clock::time_point firstConnectSent;
	bool stop = false;
	PollCount *polls = nullptr; ///< counts this session's connects, when set
};

std::string str(const rapidjson::Value &v)
{
	return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : std::string();
}

awaitable<rapidjson::Document> bayeuxPost(BayeuxSession &s, const std::string &messages)
{
	auto res = co_await exchange(s.conn, http::verb::post, "/api/v2/notifications", messages);
	rapidjson::Document doc;
	doc.Parse(res.body().c_str());
	if (res.result_int() != 200 || doc.HasParseError() || !doc.IsArray())
		throw std::runtime_error(fmt::format("bayeux HTTP {}: {}", res.result_int(), res.body()));
	co_return doc;
}

awaitable<void> bayeuxOpen(BayeuxSession &s)
{
	auto hs = co_await bayeuxPost(
		s,
		R"([{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"],"id":"1"}])");
	for (const auto &m : hs.GetArray()) {
		if (m.HasMember("clientId"))
			s.clientId = str(m["clientId"]);
	}
	if (s.clientId.empty())
		throw std::runtime_error("handshake gave no clientId");
	auto sub = co_await bayeuxPost(
		s,
		fmt::format(R"([{{"channel":"/meta/subscribe","clientId":"{}","subscription":"/v2/me/*","id":"2"}}])",
			    s.clientId));
	for (const auto &m : sub.GetArray()) {
		if (m.HasMember("successful") && m["successful"].IsBool() && !m["successful"].GetBool())
			throw std::runtime_error("subscribe refused");
	}
	s.nextId = 3;
}

/// Long-polls until stop; each delivered message becomes a Note.
awaitable<void> bayeuxPoll(BayeuxSession &s)
{
	try {
		while (!s.stop) {
			std::string msg = fmt::format(
				R"([{{"channel":"/meta/connect","clientId":"{}","connectionType":"long-polling","id":"{}"}}])",
				s.clientId, s.nextId);
			if (s.nextId > 3)
				s.parked = true;
			else
				s.firstConnectSent = Clock::now();
			++s.nextId;
			auto connectSent = Clock::now();
			auto doc = co_await bayeuxPost(s, msg);
			auto now = Clock::now();
			if (s.polls && connectSent >= s.polls->from && now <= s.polls->to)
				++s.polls->n;
			bool any = false;
			for (const auto &m : doc.GetArray()) {
				if (!m.HasMember("data") || !m["data"].IsObject())
					continue;
				const auto &data = m["data"];
				Note note{now, {}, {}, {}, connectSent};
				if (data.HasMember("notificationType"))
					note.type = str(data["notificationType"]);
				if (data.HasMember("call") && data["call"].IsObject()) {
					const auto &call = data["call"];
					if (call.HasMember("id"))
						note.callId = str(call["id"]);
					if (call.HasMember("state"))
						note.state = str(call["state"]);
				}
				if (note.state == "Ringing" && !note.callId.empty() && !s.rings.count(note.callId)) {
					s.rings.emplace(note.callId, now);
					s.ringSignal.cancel();
				}
				s.notes.push_back(std::move(note));
				any = true;
			}
			if (any)
				s.signal.cancel();
		}
	} catch (const std::exception &) {
		// Closed at the end of the run, or the server went away: the poller just stops.
	}
	s.stop = true;
}

/* ------------------------------------------------------------------ ops */

struct Stats {
	std::vector<double> latencyUs;
	/// Response -> matching notification, signed: negative when the notification came
	/// first. The reported delay is this clamped at 0 (nearest rank: the same ranks).
	std::vector<double> notifyGapUs;
	std::vector<double> crossUs; ///< Dial response -> the partner's Ringing
	/// Open loop (--rate): the operation's scheduled send -> its notification, so that
	/// an operation sent late because the one before it was slow counts its wait.
	std::vector<double> scheduledNotifyUs;
	std::size_t lateSends = 0; ///< open loop: operations sent more than 1 ms after their slot
	std::size_t crossTimeouts = 0;
	std::size_t ops = 0;
	std::size_t errors = 0;
	std::size_t early = 0;	  ///< notifications that arrived before their response
	std::size_t unparked = 0; ///< notifications whose long-poll was sent after the request
	std::size_t timeouts = 0;
};

struct Run {
	explicit Run(asio::io_context &io) : go(io) {}
	asio::steady_timer go; ///< cancelled when every agent is set up
	std::size_t ready = 0;
	std::size_t finished = 0;
	std::size_t failed = 0;
	Clock::time_point start;
	Clock::time_point deadline;
	bool measuring = false;
	Stats stats;
	PollCount polls;
	/// Every agent's Bayeux session, so a caller can watch its partner's; shared
	/// because an agent may finish while its partner still waits on it.
	std::vector<std::shared_ptr<BayeuxSession>> sessions;
};

/// Waits until a note matching pred arrives (earlier unmatched notes are consumed);
/// the match's arrival time, or nullopt after 5 s.
template <typename Pred> awaitable<std::optional<Note>> awaitNote(BayeuxSession &s, Pred pred)
{
	auto giveUp = Clock::now() + std::chrono::seconds(5);
	for (;;) {
		while (!s.notes.empty()) {
			Note note = std::move(s.notes.front());
			s.notes.pop_front();
			if (pred(note))
				co_return note;
		}
		if (Clock::now() >= giveUp)
			co_return std::nullopt;
		s.signal.expires_at(giveUp);
		beast::error_code ec;
		co_await s.signal.async_wait(asio::redirect_error(use_awaitable, ec));
	}
}

/// Waits until callId rings on the partner's session (another front end's
/// notification); its arrival time, or nullopt after 5 s.
awaitable<std::optional<Clock::time_point>> awaitRing(BayeuxSession &partner, const std::string &callId)
{
	auto giveUp = Clock::now() + std::chrono::seconds(5);
	for (;;) {
		auto found = partner.rings.find(callId);
		if (found != partner.rings.end())
			co_return found->second;
		if (Clock::now() >= giveUp || partner.stop)
			co_return std::nullopt;
		partner.ringSignal.expires_at(giveUp);
		beast::error_code ec;
		co_await partner.ringSignal.async_wait(asio::redirect_error(use_awaitable, ec));
	}
}

awaitable<void> agent(asio::io_context &io, const Options &o, Run &run, std::size_t index)
{
	Conn rest(io);
	BayeuxSession &bayeux = *run.sessions[index];
	bool counted = false;
	// With several front ends the agents alternate, so agent i and its partner i^1 differ.
	unsigned short port = o.ports.empty() ? o.port : o.ports[index % o.ports.size()];
	try {
		unsigned dn = o.firstDn + static_cast<unsigned>(index);
		rest.authorization = "Basic " + base64(fmt::format("{}{}:{}", o.userPrefix, dn, o.password));
		co_await connect(rest, o.host, port);
		auto devices = co_await exchange(rest, http::verb::get, "/api/v2/me/devices", {});
		rapidjson::Document doc;
		doc.Parse(devices.body().c_str());
		if (devices.result_int() != 200 || doc.HasParseError() || !doc.HasMember("uris") ||
		    !doc["uris"].IsArray() || doc["uris"].Empty())
			throw std::runtime_error(
				fmt::format("GET /api/v2/me/devices: {} {}", devices.result_int(), devices.body()));
		std::string uri = str(doc["uris"][0]);
		std::string deviceId = uri.substr(uri.rfind('/') + 1);

		bayeux.conn.cookies = rest.cookies; // JSESSIONID authenticates the Bayeux POSTs
		bayeux.polls = &run.polls;
		co_await connect(bayeux.conn, o.host, port);
		co_await bayeuxOpen(bayeux);
		asio::co_spawn(io, bayeuxPoll(bayeux), asio::detached);

		++run.ready;
		counted = true;
		if (run.ready + run.failed == o.agents)
			run.go.cancel();
		beast::error_code ec;
		if (run.ready + run.failed < o.agents)
			co_await run.go.async_wait(asio::redirect_error(use_awaitable, ec));

		// Destinations are external numbers: answered at once, nobody's agent.
		std::string dialTo = fmt::format("9{:06}", index * 2);
		std::string conferenceTo = fmt::format("9{:06}", index * 2 + 1);
		// --cross-every: the partner is an agent too; its Ringing is the notification that
		// crosses front ends (then this agent hangs up, which releases the partner's leg).
		std::size_t partner = (index ^ 1) < o.agents ? index ^ 1 : (index > 0 ? index - 1 : index);
		std::string partnerDn = std::to_string(o.firstDn + static_cast<unsigned>(partner));
		std::size_t loops = 0;
		std::string lastCall;
		Clock::time_point lastSent;
		/* Open loop: this agent's operations are due every agents / rate seconds, the
		 * agents' slots spread evenly over that period; an operation waits for its slot,
		 * and one that is late (the previous one was slow) goes at once. */
		const auto period =
			o.rate > 0 ? std::chrono::duration_cast<Clock::duration>(
					     std::chrono::duration<double>(static_cast<double>(o.agents) / o.rate))
				   : Clock::duration::zero();
		Clock::time_point slot = Clock::now() + period * static_cast<long>(index) / static_cast<long>(o.agents);
		Clock::time_point lastSlot;
		asio::steady_timer pace(io);
		auto timed = [&](http::verb verb, std::string target,
				 std::string body) -> awaitable<std::pair<bool, Clock::time_point>> {
			if (o.rate > 0) {
				/* Not "ops in the window plus the loop's last": the offered rate is exact. */
				if (run.measuring && slot >= run.deadline)
					co_return std::make_pair(false, Clock::now());
				if (slot > Clock::now()) {
					pace.expires_at(slot);
					co_await pace.async_wait(use_awaitable);
				} else if (run.measuring && slot >= run.start &&
					   Clock::now() - slot > std::chrono::milliseconds(1)) {
					++run.stats.lateSends;
				}
				lastSlot = slot;
				slot += period;
			}
			auto sent = Clock::now();
			lastSent = sent;
			auto res = co_await exchange(rest, verb, target, std::move(body));
			auto done = Clock::now();
			bool ok = res.result_int() == 200 && res.body().find("\"statusCode\":0") != std::string::npos;
			if (run.measuring && sent >= run.start) {
				run.stats.latencyUs.push_back(microsSince(sent, done));
				++run.stats.ops;
				if (!ok)
					++run.stats.errors;
			}
			co_return std::make_pair(ok, done);
		};
		auto noteDelay = [&](Clock::time_point response, const std::optional<Note> &note) {
			if (!run.measuring || response < run.start)
				return;
			if (!note) {
				++run.stats.timeouts;
				return;
			}
			if (note->at < response)
				++run.stats.early;
			if (note->connectSent > lastSent)
				++run.stats.unparked;
			run.stats.notifyGapUs.push_back(microsSince(response, note->at));
			if (o.rate > 0)
				run.stats.scheduledNotifyUs.push_back(microsSince(lastSlot, note->at));
		};

		while (Clock::now() < run.deadline) {
			++loops;
			bool cross = o.crossEvery > 0 && partner != index && loops % o.crossEvery == 0;
			auto [dialOk, dialDone] = co_await timed(
				http::verb::post, fmt::format("/api/v2/me/devices/{}/calls", deviceId),
				fmt::format(R"({{"operationName":"Dial","destination":{{"phoneNumber":"{}"}}}})",
					    cross ? partnerDn : dialTo));
			if (!dialOk)
				break;
			// Calls that rang here came from another agent: never this agent's own dial.
			auto dialNote = co_await awaitNote(bayeux, [&](const Note &n) {
				return n.type == "StatusChange" && !n.callId.empty() && n.callId != lastCall &&
				       !bayeux.rings.count(n.callId);
			});
			noteDelay(dialDone, dialNote);
			if (!dialNote)
				break;
			std::string callId = dialNote->callId;
			lastCall = callId;
			std::string callPath = "/api/v2/me/calls/" + callId;
			if (cross) {
				// The partner's call: no conference, the Hangup below releases both legs.
				auto rang = co_await awaitRing(*run.sessions[partner], callId);
				if (run.measuring && dialDone >= run.start) {
					// A partner that finished its run (closed its session) is no timeout.
					if (rang)
						run.stats.crossUs.push_back(
							std::max(0.0, microsSince(dialDone, *rang)));
					else if (!run.sessions[partner]->stop)
						++run.stats.crossTimeouts;
				}
			} else {
				// SingleStepConference needs the call Established (an external number answers at once).
				if (dialNote->state != "Established") {
					auto est = co_await awaitNote(bayeux, [&](const Note &n) {
						return n.callId == callId && n.state == "Established";
					});
					if (!est)
						break;
				}
				auto [sscOk, sscDone] = co_await timed(
					http::verb::post, callPath,
					fmt::format(
						R"({{"operationName":"SingleStepConference","destination":{{"phoneNumber":"{}"}}}})",
						conferenceTo));
				if (!sscOk)
					break;
				auto sscNote = co_await awaitNote(bayeux, [&](const Note &n) {
					return n.callId == callId && n.type == "ParticipantsUpdated";
				});
				noteDelay(sscDone, sscNote);
			}
			auto [hangupOk, hangupDone] =
				co_await timed(http::verb::post, callPath, R"({"operationName":"Hangup"})");
			if (!hangupOk)
				break;
			auto hangupNote = co_await awaitNote(
				bayeux, [&](const Note &n) { return n.callId == callId && n.state == "Released"; });
			noteDelay(hangupDone, hangupNote);
			if (!hangupNote)
				break;
		}
	} catch (const std::exception &e) {
		fmt::print(stderr, "agent {}: {}\n", index, e.what());
		++run.stats.errors;
		if (!counted) {
			++run.failed;
			if (run.ready + run.failed == o.agents)
				run.go.cancel();
		}
	}
	bayeux.stop = true;
	beast::error_code ignored;
	bayeux.conn.stream.socket().close(ignored);
	rest.stream.socket().close(ignored);
	++run.finished;
	// Let the poller see its closed socket before this frame (and the session) goes.
	asio::steady_timer settle(io);
	settle.expires_after(std::chrono::milliseconds(50));
	co_await settle.async_wait(asio::redirect_error(use_awaitable, ignored));
}

void reportLatencies(Stats &stats, double seconds)
{
	std::sort(stats.latencyUs.begin(), stats.latencyUs.end());
	std::sort(stats.notifyGapUs.begin(), stats.notifyGapUs.end());
	result("rest_ops_per_s", static_cast<double>(stats.ops) / seconds);
	result("rest_p50_us", percentile(stats.latencyUs, 50));
	result("rest_p99_us", percentile(stats.latencyUs, 99));
	result("rest_p999_us", percentile(stats.latencyUs, 99.9));
	result("errors", static_cast<double>(stats.errors));
}

void raiseFileLimit(std::size_t wanted);
double cpuSeconds(pid_t pid);

double serverCpuSeconds(const Options &o)
{
	double seconds = 0;
	for (pid_t pid : o.serverPids)
		seconds += cpuSeconds(pid);
	return seconds;
}

/// This process's user + system CPU, in seconds.
double ownCpuSeconds()
{
	rusage usage{};
	getrusage(RUSAGE_SELF, &usage);
	auto seconds = [](const timeval &t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
	return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// The CPU of the load generator and of the servers over the measured window.
struct CpuWindow {
	double ownAtStart = 0, ownAtEnd = 0;
	double serverAtStart = 0, serverAtEnd = 0;

	/// Waits for run.start and run.deadline (set before it is spawned) and samples both.
	awaitable<void> sample(asio::io_context &io, const Options &o, const Run &run)
	{
		asio::steady_timer t(io);
		t.expires_at(run.start);
		co_await t.async_wait(use_awaitable);
		ownAtStart = ownCpuSeconds();
		serverAtStart = serverCpuSeconds(o);
		t.expires_at(run.deadline);
		co_await t.async_wait(use_awaitable);
		ownAtEnd = ownCpuSeconds();
		serverAtEnd = serverCpuSeconds(o);
	}

	/// The load generator is a peer of the server on a 2-core machine: its CPU
	/// per operation bounds the rate whatever the server does (1 s / that).
	void report(const Options &o, std::size_t ops, double seconds) const
	{
		if (ops == 0)
			return;
		const double own = ownAtEnd - ownAtStart;
		result("client_cpu_percent", 100.0 * own / seconds);
		result("client_cpu_us_per_op", own * 1e6 / static_cast<double>(ops));
		if (o.serverPids.empty())
			return;
		const double server = serverAtEnd - serverAtStart;
		result("server_cpu_percent", 100.0 * server / seconds);
		result("server_cpu_us_per_op", server * 1e6 / static_cast<double>(ops));
	}
};

int runOps(const Options &o)
{
	raiseFileLimit(2 * o.agents + 256);
	asio::io_context io;
	Run run(io);
	run.go.expires_at(Clock::time_point::max());
	for (std::size_t i = 0; i < o.agents; ++i)
		run.sessions.push_back(std::make_shared<BayeuxSession>(io));
	for (std::size_t i = 0; i < o.agents; ++i)
		asio::co_spawn(io, agent(io, o, run, i), asio::detached);
	CpuWindow cpu;
	// Set-up first (not measured), then seconds of load.
	asio::co_spawn(
		io,
		[&]() -> awaitable<void> {
			asio::steady_timer t(io);
			while (run.ready + run.failed < o.agents) {
				t.expires_after(std::chrono::milliseconds(5));
				co_await t.async_wait(use_awaitable);
			}
			run.start = Clock::now() + std::chrono::milliseconds(200); // a short warm-up
			run.deadline = run.start + std::chrono::duration_cast<Clock::duration>(
							   std::chrono::duration<double>(o.seconds));
			run.measuring = true;
			run.polls = PollCount{run.start, run.deadline, 0};
			// The CPU over the measured window only (not the agents' set-up).
			co_await cpu.sample(io, o, run);
		},
		asio::detached);
	run.deadline = Clock::now() + std::chrono::hours(1);
	io.run();
	if (run.failed > 0)
		fmt::print(stderr, "{} of {} agents could not start\n", run.failed, o.agents);
	double seconds = microsSince(run.start, run.deadline) / 1e6;
	reportLatencies(run.stats, seconds);
	result("notify_p50_us", std::max(0.0, percentile(run.stats.notifyGapUs, 50)));
	result("notify_p99_us", std::max(0.0, percentile(run.stats.notifyGapUs, 99)));
	result("notify_count", static_cast<double>(run.stats.notifyGapUs.size()));
	/* An operation is one REST exchange plus its share of long-poll exchanges:
	 * the figure to set next to nginx's one exchange per POST. */
	result("poll_exchanges_per_s", static_cast<double>(run.polls.n) / seconds);
	result("http_exchanges_per_s", static_cast<double>(run.stats.ops + run.polls.n) / seconds);
	result("notify_timeouts", static_cast<double>(run.stats.timeouts));
	result("notify_gap_p50_us", percentile(run.stats.notifyGapUs, 50));
	result("notify_gap_p99_us", percentile(run.stats.notifyGapUs, 99));
	result("notify_before_response", static_cast<double>(run.stats.early));
	result("notify_after_next_connect", static_cast<double>(run.stats.unparked));
	if (o.rate > 0) {
		std::sort(run.stats.scheduledNotifyUs.begin(), run.stats.scheduledNotifyUs.end());
		result("offered_ops_per_s", o.rate);
		result("open_notify_p50_us", percentile(run.stats.scheduledNotifyUs, 50));
		result("open_notify_p99_us", percentile(run.stats.scheduledNotifyUs, 99));
		result("open_late_sends", static_cast<double>(run.stats.lateSends));
	}
	if (o.crossEvery > 0) {
		std::sort(run.stats.crossUs.begin(), run.stats.crossUs.end());
		result("cross_notes", static_cast<double>(run.stats.crossUs.size()));
		result("cross_p50_us", percentile(run.stats.crossUs, 50));
		result("cross_p99_us", percentile(run.stats.crossUs, 99));
		result("cross_timeouts", static_cast<double>(run.stats.crossTimeouts));
	}
	cpu.report(o, run.stats.ops, seconds);
	return run.failed == 0 && run.stats.ops > 0 ? 0 : 1;
}

/* ------------------------------------------------------------------ fixed */

int runFixed(const Options &o)
{
	raiseFileLimit(o.connections + 256);
	asio::io_context io;
	Run run(io);
	run.start = Clock::now() + std::chrono::milliseconds(200);
	run.deadline =
		run.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
	run.measuring = true;
	for (std::size_t i = 0; i < o.connections; ++i) {
		asio::co_spawn(
			io,
			[&]() -> awaitable<void> {
				Conn c(io);
				try {
					co_await connect(c, o.host, o.port);
					while (Clock::now() < run.deadline) {
						auto sent = Clock::now();
						auto res = co_await exchange(c, http::verb::post, o.target,
									     R"({"operationName":"Hangup"})");
						auto done = Clock::now();
						if (sent >= run.start) {
							run.stats.latencyUs.push_back(microsSince(sent, done));
							++run.stats.ops;
							if (res.result_int() != 200)
								++run.stats.errors;
						}
					}
				} catch (const std::exception &e) {
					fmt::print(stderr, "connection: {}\n", e.what());
					++run.failed;
				}
			},
			asio::detached);
	}
	CpuWindow cpu;
	asio::co_spawn(io, cpu.sample(io, o, run), asio::detached);
	io.run();
	const double seconds = microsSince(run.start, run.deadline) / 1e6;
	reportLatencies(run.stats, seconds);
	cpu.report(o, run.stats.ops, seconds);
	return run.failed == 0 && run.stats.ops > 0 && run.stats.errors == 0 ? 0 : 1;
}

/* ------------------------------------------------------------------ idle */

/// utime + stime of the process, in seconds.
double cpuSeconds(pid_t pid)
{
	std::ifstream in(fmt::format("/proc/{}/stat", pid));
	std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
	auto close = text.rfind(')'); // the command name may hold spaces
	if (close == std::string::npos)
		return 0;
	std::vector<std::string> fields;
	std::size_t at = close + 2;
	while (at < text.size() && fields.size() < 13) {
		auto space = text.find(' ', at);
		fields.push_back(text.substr(at, space - at));
		at = space == std::string::npos ? text.size() : space + 1;
	}
	// After ")": state is field 3 of the man page, utime 14, stime 15.
	if (fields.size() < 13)
		return 0;
	return (std::stod(fields[11]) + std::stod(fields[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long rssKiB(pid_t pid)
{
	std::ifstream in(fmt::format("/proc/{}/status", pid));
	std::string line;
	while (std::getline(in, line)) {
		if (line.rfind("VmRSS:", 0) == 0)
			return std::strtol(line.c_str() + 6, nullptr, 10);
	}
	throw std::runtime_error(fmt::format("no VmRSS for pid {}", pid));
}

void raiseFileLimit(std::size_t wanted)
{
	rlimit lim{};
	getrlimit(RLIMIT_NOFILE, &lim);
	rlim_t want = static_cast<rlim_t>(wanted);
	if (lim.rlim_max < want) {
		rlimit higher{want, want};
		if (setrlimit(RLIMIT_NOFILE, &higher) == 0)
			return;
	}
	lim.rlim_cur = std::min(want, lim.rlim_max);
	setrlimit(RLIMIT_NOFILE, &lim);
}

std::size_t fileLimit()
{
	rlimit lim{};
	getrlimit(RLIMIT_NOFILE, &lim);
	return static_cast<std::size_t>(lim.rlim_cur);
}

int runIdle(const Options &o)
{
	if (o.serverPid <= 0)
		usage("idle needs --server-pid");
	std::size_t most = *std::max_element(o.sessions.begin(), o.sessions.end());
	raiseFileLimit(most + o.users + 256);
	asio::io_context io;
	std::vector<std::unique_ptr<BayeuxSession>> sessions;
	std::vector<std::map<std::string, std::string>> userCookies(std::max<std::size_t>(o.users, 1));
	std::size_t failures = 0;
	int status = 0;

	asio::co_spawn(
		io,
		[&]() -> awaitable<void> {
			// One HTTP session (JSESSIONID) per user, shared by that user's Bayeux sessions:
			// the HTTP session table is not what is measured.
			// --users 0: no GWS login (a plain Bayeux server such as the Faye peer).
			for (std::size_t u = 0; u < o.users; ++u) {
				Conn c(io);
				c.authorization = "Basic " + base64(fmt::format("{}{}:{}", o.userPrefix, o.firstDn + u,
										o.password));
				co_await connect(c, o.host, o.port);
				auto res = co_await exchange(c, http::verb::get, "/api/v2/me", {});
				if (res.result_int() != 200)
					throw std::runtime_error(fmt::format("login {}: HTTP {}", u, res.result_int()));
				userCookies[u] = c.cookies;
			}
			asio::steady_timer t(io);
			t.expires_after(std::chrono::milliseconds(500));
			co_await t.async_wait(use_awaitable);
			long base = rssKiB(o.serverPid);
			result("idle_rss_base_kib", static_cast<double>(base));
			for (std::size_t target : o.sessions) {
				if (target + 64 > fileLimit()) {
					fmt::print(stderr, "idle: {} sessions exceed the open-file limit {}; skipped\n",
						   target, fileLimit());
					status = 1;
					continue;
				}
				std::size_t next = sessions.size();
				std::size_t opened = 0;
				// A bounded number of set-ups at a time keeps the listen backlog from overflowing.
				auto worker = [&]() -> awaitable<void> {
					while (next < target) {
						std::size_t i = next++;
						sessions.push_back(std::make_unique<BayeuxSession>(io));
						BayeuxSession &s = *sessions.back();
						// Past ~28k ephemeral ports per source address: 127.0.0.2, .3, ...
						s.conn.source = fmt::format("127.0.0.{}", 1 + i / 25000);
						s.conn.cookies = userCookies[i % userCookies.size()];
						try {
							co_await connect(s.conn, o.host, o.port);
							co_await bayeuxOpen(s);
							asio::co_spawn(io, bayeuxPoll(s), asio::detached);
							auto held = [&s] {
								return s.parked ||
								       (s.nextId > 3 &&
									Clock::now() - s.firstConnectSent >
										std::chrono::milliseconds(100));
							};
							while (!held() && !s.stop) {
								asio::steady_timer wait(io);
								wait.expires_after(std::chrono::milliseconds(1));
								co_await wait.async_wait(use_awaitable);
							}
							if (s.stop)
								throw std::runtime_error("the long-poll ended");
							++opened;
						} catch (const std::exception &e) {
							if (failures++ < 5)
								fmt::print(stderr, "idle session {}: {}\n", i,
									   e.what());
						}
					}
				};
				std::size_t workersDone = 0;
				constexpr std::size_t workers = 256;
				for (std::size_t w = 0; w < workers; ++w)
					asio::co_spawn(io, worker(), [&](std::exception_ptr) { ++workersDone; });
				while (workersDone < workers) {
					t.expires_after(std::chrono::milliseconds(10));
					co_await t.async_wait(use_awaitable);
				}
				// Let the server settle (first connects answered, second ones parked), then
				// check it is really idle: parked long-polls should cost no CPU.
				t.expires_after(std::chrono::milliseconds(500));
				co_await t.async_wait(use_awaitable);
				double cpuBefore = cpuSeconds(o.serverPid);
				auto from = Clock::now();
				t.expires_after(std::chrono::milliseconds(500));
				co_await t.async_wait(use_awaitable);
				double busy =
					(cpuSeconds(o.serverPid) - cpuBefore) / (microsSince(from, Clock::now()) / 1e6);
				result(fmt::format("idle_{}_server_cpu_percent", target), 100 * busy);
				long rss = rssKiB(o.serverPid);
				std::size_t live = sessions.size() - failures;
				result(fmt::format("idle_{}_sessions_open", target), static_cast<double>(live));
				result(fmt::format("idle_{}_rss_kib", target), static_cast<double>(rss));
				if (live > 0)
					result(fmt::format("idle_{}_kib_per_session", target),
					       static_cast<double>(rss - base) / static_cast<double>(live));
				if (failures > 0)
					status = 1;
			}
			for (auto &s : sessions) {
				s->stop = true;
				beast::error_code ec;
				s->conn.stream.socket().close(ec);
			}
		},
		[&](std::exception_ptr e) {
			if (e) {
				try {
					std::rethrow_exception(e);
				} catch (const std::exception &ex) {
					fmt::print(stderr, "idle: {}\n", ex.what());
				}
				status = 1;
				for (auto &s : sessions) {
					beast::error_code ec;
					s->conn.stream.socket().close(ec);
				}
			}
		});
	io.run();
	return status;
}

/* ------------------------------------------------------------------ startup */

/// One request on a fresh connection: its HTTP status, or 0 when nothing answered.
unsigned askOnce(unsigned short port, http::verb verb, const std::string &target)
{
	try {
		asio::io_context io;
		tcp::socket socket(io);
		socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
		http::request<http::string_body> req{verb, target, 11};
		req.set(http::field::host, fmt::format("127.0.0.1:{}", port));
		if (verb == http::verb::post) {
			req.set(http::field::content_type, "application/json");
			req.body() = R"({"operationName":"Hangup"})";
			req.prepare_payload();
		}
		http::write(socket, req);
		beast::flat_buffer buffer;
		http::response<http::string_body> res;
		http::read(socket, buffer, res);
		return res.result_int();
	} catch (const std::exception &) {
		return 0;
	}
}

/// Forks command (stdout to a pipe), returns its pid and the pipe's read end.
std::pair<pid_t, int> spawn(const std::vector<std::string> &command)
{
	int out[2];
	if (pipe(out) != 0)
		throw std::runtime_error("pipe failed");
	pid_t pid = fork();
	if (pid < 0)
		throw std::runtime_error("fork failed");
	if (pid == 0) {
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		std::vector<char *> args;
		for (const std::string &arg : command)
			args.push_back(const_cast<char *>(arg.c_str()));
		args.push_back(nullptr);
		execvp(args[0], args.data());
		_exit(127);
	}
	close(out[1]);
	return {pid, out[0]};
}

void stopChild(pid_t pid, int out)
{
	kill(pid, SIGTERM);
	int status = 0;
	waitpid(pid, &status, 0);
	close(out);
}

/// Polls until ask() is true (every 0.2 ms, at most timeout): milliseconds from
/// started, or a negative number when it never was.
template <typename Ask> double waitUntil(Clock::time_point started, std::chrono::seconds timeout, Ask ask)
{
	auto giveUp = started + timeout;
	while (Clock::now() < giveUp) {
		if (ask())
			return microsSince(started, Clock::now()) / 1000.0;
		usleep(200);
	}
	return -1;
}

/// Milliseconds from fork to the first 200 from /sim/v1/health.
double startOnce(const std::string &ctisim)
{
	auto started = Clock::now();
	auto [pid, out] = spawn({ctisim, "serve", "--port", "0", "--log-level", "warn"});
	std::string text;
	char buf[256];
	unsigned short port = 0;
	while (port == 0) {
		ssize_t n = read(out, buf, sizeof buf);
		if (n <= 0)
			break;
		text.append(buf, static_cast<std::size_t>(n));
		auto at = text.find("http://127.0.0.1:");
		if (at != std::string::npos) {
			auto end = text.find_first_not_of("0123456789", at + 17);
			if (end != std::string::npos)
				port = static_cast<unsigned short>(std::stoul(text.substr(at + 17, end - at - 17)));
		}
	}
	double ms = -1;
	if (port != 0)
		ms = waitUntil(started, std::chrono::seconds(10),
			       [&] { return askOnce(port, http::verb::get, "/sim/v1/health") == 200; });
	stopChild(pid, out);
	if (ms < 0)
		throw std::runtime_error(fmt::format("{} serve did not become healthy: {}", ctisim, text));
	return ms;
}

/// Milliseconds from fork to the first HTTP answer (any status) on port.
double peerStartOnce(const Options &o)
{
	auto started = Clock::now();
	auto [pid, out] = spawn(o.command);
	double ms = waitUntil(started, std::chrono::seconds(60),
			      [&] { return askOnce(o.port, http::verb::post, o.path) != 0; });
	stopChild(pid, out);
	if (ms < 0)
		throw std::runtime_error(fmt::format("{} did not answer on port {}", o.command.front(), o.port));
	/* Let the port go before the next run binds it again. */
	waitUntil(Clock::now(), std::chrono::seconds(5), [&] { return askOnce(o.port, http::verb::get, o.path) == 0; });
	return ms;
}

template <typename Start> int reportStartups(std::size_t runs, Start start)
{
	std::vector<double> times;
	for (std::size_t i = 0; i < runs; ++i)
		times.push_back(start());
	std::sort(times.begin(), times.end());
	result("startup_median_ms", times[times.size() / 2]);
	result("startup_max_ms", times.back());
	return 0;
}

int runStartup(const Options &o)
{
	return reportStartups(o.runs, [&] { return startOnce(o.ctisim); });
}

int runPeerStartup(const Options &o)
{
	if (o.command.empty() || o.port == 0)
		usage("peer-startup needs --port and a command after --");
	return reportStartups(o.runs, [&] { return peerStartOnce(o); });
}

} /* namespace */

int main(int argc, char **argv)
{
	Options o = parseOptions(argc, argv);
	label_ = o.label.empty() ? std::string() : o.label + ".";
	signal(SIGPIPE, SIG_IGN);
	try {
		if (o.mode == "ops")
			return runOps(o);
		if (o.mode == "fixed")
			return runFixed(o);
		if (o.mode == "idle")
			return runIdle(o);
		if (o.mode == "startup")
			return runStartup(o);
		if (o.mode == "peer-startup")
			return runPeerStartup(o);
	} catch (const std::exception &e) {
		fmt::print(stderr, "ctisim-bench {}: {}\n", o.mode, e.what());
		return 1;
	}
	usage(fmt::format("unknown mode {}", o.mode));
}
