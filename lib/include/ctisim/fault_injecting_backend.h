/* SPDX-License-Identifier: MIT */
/*
 * FaultInjectingBackend: a Backend decorator that breaks the link between a
 * front end and its switch on demand, so that the front end's handling of a
 * lost T-Server, slow events and lost requests can be tested (docs/reliability.md,
 * "Faults"). With no fault set it passes everything through unchanged.
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

#include "ctisim/backend.h"
#include "ctisim/clock.h"
#include "ctisim/executor.h"
#include "ctisim/switch_control.h"

namespace ctisim {

/// The faults in force.
struct FaultState {
	bool linkUp = true;
	/// Every event (and the results that follow it) is held this long.
	std::chrono::milliseconds eventDelay{0};
	/// How many of the next requests will be dropped.
	std::size_t dropRequests = 0;
	/// Requests dropped so far (they get no result unless the link goes down).
	std::size_t droppedRequests = 0;
	/// How many of the next switch events will be dropped.
	std::size_t dropEvents = 0;
	/// Switch events dropped so far (no subscriber saw them).
	std::size_t droppedEvents = 0;
};

/// The faults:
///  - link down: every subscribed sink gets an EventLinkDisconnected (thisDn is
///    the subscription's DN, empty for an all-DN subscription); the requests in
///    flight and every new one fail with TERR_NO_SWITCH (54, "No connection to the
///    switch") without an EventError; the switch's events are discarded. Link up:
///    sinks get EventLinkConnected and events flow again. The switch itself keeps
///    running meanwhile (its calls go on), as a T-Server does when a client's link
///    drops; a late result of a request already failed is discarded.
///  - event delay: events and results are delivered eventDelay later than the
///    switch sent them, in the switch's order (a result never overtakes its events).
///    Real time, unless the decorator was given the control of a virtual clock:
///    then an event is due at the clock's now + eventDelay and is delivered once
///    the clock reaches that time (clockMoved(), after POST /sim/v1/clock), never
///    before; a result moves the clock itself to its due time (AdvanceClock, which
///    fires the switch's timers on the way), as a discrete-event simulation does,
///    since the request's sender waits for it and nothing else could end the wait.
///  - drop requests: the next n requests are never forwarded and get no result (the
///    front end has to time out), except TERR_NO_SWITCH if the link goes down.
///  - drop events: the next n events the switch sends (while the link is up) reach
///    no subscriber, as if T-Server had lost them; the switch's state moves on.
/// Synthesized events carry the clock's time and the last sequence number seen.
///
/// Thread safety: every method may be called from any thread. Setters take effect
/// on the executor, in call order; results and events are delivered on it.
class FaultInjectingBackend final : public Backend
{
public:
	/// inner, executor and clock (and clockControl) must outlive the decorator;
	/// executor is inner's. clockControl, when given, moves clock, a virtual one:
	/// delays are then in the clock's time (see above).
	FaultInjectingBackend(Backend &inner, Executor &executor, const Clock &clock,
			      SwitchControl *clockControl = nullptr);
	~FaultInjectingBackend() override;

	FaultInjectingBackend(const FaultInjectingBackend &) = delete;
	FaultInjectingBackend &operator=(const FaultInjectingBackend &) = delete;

	void submit(Request request, ResultHandler onResult) override;
	SubscriptionId subscribe(EventSink &sink, std::optional<Dn> dn = std::nullopt) override;
	void unsubscribe(SubscriptionId id) override;

	/// Takes the link down or brings it back; nothing happens if it is already so.
	void setLinkUp(bool up);
	void setEventDelay(std::chrono::milliseconds delay);
	/// Drops the next count requests (replaces a count still pending; 0 stops dropping).
	void dropRequests(std::size_t count);
	/// Drops the next count switch events (replaces a count still pending; 0 stops dropping).
	void dropEvents(std::size_t count);
	/// The virtual clock was moved: delivers what is now due (nothing without clockControl).
	void clockMoved();
	/// Calls onState on the executor with the faults in force once the setters
	/// called before it have taken effect.
	void inspect(std::function<void(FaultState)> onState);

	/// The decorated backend (for parties that must not see the faults).
	Backend &inner() { return inner_; }

private:
	struct Impl;
	Backend &inner_;
	std::shared_ptr<Impl> impl_;
};

} /* namespace ctisim */
