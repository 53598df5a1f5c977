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

#include "ctisim/scenario/json_matcher.h"
#include "ctisim/scenario/json_text.h"

namespace ctisim::scenario {

namespace {

using rapidjson::Value;

struct Failure {
	std::string path;
	std::string message;
};

std::string_view str(const Value &value)
{
	return std::string_view(value.GetString(), value.GetStringLength());
}

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
			fail("$", fmt::format("expected an object with \"steps\", found a {}", jsonTypeName(root)));
		checkKeys(root, "$", {"name", "description", "setup", "users", "steps", "notificationTimeoutMs"});
		if (const Value *v = find(root, "name"))
			s_.name = string(*v, "$.name");
		if (const Value *v = find(root, "description"))
			s_.description = string(*v, "$.description");
		if (const Value *v = find(root, "notificationTimeoutMs"))
			s_.notificationTimeoutMs = integer(*v, "$.notificationTimeoutMs", 0, 600000);
		if (const Value *v = find(root, "setup")) {
			if (!v->IsObject())
				fail("$.setup",
				     "expected an object (a sandbox configuration, see docs/control-api.md)");
			s_.setup = v;
			collectSetupPasswords(*v);
		}
		if (const Value *v = find(root, "users"))
			parseUsers(*v);
		const Value *steps = find(root, "steps");
		if (!steps)
			fail("$", "missing \"steps\" (an array of steps)");
		if (!steps->IsArray())
			fail("$.steps", "expected an array of steps");
		for (rapidjson::SizeType i = 0; i < steps->Size(); ++i)
			parseStep((*steps)[i], i);
	}

private:
	[[noreturn]] static void fail(std::string path, std::string message)
	{
		throw Failure{std::move(path), std::move(message)};
	}

	static const Value *find(const Value &object, std::string_view key)
	{
		auto it = object.FindMember(
			Value(rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
		return it == object.MemberEnd() ? nullptr : &it->value;
	}

	static void checkKeys(const Value &object, const std::string &path,
			      std::initializer_list<std::string_view> allowed)
	{
		for (const auto &m : object.GetObject()) {
			if (std::find(allowed.begin(), allowed.end(), str(m.name)) == allowed.end()) {
				std::string list;
				for (auto key : allowed)
					list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", key);
				fail(jsonPathKey(path, str(m.name)),
				     fmt::format("unknown key \"{}\"; expected one of {}", str(m.name), list));
			}
		}
	}

	static std::string string(const Value &v, const std::string &path)
	{
		if (!v.IsString())
			fail(path, fmt::format("expected a string, found a {}", jsonTypeName(v)));
		return std::string(str(v));
	}

	static std::int64_t integer(const Value &v, const std::string &path, std::int64_t min, std::int64_t max)
	{
		if (!v.IsInt64() || v.GetInt64() < min || v.GetInt64() > max)
			fail(path,
			     fmt::format("expected an integer from {} to {}, found {}", min, max, previewJson(v)));
		return v.GetInt64();
	}

	void addUser(std::string_view name, std::optional<std::string> password = std::nullopt)
	{
		for (auto &user : s_.users) {
			if (user.userName == name) {
				if (password)
					user.password = *password;
				return;
			}
		}
		s_.users.push_back({std::string(name), password ? *password : std::string(defaultPassword)});
	}

	void collectSetupPasswords(const Value &setup)
	{
		// Remember the passwords of configured users without making them participants.
		const Value *users = find(setup, "users");
		if (!users || !users->IsArray())
			return;
		for (const Value &u : users->GetArray()) {
			if (!u.IsObject())
				continue;
			const Value *name = find(u, "userName");
			const Value *password = find(u, "password");
			if (name && name->IsString() && password && password->IsString())
				setupPasswords_.emplace_back(str(*name), str(*password));
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
				useUser(string(users[i], jsonPathIndex("$.users", i)));
			return;
		}
		if (!users.IsObject())
			fail("$.users",
			     "expected an array of user names, or an object {\"user\": {\"password\": \"...\"}}");
		for (const auto &m : users.GetObject()) {
			std::string path = jsonPathKey("$.users", str(m.name));
			if (!m.value.IsObject())
				fail(path, "expected an object {\"password\": \"...\"}");
			checkKeys(m.value, path, {"password"});
			std::optional<std::string> password;
			if (const Value *p = find(m.value, "password"))
				password = string(*p, jsonPathKey(path, "password"));
			else
				password = setupPassword(str(m.name));
			addUser(str(m.name), password);
		}
	}

	void parseStep(const Value &v, rapidjson::SizeType i)
	{
		Step step;
		step.index = i;
		step.jsonPath = jsonPathIndex("$.steps", i);
		const std::string &path = step.jsonPath;
		if (!v.IsObject())
			fail(path, "expected a step object with \"request\", \"control\" or only \"expect\"");
		const Value *request = find(v, "request");
		const Value *control = find(v, "control");
		if (request && control)
			fail(path, "a step has either \"request\" or \"control\", not both");
		if (const Value *name = find(v, "name"))
			step.name = string(*name, jsonPathKey(path, "name"));
		if (request) {
			checkKeys(v, path, {"name", "comment", "as", "request", "expect", "capture"});
			step.kind = Step::Kind::Request;
			if (const Value *as = find(v, "as")) {
				step.as = string(*as, jsonPathKey(path, "as"));
				useUser(step.as);
			}
			parseRequest(*request, jsonPathKey(path, "request"), step.call);
			step.status = 200;
			if (step.name.empty())
				step.name = fmt::format("{} {}", step.call.method, step.call.path);
		} else if (control) {
			step.kind = Step::Kind::Control;
			step.control = string(*control, jsonPathKey(path, "control"));
			parseControl(v, path, step);
			step.status = 200;
			if (step.name.empty())
				step.name = "control " + step.control;
		} else {
			checkKeys(v, path, {"name", "comment", "expect", "capture"});
			step.kind = Step::Kind::Wait;
			if (!find(v, "expect"))
				fail(path, "a step needs \"request\", \"control\" or \"expect\"");
			if (step.name.empty())
				step.name = "wait for notifications";
		}
		if (const Value *expect = find(v, "expect"))
			parseExpect(*expect, jsonPathKey(path, "expect"), step);
		if (const Value *capture = find(v, "capture"))
			parseCapture(*capture, jsonPathKey(path, "capture"), step);
		s_.steps.push_back(std::move(step));
	}

	void parseCapture(const Value &v, const std::string &path, Step &step)
	{
		if (!v.IsObject())
			fail(path, "expected an object {\"name\": \"notifications.agent15000[0].data.call.id\"}");
		for (const auto &m : v.GetObject()) {
			std::string itemPath = jsonPathKey(path, str(m.name));
			std::string where = string(m.value, itemPath);
			std::string error;
			rapidjson::Value empty(rapidjson::kObjectType);
			findJsonPath(empty, where, error);
			std::string_view root = std::string_view(where).substr(where.rfind("$.", 0) == 0 ? 2 : 0);
			if (error.empty() && root.rfind("body", 0) != 0 && root.rfind("status", 0) != 0 &&
			    root.rfind("notifications", 0) != 0)
				error = "a capture path starts with body, status or notifications";
			if (!error.empty())
				fail(itemPath, error);
			step.captures.emplace_back(str(m.name), where);
		}
	}

	void parseRequest(const Value &v, const std::string &path, HttpCall &call)
	{
		if (!v.IsObject())
			fail(path, "expected an object {\"method\": ..., \"path\": ..., \"body\": ...}");
		checkKeys(v, path, {"method", "path", "body", "bodyText", "headers"});
		const Value *method = find(v, "method");
		if (!method)
			fail(path, "missing \"method\" (GET, POST, PUT, DELETE)");
		call.method = string(*method, jsonPathKey(path, "method"));
		static const char *const methods[] = {"GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH"};
		if (std::none_of(std::begin(methods), std::end(methods),
				 [&](const char *m) { return call.method == m; }))
			fail(jsonPathKey(path, "method"),
			     fmt::format("expected GET, POST, PUT, DELETE, OPTIONS, HEAD or "
					 "PATCH, found \"{}\"",
					 call.method));
		const Value *target = find(v, "path");
		if (!target)
			fail(path, "missing \"path\" (\"/api/v2/...\")");
		call.path = string(*target, jsonPathKey(path, "path"));
		if (call.path.empty() || call.path[0] != '/')
			fail(jsonPathKey(path, "path"), "expected a path starting with '/'");
		if (const Value *body = find(v, "body"))
			call.body = body;
		if (const Value *raw = find(v, "bodyText")) {
			if (call.body)
				fail(jsonPathKey(path, "bodyText"), "give either \"body\" or \"bodyText\", not both");
			call.rawBody = string(*raw, jsonPathKey(path, "bodyText"));
		}
		if (const Value *headers = find(v, "headers")) {
			if (!headers->IsObject())
				fail(jsonPathKey(path, "headers"), "expected an object of header names to strings");
			for (const auto &m : headers->GetObject())
				call.headers.emplace_back(
					str(m.name),
					string(m.value, jsonPathKey(jsonPathKey(path, "headers"), str(m.name))));
		}
	}

	const Value *buildBody(const Value &step, std::initializer_list<std::string_view> keys, const std::string &path)
	{
		auto doc = std::make_shared<rapidjson::Document>();
		doc->SetObject();
		for (auto key : keys) {
			if (const Value *v = find(step, key)) {
				if (key == "userData" && !v->IsObject())
					fail(jsonPathKey(path, key), "expected an object of key/value pairs");
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
			const Value *value = find(v, key);
			if (!value)
				fail(path, fmt::format("control \"{}\" needs \"{}\" (a string)", kind, key));
			return string(*value, jsonPathKey(path, key));
		};
		auto requireCall = [&]() {
			if (!find(v, "connId") && !find(v, "callUuid"))
				fail(path, fmt::format("control \"{}\" needs \"connId\" or \"callUuid\"", kind));
			if (const Value *c = find(v, "connId"))
				string(*c, jsonPathKey(path, "connId"));
			if (const Value *c = find(v, "callUuid"))
				string(*c, jsonPathKey(path, "callUuid"));
		};
		if (kind == "advanceClock" || kind == "setClock") {
			const char *key = kind == "advanceClock" ? "ms" : "time";
			checkKeys(v, path, {"name", "comment", "control", "expect", "capture", key});
			const Value *amount = find(v, key);
			if (!amount)
				fail(path,
				     fmt::format("control \"{}\" needs \"{}\" (an integer, milliseconds)", kind, key));
			std::int64_t value = integer(*amount, jsonPathKey(path, key), 0, INT64_MAX / 2);
			auto doc = std::make_shared<rapidjson::Document>();
			doc->SetObject();
			doc->AddMember(rapidjson::StringRef(kind == "advanceClock" ? "advance" : "set"), Value(value),
				       doc->GetAllocator());
			s_.builtBodies.push_back(doc);
			call.path = "/sim/v1/clock";
			call.body = doc.get();
		} else if (kind == "inboundCall") {
			checkKeys(v, path,
				  {"name", "comment", "control", "expect", "capture", "from", "to", "userData"});
			requireString("from");
			requireString("to");
			call.path = "/sim/v1/calls";
			call.body = buildBody(v, {"from", "to", "userData"}, path);
		} else if (kind == "answer" || kind == "hangup" || kind == "dtmf") {
			if (kind == "dtmf")
				checkKeys(v, path,
					  {"name", "comment", "control", "expect", "capture", "dn", "connId",
					   "callUuid", "digits"});
			else
				checkKeys(v, path,
					  {"name", "comment", "control", "expect", "capture", "dn", "connId",
					   "callUuid"});
			std::string dn = requireString("dn");
			requireCall();
			if (kind == "dtmf")
				requireString("digits");
			call.path = fmt::format("/sim/v1/parties/{}/{}", encodeSegment(dn), kind);
			call.body = buildBody(v, {"connId", "callUuid", "digits"}, path);
		} else if (kind == "setBehaviour") {
			checkKeys(v, path,
				  {"name", "comment", "control", "expect", "capture", "dn", "behaviour",
				   "answerDelayMs", "rejectCode"});
			std::string dn = requireString("dn");
			requireString("behaviour");
			call.method = "PUT";
			call.path = fmt::format("/sim/v1/dns/{}/behaviour", encodeSegment(dn));
			call.body = buildBody(v, {"behaviour", "answerDelayMs", "rejectCode"}, path);
		} else {
			fail(jsonPathKey(path, "control"),
			     fmt::format("unknown control \"{}\"; expected one of \"advanceClock\", \"setClock\", "
					 "\"inboundCall\", \"answer\", \"hangup\", \"dtmf\", \"setBehaviour\"",
					 kind));
		}
	}

	void parseExpect(const Value &v, const std::string &path, Step &step)
	{
		if (!v.IsObject())
			fail(path, "expected an object {\"status\": ..., \"body\": ..., \"notifications\": ...}");
		checkKeys(v, path, {"status", "body", "notifications", "allowOtherNotifications"});
		if (const Value *status = find(v, "status")) {
			if (step.kind == Step::Kind::Wait)
				fail(jsonPathKey(path, "status"), "a step without a request has no status to check");
			step.status = static_cast<unsigned>(integer(*status, jsonPathKey(path, "status"), 100, 599));
		}
		if (const Value *body = find(v, "body")) {
			if (step.kind == Step::Kind::Wait)
				fail(jsonPathKey(path, "body"), "a step without a request has no body to check");
			if (auto error = checkPattern(*body, jsonPathKey(path, "body")))
				throw Failure{"", *error};
			step.body = body;
		}
		if (const Value *allow = find(v, "allowOtherNotifications")) {
			if (!allow->IsBool())
				fail(jsonPathKey(path, "allowOtherNotifications"), "expected true or false");
			step.allowOtherNotifications = allow->GetBool();
		}
		if (const Value *notifications = find(v, "notifications")) {
			std::string npath = jsonPathKey(path, "notifications");
			if (!notifications->IsObject())
				fail(npath, "expected an object {\"userName\": [notification, ...]}");
			for (const auto &m : notifications->GetObject()) {
				std::string upath = jsonPathKey(npath, str(m.name));
				if (!m.value.IsArray())
					fail(upath,
					     "expected an array of notifications ({\"channel\": ..., \"data\": ...}), "
					     "in the order they arrive");
				for (rapidjson::SizeType i = 0; i < m.value.Size(); ++i) {
					std::string ipath = jsonPathIndex(upath, i);
					if (!m.value[i].IsObject())
						fail(ipath, "expected a notification object {\"channel\": ..., "
							    "\"data\": ...}");
					if (auto error = checkPattern(m.value[i], ipath))
						throw Failure{"", *error};
				}
				useUser(str(m.name));
				step.notifications.push_back({std::string(str(m.name)), &m.value, upath});
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
	if (auto error = parseJson(text, *out.doc))
		return ScenarioError{out.file, "", "not valid JSON: " + error->str()};
	try {
		Parser(out).parse(*out.doc);
	} catch (const Failure &failure) {
		return ScenarioError{out.file, failure.path, failure.message};
	}
	if (out.name.empty())
		out.name = baseName(file);
	return std::nullopt;
}

std::optional<ScenarioError> loadScenarioFile(const std::string &file, Scenario &out)
{
	std::ifstream in(file, std::ios::binary);
	if (!in)
		return ScenarioError{file, "", "cannot open the file"};
	std::ostringstream text;
	text << in.rdbuf();
	if (in.bad())
		return ScenarioError{file, "", "cannot read the file"};
	return parseScenario(file, text.str(), out);
}

} /* namespace ctisim::scenario */
