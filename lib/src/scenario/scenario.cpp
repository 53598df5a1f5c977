/* SPDX-License-Identifier: MIT */
/*
 * Scenario parsing: the file's JSON checked key by key, control steps turned
 * into their /sim/v1 requests, and errors that name the JSON path.
 */
#include "ctisim/scenario/scenario.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/path_reader.h"
#include "ctisim/json/value.h"
#include "ctisim/read_file.h"
#include "ctisim/scenario/json_matcher.h"

namespace ctisim::scenario {

namespace {

using rapidjson::Value;

/// Percent-encodes a path segment (a DN such as "+14155550100" stays readable).
std::string encodeSegment(std::string_view text)
{
	std::string out;
	for (unsigned char c : text) {
		if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '$' ||
		    c == '{' || c == '}')
			out += static_cast<char>(c);
		else
			out += fmt::format("%{:02X}", c);
	}
	return out;
}

class Parser
{
public:
	Parser(Scenario &scenario) : s_(scenario) {}

	void parse(const Value &root)
	{
		if (!root.IsObject())
			json::fail("$",
				   fmt::format("expected an object with \"steps\", found a {}", json::typeName(root)));
		json::checkKeys(
			root, "$",
			{"name", "description", "setup", "inference", "users", "steps", "notificationTimeoutMs"});
		if (const Value *v = json::member(root, "name"))
			s_.name = json::readString(*v, "$.name");
		if (const Value *v = json::member(root, "description"))
			s_.description = json::readString(*v, "$.description");
		if (const Value *v = json::member(root, "notificationTimeoutMs"))
			s_.notificationTimeoutMs = json::readInteger(*v, "$.notificationTimeoutMs", 0, 600000);
		if (const Value *v = json::member(root, "setup")) {
			if (!v->IsObject())
				json::fail("$.setup",
					   "expected an object (a sandbox configuration, see docs/control-api.md)");
			s_.setup = v;
			collectSetupPasswords(*v);
		}
		if (const Value *v = json::member(root, "inference"))
			parseInference(*v);
		if (const Value *v = json::member(root, "users"))
			parseUsers(*v);
		const Value *steps = json::member(root, "steps");
		if (!steps)
			json::fail("$", "missing \"steps\" (an array of steps)");
		if (!steps->IsArray())
			json::fail("$.steps", "expected an array of steps");
		for (rapidjson::SizeType i = 0; i < steps->Size(); ++i)
			parseStep((*steps)[i], i);
	}

private:
	UserCredentials &addUser(std::string_view name, std::optional<std::string> password = std::nullopt)
	{
		for (auto &user : s_.users) {
			if (user.userName == name) {
				if (password)
					user.password = *password;
				return user;
			}
		}
		s_.users.push_back({std::string(name), password ? *password : std::string(defaultPassword), {}, {}});
		return s_.users.back();
	}

	/// {"inferred": {topic: answer}, "notInferred": {topic: why}}: strings only.
	void parseInference(const Value &v)
	{
		if (!v.IsObject())
			json::fail("$.inference", "expected an object {\"inferred\": {...}, \"notInferred\": {...}}");
		json::checkKeys(v, "$.inference", {"inferred", "notInferred"});
		for (const char *list : {"inferred", "notInferred"}) {
			const Value *topics = json::member(v, list);
			if (!topics)
				continue;
			std::string path = json::pathKey("$.inference", list);
			if (!topics->IsObject())
				json::fail(path,
					   "expected an object of topics, such as {\"features\": \"GET /api/v2/me\"}");
			auto &out = std::string_view(list) == "inferred" ? s_.inferred : s_.notInferred;
			for (const auto &m : topics->GetObject())
				out[std::string(json::str(m.name))] =
					json::readString(m.value, json::pathKey(path, json::str(m.name)));
		}
		s_.hasInference = true;
	}

	void collectSetupPasswords(const Value &setup)
	{
		// Remember the passwords of configured users without making them participants.
		const Value *users = json::member(setup, "users");
		if (!users || !users->IsArray())
			return;
		for (const Value &u : users->GetArray()) {
			if (!u.IsObject())
				continue;
			const Value *name = json::member(u, "userName");
			const Value *password = json::member(u, "password");
			if (name && name->IsString() && password && password->IsString())
				setupPasswords_.emplace_back(json::str(*name), json::str(*password));
		}
	}

	std::optional<std::string> setupPassword(std::string_view user) const
	{
		for (const auto &[name, password] : setupPasswords_) {
			if (name == user)
				return password;
		}
		return std::nullopt;
	}

	void useUser(std::string_view name)
	{
		bool known = std::any_of(s_.users.begin(), s_.users.end(),
					 [&](const UserCredentials &u) { return u.userName == name; });
		if (!known)
			addUser(name, setupPassword(name));
	}

	void parseUsers(const Value &users)
	{
		if (users.IsArray()) {
			for (rapidjson::SizeType i = 0; i < users.Size(); ++i)
				useUser(json::readString(users[i], json::pathIndex("$.users", i)));
			return;
		}
		if (!users.IsObject())
			json::fail("$.users", "expected an array of user names, or an object {\"user\": {\"password\": "
					      "\"...\", \"subscriptions\": [\"/**\"], \"api\": \"workspace-v3\"}}");
		for (const auto &m : users.GetObject()) {
			std::string path = json::pathKey("$.users", json::str(m.name));
			if (!m.value.IsObject())
				json::fail(path, "expected an object {\"password\": \"...\", \"subscriptions\": "
						 "[\"/**\"], \"api\": \"workspace-v3\"}");
			json::checkKeys(m.value, path, {"password", "subscriptions", "api"});
			std::optional<std::string> password;
			if (const Value *p = json::member(m.value, "password"))
				password = json::readString(*p, json::pathKey(path, "password"));
			else
				password = setupPassword(json::str(m.name));
			UserCredentials &user = addUser(json::str(m.name), password);
			if (const Value *v = json::member(m.value, "subscriptions"))
				user.subscriptions = readSubscriptions(*v, json::pathKey(path, "subscriptions"));
			if (const Value *v = json::member(m.value, "api"))
				user.api = readApi(*v, json::pathKey(path, "api"));
		}
	}

	static ClientApi readApi(const Value &v, const std::string &path)
	{
		std::string name = json::readString(v, path);
		for (ClientApi api : {ClientApi::GwsV2, ClientApi::WorkspaceV3}) {
			if (name == toString(api))
				return api;
		}
		json::fail(path, fmt::format("expected \"gws-v2\" or \"workspace-v3\", found \"{}\"", name));
	}

	static std::vector<std::string> readSubscriptions(const Value &v, const std::string &path)
	{
		if (!v.IsArray() || v.Empty())
			json::fail(path, "expected a non-empty array of CometD channels, such as [\"/**\"]");
		std::vector<std::string> channels;
		for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
			channels.push_back(json::readString(v[i], json::pathIndex(path, i)));
		return channels;
	}

	void parseStep(const Value &v, rapidjson::SizeType i)
	{
		Step step;
		step.index = i;
		step.jsonPath = json::pathIndex("$.steps", i);
		const std::string &path = step.jsonPath;
		if (!v.IsObject())
			json::fail(path, "expected a step object with \"request\", \"control\", \"subscribe\" or only "
					 "\"expect\"");
		const Value *request = json::member(v, "request");
		const Value *control = json::member(v, "control");
		const Value *subscribe = json::member(v, "subscribe");
		if ((request && control) || (request && subscribe) || (control && subscribe))
			json::fail(path, "a step has one of \"request\", \"control\" and \"subscribe\"");
		if (const Value *name = json::member(v, "name"))
			step.name = json::readString(*name, json::pathKey(path, "name"));
		if (request) {
			json::checkKeys(v, path, {"name", "comment", "as", "request", "expect", "capture"});
			step.kind = Step::Kind::Request;
			if (const Value *as = json::member(v, "as")) {
				step.as = json::readString(*as, json::pathKey(path, "as"));
				useUser(step.as);
			}
			parseRequest(*request, json::pathKey(path, "request"), step.call);
			step.status = 200;
			if (step.name.empty())
				step.name = fmt::format("{} {}", step.call.method, step.call.path);
		} else if (control) {
			step.kind = Step::Kind::Control;
			step.control = json::readString(*control, json::pathKey(path, "control"));
			parseControl(v, path, step);
			step.status = 200;
			if (step.name.empty())
				step.name = "control " + step.control;
		} else if (subscribe) {
			json::checkKeys(v, path, {"name", "comment", "as", "subscribe", "expect", "capture"});
			step.kind = Step::Kind::Subscribe;
			step.channel = json::readString(*subscribe, json::pathKey(path, "subscribe"));
			const Value *as = json::member(v, "as");
			if (!as)
				json::fail(path, "a \"subscribe\" step needs \"as\" (whose CometD session subscribes)");
			step.as = json::readString(*as, json::pathKey(path, "as"));
			useUser(step.as);
			if (step.name.empty())
				step.name = "subscribe " + step.channel;
		} else {
			json::checkKeys(v, path, {"name", "comment", "expect", "capture"});
			step.kind = Step::Kind::Wait;
			if (!json::member(v, "expect"))
				json::fail(path, "a step needs \"request\", \"control\" or \"expect\"");
			if (step.name.empty())
				step.name = "wait for notifications";
		}
		if (const Value *expect = json::member(v, "expect"))
			parseExpect(*expect, json::pathKey(path, "expect"), step);
		if (const Value *capture = json::member(v, "capture"))
			parseCapture(*capture, json::pathKey(path, "capture"), step);
		s_.steps.push_back(std::move(step));
	}

	void parseCapture(const Value &v, const std::string &path, Step &step)
	{
		if (!v.IsObject())
			json::fail(path, "expected an object {\"name\": \"notifications.agent15000[0].data.call.id\"}");
		for (const auto &m : v.GetObject()) {
			std::string itemPath = json::pathKey(path, json::str(m.name));
			std::string where = json::readString(m.value, itemPath);
			std::string error;
			rapidjson::Value empty(rapidjson::kObjectType);
			json::findPath(empty, where, error);
			std::string_view root = std::string_view(where).substr(where.rfind("$.", 0) == 0 ? 2 : 0);
			if (error.empty() && root.rfind("body", 0) != 0 && root.rfind("status", 0) != 0 &&
			    root.rfind("notifications", 0) != 0)
				error = "a capture path starts with body, status or notifications";
			if (!error.empty())
				json::fail(itemPath, error);
			step.captures.emplace_back(json::str(m.name), where);
		}
	}

	void parseRequest(const Value &v, const std::string &path, HttpCall &call)
	{
		if (!v.IsObject())
			json::fail(path, "expected an object {\"method\": ..., \"path\": ..., \"body\": ...}");
		json::checkKeys(v, path, {"method", "path", "body", "bodyText", "headers"});
		const Value *method = json::member(v, "method");
		if (!method)
			json::fail(path, "missing \"method\" (GET, POST, PUT, DELETE)");
		call.method = json::readString(*method, json::pathKey(path, "method"));
		static const char *const methods[] = {"GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH"};
		if (std::none_of(std::begin(methods), std::end(methods),
				 [&](const char *m) { return call.method == m; }))
			json::fail(json::pathKey(path, "method"),
				   fmt::format("expected GET, POST, PUT, DELETE, OPTIONS, HEAD or "
					       "PATCH, found \"{}\"",
					       call.method));
		const Value *target = json::member(v, "path");
		if (!target)
			json::fail(path, "missing \"path\" (\"/api/v2/...\")");
		call.path = json::readString(*target, json::pathKey(path, "path"));
		if (call.path.empty() || call.path[0] != '/')
			json::fail(json::pathKey(path, "path"), "expected a path starting with '/'");
		if (const Value *body = json::member(v, "body"))
			call.body = body;
		if (const Value *raw = json::member(v, "bodyText")) {
			if (call.body)
				json::fail(json::pathKey(path, "bodyText"),
					   "give either \"body\" or \"bodyText\", not both");
			call.rawBody = json::readString(*raw, json::pathKey(path, "bodyText"));
		}
		if (const Value *headers = json::member(v, "headers")) {
			if (!headers->IsObject())
				json::fail(json::pathKey(path, "headers"),
					   "expected an object of header names to strings");
			for (const auto &m : headers->GetObject())
				call.headers.emplace_back(
					json::str(m.name),
					json::readString(m.value, json::pathKey(json::pathKey(path, "headers"),
										json::str(m.name))));
		}
	}

	const Value *buildBody(const Value &step, std::initializer_list<std::string_view> keys, const std::string &path)
	{
		auto doc = std::make_shared<rapidjson::Document>();
		doc->SetObject();
		for (auto key : keys) {
			if (const Value *v = json::member(step, key)) {
				if (key == "userData" && !v->IsObject())
					json::fail(json::pathKey(path, key), "expected an object of key/value pairs");
				doc->AddMember(Value(key.data(), static_cast<rapidjson::SizeType>(key.size()),
						     doc->GetAllocator()),
					       Value(*v, doc->GetAllocator()), doc->GetAllocator());
			}
		}
		s_.builtBodies.push_back(doc);
		return doc.get();
	}

	void parseControl(const Value &v, const std::string &path, Step &step)
	{
		const std::string &kind = step.control;
		HttpCall &call = step.call;
		call.method = "POST";
		auto requireString = [&](std::string_view key) {
			const Value *value = json::member(v, key);
			if (!value)
				json::fail(path, fmt::format("control \"{}\" needs \"{}\" (a string)", kind, key));
			return json::readString(*value, json::pathKey(path, key));
		};
		auto requireCall = [&]() {
			if (!json::member(v, "connId") && !json::member(v, "callUuid"))
				json::fail(path, fmt::format("control \"{}\" needs \"connId\" or \"callUuid\"", kind));
			if (const Value *c = json::member(v, "connId"))
				json::readString(*c, json::pathKey(path, "connId"));
			if (const Value *c = json::member(v, "callUuid"))
				json::readString(*c, json::pathKey(path, "callUuid"));
		};
		if (kind == "advanceClock" || kind == "setClock") {
			const char *key = kind == "advanceClock" ? "ms" : "time";
			json::checkKeys(v, path, {"name", "comment", "control", "expect", "capture", key});
			const Value *amount = json::member(v, key);
			if (!amount)
				json::fail(path, fmt::format("control \"{}\" needs \"{}\" (an integer, milliseconds)",
							     kind, key));
			std::int64_t value = json::readInteger(*amount, json::pathKey(path, key), 0, INT64_MAX / 2);
			auto doc = std::make_shared<rapidjson::Document>();
			doc->SetObject();
			doc->AddMember(rapidjson::StringRef(kind == "advanceClock" ? "advance" : "set"), Value(value),
				       doc->GetAllocator());
			s_.builtBodies.push_back(doc);
			call.path = "/sim/v1/clock";
			call.body = doc.get();
		} else if (kind == "inboundCall") {
			json::checkKeys(v, path,
					{"name", "comment", "control", "expect", "capture", "from", "to", "userData"});
			requireString("from");
			requireString("to");
			call.path = "/sim/v1/calls";
			call.body = buildBody(v, {"from", "to", "userData"}, path);
		} else if (kind == "answer" || kind == "hangup" || kind == "dtmf") {
			if (kind == "dtmf")
				json::checkKeys(v, path,
						{"name", "comment", "control", "expect", "capture", "dn", "connId",
						 "callUuid", "digits"});
			else
				json::checkKeys(v, path,
						{"name", "comment", "control", "expect", "capture", "dn", "connId",
						 "callUuid"});
			std::string dn = requireString("dn");
			requireCall();
			if (kind == "dtmf")
				requireString("digits");
			call.path = fmt::format("/sim/v1/parties/{}/{}", encodeSegment(dn), kind);
			call.body = buildBody(v, {"connId", "callUuid", "digits"}, path);
		} else if (kind == "setBehaviour") {
			json::checkKeys(v, path,
					{"name", "comment", "control", "expect", "capture", "dn", "behaviour",
					 "answerDelayMs", "rejectCode"});
			std::string dn = requireString("dn");
			requireString("behaviour");
			call.method = "PUT";
			call.path = fmt::format("/sim/v1/dns/{}/behaviour", encodeSegment(dn));
			call.body = buildBody(v, {"behaviour", "answerDelayMs", "rejectCode"}, path);
		} else {
			json::fail(
				json::pathKey(path, "control"),
				fmt::format("unknown control \"{}\"; expected one of \"advanceClock\", \"setClock\", "
					    "\"inboundCall\", \"answer\", \"hangup\", \"dtmf\", \"setBehaviour\"",
					    kind));
		}
	}

	void parseExpect(const Value &v, const std::string &path, Step &step)
	{
		if (!v.IsObject())
			json::fail(path, "expected an object {\"status\": ..., \"body\": ..., \"notifications\": ...}");
		json::checkKeys(v, path, {"status", "body", "notifications", "allowOtherNotifications"});
		if (const Value *status = json::member(v, "status")) {
			if (!step.sendsRequest())
				json::fail(json::pathKey(path, "status"),
					   "a step without a request has no status to check");
			step.status = static_cast<unsigned>(
				json::readInteger(*status, json::pathKey(path, "status"), 100, 599));
		}
		if (const Value *body = json::member(v, "body")) {
			if (!step.sendsRequest())
				json::fail(json::pathKey(path, "body"),
					   "a step without a request has no body to check");
			if (auto error = checkPattern(*body, json::pathKey(path, "body")))
				json::fail("", *error);
			step.body = body;
			step.bodyPlaceholders = hasPlaceholders(*body);
		}
		if (const Value *allow = json::member(v, "allowOtherNotifications")) {
			if (!allow->IsBool())
				json::fail(json::pathKey(path, "allowOtherNotifications"), "expected true or false");
			step.allowOtherNotifications = allow->GetBool();
		}
		if (const Value *notifications = json::member(v, "notifications")) {
			std::string npath = json::pathKey(path, "notifications");
			if (!notifications->IsObject())
				json::fail(npath, "expected an object {\"userName\": [notification, ...]}");
			for (const auto &m : notifications->GetObject()) {
				std::string upath = json::pathKey(npath, json::str(m.name));
				if (!m.value.IsArray())
					json::fail(upath, "expected an array of notifications ({\"channel\": ..., "
							  "\"data\": ...}), "
							  "in the order they arrive");
				for (rapidjson::SizeType i = 0; i < m.value.Size(); ++i) {
					std::string ipath = json::pathIndex(upath, i);
					if (!m.value[i].IsObject())
						json::fail(ipath, "expected a notification object {\"channel\": ..., "
								  "\"data\": ...}");
					if (auto error = checkPattern(m.value[i], ipath))
						json::fail("", *error);
				}
				useUser(json::str(m.name));
				step.notifications.push_back(
					{std::string(json::str(m.name)), &m.value, upath, hasPlaceholders(m.value)});
			}
		}
	}

	Scenario &s_;
	std::vector<std::pair<std::string, std::string>> setupPasswords_;
};

std::string baseName(std::string_view file)
{
	auto slash = file.find_last_of('/');
	std::string_view name = slash == std::string_view::npos ? file : file.substr(slash + 1);
	if (name.size() > 5 && name.substr(name.size() - 5) == ".json")
		name.remove_suffix(5);
	return std::string(name);
}

} /* namespace */

std::string_view toString(ClientApi api)
{
	switch (api) {
	case ClientApi::GwsV2: return "gws-v2";
	case ClientApi::WorkspaceV3: return "workspace-v3";
	}
	return "gws-v2";
}

std::string ScenarioError::str() const
{
	if (path.empty())
		return fmt::format("{}: {}", file, message);
	return fmt::format("{}: {}: {}", file, path, message);
}

std::optional<ScenarioError> parseScenario(std::string_view file, std::string_view text, Scenario &out)
{
	out = Scenario{};
	out.file = std::string(file);
	out.doc = std::make_shared<rapidjson::Document>();
	if (auto error = json::parseWithComments(text, *out.doc))
		return ScenarioError{out.file, "", "not valid JSON: " + error->str()};
	if (auto error = json::readDocument([&] { Parser(out).parse(*out.doc); }))
		return ScenarioError{out.file, error->path, error->message};
	if (out.name.empty())
		out.name = baseName(file);
	return std::nullopt;
}

std::optional<ScenarioError> loadScenarioFile(const std::string &file, Scenario &out)
{
	std::optional<std::string> text = readFile(file);
	if (!text)
		return ScenarioError{file, "", "cannot open the file"};
	return parseScenario(file, *text, out);
}

} /* namespace ctisim::scenario */
