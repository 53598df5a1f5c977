/* SPDX-License-Identifier: MIT */
/*
 * The ops mode: N agents, each a GWS user with a REST connection and a Bayeux
 * long-poll on its own connection, looping Dial -> SingleStepConference ->
 * Hangup and waiting for each operation's notification. In a closed loop each
 * agent sends its next operation when the last one's notification came; with
 * --rate the loop is open (operations go at fixed slots). --port P1,P2 spreads
 * the agents over front ends; --cross-every K makes every K-th loop a call to a
 * partner agent, so its Ringing crosses front ends.
 *
 * GCC 12 at -O2 reports -Wmismatched-new-delete at the end of agent(): a
 * coroutine frame that Asio's recycling allocator got from aligned_alloc, freed
 * by the frame's own operator delete, which hands it back to that allocator
 * (a false positive; the single-file version's inlining did not show it).
 */
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include "bayeux_client.h"
#include "connection.h"
#include "load_run.h"
#include "modes.h"
#include "process.h"
#include "results.h"

namespace ctisim::bench {

namespace {

using asio::use_awaitable;

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
		boost::system::error_code ec;
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
		boost::system::error_code ec;
		co_await partner.ringSignal.async_wait(asio::redirect_error(use_awaitable, ec));
	}
}

awaitable<void> agent(asio::io_context &io, const Options &o, Run &run, std::size_t index)
{
	BayeuxSession &bayeux = *run.sessions[index];
	client::GwsClient rest(io.get_executor(), bayeux.http.base(), benchConnection());
	bool counted = false;
	try {
		unsigned dn = o.firstDn + static_cast<unsigned>(index);
		rest.setCredentials(fmt::format("{}{}", o.userPrefix, dn), o.password);
		auto devices = co_await rest.request("GET", "/api/v2/me/devices");
		rapidjson::Document doc;
		doc.Parse(devices.body.c_str());
		if (devices.status != 200 || doc.HasParseError() || !doc.HasMember("uris") || !doc["uris"].IsArray() ||
		    doc["uris"].Empty())
			throw std::runtime_error(
				fmt::format("GET /api/v2/me/devices: {} {}", devices.status, devices.body));
		std::string uri = jsonString(doc["uris"][0]);
		std::string deviceId = uri.substr(uri.rfind('/') + 1);

		bayeux.http.jar() = rest.jar(); // JSESSIONID authenticates the Bayeux POSTs
		bayeux.polls = &run.polls;
		co_await bayeuxOpen(bayeux);
		asio::co_spawn(io, bayeuxPoll(bayeux), asio::detached);

		++run.ready;
		counted = true;
		if (run.ready + run.failed == o.agents)
			run.go.cancel();
		boost::system::error_code ec;
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
		auto timed = [&](std::string_view method, std::string target,
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
			auto res = co_await rest.request(method, target, std::move(body));
			auto done = Clock::now();
			bool ok = res.status == 200 && res.body.find("\"statusCode\":0") != std::string::npos;
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
				"POST", fmt::format("/api/v2/me/devices/{}/calls", deviceId),
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
					"POST", callPath,
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
			auto [hangupOk, hangupDone] = co_await timed("POST", callPath, R"({"operationName":"Hangup"})");
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
	bayeux.http.connection().close();
	rest.connection().close();
	++run.finished;
	// Let the poller see its closed socket before this frame (and the session) goes.
	asio::steady_timer settle(io);
	settle.expires_after(std::chrono::milliseconds(50));
	boost::system::error_code ignored;
	co_await settle.async_wait(asio::redirect_error(use_awaitable, ignored));
}

} /* namespace */

int runOps(const Options &o)
{
	raiseFileLimit(2 * o.agents + 256);
	asio::io_context io;
	Run run(io);
	run.go.expires_at(Clock::time_point::max());
	for (std::size_t i = 0; i < o.agents; ++i)
		// With several front ends the agents alternate, so agent i and its partner i^1 differ.
		run.sessions.push_back(std::make_shared<BayeuxSession>(
			io, serverUrl(o.host, o.ports.empty() ? o.port : o.ports[i % o.ports.size()])));
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

} /* namespace ctisim::bench */
