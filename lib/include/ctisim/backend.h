/* SPDX-License-Identifier: MIT */
/*
 * Backend: the one interface a front end uses to reach a switch.
 *
 * The contract, whatever the switch behind it (in-process simulator, remote
 * switch over TCP, recorder):
 *  - submit() never blocks. Called from a task of the backend's executor, outside
 *    a step of its own, it may run the request at once: its events and its result
 *    are then delivered before it returns (the common path of a request served on
 *    the core: docs/architecture.md, "Threads"); a caller registers what the result
 *    needs before submitting. Called anywhere else, it never calls back from inside
 *    itself.
 *  - Every submitted request ends in exactly one RequestResult.
 *  - A request that fails changes nothing; its sender also gets an Error event.
 *  - Every event a request causes is delivered to the sinks before its result.
 *  - Events reach a sink one at a time, in switch order (Event::sequence), on the
 *    backend's executor; a sink must not block.
 */
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ctisim/event.h"
#include "ctisim/request.h"
#include "ctisim/snapshot.h"

namespace ctisim {

struct RequestResult {
	ReferenceId referenceId = 0;
	int errorCode = 0; ///< 0 on success, else a tliberr.h code
	std::string errorMessage;

	/// QueryAddress only: the DN and the calls it is on.
	DnSnapshotPtr dn;
	std::vector<CallSnapshotPtr> calls;
	/// MakeCall, InitiateTransfer, InitiateConference: the new call.
	ConnId newConnId;

	bool ok() const { return errorCode == 0; }
};

class EventSink
{
public:
	virtual ~EventSink() = default;
	virtual void onEvent(const Event &event) = 0;
};

class Backend
{
public:
	using ResultHandler = std::function<void(RequestResult)>;
	using SubscriptionId = std::uint64_t;

	virtual ~Backend() = default;

	/// Sends a request; onResult runs once, on the backend's executor (possibly before
	/// submit returns: see the contract above).
	virtual void submit(Request request, ResultHandler onResult) = 0;

	/// Delivers the events of one DN, or of every DN when dn is nullopt, to sink.
	/// The sink must outlive the subscription.
	virtual SubscriptionId subscribe(EventSink &sink, std::optional<Dn> dn = std::nullopt) = 0;
	virtual void unsubscribe(SubscriptionId id) = 0;
};

} /* namespace ctisim */
