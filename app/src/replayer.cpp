/* SPDX-License-Identifier: MIT */
/*
 * The scenario replayer: finds scenario files, resets the sandbox to each
 * one's setup, logs its users in (HTTP session + Bayeux session each), runs the
 * steps, and compares what came back with the matcher of lib/scenario. Reports
 * one line per scenario, a readable diff for the first difference, JUnit XML
 * and, with --update, a copy of the file with the actual values filled in.
 */
#include "ctisim/app/replayer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "ctisim/api/sandbox_config.h"
#include "ctisim/app/gws_client.h"
#include "ctisim/app/sandbox.h"
#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/value.h"
#include "ctisim/log.h"
#include "ctisim/scenario/json_matcher.h"
#include "ctisim/scenario/scenario.h"

namespace ctisim::app {

namespace {

using rapidjson::Value;
using scenario::Captures;
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

std::string xmlEscape(std::string_view text)
{
	std::string out;
	for (char c : text) {
		switch (c) {
		case '&': out += "&amp;"; break;
		case '<': out += "&lt;"; break;
		case '>': out += "&gt;"; break;
		case '"': out += "&quot;"; break;
		default:
			if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t')
				out += ' ';
			else
				out += c;
		}
	}
	return out;
}

/// A response body cut for a one-screen report (an HTML error page says little more).
std::string clip(const std::string &text, std::size_t maxChars = 400)
{
	if (text.empty())
		return "(empty)";
	if (text.size() <= maxChars)
		return text;
	return text.substr(0, maxChars) + fmt::format("... ({} bytes)", text.size());
}

/// "ParticipantsUpdated (Established) on /v2/me/calls": what a notification is, in a few words.
std::string summarize(const Value &message)
{
	std::string channel = message.HasMember("channel") && message["channel"].IsString()
				      ? std::string(json::str(message["channel"]))
				      : "?";
	if (!message.HasMember("data") || !message["data"].IsObject())
		return fmt::format("a message on {}", channel);
	const Value &data = message["data"];
	std::string kind;
	if (data.HasMember("notificationType") && data["notificationType"].IsString())
		kind = std::string(json::str(data["notificationType"]));
	else if (data.HasMember("messageType") && data["messageType"].IsString())
		kind = std::string(json::str(data["messageType"]));
	else
		kind = "a message";
	if (data.HasMember("call") && data["call"].IsObject() && data["call"].HasMember("state") &&
	    data["call"]["state"].IsString())
		kind += fmt::format(" ({})", json::str(data["call"]["state"]));
	return fmt::format("{} on {}", kind, channel);
}

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
	std::unique_ptr<GwsClient> http;
	std::unique_ptr<BayeuxClient> bayeux;
	std::vector<std::string> inbox;
	/// The server ended the Bayeux session (EndContactCenterSession, logout):
	/// nothing more can arrive, which is not an error in itself.
	bool closed = false;
};

class Runner
{
public:
	Runner(const ReplayOptions &options, BaseUrl base, bool ctisimTarget, std::chrono::milliseconds timeout,
	       std::FILE *out)
	    : options_(options), base_(std::move(base)), ctisim_(ctisimTarget), timeout_(timeout), out_(out)
	{
	}

	ScenarioOutcome run(Scenario &s)
	{
		ScenarioOutcome outcome;
		auto start = Clock::now();
		captures_.clear();
		sessions_.clear();
		actuals_.assign(s.steps.size(), StepActual{});
		failure_.clear();
		if (prepare(s)) {
			for (const Step &step : s.steps) {
				if (!runStep(step) && !options_.update)
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
		outcome.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
		if (!outcome.passed && options_.update)
			outcome.actualFile = writeActual(s);
		return outcome;
	}

private:
	GwsClient &control()
	{
		if (!control_) {
			control_ = std::make_unique<GwsClient>(base_, std::chrono::milliseconds(10000));
			if (!options_.controlUser.empty())
				control_->setCredentials(options_.controlUser, options_.controlPassword);
		}
		return *control_;
	}

	void fail(std::string text)
	{
		if (failure_.empty())
			failure_ = std::move(text);
		else if (options_.update)
			failure_ += "\n" + text;
	}

	void trace(const std::string &text)
	{
		if (options_.verbose)
			std::fputs(indent(text, "    | ").c_str(), out_);
	}

	bool prepare(Scenario &s)
	{
		if (ctisim_) {
			std::string setup;
			if (s.setup) {
				api::SandboxConfig config;
				if (auto error = api::parseSandboxConfig(*s.setup, config)) {
					std::string path = "$.setup" + error->path.substr(1);
					fail(fmt::format("{}: {}", path, error->message));
					return false;
				}
				setup = json::write(*s.setup);
			}
			HttpResult reset = control().request("POST", "/sim/v1/reset", setup);
			trace(fmt::format("> POST /sim/v1/reset {}\n< {} {}", setup, reset.status, reset.body));
			if (reset.status != 200) {
				fail(fmt::format("the sandbox reset failed: {}",
						 reset.error.empty()
							 ? fmt::format("HTTP {} {}", reset.status, clip(reset.body))
							 : reset.error));
				return false;
			}
		} else if (s.setup) {
			trace("setup ignored: the target is not a ctisim sandbox");
		}
		for (const auto &user : s.users) {
			UserSession session;
			session.name = user.userName;
			session.http = std::make_unique<GwsClient>(base_, std::chrono::milliseconds(10000));
			session.http->setCredentials(user.userName, user.password);
			HttpResult me = session.http->request("GET", "/api/v2/me", "");
			trace(fmt::format("{}> GET /api/v2/me\n< {} {}", user.userName, me.status, me.body));
			if (me.status != 200) {
				fail(fmt::format("{} could not log in (GET /api/v2/me): {}", user.userName,
						 me.error.empty() ? fmt::format("HTTP {} {}", me.status, clip(me.body))
								  : me.error));
				return false;
			}
			session.bayeux = std::make_unique<BayeuxClient>(*session.http);
			session.bayeux->setTrace(options_.verbose);
			std::string error;
			std::vector<std::string> ignored;
			if (!session.bayeux->handshake(error) || !session.bayeux->subscribe("/v2/me/*", error) ||
			    !session.bayeux->poll(ignored, error)) {
				traceBayeux(session);
				fail(fmt::format("{} could not open a CometD session: {}", user.userName, error));
				return false;
			}
			traceBayeux(session);
			sessions_.push_back(std::move(session));
		}
		return true;
	}

	void traceBayeux(UserSession &session)
	{
		for (const std::string &line : session.bayeux->takeTrace())
			trace(fmt::format("{} {}", session.name, line));
	}

	UserSession *session(const std::string &name)
	{
		for (auto &s : sessions_) {
			if (s.name == name)
				return &s;
		}
		return nullptr;
	}

	std::string stepTitle(const Step &step) const
	{
		return fmt::format("step {} \"{}\" ({})", step.index, step.name, step.jsonPath);
	}

	bool substitute(const std::string &in, std::string &out, const Step &step)
	{
		std::string error;
		auto text = scenario::substituteText(in, captures_, error);
		if (!text) {
			fail(fmt::format("{}\n  {}", stepTitle(step), error));
			return false;
		}
		out = std::move(*text);
		return true;
	}

	bool runStep(const Step &step)
	{
		StepActual &actual = actuals_[step.index];
		actual.ran = true;
		bool ok = true;
		if (step.kind != Step::Kind::Wait) {
			std::string path, body;
			if (!substitute(step.call.path, path, step))
				return false;
			if (step.call.rawBody) {
				if (!substitute(*step.call.rawBody, body, step))
					return false;
			} else if (step.call.body) {
				rapidjson::Document doc;
				std::string error;
				if (!scenario::substituteJson(*step.call.body, doc, doc.GetAllocator(), captures_,
							      error)) {
					fail(fmt::format("{}\n  {}", stepTitle(step), error));
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
			GwsClient *client = nullptr;
			std::string who;
			if (step.kind == Step::Kind::Control) {
				if (!ctisim_) {
					fail(fmt::format("{}\n  control steps need a ctisim sandbox; {} is not one "
							 "(GET /sim/v1/health did not answer {{\"status\":\"ok\"}})",
							 stepTitle(step), base_.str()));
					return false;
				}
				client = &control();
				who = "control";
			} else if (step.as.empty()) {
				if (!anonymous_)
					anonymous_ =
						std::make_unique<GwsClient>(base_, std::chrono::milliseconds(10000));
				client = anonymous_.get();
				who = "anonymous";
			} else {
				UserSession *user = session(step.as);
				client = user->http.get();
				who = step.as;
			}
			HttpResult result = client->request(step.call.method, path, body, headers);
			trace(fmt::format("{}> {} {}{}\n< {} {}", who, step.call.method, path,
					  body.empty() ? "" : " " + body, result.status, result.body));
			if (!result.error.empty()) {
				fail(fmt::format("{}\n  {} {}: {}", stepTitle(step), step.call.method, path,
						 result.error));
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
		if (step.kind != Step::Kind::Wait) {
			if (step.status && actual.status != *step.status) {
				actual.statusDiffers = true;
				ok = false;
				fail(fmt::format(
					"{}\n  {} {}\n  expected HTTP {}, received HTTP {}\n  response body: {}",
					stepTitle(step), step.call.method, actual.path, *step.status, actual.status,
					clip(actual.body)));
			}
			if (step.body && !checkBody(step, actual.body)) {
				actual.bodyDiffers = true;
				ok = false;
			}
		}
		if (!checkNotifications(step, actual))
			ok = false;
		return ok;
	}

	bool checkBody(const Step &step, const std::string &text)
	{
		rapidjson::Document expected;
		std::string error;
		if (!scenario::substituteJson(*step.body, expected, expected.GetAllocator(), captures_, error)) {
			fail(fmt::format("{}\n  {}", stepTitle(step), error));
			return false;
		}
		rapidjson::Document actual;
		if (auto parseError = json::parse(text, actual)) {
			fail(fmt::format("{}\n  the response body is not JSON ({}): {}", stepTitle(step),
					 parseError->str(), text.empty() ? "(empty)" : text));
			return false;
		}
		if (auto mismatch = scenario::matchJson(expected, actual, captures_)) {
			fail(fmt::format("{}\n  response body ({}.expect.body)\n{}", stepTitle(step), step.jsonPath,
					 mismatch->str("    ")));
			return false;
		}
		return true;
	}

	bool pollAll(const Step &step, const std::set<std::string> &only)
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
			if (!ok && error.find("402::session_unknown") != std::string::npos) {
				trace(fmt::format("{}: the server ended the CometD session", user.name));
				user.closed = true;
			} else if (!ok) {
				fail(fmt::format("{}\n  {}: {}", stepTitle(step), user.name, error));
				return false;
			}
		}
		return true;
	}

	/// Trims a Bayeux message to the documented envelope {"data", "channel"}.
	static rapidjson::Document envelope(const std::string &text)
	{
		rapidjson::Document full;
		rapidjson::Document message;
		message.SetObject();
		if (!json::parse(text, full) && full.IsObject()) {
			for (const char *key : {"data", "channel"}) {
				if (full.HasMember(key))
					message.AddMember(rapidjson::StringRef(key),
							  Value(full[key], message.GetAllocator()),
							  message.GetAllocator());
			}
		}
		return message;
	}

	/// Applies the step's "capture" paths to {"status", "body", "notifications"}.
	bool capture(const Step &step, const StepActual &actual)
	{
		if (step.captures.empty())
			return true;
		rapidjson::Document result;
		result.SetObject();
		auto &alloc = result.GetAllocator();
		result.AddMember("status", Value(actual.status), alloc);
		rapidjson::Document body;
		if (json::parse(actual.body, body))
			body.SetString(actual.body.c_str(), static_cast<rapidjson::SizeType>(actual.body.size()),
				       alloc);
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
				fail(fmt::format("{}\n  capture {}: nothing at {} in the step's result{}",
						 stepTitle(step), name, path, error.empty() ? "" : " (" + error + ")"));
				return false;
			}
			captures_.set(name, *value);
		}
		return true;
	}

	/// Polls until every listed user has at least as many notifications as
	/// expected, or the deadline.
	bool poll(const Step &step)
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

	bool checkNotifications(const Step &step, StepActual &actual)
	{
		bool ok = true;
		for (auto &user : sessions_) {
			actual.notifications[user.name] = user.inbox;
			const scenario::NotificationExpectation *expectation = nullptr;
			for (const auto &e : step.notifications) {
				if (e.user == user.name)
					expectation = &e;
			}
			if (!checkUser(step, user, expectation)) {
				actual.notificationsDiffer.insert(user.name);
				ok = false;
			}
			user.inbox.clear();
		}
		return ok;
	}

	std::string receivedList(const std::vector<rapidjson::Document> &received) const
	{
		if (received.empty())
			return "nothing";
		std::string list;
		for (std::size_t i = 0; i < received.size(); ++i)
			list += fmt::format("{}{}. {}", i ? ", " : "", i + 1, summarize(received[i]));
		return list;
	}

	bool checkUser(const Step &step, UserSession &user, const scenario::NotificationExpectation *expectation)
	{
		// Only the documented envelope is compared: {"channel", "data"}.
		std::vector<rapidjson::Document> received;
		for (const std::string &text : user.inbox)
			received.push_back(envelope(text));
		if (!expectation) {
			if (received.empty() || step.allowOtherNotifications)
				return true;
			fail(fmt::format(
				"{}\n  {} received {} notification{} the step does not expect: {}\n  (list them "
				"under {}.expect.notifications.{}, or set \"allowOtherNotifications\": true)\n  "
				"first one: {}",
				stepTitle(step), user.name, received.size(), received.size() == 1 ? "" : "s",
				receivedList(received), step.jsonPath, user.name,
				json::preview(received.front(), 600)));
			return false;
		}
		const Value &expected = *expectation->messages;
		std::string timeoutNote = fmt::format("within {} ms", timeout_.count());
		if (step.allowOtherNotifications) {
			std::size_t next = 0;
			for (rapidjson::SizeType i = 0; i < expected.Size(); ++i) {
				rapidjson::Document want;
				if (!expand(step, expected[i], want))
					return false;
				bool found = false;
				std::optional<scenario::Mismatch> closest;
				while (next < received.size() && !found) {
					auto mismatch = scenario::matchJson(want, received[next], captures_);
					found = !mismatch;
					if (!closest)
						closest = mismatch;
					++next;
				}
				if (!found) {
					fail(fmt::format(
						"{}\n  notification {} for {} ({}) did not arrive {} among the "
						"others; received: {}{}",
						stepTitle(step), i + 1, user.name,
						json::pathIndex(expectation->jsonPath, i), timeoutNote,
						receivedList(received),
						closest ? "\n  closest difference:\n" + closest->str("    ") : ""));
					return false;
				}
			}
			return true;
		}
		for (std::size_t i = 0; i < std::max<std::size_t>(expected.Size(), received.size()); ++i) {
			std::string where = json::pathIndex(expectation->jsonPath, i);
			if (i >= expected.Size()) {
				fail(fmt::format(
					"{}\n  {} received {} notification{}, {} expected: {}\n  the unexpected one: "
					"{}",
					stepTitle(step), user.name, received.size(), received.size() == 1 ? "" : "s",
					expected.Size(), receivedList(received), json::preview(received[i], 600)));
				return false;
			}
			if (i >= received.size()) {
				fail(fmt::format("{}\n  notification {} for {} ({}) did not arrive {}; received: {}",
						 stepTitle(step), i + 1, user.name, where, timeoutNote,
						 receivedList(received)));
				return false;
			}
			rapidjson::Document want;
			if (!expand(step, expected[static_cast<rapidjson::SizeType>(i)], want))
				return false;
			if (auto mismatch = scenario::matchJson(want, received[i], captures_)) {
				fail(fmt::format("{}\n  notification {} for {} ({}), received {}\n{}", stepTitle(step),
						 i + 1, user.name, where, summarize(received[i]),
						 mismatch->str("    ")));
				return false;
			}
		}
		return true;
	}

	bool expand(const Step &step, const Value &in, rapidjson::Document &out)
	{
		std::string error;
		if (!scenario::substituteJson(in, out, out.GetAllocator(), captures_, error)) {
			fail(fmt::format("{}\n  {}", stepTitle(step), error));
			return false;
		}
		return true;
	}

	std::string writeActual(const Scenario &s)
	{
		rapidjson::Document out;
		out.CopyFrom(*s.doc, out.GetAllocator());
		auto &alloc = out.GetAllocator();
		if (!out.IsObject() || !out.HasMember("steps") || !out["steps"].IsArray())
			return {};
		Value &steps = out["steps"];
		auto ensureObject = [&](Value &parent, const char *key) -> Value & {
			if (!parent.HasMember(key))
				parent.AddMember(Value(key, alloc), Value(rapidjson::kObjectType), alloc);
			return parent[key];
		};
		auto parsed = [&](const std::string &text) {
			rapidjson::Document doc;
			Value v;
			if (!json::parse(text, doc))
				v.CopyFrom(doc, alloc);
			else
				v.SetString(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), alloc);
			return v;
		};
		for (const Step &step : s.steps) {
			const StepActual &actual = actuals_[step.index];
			if (!actual.ran)
				continue;
			Value &stepValue = steps[static_cast<rapidjson::SizeType>(step.index)];
			if (!actual.statusDiffers && !actual.bodyDiffers && actual.notificationsDiffer.empty())
				continue;
			Value &expect = ensureObject(stepValue, "expect");
			if (actual.statusDiffers) {
				expect.RemoveMember("status");
				expect.AddMember("status", Value(actual.status), alloc);
			}
			if (actual.bodyDiffers) {
				expect.RemoveMember("body");
				expect.AddMember("body", parsed(actual.body), alloc);
			}
			if (!actual.notificationsDiffer.empty()) {
				Value &notifications = ensureObject(expect, "notifications");
				for (const std::string &user : actual.notificationsDiffer) {
					Value list(rapidjson::kArrayType);
					for (const std::string &text : actual.notifications.at(user)) {
						Value message = parsed(text);
						Value trimmed(rapidjson::kObjectType);
						for (const char *key : {"data", "channel"}) {
							if (message.IsObject() && message.HasMember(key))
								trimmed.AddMember(Value(key, alloc),
										  Value(message[key], alloc), alloc);
						}
						list.PushBack(trimmed, alloc);
					}
					notifications.RemoveMember(user.c_str());
					notifications.AddMember(Value(user.c_str(), alloc), list, alloc);
				}
			}
		}
		std::string file = s.file;
		if (file.size() > 5 && file.substr(file.size() - 5) == ".json")
			file.resize(file.size() - 5);
		file += ".actual.json";
		std::ofstream os(file, std::ios::binary | std::ios::trunc);
		os << json::writePretty(out) << "\n";
		return os ? file : std::string();
	}

	const ReplayOptions &options_;
	BaseUrl base_;
	bool ctisim_;
	std::chrono::milliseconds timeout_;
	std::FILE *out_;
	std::unique_ptr<GwsClient> control_;
	std::unique_ptr<GwsClient> anonymous_;
	std::vector<UserSession> sessions_;
	Captures captures_;
	std::vector<StepActual> actuals_;
	std::string failure_;
};

void writeJunit(const std::string &file, const std::vector<ScenarioOutcome> &results, double totalMs)
{
	std::size_t failures = 0, errors = 0;
	for (const ScenarioOutcome &r : results) {
		if (r.fileError)
			++errors;
		else if (!r.passed)
			++failures;
	}
	std::ofstream os(file, std::ios::binary | std::ios::trunc);
	os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
	os << fmt::format("<testsuites tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n", results.size(),
			  failures, errors, totalMs / 1000);
	os << fmt::format("  <testsuite name=\"ctisim-replay\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
			  "time=\"{:.3f}\">\n",
			  results.size(), failures, errors, totalMs / 1000);
	for (const ScenarioOutcome &r : results) {
		os << fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"", xmlEscape(r.file),
				  xmlEscape(r.name), r.ms / 1000);
		if (r.passed) {
			os << "/>\n";
			continue;
		}
		const char *tag = r.fileError ? "error" : "failure";
		std::string first = r.failure.substr(0, r.failure.find('\n'));
		os << fmt::format(">\n      <{} message=\"{}\">{}</{}>\n    </testcase>\n", tag, xmlEscape(first),
				  xmlEscape(r.failure), tag);
	}
	os << "  </testsuite>\n</testsuites>\n";
}

} /* namespace */

std::vector<std::string> findScenarioFiles(const std::vector<std::string> &inputs, std::vector<std::string> &missing)
{
	namespace fs = std::filesystem;
	std::vector<std::string> files;
	for (const std::string &input : inputs) {
		std::error_code ec;
		if (fs::is_directory(input, ec)) {
			std::vector<std::string> found;
			for (auto it = fs::recursive_directory_iterator(input, ec);
			     !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
				const std::string path = it->path().string();
				if (it->is_regular_file(ec) && path.size() > 5 &&
				    path.substr(path.size() - 5) == ".json" &&
				    (path.size() < 12 || path.substr(path.size() - 12) != ".actual.json"))
					found.push_back(path);
			}
			std::sort(found.begin(), found.end());
			files.insert(files.end(), found.begin(), found.end());
		} else if (fs::exists(input, ec)) {
			files.push_back(input);
		} else {
			missing.push_back(input);
		}
	}
	return files;
}

ReplaySummary replay(const ReplayOptions &options, const std::vector<std::string> &inputs, std::FILE *out)
{
	auto start = Clock::now();
	std::vector<std::string> missing;
	std::vector<std::string> files = findScenarioFiles(inputs, missing);

	std::unique_ptr<Sandbox> sandbox;
	std::string url = options.target;
	if (url.empty()) {
		SandboxOptions sandboxOptions;
		sandboxOptions.http.port = 0;
		sandboxOptions.threads = 2;
		sandbox = std::make_unique<Sandbox>(sandboxOptions);
		try {
			sandbox->start();
		} catch (const std::exception &e) {
			throw std::runtime_error(fmt::format("cannot start the embedded sandbox: {}", e.what()));
		}
		url = sandbox->url();
	}
	std::string urlError;
	auto base = BaseUrl::parse(url, urlError);
	if (!base)
		throw std::runtime_error("--target: " + urlError);
	bool ctisimTarget = true;
	if (!options.target.empty()) {
		GwsClient probe(*base, std::chrono::milliseconds(5000));
		if (!options.controlUser.empty())
			probe.setCredentials(options.controlUser, options.controlPassword);
		HttpResult health = probe.request("GET", "/sim/v1/health", "");
		if (!health.error.empty())
			throw std::runtime_error(fmt::format("cannot reach {}: {}", url, health.error));
		ctisimTarget = health.status == 200 && health.body.find("\"status\":\"ok\"") != std::string::npos;
		if (!ctisimTarget)
			fmt::print(out,
				   "note: {} is not a ctisim sandbox: setups are not applied and control steps fail\n",
				   url);
	}
	std::chrono::milliseconds timeout = options.timeout.value_or(
		options.target.empty() ? ReplayOptions::embeddedTimeout : ReplayOptions::targetTimeout);

	auto runner = std::make_unique<Runner>(options, *base, ctisimTarget, timeout, out);
	ReplaySummary summary;
	for (const std::string &file : missing) {
		ScenarioOutcome r;
		r.file = r.name = file;
		r.fileError = true;
		r.failure = fmt::format("{}: no such file or directory", file);
		fmt::print(out, "ERROR {}\n", r.failure);
		summary.outcomes.push_back(std::move(r));
		++summary.failed;
	}
	for (const std::string &file : files) {
		Scenario s;
		ScenarioOutcome r;
		r.file = r.name = file;
		if (auto error = scenario::loadScenarioFile(file, s)) {
			r.fileError = true;
			r.failure = error->str();
			fmt::print(out, "ERROR {}\n", r.failure);
			++summary.failed;
			summary.outcomes.push_back(std::move(r));
			continue;
		}
		if (options.verbose)
			fmt::print(out, "RUN  {}\n", file);
		std::fflush(out);
		r = runner->run(s);
		r.file = file;
		r.name = s.name;
		if (r.passed) {
			++summary.passed;
			fmt::print(out, "PASS {} ({:.0f} ms)\n", file, r.ms);
		} else {
			++summary.failed;
			fmt::print(out, "FAIL {} ({:.0f} ms)\n{}", file, r.ms, indent(r.failure, "  "));
			if (!r.actualFile.empty())
				fmt::print(out, "  wrote {} for review\n", r.actualFile);
		}
		std::fflush(out);
		summary.outcomes.push_back(std::move(r));
	}
	summary.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
	fmt::print(out, "{} passed, {} failed ({:.0f} ms)\n", summary.passed, summary.failed, summary.ms);
	std::fflush(out);
	if (!options.junit.empty())
		writeJunit(options.junit, summary.outcomes, summary.ms);
	// Close the replayer's connections first: the server's graceful stop waits for them.
	runner.reset();
	if (sandbox)
		sandbox->stop();
	return summary;
}

} /* namespace ctisim::app */
