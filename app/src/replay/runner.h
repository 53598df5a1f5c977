/* SPDX-License-Identifier: MIT */
/*
 * Runner: plays one scenario at a time against a server (reset to the
 * scenario's setup when it is a ctisim sandbox): logs its users in, runs the
 * steps, and checks what came back. runner.cpp drives the steps; step_check.cpp
 * holds the checks (the scenario matcher's verdict and, with --report, the
 * fidelity diff); user_login.cpp logs users in (GWS v2 or Workspace API v3);
 * replay_report.cpp writes what the run gave.
 */
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "ctisim/app/fidelity_diff.h"
#include "ctisim/app/replayer.h"
#include "ctisim/client/sync_client.h"
#include "ctisim/scenario/json_matcher.h"
#include "ctisim/scenario/scenario.h"

namespace ctisim::app {

/// text with every line prefixed.
std::string indent(const std::string &text, std::string_view prefix);
/// A response body cut for a one-screen report (an HTML error page says little more).
std::string clip(const std::string &text, std::size_t maxChars = 400);
/// Why a request did not succeed, for a login or reset failure: the status and clipped body, or the
/// transport's error when there was no response.
std::string failureText(const client::HttpResult &result);

/// What one step actually produced, for --update.
struct StepActual {
	bool ran = false;
	std::string path; ///< the request path, captures substituted
	unsigned status = 0;
	std::string body;
	bool statusDiffers = false;
	bool bodyDiffers = false;
	std::map<std::string, std::vector<std::string>> notifications;
	std::set<std::string> notificationsDiffer;
};

struct UserSession {
	std::string name;
	std::unique_ptr<client::SyncGwsClient> http;
	std::unique_ptr<client::SyncBayeuxClient> bayeux;
	std::vector<std::string> inbox;
	/// The server ended the Bayeux session (EndContactCenterSession, logout):
	/// nothing more can arrive, which is not an error in itself.
	bool closed = false;
};

class Runner
{
public:
	Runner(const ReplayOptions &options, client::Url base, bool ctisimTarget, std::chrono::milliseconds timeout);

	ScenarioOutcome run(scenario::Scenario &s);

	/// The actual values of the last run, step by step (for --update).
	const std::vector<StepActual> &actuals() const { return actuals_; }

	/// With --verbose, the requests, responses and notifications traced since the
	/// last call; the replayer prints them in file order.
	std::string takeTrace() { return std::exchange(trace_, {}); }

private:
	/* runner.cpp: the session and the steps */
	client::SyncGwsClient &control();
	void fail(std::string text);
	/// A failure that is no comparison (a login, the network): it fails the report too.
	void failHard(std::string text);
	void trace(const std::string &text);
	bool prepare(scenario::Scenario &s);
	/* user_login.cpp: a user's HTTP and Bayeux sessions, as its API's clients open them */
	bool logIn(const scenario::UserCredentials &user, UserSession &session);
	void traceBayeux(UserSession &session);
	UserSession *session(const std::string &name);
	std::string stepTitle(const scenario::Step &step) const;
	bool substitute(const std::string &in, std::string &out, const scenario::Step &step);
	bool runStep(const scenario::Step &step);
	/// A Subscribe step: the /meta/subscribe, what its reply carries into the user's inbox.
	bool subscribe(const scenario::Step &step);
	bool pollAll(const scenario::Step &step, const std::set<std::string> &only);
	bool capture(const scenario::Step &step, const StepActual &actual);
	bool poll(const scenario::Step &step);

	/* step_check.cpp: the checks */
	bool checkBody(const scenario::Step &step, const std::string &text);
	bool checkNotifications(const scenario::Step &step, StepActual &actual);
	bool checkUser(const scenario::Step &step, UserSession &user,
		       const scenario::NotificationExpectation *expectation);
	std::string receivedList(const std::vector<rapidjson::Document> &received) const;
	/// in, or its copy in scratch with the captures substituted when it holds
	/// placeholders; nullptr (the step failed) for a name captured nowhere.
	const rapidjson::Value *expand(const scenario::Step &step, const rapidjson::Value &in, bool placeholders,
				       rapidjson::Document &scratch);
	/// --report: every difference of the step, into differences_.
	void diffStep(const scenario::Step &step, const StepActual &actual);

	const ReplayOptions &options_;
	client::Url base_;
	bool ctisim_;
	std::chrono::milliseconds timeout_;
	std::string trace_;
	std::unique_ptr<client::SyncGwsClient> control_;
	std::unique_ptr<client::SyncGwsClient> anonymous_;
	std::vector<UserSession> sessions_;
	scenario::Captures captures_;
	std::vector<StepActual> actuals_;
	std::string failure_;
	bool error_ = false;
	std::vector<Difference> differences_;
};

/// Trims a Bayeux message to the documented envelope {"data", "channel"}.
rapidjson::Document envelope(const std::string &text);

} /* namespace ctisim::app */
