/* SPDX-License-Identifier: MIT */
/*
 * Runner, the driving half: resets the sandbox to the scenario's setup, logs
 * its users in (HTTP session + Bayeux session each), sends each step's request
 * and gathers the response and the notifications for step_check.cpp.
 */
#include "runner.h"

#include "replay_report.h"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "ctisim/api/sandbox_config.h"
#include "ctisim/app/setup_source.h"
#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/value.h"

namespace ctisim::app {

using rapidjson::Value;
using scenario::Scenario;
using scenario::Step;
using Clock = std::chrono::steady_clock;

std::string indent(const std::string &text, std::string_view prefix)
{
	std::string out;
	std::size_t start = 0;
	while (start <= text.size()) {
		auto end = text.find('\n', start);
		if (end == std::string::npos)
			end = text.size();
		out += fmt::format("{}{}\n", prefix, std::string_view(text).substr(start, end - start));
		start = end + 1;
	}
	return out;
}

std::string clip(const std::string &text, std::size_t maxChars)
{
	if (text.empty())
		return "(empty)";
	if (text.size() <= maxChars)
		return text;
	return text.substr(0, maxChars) + fmt::format("... ({} bytes)", text.size());
}

std::string failureText(const client::HttpResult &result)
{
	return result.error.empty() ? fmt::format("HTTP {} {}", result.status, clip(result.body)) : result.error;
}

Runner::Runner(const ReplayOptions &options, client::Url base, bool ctisimTarget, std::chrono::milliseconds timeout)
    : options_(options), base_(std::move(base)), ctisim_(ctisimTarget), timeout_(timeout)
{
}

ScenarioOutcome Runner::run(Scenario &s)
{
	ScenarioOutcome outcome;
	auto start = Clock::now();
	captures_.clear();
	sessions_.clear();
	actuals_.assign(s.steps.size(), StepActual{});
	failure_.clear();
	error_ = false;
	differences_.clear();
	/* --update and --report want every step; otherwise the first difference says it all. */
	bool everyStep = options_.update || !options_.report.empty();
	if (prepare(s)) {
		for (const Step &step : s.steps) {
			if (!runStep(step) && (!everyStep || error_))
				break;
		}
	}
	for (auto &session : sessions_) {
		if (!ctisim_)
			session.bayeux->disconnect();
	}
	sessions_.clear();
	outcome.passed = failure_.empty();
	outcome.failure = failure_;
	if (!options_.report.empty()) {
		markDeliberate(differences_, documentedDeviations());
		attributeSetup(differences_, s);
		outcome.differences = std::move(differences_);
		outcome.reported = true;
		/* With a report, what the matcher saw is in the differences, deliberate ones apart, and
		 * those that follow from what the recording could not infer. */
		if (!error_) {
			outcome.failure = summarizeDifferences(outcome.differences);
			outcome.passed = outcome.failure.empty();
		}
	}
	outcome.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
	if (!outcome.passed && options_.update)
		outcome.actualFile = writeActual(s, actuals_);
	return outcome;
}

client::SyncGwsClient &Runner::control()
{
	if (!control_) {
		control_ = std::make_unique<client::SyncGwsClient>(base_, std::chrono::milliseconds(10000));
		if (!options_.controlUser.empty())
			control_->setCredentials(options_.controlUser, options_.controlPassword);
	}
	return *control_;
}

void Runner::fail(std::string text)
{
	if (failure_.empty())
		failure_ = std::move(text);
	else if (options_.update)
		failure_ += "\n" + text;
}

void Runner::failHard(std::string text)
{
	error_ = true;
	fail(std::move(text));
}

void Runner::trace(const std::string &text)
{
	if (options_.verbose)
		trace_ += indent(text, "    | ");
}

bool Runner::prepare(Scenario &s)
{
	if (ctisim_) {
		std::string setup = s.setup ? json::write(*s.setup) : std::string();
		client::HttpResult reset = control().request("POST", "/sim/v1/reset", setup);
		trace(fmt::format("> POST /sim/v1/reset {}\n< {} {}", setup, reset.status, reset.body));
		/* The sandbox checks the setup; a refused one is checked again here only to
		 * name the bad key by its place in the scenario file. */
		api::SandboxConfig config;
		std::optional<api::SandboxConfigError> error;
		if (reset.status != 200 && s.setup && (error = api::parseSandboxConfig(*s.setup, config))) {
			failHard(fmt::format("$.setup{}: {}", error->path.substr(1), error->message));
			return false;
		}
		if (reset.status != 200) {
			failHard(fmt::format("the sandbox reset failed: {}", failureText(reset)));
			return false;
		}
	} else if (s.setup) {
		trace("setup ignored: the target is not a ctisim sandbox");
	}
	for (const auto &user : s.users) {
		UserSession session;
		session.name = user.userName;
		if (!logIn(user, session))
			return false;
		sessions_.push_back(std::move(session));
	}
	return true;
}

void Runner::traceBayeux(UserSession &session)
{
	for (const std::string &line : session.bayeux->takeTrace())
		trace(fmt::format("{} {}", session.name, line));
}

UserSession *Runner::session(const std::string &name)
{
	for (auto &s : sessions_) {
		if (s.name == name)
			return &s;
	}
	return nullptr;
}

std::string Runner::stepTitle(const Step &step) const
{
	return fmt::format("step {} \"{}\" ({})", step.index, step.name, step.jsonPath);
}

bool Runner::substitute(const std::string &in, std::string &out, const Step &step)
{
	std::string error;
	auto text = scenario::substituteText(in, captures_, error);
	if (!text) {
		failHard(fmt::format("{}\n  {}", stepTitle(step), error));
		return false;
	}
	out = std::move(*text);
	return true;
}

bool Runner::runStep(const Step &step)
{
	StepActual &actual = actuals_[step.index];
	actual.ran = true;
	bool ok = true;
	if (step.kind == Step::Kind::Subscribe && !subscribe(step))
		return false;
	if (step.sendsRequest()) {
		std::string path, body;
		if (!substitute(step.call.path, path, step))
			return false;
		if (step.call.rawBody) {
			if (!substitute(*step.call.rawBody, body, step))
				return false;
		} else if (step.call.body) {
			rapidjson::Document doc;
			std::string error;
			if (!scenario::substituteJson(*step.call.body, doc, doc.GetAllocator(), captures_, error)) {
				failHard(fmt::format("{}\n  {}", stepTitle(step), error));
				return false;
			}
			body = json::write(doc);
		}
		std::vector<std::pair<std::string, std::string>> headers;
		for (const auto &[name, value] : step.call.headers) {
			std::string v;
			if (!substitute(value, v, step))
				return false;
			headers.emplace_back(name, v);
		}
		client::SyncGwsClient *client = nullptr;
		std::string who;
		if (step.kind == Step::Kind::Control) {
			if (!ctisim_) {
				failHard(fmt::format("{}\n  control steps need a ctisim sandbox; {} is not one "
						     "(GET /sim/v1/health did not answer {{\"status\":\"ok\"}})",
						     stepTitle(step), base_.strWithPort()));
				return false;
			}
			client = &control();
			who = "control";
		} else if (step.as.empty()) {
			if (!anonymous_)
				anonymous_ = std::make_unique<client::SyncGwsClient>(base_,
										     std::chrono::milliseconds(10000));
			client = anonymous_.get();
			who = "anonymous";
		} else {
			UserSession *user = session(step.as);
			client = user->http.get();
			who = step.as;
		}
		client::HttpResult result = client->request(step.call.method, path, body, headers);
		trace(fmt::format("{}> {} {}{}\n< {} {}", who, step.call.method, path, body.empty() ? "" : " " + body,
				  result.status, result.body));
		if (!result.error.empty()) {
			failHard(fmt::format("{}\n  {} {}: {}", stepTitle(step), step.call.method, path, result.error));
			return false;
		}
		actual.path = path;
		actual.status = result.status;
		actual.body = result.body;
	}
	if (!poll(step))
		return false;
	if (!capture(step, actual))
		return false;
	if (step.sendsRequest()) {
		if (step.status && actual.status != *step.status) {
			actual.statusDiffers = true;
			ok = false;
			fail(fmt::format("{}\n  {} {}\n  expected HTTP {}, received HTTP {}\n  response body: {}",
					 stepTitle(step), step.call.method, actual.path, *step.status, actual.status,
					 clip(actual.body)));
		}
		if (step.body && !checkBody(step, actual.body)) {
			actual.bodyDiffers = true;
			ok = false;
		}
	}
	if (!options_.report.empty())
		diffStep(step, actual);
	if (!checkNotifications(step, actual))
		ok = false;
	return ok;
}

bool Runner::subscribe(const Step &step)
{
	UserSession *user = session(step.as);
	std::string channel, error;
	if (!substitute(step.channel, channel, step))
		return false;
	std::size_t before = user->inbox.size();
	bool ok = user->bayeux->subscribe(channel, error, &user->inbox);
	traceBayeux(*user);
	for (std::size_t i = before; options_.verbose && i < user->inbox.size(); ++i)
		trace(fmt::format("{} notified: {}", user->name, user->inbox[i]));
	if (!ok)
		failHard(fmt::format("{}\n  {}: {}", stepTitle(step), user->name, error));
	return ok;
}

bool Runner::pollAll(const Step &step, const std::set<std::string> &only)
{
	for (auto &user : sessions_) {
		if ((!only.empty() && !only.count(user.name)) || user.closed)
			continue;
		std::string error;
		std::size_t before = user.inbox.size();
		bool ok = user.bayeux->poll(user.inbox, error);
		traceBayeux(user);
		if (options_.verbose) {
			for (std::size_t i = before; i < user.inbox.size(); ++i)
				trace(fmt::format("{} notified: {}", user.name, user.inbox[i]));
		}
		/* A Bayeux session the server ended (402), or one whose login is gone (a v3
		 * logout drops WORKSPACE_SESSIONID: the notifications path answers 401). */
		if (!ok && (error.find("402::session_unknown") != std::string::npos ||
			    error.find("/meta/connect: HTTP 401") != std::string::npos)) {
			trace(fmt::format("{}: the server ended the CometD session", user.name));
			user.closed = true;
		} else if (!ok) {
			failHard(fmt::format("{}\n  {}: {}", stepTitle(step), user.name, error));
			return false;
		}
	}
	return true;
}

/// Applies the step's "capture" paths to {"status", "body", "notifications"}.
bool Runner::capture(const Step &step, const StepActual &actual)
{
	if (step.captures.empty())
		return true;
	rapidjson::Document result;
	result.SetObject();
	auto &alloc = result.GetAllocator();
	result.AddMember("status", Value(actual.status), alloc);
	rapidjson::Document body;
	if (json::parse(actual.body, body))
		body.SetString(actual.body.c_str(), static_cast<rapidjson::SizeType>(actual.body.size()), alloc);
	result.AddMember("body", Value(body, alloc), alloc);
	Value notifications(rapidjson::kObjectType);
	for (const auto &user : sessions_) {
		Value list(rapidjson::kArrayType);
		for (const std::string &text : user.inbox)
			list.PushBack(Value(envelope(text), alloc), alloc);
		notifications.AddMember(Value(user.name.c_str(), alloc), list, alloc);
	}
	result.AddMember("notifications", notifications, alloc);
	for (const auto &[name, path] : step.captures) {
		std::string error;
		const Value *value = json::findPath(result, path, error);
		if (!value) {
			failHard(fmt::format("{}\n  capture {}: nothing at {} in the step's result{}", stepTitle(step),
					     name, path, error.empty() ? "" : " (" + error + ")"));
			return false;
		}
		captures_.set(name, *value);
	}
	return true;
}

/// Polls until every listed user has at least as many notifications as
/// expected, or the deadline.
bool Runner::poll(const Step &step)
{
	if (!pollAll(step, {}))
		return false;
	auto deadline = Clock::now() + timeout_;
	auto missing = [&]() {
		std::set<std::string> users;
		for (const auto &expectation : step.notifications) {
			UserSession *user = session(expectation.user);
			if (user && !user->closed && user->inbox.size() < expectation.messages->Size())
				users.insert(user->name);
		}
		return users;
	};
	for (auto waiting = missing(); !waiting.empty() && Clock::now() < deadline; waiting = missing()) {
		std::this_thread::sleep_for(std::chrono::milliseconds(2));
		if (!pollAll(step, waiting))
			return false;
	}
	return true;
}

} /* namespace ctisim::app */
