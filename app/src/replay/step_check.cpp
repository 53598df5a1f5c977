/* SPDX-License-Identifier: MIT */
/*
 * Runner, the checking half: the scenario matcher's verdict on a step's
 * status, body and notifications (the first difference, readable), and with
 * --report the fidelity diff (every difference, by kind).
 */
#include "runner.h"

#include "replay_report.h"

#include <algorithm>

#include <fmt/format.h>

#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/value.h"

namespace ctisim::app {

using rapidjson::Value;
using scenario::Step;

namespace {

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

} /* namespace */

/// Trims a Bayeux message to the documented envelope {"data", "channel"}.
rapidjson::Document envelope(const std::string &text)
{
	rapidjson::Document full;
	rapidjson::Document message;
	message.SetObject();
	if (!json::parse(text, full) && full.IsObject()) {
		for (const char *key : {"data", "channel"}) {
			if (full.HasMember(key))
				message.AddMember(rapidjson::StringRef(key), Value(full[key], message.GetAllocator()),
						  message.GetAllocator());
		}
	}
	return message;
}

bool Runner::checkBody(const Step &step, const std::string &text)
{
	rapidjson::Document scratch;
	const Value *expected = expand(step, *step.body, step.bodyPlaceholders, scratch);
	if (!expected)
		return false;
	rapidjson::Document actual;
	if (auto parseError = json::parse(text, actual)) {
		fail(fmt::format("{}\n  the response body is not JSON ({}): {}", stepTitle(step), parseError->str(),
				 text.empty() ? "(empty)" : text));
		return false;
	}
	if (auto mismatch = scenario::matchJson(*expected, actual, captures_)) {
		fail(fmt::format("{}\n  response body ({}.expect.body)\n{}", stepTitle(step), step.jsonPath,
				 mismatch->str("    ")));
		return false;
	}
	return true;
}

bool Runner::checkNotifications(const Step &step, StepActual &actual)
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

std::string Runner::receivedList(const std::vector<rapidjson::Document> &received) const
{
	if (received.empty())
		return "nothing";
	std::string list;
	for (std::size_t i = 0; i < received.size(); ++i)
		list += fmt::format("{}{}. {}", i ? ", " : "", i + 1, summarize(received[i]));
	return list;
}

bool Runner::checkUser(const Step &step, UserSession &user, const scenario::NotificationExpectation *expectation)
{
	// Only the documented envelope is compared: {"channel", "data"}.
	std::vector<rapidjson::Document> received;
	for (const std::string &text : user.inbox)
		received.push_back(envelope(text));
	if (!expectation) {
		if (received.empty() || step.allowOtherNotifications)
			return true;
		fail(fmt::format("{}\n  {} received {} notification{} the step does not expect: {}\n  (list them "
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
			rapidjson::Document scratch;
			const Value *want = expand(step, expected[i], expectation->placeholders, scratch);
			if (!want)
				return false;
			bool found = false;
			std::optional<scenario::Mismatch> closest;
			while (next < received.size() && !found) {
				auto mismatch = scenario::matchJson(*want, received[next], captures_);
				found = !mismatch;
				if (!closest)
					closest = mismatch;
				++next;
			}
			if (!found) {
				fail(fmt::format("{}\n  notification {} for {} ({}) did not arrive {} among the "
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
			fail(fmt::format("{}\n  {} received {} notification{}, {} expected: {}\n  the unexpected one: "
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
		rapidjson::Document scratch;
		const Value *want =
			expand(step, expected[static_cast<rapidjson::SizeType>(i)], expectation->placeholders, scratch);
		if (!want)
			return false;
		if (auto mismatch = scenario::matchJson(*want, received[i], captures_)) {
			fail(fmt::format("{}\n  notification {} for {} ({}), received {}\n{}", stepTitle(step), i + 1,
					 user.name, where, summarize(received[i]), mismatch->str("    ")));
			return false;
		}
	}
	return true;
}

namespace {

/// in itself when it holds no placeholder (decided when the scenario was
/// loaded), else its copy in scratch with the captures substituted; nullptr
/// with error set for a name captured nowhere.
const Value *substituted(const Value &in, bool placeholders, const scenario::Captures &captures,
			 rapidjson::Document &scratch, std::string &error)
{
	if (!placeholders)
		return &in;
	if (!scenario::substituteJson(in, scratch, scratch.GetAllocator(), captures, error))
		return nullptr;
	return &scratch;
}

} /* namespace */

const Value *Runner::expand(const Step &step, const Value &in, bool placeholders, rapidjson::Document &scratch)
{
	std::string error;
	const Value *out = substituted(in, placeholders, captures_, scratch, error);
	if (!out)
		fail(fmt::format("{}\n  {}", stepTitle(step), error));
	return out;
}

void Runner::diffStep(const Step &step, const StepActual &actual)
{
	std::vector<Difference> found;
	auto add = [&](std::string where, std::vector<Difference> list) {
		for (Difference &d : list) {
			d.step = step.index;
			d.stepName = step.name;
			d.where = where;
			found.push_back(std::move(d));
		}
	};
	if (step.sendsRequest()) {
		if (step.status && actual.status != *step.status) {
			Difference d;
			d.kind = DiffKind::Value;
			d.change = "differs";
			d.path = "$";
			d.key = "status";
			d.expected = std::to_string(*step.status);
			d.actual = std::to_string(actual.status);
			add("status", {d});
		}
		rapidjson::Document scratch, body;
		std::string error;
		const Value *expected =
			step.body ? substituted(*step.body, step.bodyPlaceholders, captures_, scratch, error) : nullptr;
		if (expected) {
			std::vector<Difference> list;
			if (json::parse(actual.body, body)) {
				Difference d;
				d.kind = DiffKind::Shape;
				d.change = "type";
				d.path = "$";
				d.expected = "a JSON body";
				d.actual = clip(actual.body, 120);
				list.push_back(std::move(d));
			} else {
				diffJson(*expected, body, captures_, list);
			}
			add("body", std::move(list));
		}
	}
	for (UserSession &user : sessions_) {
		std::vector<rapidjson::Document> received;
		for (const std::string &text : user.inbox)
			received.push_back(envelope(text));
		const scenario::NotificationExpectation *expectation = nullptr;
		for (const auto &e : step.notifications) {
			if (e.user == user.name)
				expectation = &e;
		}
		if (!expectation && step.allowOtherNotifications)
			continue;
		rapidjson::Document scratch(rapidjson::kArrayType);
		std::string error;
		const Value *expected = &scratch; /* no expectation: none expected */
		if (expectation)
			expected = substituted(*expectation->messages, expectation->placeholders, captures_, scratch,
					       error);
		if (!expected)
			continue; /* the matcher reports it */
		std::vector<Difference> list;
		std::string where = "notifications." + user.name;
		diffNotifications(*expected, received, captures_, "$", list);
		if (step.allowOtherNotifications)
			std::erase_if(list, [](const Difference &d) {
				return d.kind == DiffKind::Missing && d.change == "extra";
			});
		add(where, std::move(list));
	}
	for (Difference &d : found)
		differences_.push_back(std::move(d));
}

} /* namespace ctisim::app */
