/* SPDX-License-Identifier: MIT */
/*
 * writeRecordedScenario: one step per answered request. A call id (the "id",
 * "connId" and "callUuid" of an object that has a connId or callUuid) seen for
 * the first time in a step's response or notifications is captured by the
 * step's "capture" (taken before its expectations are checked), and written
 * ${callN} / ${connN} wherever it appears from then on, inside longer strings
 * too (URIs, paths). "duration" and "referenceId" become placeholders. Ids that the setup pins
 * stay literal.
 */
#include "ctisim/api/recorded_scenario.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/value.h"

namespace ctisim::api {

namespace {

using rapidjson::Document;
using rapidjson::Value;
using Allocator = Document::AllocatorType;

bool isCallObject(const Value &v)
{
	return v.IsObject() && (v.HasMember("connId") || v.HasMember("callUuid"));
}

/// The call ids captured so far: value -> name, longest value first when substituting.
class Captures
{
public:
	explicit Captures(std::string setup) : setup_(std::move(setup)) {}

	/// Finds the call ids in value (at JSON path `path` of the step's result) not
	/// seen yet, names them and adds "name": path to stepCaptures.
	void discover(const Value &v, const std::string &path,
		      std::vector<std::pair<std::string, std::string>> &stepCaptures)
	{
		if (v.IsArray()) {
			for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
				discover(v[i], fmt::format("{}[{}]", path, i), stepCaptures);
			return;
		}
		if (!v.IsObject())
			return;
		bool call = isCallObject(v);
		for (const auto &m : v.GetObject()) {
			std::string key(json::str(m.name));
			std::string memberPath = path + "." + key;
			if (call && m.value.IsString() && (key == "id" || key == "connId" || key == "callUuid")) {
				std::string id(json::str(m.value));
				if (id.size() >= 4 && !names_.count(id) && setup_.find(id) == std::string::npos) {
					std::string name = fmt::format("{}{}", key == "connId" ? "conn" : "call",
								       key == "connId" ? ++conns_ : ++calls_);
					names_.emplace(id, name);
					/* Kept longest first, for substitute(), which runs on every string. */
					auto at = std::find_if(byLength_.begin(), byLength_.end(), [&](const auto &e) {
						return e.first.size() < id.size();
					});
					byLength_.emplace(at, id, name);
					stepCaptures.emplace_back(name, memberPath);
				}
				continue;
			}
			discover(m.value, memberPath, stepCaptures);
		}
	}

	/// text with "${" escaped and every known id replaced by ${name}.
	std::string substitute(std::string text) const
	{
		std::string out;
		for (std::size_t pos = 0;;) {
			std::size_t at = text.find("${", pos);
			if (at == std::string::npos) {
				out.append(text, pos);
				break;
			}
			out.append(text, pos, at - pos).append("$${");
			pos = at + 2;
		}
		for (const auto &[id, name] : byLength_) {
			std::string ref = "${" + name + "}";
			for (std::size_t at = out.find(id); at != std::string::npos; at = out.find(id, at + ref.size()))
				out.replace(at, id.size(), ref);
		}
		return out;
	}

private:
	std::string setup_;
	std::map<std::string, std::string> names_;
	/// names_ as (id, name), longest id first, so that no id is replaced inside a longer one.
	std::vector<std::pair<std::string, std::string>> byLength_;
	unsigned calls_ = 0;
	unsigned conns_ = 0;
};

Value str(const std::string &s, Allocator &a)
{
	return Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
}

bool hasDollarKey(const Value &v)
{
	for (const auto &m : v.GetObject()) {
		if (m.name.GetStringLength() > 0 && m.name.GetString()[0] == '$')
			return true;
	}
	return false;
}

/// A request value: strings substituted.
Value requestValue(const Value &v, const Captures &captures, Allocator &a)
{
	if (v.IsString())
		return str(captures.substitute(std::string(json::str(v))), a);
	if (v.IsArray()) {
		Value out(rapidjson::kArrayType);
		for (const Value &item : v.GetArray())
			out.PushBack(requestValue(item, captures, a), a);
		return out;
	}
	if (v.IsObject()) {
		Value out(rapidjson::kObjectType);
		for (const auto &m : v.GetObject())
			out.AddMember(Value(m.name, a), requestValue(m.value, captures, a), a);
		return out;
	}
	return Value(v, a);
}

/// text (captures substituted) as a $regex pattern that takes any time where text has
/// one written YYYY-MM-DD_HH-MM-SS (the recording file name GWS attaches, GSIP_REC_FN, names
/// the second the recording started), and any call id where it has a ${name}; "" when
/// text has no such time.
/// Where a YYYY-MM-DD_HH-MM-SS time starts in text, from pos on; npos when nowhere.
std::size_t findTime(std::string_view text, std::size_t pos = 0)
{
	constexpr std::string_view shape = "dddd-dd-dd_dd-dd-dd";
	for (std::size_t at = pos; at + shape.size() <= text.size(); ++at) {
		bool fits = true;
		for (std::size_t i = 0; fits && i < shape.size(); ++i)
			fits = shape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(text[at + i])) != 0
					       : text[at + i] == shape[i];
		if (fits)
			return at;
	}
	return std::string_view::npos;
}

std::string anyTimePattern(const std::string &text)
{
	if (findTime(text) == std::string_view::npos)
		return {};
	auto escape = [](std::string_view literal) {
		std::string out;
		for (char c : literal) {
			if (std::string_view(R"(\^$.|?*+()[]{})").find(c) != std::string_view::npos)
				out += '\\';
			out += c;
		}
		return out;
	};
	auto literalPart = [&](std::string_view literal) {
		std::string out;
		std::size_t pos = 0;
		for (std::size_t at = findTime(literal); at != std::string_view::npos; at = findTime(literal, pos)) {
			out += escape(literal.substr(pos, at - pos)) +
			       "[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{2}-[0-9]{2}-[0-9]{2}";
			pos = at + 19;
		}
		return out + escape(literal.substr(pos));
	};
	std::string pattern = "^";
	for (std::size_t pos = 0;;) {
		std::size_t ref = text.find("${", pos);
		std::size_t end = ref == std::string::npos ? ref : text.find('}', ref);
		if (end == std::string::npos) {
			pattern += literalPart(std::string_view(text).substr(pos));
			break;
		}
		pattern += literalPart(std::string_view(text).substr(pos, ref - pos)) + "[0-9A-Za-z]+";
		pos = end + 1;
	}
	return pattern + "$";
}

/// An expected value: strings substituted, durations a placeholder, and objects
/// that would read as placeholders taken literally.
Value expectedValue(const Value &v, const Captures &captures, Allocator &a)
{
	if (v.IsObject() && hasDollarKey(v)) {
		Value out(rapidjson::kObjectType);
		out.AddMember("$literal", Value(v, a), a);
		return out;
	}
	if (v.IsObject()) {
		Value out(rapidjson::kObjectType);
		for (const auto &m : v.GetObject()) {
			std::string_view key = json::str(m.name);
			if (key == "duration" && m.value.IsString()) {
				Value any(rapidjson::kObjectType);
				any.AddMember("$regex", "^[0-9]+$", a);
				out.AddMember(Value(m.name, a), any, a);
			} else if ((key == "duration" || key == "referenceId") && m.value.IsNumber()) {
				/* referenceId: the switch's request counter, which other clients move too. */
				Value any(rapidjson::kObjectType);
				any.AddMember("$any", "number", a);
				out.AddMember(Value(m.name, a), any, a);
			} else if (key == "GSIP_REC_FN" && m.value.IsString() &&
				   !anyTimePattern(captures.substitute(std::string(json::str(m.value)))).empty()) {
				Value any(rapidjson::kObjectType);
				any.AddMember(
					"$regex",
					str(anyTimePattern(captures.substitute(std::string(json::str(m.value)))), a),
					a);
				out.AddMember(Value(m.name, a), any, a);
			} else {
				out.AddMember(Value(m.name, a), expectedValue(m.value, captures, a), a);
			}
		}
		return out;
	}
	if (v.IsArray()) {
		Value out(rapidjson::kArrayType);
		for (const Value &item : v.GetArray())
			out.PushBack(expectedValue(item, captures, a), a);
		return out;
	}
	return requestValue(v, captures, a);
}

/// The JSON in text, or nullopt-like false when it is not JSON.
bool parse(const std::string &text, Document &doc)
{
	return !text.empty() && !json::parse(text, doc);
}

/// A request of the Workspace API v3 front end or its OAuth server.
bool isWorkspaceV3(std::string_view target)
{
	return target.rfind("/workspace/v3/", 0) == 0 || target.rfind("/auth/v3/", 0) == 0;
}

/// What a v3 client does to log in, which the replayer does at login (token,
/// initialize-workspace), not as a step.
bool isWorkspaceV3Login(std::string_view target)
{
	std::string_view path = target.substr(0, target.find('?'));
	return path == "/auth/v3/oauth/token" || path == "/workspace/v3/initialize-workspace";
}

} /* namespace */

std::size_t recordedStepCount(const Recording &recording)
{
	return static_cast<std::size_t>(std::count_if(recording.exchanges.begin(), recording.exchanges.end(),
						      [](const RecordedExchange &e) { return e.answered; }));
}

std::string writeRecordedScenario(const Recording &recording, std::string_view name)
{
	Document doc(rapidjson::kObjectType);
	Allocator &a = doc.GetAllocator();
	doc.AddMember("name", str(std::string(name), a), a);
	doc.AddMember("description", "Recorded by ctisim record (docs/recording.md).", a);
	Document setup;
	if (!parse(recording.setupJson, setup) || !setup.IsObject())
		setup.SetObject();
	doc.AddMember("setup", Value(setup, a), a);
	Document inference;
	if (!recording.inferenceJson.empty() && parse(recording.inferenceJson, inference) && inference.IsObject())
		doc.AddMember("inference", Value(inference, a), a);

	Captures captures(recording.setupJson);
	std::set<std::string> users;
	std::set<std::string> v3Users;
	Value steps(rapidjson::kArrayType);
	for (const RecordedExchange &ex : recording.exchanges) {
		if (!ex.answered)
			continue; /* still running when the recording ended */
		if (isWorkspaceV3(ex.target) && !ex.userName.empty())
			v3Users.insert(ex.userName);
		if (isWorkspaceV3Login(ex.target))
			continue; /* the replayer logs a v3 user in itself (scenarios/README.md) */
		Value step(rapidjson::kObjectType);
		if (!ex.userName.empty()) {
			step.AddMember("as", str(ex.userName, a), a);
			users.insert(ex.userName);
		}
		/* The request only knows ids captured by earlier steps. */
		Value request(rapidjson::kObjectType);
		request.AddMember("method", str(ex.method, a), a);
		request.AddMember("path", str(captures.substitute(ex.target), a), a);
		Document body;
		if (parse(ex.body, body))
			request.AddMember("body", requestValue(body, captures, a), a);
		else if (!ex.body.empty())
			request.AddMember("bodyText", str(captures.substitute(ex.body), a), a);
		step.AddMember("request", request, a);

		/* The step's result as the replayer sees it, for new ids and their paths. */
		Document response;
		bool hasBody = parse(ex.responseBody, response);
		std::vector<std::pair<std::string, std::string>> stepCaptures;
		if (hasBody)
			captures.discover(response, "body", stepCaptures);
		std::map<std::string, std::vector<Document>> received;
		for (const RecordedNotification &n : ex.notifications) {
			Document message;
			if (!parse(n.message, message) || !message.IsObject())
				continue;
			auto &list = received[n.userName];
			if (message.HasMember("data"))
				captures.discover(message["data"],
						  fmt::format("notifications.{}[{}].data", n.userName, list.size()),
						  stepCaptures);
			list.push_back(std::move(message));
			users.insert(n.userName);
		}
		if (!stepCaptures.empty()) {
			Value capture(rapidjson::kObjectType);
			for (const auto &[captureName, path] : stepCaptures)
				capture.AddMember(str(captureName, a), str(path, a), a);
			step.AddMember("capture", capture, a);
		}

		Value expect(rapidjson::kObjectType);
		expect.AddMember("status", ex.status, a);
		if (hasBody)
			expect.AddMember("body", expectedValue(response, captures, a), a);
		Value notifications(rapidjson::kObjectType);
		for (const auto &[user, list] : received) {
			Value messages(rapidjson::kArrayType);
			for (const Document &message : list) {
				Value m(rapidjson::kObjectType);
				if (message.HasMember("channel"))
					m.AddMember("channel", Value(message["channel"], a), a);
				if (message.HasMember("data"))
					m.AddMember("data", expectedValue(message["data"], captures, a), a);
				messages.PushBack(m, a);
			}
			notifications.AddMember(str(user, a), messages, a);
		}
		expect.AddMember("notifications", notifications, a);
		step.AddMember("expect", expect, a);
		steps.PushBack(step, a);
	}
	for (const std::string &user : v3Users)
		users.insert(user); /* a user who only logged in is still one */
	if (v3Users.empty()) {
		Value userList(rapidjson::kArrayType);
		for (const std::string &user : users)
			userList.PushBack(str(user, a), a);
		doc.AddMember("users", userList, a);
	} else {
		/* The object form says which users log in through the Workspace API v3. */
		Value userMap(rapidjson::kObjectType);
		for (const std::string &user : users) {
			Value options(rapidjson::kObjectType);
			if (v3Users.count(user))
				options.AddMember("api", "workspace-v3", a);
			userMap.AddMember(str(user, a), options, a);
		}
		doc.AddMember("users", userMap, a);
	}
	doc.AddMember("steps", steps, a);
	return json::writePretty(doc) + "\n";
}

} /* namespace ctisim::api */
