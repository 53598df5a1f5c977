/* SPDX-License-Identifier: MIT */
/*
 * A timed load run (the ops and fixed modes): its measured window, what was
 * counted in it, and the CPU the load generator and the servers spent in it.
 */
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bayeux_client.h"
#include "options.h"
#include "process.h"
#include "results.h"

namespace ctisim::bench {

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

/// Sorts the latencies, prints the rate, the latency percentiles and the errors.
void reportLatencies(Stats &stats, double seconds);

/// The CPU of the load generator and of the servers (--server-pids) over the measured window.
struct CpuWindow {
	double ownAtStart = 0, ownAtEnd = 0;
	CpuTimes serverAtStart, serverAtEnd;

	/// Waits for run.start and run.deadline (set before it is spawned) and samples both.
	awaitable<void> sample(asio::io_context &io, const Options &o, const Run &run);

	/// The load generator is a peer of the server on a 2-core machine: its CPU
	/// per operation bounds the rate whatever the server does (1 s / that).
	void report(const Options &o, std::size_t ops, double seconds) const;
};

} /* namespace ctisim::bench */
