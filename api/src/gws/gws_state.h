/* SPDX-License-Identifier: MIT */
/*
 * GwsState: everything the GWS layer knows, in one place the pieces take as a
 * parameter (router, resources, operations, in-flight tracker, notification
 * publisher, link resynchronization). The pieces depend on this state, not on
 * each other's objects; it lives on the core executor, so it needs no lock.
 * Callbacks that outlive a call hold a weak_ptr to it: after GwsApi is gone
 * they do nothing.
 */
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <rapidjson/stringbuffer.h>

#include "ctisim/api/bayeux_endpoint.h"
#include "ctisim/api/contact_directory.h"
#include "ctisim/api/directory.h"
#include "ctisim/api/gws_config.h"
#include "ctisim/api/http_exchange.h"
#include "ctisim/api/notifier.h"
#include "ctisim/api/transparent_hash.h"
#include "ctisim/backend.h"
#include "ctisim/clock.h"
#include "ctisim/executor.h"

#include "request_body.h"
#include "resource_json.h"
#include "session_table.h"
#include "statistics.h"
#include "user_view.h"

namespace ctisim::api {

/// One HTTP exchange being answered.
struct Exchange {
	HttpRequest request;
	HttpReply reply;
	std::vector<std::pair<std::string, std::string>> headers;
	std::string userId;
	std::string sessionId;
};

/// An operation sent to the switch whose result has not been answered yet.
struct InFlightOperation {
	Exchange ex;
	std::string op;		 ///< the GWS operationName
	std::string requestName; ///< "RequestMakeCall", for the time-out message
	bool endSession = false;
	std::string answer;	      ///< the success body; empty = {"statusCode":0}
	Executor::TimePoint deadline; ///< core's time when it is answered 504
};

/// What UCS voice identification keeps (ucs.h): the contacts IdentifyUCSContact created.
struct UcsState {
	std::vector<UcsContact> created;
	std::uint64_t nextReference = 1;
};

struct GwsState : std::enable_shared_from_this<GwsState> {
	GwsState(Backend &backendRef, Executor &coreRef, const Clock &clockRef, Directory dir, GwsConfig cfg,
		 Notifier &notifierRef, BayeuxEndpoint *bayeuxPtr);

	/* What the GWS layer runs on. */
	Backend &backend;
	Executor &core;
	const Clock &clock;
	Directory directory;
	GwsConfig config;
	/// The users of directory and the targets of config, for the Contacts API (rebuilt with them).
	ContactDirectory contacts;
	Notifier &notifier;
	BayeuxEndpoint *bayeux;

	/* The users. */
	SessionTable sessions{config.sessionRoute}; ///< after config: its ids carry config.sessionRoute
	/// By user id; found by a string_view without building a std::string key.
	std::unordered_map<std::string, UserView, TransparentStringHash, std::equal_to<>> views;
	/// Bumped by reset(): results of loads started before it are ignored.
	std::uint64_t generation = 0;

	/* The Statistics API's counts (statistics.h), fed every switch event. */
	StatisticsBook statistics{config.statisticsHistory};

	/* UCS voice identification (ucs.h). */
	UcsState ucs;

	/* Requests in flight (inflight.h). */
	/// Operations waiting for the switch, by local id; one that ended early (time-out, link
	/// loss) is gone from here and its late result is ignored.
	std::map<std::uint64_t, InFlightOperation> inFlight;
	std::uint64_t nextOperation = 1;
	/// One timer for every operation's time-out, armed for the oldest one's deadline
	/// (made with the first operation; null with no time-out configured).
	std::unique_ptr<Executor::Timer> timeoutTimer;
	/// When timeoutTimer is armed for; nullopt when it is not armed.
	std::optional<Executor::TimePoint> timeoutArmedAt;
	/// EventErrors waiting for their request's result, by reference id.
	std::map<ReferenceId, Event> pendingErrors;

	/* Capabilities another call changed (notification_publisher.h). */
	/// The capabilities each user's client was last sent for each call it has (callCapabilityMask),
	/// by user id.
	std::unordered_map<std::string, std::unordered_map<ConnId, std::uint64_t>> sentCapabilities;
	/// Users whose calls are to be checked at the end of this switch step.
	std::vector<std::string> capabilityCheckDue;
	/// Set while an operation is submitted: a step the switch runs at once (backend.h) ends
	/// in the operation's result, which runs the check; other steps post a task for it.
	bool stepEndsInResult = false;
	/// Where each notification is written before its text is shared: one buffer and one writer
	/// whose room (the text's, the writer's nesting stack) stays, not grown from empty per
	/// notification (notification_publisher.cpp).
	rapidjson::StringBuffer notificationBuffer;
	json::Writer notificationWriter{notificationBuffer};

	/* The switch link (link_resync.h). */
	std::optional<Backend::SubscriptionId> subscription;
	/// The GwsApi itself: the sink to re-subscribe when the switch link returns.
	EventSink *sink = nullptr;
	/// False between EventLinkDisconnected and EventLinkConnected.
	bool linkUp = true;
	/// Bumped at each link change: a resynchronization overtaken by another change is ignored.
	std::uint64_t linkEpoch = 0;

	UserView *viewOf(std::string_view userId);
	/// The view of the user whose DN this is, or null.
	UserView *viewOfDn(const Dn &dn);

	/// Answers ex. The notifications the request caused leave before the response.
	void respond(Exchange &ex, unsigned status, std::string body);
	/// Answers {"statusCode":0}.
	void respondOk(Exchange &ex);
	/// The one way the GWS layer answers an error (docs/architecture.md, "Errors").
	void fail(Exchange &ex, const ApiError &error);

	/// Ends the exchange's HTTP session; the user's Bayeux sessions go with their last one.
	void endSession(const Exchange &ex);

	/// Loads every user's DN state and calls (QueryAddress); done runs on core once all are in.
	void load(std::function<void()> done);
	/// Drops every session, replaces the directory and configuration, reloads.
	void reset(Directory dir, GwsConfig cfg, std::function<void()> done);

private:
	void buildViews();
};

} /* namespace ctisim::api */
