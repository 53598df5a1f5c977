/* SPDX-License-Identifier: MIT */
/*
 * The small sandbox configuration the GWS, Workspace v3 and HTTP fuzz targets
 * start every input from (and what they run on, null notifier and Bayeux): four agents, a queue, a routing point, a
 * call in progress with the seed samples' ids (so that "/api/v2/me/calls/01RCC3N118B1V0SL8O7GK2LAES000007" in a corpus
 * file names a real call), a custom contact and a group, a virtual clock. Small so that building it for every input
 * stays cheap.
 */
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>

#include "ctisim/api/bayeux_endpoint.h"
#include "ctisim/api/http_exchange.h"
#include "ctisim/api/notifier.h"
#include "ctisim/api/sandbox_config.h"
#include "ctisim/clock.h"
#include "manual_executor.h"

namespace ctisim::fuzz {

inline constexpr std::string_view worldConfigJson = R"({
	"defaults": false,
	"seed": 1,
	"clock": {"virtual": true},
	"dns": [
		{"number": "15000"}, {"number": "15001"},
		{"number": "15002", "behaviour": "ringForever"},
		{"number": "15003", "behaviour": "answer", "answerDelayMs": 2000},
		{"number": "7000", "type": "ACDQueue", "targets": ["15001", "15002"]},
		{"number": "8000", "type": "RoutingPoint", "targets": ["15003"]}
	],
	"users": [
		{"userName": "agent15000", "password": "password", "dn": "15000",
		 "deviceId": "631608b3-ceb1-472b-ba05-2ae39555b0d1"},
		{"userName": "agent15001", "password": "password", "dn": "15001"},
		{"userName": "agent15002", "password": "password", "dn": "15002"},
		{"userName": "agent15003", "password": "password", "dn": "15003"}
	],
	"contacts": [{"name": "Support", "phoneNumber": "18005550199"}],
	"groups": [{"name": "Team", "agents": ["agent15000", "agent15001"]}],
	"agents": [{"dn": "15000", "state": "Ready", "workMode": "ManualIn"}],
	"calls": [{
		"connId": "0071027198180007", "callUuid": "01RCC3N118B1V0SL8O7GK2LAES000007",
		"userData": {"AccountNumber": "12345"},
		"parties": [{"dn": "15000"}, {"dn": "15001"}]
	}]
})";

/// The configuration above, parsed once.
inline const api::SandboxConfig &worldConfig()
{
	static const api::SandboxConfig config = [] {
		api::SandboxConfig c;
		if (api::parseSandboxConfig(worldConfigJson, c))
			std::abort(); /* the fuzz target itself is broken */
		return c;
	}();
	return config;
}

/// The request targets' notifier: the notifications are not what they check.
struct NullNotifier final : api::Notifier {
	void publish(std::string_view, std::string_view, api::SharedMessage) override {}
};

/// A Bayeux endpoint that answers every POST with an empty batch.
struct EmptyBayeux final : api::BayeuxEndpoint {
	void handle(const std::string &, api::HttpRequest, api::HttpReply reply) override
	{
		api::HttpResponse r;
		r.body = "[]";
		reply(std::move(r));
	}
	void dropSessionsOf(const std::string &) override {}
};

/// What a front end runs on for one input. The switch and the front end are built in
/// an inner scope, so that the tasks they leave behind run (and must do nothing) once
/// they are gone.
struct Runtime {
	explicit Runtime(const api::SandboxConfig &config) : clock(config.clockStart) {}
	VirtualClock clock;
	test::ManualExecutor core;
	NullNotifier notifier;
	EmptyBayeux bayeux;
};

/// What a request to a front end came to once the core settled.
struct Answers {
	int count = 0;		    ///< must be 1
	api::HttpResponse response; ///< the last one
};

/// Sends request to handler and runs the core and its due timers until nothing is left to do.
inline Answers answer(api::HttpHandler &handler, test::ManualExecutor &core, const api::HttpRequest &request)
{
	Answers out;
	handler.handle(request, [&out](api::HttpResponse r) {
		++out.count;
		out.response = std::move(r);
	});
	core.runAll();
	core.fireDelayed();
	/* Past any time-out: an operation left unanswered is answered 504. */
	core.advance(std::chrono::hours(1));
	return out;
}

/// "Basic <base64 of agent15000:password>"
inline constexpr std::string_view agentAuthorization = "Basic YWdlbnQxNTAwMDpwYXNzd29yZA==";

} /* namespace ctisim::fuzz */
