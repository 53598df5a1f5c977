/* SPDX-License-Identifier: MIT */
/*
 * SandboxConfig parsing: the default configuration, and the JSON keys that
 * change it, checked one by one so that an error names the JSON path.
 */
#include "ctisim/api/sandbox_config.h"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "ctisim/id_generator.h"
#include "ctisim/scenario/json_text.h"

#include "desktop_config_parser.h"

namespace ctisim::api {

namespace {

using rapidjson::Value;
using scenario::jsonPathIndex;
using scenario::jsonPathKey;
using scenario::jsonTypeName;
using scenario::previewJson;

struct Failure {
	std::string path;
	std::string message;
};

std::string_view str(const Value &value)
{
	return std::string_view(value.GetString(), value.GetStringLength());
}

/// "2026-01-01T00:00:00Z" (UTC, optional .mmm) → ms since the epoch.
std::optional<TimeMs> parseIsoTime(std::string_view text)
{
	int year, month, day, hour, minute, second, consumed = 0;
	std::string s(text);
	if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute, &second,
			&consumed) != 6)
		return std::nullopt;
	std::string_view rest = text.substr(static_cast<std::size_t>(consumed));
	int millis = 0;
	if (!rest.empty() && rest[0] == '.') {
		if (rest.size() < 4 || !std::isdigit(static_cast<unsigned char>(rest[1])) ||
		    !std::isdigit(static_cast<unsigned char>(rest[2])) ||
		    !std::isdigit(static_cast<unsigned char>(rest[3])))
			return std::nullopt;
		millis = (rest[1] - '0') * 100 + (rest[2] - '0') * 10 + (rest[3] - '0');
		rest.remove_prefix(4);
	}
	if (rest != "Z")
		return std::nullopt;
	std::tm tm{};
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = minute;
	tm.tm_sec = second;
	std::time_t t = timegm(&tm);
	return static_cast<TimeMs>(t) * 1000 + millis;
}

class ConfigParser
{
public:
	explicit ConfigParser(SandboxConfig &out) : c_(out) {}

	void parse(const Value &root)
	{
		if (!root.IsObject())
			fail("$", fmt::format("expected a configuration object, found a {}", jsonTypeName(root)));
		checkKeys(root, "$",
			  {"defaults", "seed", "publicBaseUrl", "csrf", "clock", "unknownNumbers", "externalBehaviour",
			   "dns", "users", "agents", "calls", "control", "comment", "description", "agentStates",
			   "features", "userSettings", "settingsGroups"});
		std::uint64_t seed = 1;
		if (const Value *v = find(root, "seed")) {
			if (!v->IsUint64())
				fail("$.seed",
				     fmt::format("expected a non-negative integer, found {}", previewJson(*v)));
			seed = v->GetUint64();
		}
		bool defaults = true;
		if (const Value *v = find(root, "defaults"))
			defaults = boolean(*v, "$.defaults");
		if (defaults) {
			c_ = defaultSandboxConfig(seed);
		} else {
			c_ = SandboxConfig{};
			c_.switchConfig.seed = seed;
		}
		if (const Value *v = find(root, "publicBaseUrl")) {
			c_.publicBaseUrl = string(*v, "$.publicBaseUrl");
			if (c_.publicBaseUrl.rfind("http://", 0) != 0 && c_.publicBaseUrl.rfind("https://", 0) != 0)
				fail("$.publicBaseUrl",
				     "expected an http:// or https:// URL such as \"http://127.0.0.1:8080\"");
			while (!c_.publicBaseUrl.empty() && c_.publicBaseUrl.back() == '/')
				c_.publicBaseUrl.pop_back();
		}
		if (const Value *v = find(root, "csrf"))
			c_.csrf = boolean(*v, "$.csrf");
		if (const Value *v = find(root, "clock"))
			parseClock(*v);
		if (const Value *v = find(root, "unknownNumbers")) {
			std::string mode = string(*v, "$.unknownNumbers");
			if (mode != "external" && mode != "reject")
				fail("$.unknownNumbers", "expected \"external\" or \"reject\"");
			c_.switchConfig.unknownNumbersAreExternal = mode == "external";
		}
		if (const Value *v = find(root, "externalBehaviour"))
			c_.switchConfig.externalBehaviour = behaviour(*v, "$.externalBehaviour", {});
		if (const Value *v = find(root, "dns"))
			forEach(*v, "$.dns", [&](const Value &item, const std::string &path) { parseDn(item, path); });
		if (const Value *v = find(root, "users"))
			forEach(*v, "$.users",
				[&](const Value &item, const std::string &path) { parseUser(item, path); });
		if (const Value *v = find(root, "agents"))
			forEach(*v, "$.agents",
				[&](const Value &item, const std::string &path) { parseAgent(item, path); });
		if (const Value *v = find(root, "calls"))
			forEach(*v, "$.calls",
				[&](const Value &item, const std::string &path) { parseCall(item, path); });
		if (const Value *v = find(root, "control")) {
			if (!v->IsObject())
				fail("$.control", "expected an object {\"user\": ..., \"password\": ...}");
			checkKeys(*v, "$.control", {"user", "password"});
			ControlAccess access;
			if (const Value *u = find(*v, "user"))
				access.user = string(*u, "$.control.user");
			if (const Value *p = find(*v, "password"))
				access.password = string(*p, "$.control.password");
			if (access.user.empty())
				fail("$.control.user", "expected a non-empty user name");
			c_.controlAccess = access;
		}
		if (auto error = parseDesktopConfig(root, c_.desktop))
			fail(error->path, error->message);
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

	template <typename F> static void forEach(const Value &array, const std::string &path, F &&f)
	{
		if (!array.IsArray())
			fail(path, fmt::format("expected an array, found a {}", jsonTypeName(array)));
		for (rapidjson::SizeType i = 0; i < array.Size(); ++i) {
			std::string itemPath = jsonPathIndex(path, i);
			if (!array[i].IsObject())
				fail(itemPath, fmt::format("expected an object, found a {}", jsonTypeName(array[i])));
			f(array[i], itemPath);
		}
	}

	static std::string string(const Value &v, const std::string &path)
	{
		if (!v.IsString())
			fail(path, fmt::format("expected a string, found {}", previewJson(v)));
		return std::string(str(v));
	}

	static std::string number(const Value &v, const std::string &path)
	{
		std::string text = string(v, path);
		if (text.empty() || text.size() > 64 || !std::all_of(text.begin(), text.end(), [](char c) {
			    return std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '*' || c == '#';
		    }))
			fail(path,
			     fmt::format("expected a phone number (digits, optionally starting with '+'), found {}",
					 previewJson(v)));
		return text;
	}

	static bool boolean(const Value &v, const std::string &path)
	{
		if (!v.IsBool())
			fail(path, fmt::format("expected true or false, found {}", previewJson(v)));
		return v.GetBool();
	}

	static std::int64_t integer(const Value &v, const std::string &path, std::int64_t min, std::int64_t max)
	{
		if (!v.IsInt64() || v.GetInt64() < min || v.GetInt64() > max)
			fail(path,
			     fmt::format("expected an integer from {} to {}, found {}", min, max, previewJson(v)));
		return v.GetInt64();
	}

	static TimeMs time(const Value &v, const std::string &path)
	{
		/* Up to the year 9999: the switch adds delays to it, which must not overflow. */
		if (v.IsInt64())
			return integer(v, path, 0, 253'402'300'799'999);
		if (v.IsString()) {
			if (auto t = parseIsoTime(str(v)))
				return *t;
		}
		fail(path, fmt::format("expected milliseconds since the epoch or \"YYYY-MM-DDTHH:MM:SSZ\", found {}",
				       previewJson(v)));
	}

	/// A behaviour from an object's "behaviour", "answerDelayMs", "rejectCode".
	static DnBehaviour behaviour(const Value &v, const std::string &path, DnBehaviour base)
	{
		if (!v.IsObject())
			fail(path, "expected an object {\"behaviour\": ..., \"answerDelayMs\": ...}");
		if (const Value *kind = find(v, "behaviour")) {
			if (!kind->IsString() || !ctisim::parse(str(*kind), base.kind))
				fail(jsonPathKey(path, "behaviour"),
				     fmt::format("expected one of \"answer\", \"busy\", \"noAnswer\", \"ringForever\", "
						 "\"reject\", found {}",
						 previewJson(*kind)));
		}
		if (const Value *delay = find(v, "answerDelayMs"))
			base.answerDelayMs = integer(*delay, jsonPathKey(path, "answerDelayMs"), 0, 86400000);
		if (const Value *code = find(v, "rejectCode"))
			base.rejectErrorCode =
				static_cast<int>(integer(*code, jsonPathKey(path, "rejectCode"), 1, 99999));
		return base;
	}

	void parseClock(const Value &v)
	{
		if (!v.IsObject())
			fail("$.clock", "expected an object {\"virtual\": true, \"start\": \"2026-01-01T00:00:00Z\"}");
		checkKeys(v, "$.clock", {"virtual", "start"});
		if (const Value *virt = find(v, "virtual"))
			c_.virtualClock = boolean(*virt, "$.clock.virtual");
		if (const Value *start = find(v, "start")) {
			c_.clockStart = time(*start, "$.clock.start");
			if (!find(v, "virtual"))
				c_.virtualClock = true;
		}
	}

	DnConfig &dnEntry(const Dn &number)
	{
		auto &dns = c_.switchConfig.dns;
		auto it = std::find_if(dns.begin(), dns.end(), [&](const DnConfig &d) { return d.number == number; });
		if (it != dns.end())
			return *it;
		DnConfig fresh;
		fresh.number = number;
		dns.push_back(fresh);
		return dns.back();
	}

	void parseDn(const Value &v, const std::string &path)
	{
		checkKeys(v, path, {"number", "type", "behaviour", "answerDelayMs", "rejectCode", "targets"});
		const Value *numberValue = find(v, "number");
		if (!numberValue)
			fail(path, "missing \"number\"");
		Dn dn = number(*numberValue, jsonPathKey(path, "number"));
		DnConfig &entry = dnEntry(dn);
		if (const Value *type = find(v, "type")) {
			std::string text = string(*type, jsonPathKey(path, "type"));
			if (text == "AcdQueue" || text == "Queue")
				text = "ACDQueue";
			if (!ctisim::parse(text, entry.type))
				fail(jsonPathKey(path, "type"),
				     "expected one of \"Extension\", \"ACDQueue\", \"RoutingPoint\", \"External\"");
		}
		entry.behaviour = behaviour(v, path, entry.behaviour);
		if (const Value *targets = find(v, "targets")) {
			std::string tpath = jsonPathKey(path, "targets");
			if (!targets->IsArray())
				fail(tpath, "expected an array of extension numbers");
			entry.targets.clear();
			for (rapidjson::SizeType i = 0; i < targets->Size(); ++i)
				entry.targets.push_back(number((*targets)[i], jsonPathIndex(tpath, i)));
		}
	}

	void parseUser(const Value &v, const std::string &path)
	{
		checkKeys(
			v, path,
			{"userName", "password", "dn", "deviceId", "id", "firstName", "lastName", "agentId", "roles"});
		const Value *nameValue = find(v, "userName");
		if (!nameValue)
			fail(path, "missing \"userName\"");
		std::string name = string(*nameValue, jsonPathKey(path, "userName"));
		if (name.empty())
			fail(jsonPathKey(path, "userName"), "expected a non-empty user name");
		UserConfig user;
		user.userName = name;
		user.password = std::string(defaultUserPassword);
		if (const Value *p = find(v, "password"))
			user.password = string(*p, jsonPathKey(path, "password"));
		if (const Value *d = find(v, "dn"))
			user.dn = number(*d, jsonPathKey(path, "dn"));
		if (const Value *d = find(v, "deviceId"))
			user.deviceId = string(*d, jsonPathKey(path, "deviceId"));
		if (const Value *d = find(v, "id"))
			user.id = string(*d, jsonPathKey(path, "id"));
		if (const Value *d = find(v, "firstName"))
			user.firstName = string(*d, jsonPathKey(path, "firstName"));
		if (const Value *d = find(v, "lastName"))
			user.lastName = string(*d, jsonPathKey(path, "lastName"));
		if (const Value *d = find(v, "agentId"))
			user.agentId = string(*d, jsonPathKey(path, "agentId"));
		if (const Value *roles = find(v, "roles")) {
			std::string rpath = jsonPathKey(path, "roles");
			if (!roles->IsArray())
				fail(rpath, "expected an array such as [\"ROLE_AGENT\"]");
			user.roles.clear();
			for (rapidjson::SizeType i = 0; i < roles->Size(); ++i)
				user.roles.push_back(string((*roles)[i], jsonPathIndex(rpath, i)));
		}
		// One user per name and one per device: a new entry replaces both.
		auto &users = c_.users;
		users.erase(std::remove_if(users.begin(), users.end(),
					   [&](const UserConfig &u) {
						   return u.userName == user.userName ||
							  (!user.dn.empty() && u.dn == user.dn);
					   }),
			    users.end());
		if (!user.dn.empty()) {
			DnConfig &dn = dnEntry(user.dn);
			if (dn.type != DnType::Extension)
				fail(jsonPathKey(path, "dn"), fmt::format("{} is not an extension", user.dn));
		}
		users.push_back(std::move(user));
	}

	void parseAgent(const Value &v, const std::string &path)
	{
		checkKeys(v, path, {"dn", "agentId", "state", "workMode"});
		const Value *dnValue = find(v, "dn");
		if (!dnValue)
			fail(path, "missing \"dn\"");
		InitialAgent agent;
		agent.dn = number(*dnValue, jsonPathKey(path, "dn"));
		if (const Value *id = find(v, "agentId")) {
			agent.agentId = string(*id, jsonPathKey(path, "agentId"));
		} else {
			auto it = std::find_if(c_.users.begin(), c_.users.end(),
					       [&](const UserConfig &u) { return u.dn == agent.dn; });
			agent.agentId =
				it == c_.users.end() ? agent.dn : (it->agentId.empty() ? it->userName : it->agentId);
		}
		if (const Value *state = find(v, "state")) {
			std::string text = string(*state, jsonPathKey(path, "state"));
			if (text == "Ready")
				agent.state = AgentState::Ready;
			else if (text == "NotReady")
				agent.state = AgentState::NotReady;
			else
				fail(jsonPathKey(path, "state"), "expected \"Ready\" or \"NotReady\"");
		}
		if (const Value *mode = find(v, "workMode")) {
			std::string text = string(*mode, jsonPathKey(path, "workMode"));
			if (text == "Unknown")
				agent.workMode = WorkMode::Unknown;
			else if (text == "ManualIn")
				agent.workMode = WorkMode::ManualIn;
			else if (text == "AutoIn")
				agent.workMode = WorkMode::AutoIn;
			else if (text == "AfterCallWork")
				agent.workMode = WorkMode::AfterCallWork;
			else if (text == "AuxWork")
				agent.workMode = WorkMode::AuxWork;
			else
				fail(jsonPathKey(path, "workMode"), "expected one of \"Unknown\", \"ManualIn\", "
								    "\"AutoIn\", \"AfterCallWork\", \"AuxWork\"");
		}
		auto &agents = c_.switchConfig.agents;
		agents.erase(std::remove_if(agents.begin(), agents.end(),
					    [&](const InitialAgent &a) { return a.dn == agent.dn; }),
			     agents.end());
		agents.push_back(std::move(agent));
	}

	void parseCall(const Value &v, const std::string &path)
	{
		checkKeys(
			v, path,
			{"connId", "callUuid", "callType", "ani", "dnis", "userData", "startedAt", "ageMs", "parties"});
		InitialCall call;
		if (const Value *id = find(v, "connId")) {
			auto connId = ConnId::parse(string(*id, jsonPathKey(path, "connId")));
			if (!connId || connId->isNull())
				fail(jsonPathKey(path, "connId"),
				     fmt::format("expected 16 hex digits such as \"0071027198180007\", found {}",
						 previewJson(*id)));
			call.connId = *connId;
		}
		if (const Value *id = find(v, "callUuid")) {
			call.callUuid = string(*id, jsonPathKey(path, "callUuid"));
			if (call.callUuid.empty() || call.callUuid.size() > 64)
				fail(jsonPathKey(path, "callUuid"), "expected a call UUID such as "
								    "\"01RCC3N118B1V0SL8O7GK2LAES000007\"");
		}
		if (call.connId.isNull() || call.callUuid.empty()) {
			// Unpinned ids come from a generator of their own, so that they
			// never collide with pinned ones: the switch skips past them.
			if (!generator_)
				generator_.emplace(c_.switchConfig.seed ^ 0x5ce7a210ULL);
			auto ids = generator_->nextCall();
			if (call.connId.isNull())
				call.connId = ids.connId;
			if (call.callUuid.empty())
				call.callUuid = ids.callUuid;
		}
		for (const InitialCall &other : c_.switchConfig.calls) {
			if (other.connId == call.connId)
				fail(jsonPathKey(path, "connId"), "another call already has this connId");
			if (other.callUuid == call.callUuid)
				fail(jsonPathKey(path, "callUuid"), "another call already has this callUuid");
		}
		if (const Value *type = find(v, "callType")) {
			if (!type->IsString() || !ctisim::parse(str(*type), call.callType) ||
			    call.callType == CallType::Unknown)
				fail(jsonPathKey(path, "callType"),
				     "expected one of \"Internal\", \"Inbound\", \"Outbound\", \"Consult\"");
		}
		const Value *parties = find(v, "parties");
		if (!parties)
			fail(path, "missing \"parties\" (the DNs on the call, the originator first)");
		std::string ppath = jsonPathKey(path, "parties");
		if (!parties->IsArray() || parties->Size() == 0)
			fail(ppath, "expected a non-empty array of {\"dn\": ..., \"state\": ...}");
		for (rapidjson::SizeType i = 0; i < parties->Size(); ++i) {
			std::string itemPath = jsonPathIndex(ppath, i);
			const Value &p = (*parties)[i];
			if (!p.IsObject())
				fail(itemPath, "expected an object {\"dn\": ..., \"state\": ...}");
			checkKeys(p, itemPath, {"dn", "state", "muted"});
			InitialParty party;
			const Value *dn = find(p, "dn");
			if (!dn)
				fail(itemPath, "missing \"dn\"");
			party.dn = number(*dn, jsonPathKey(itemPath, "dn"));
			for (const InitialParty &earlier : call.parties) {
				if (earlier.dn == party.dn)
					fail(jsonPathKey(itemPath, "dn"), "this DN is already a party of the call");
			}
			if (const Value *state = find(p, "state")) {
				if (!state->IsString() || !ctisim::parse(str(*state), party.state) ||
				    party.state == PartyState::Released)
					fail(jsonPathKey(itemPath, "state"),
					     "expected one of \"Dialing\", \"Ringing\", \"Established\", \"Held\"");
			}
			if (const Value *muted = find(p, "muted"))
				party.muted = boolean(*muted, jsonPathKey(itemPath, "muted"));
			call.parties.push_back(std::move(party));
		}
		call.ani = call.parties.front().dn;
		call.dnis = call.parties.size() > 1 ? call.parties[1].dn : call.parties.front().dn;
		if (const Value *ani = find(v, "ani"))
			call.ani = number(*ani, jsonPathKey(path, "ani"));
		if (const Value *dnis = find(v, "dnis"))
			call.dnis = number(*dnis, jsonPathKey(path, "dnis"));
		if (const Value *data = find(v, "userData"))
			call.userData = userData(*data, jsonPathKey(path, "userData"));
		std::optional<TimeMs> age;
		if (find(v, "startedAt") && find(v, "ageMs"))
			fail(path, "give either \"startedAt\" or \"ageMs\", not both");
		if (const Value *start = find(v, "startedAt")) {
			call.startedAt = time(*start, jsonPathKey(path, "startedAt"));
		} else {
			TimeMs ms = 0;
			if (const Value *a = find(v, "ageMs"))
				ms = integer(*a, jsonPathKey(path, "ageMs"), 0, 100LL * 365 * 86400000);
			age = ms;
		}
		c_.switchConfig.calls.push_back(std::move(call));
		c_.callAgesMs.push_back(age);
	}

	static UserData userData(const Value &v, const std::string &path)
	{
		if (!v.IsObject())
			fail(path, "expected an object of key/value pairs (strings or integers)");
		UserData data;
		for (const auto &m : v.GetObject()) {
			if (m.value.IsString())
				data.attach({{std::string(str(m.name)), std::string(str(m.value))}});
			else if (m.value.IsInt64())
				data.attach({{std::string(str(m.name)), m.value.GetInt64()}});
			else
				fail(jsonPathKey(path, str(m.name)), "expected a string or an integer");
		}
		return data;
	}

	static constexpr std::string_view defaultUserPassword = "password";

	SandboxConfig &c_;
	std::optional<IdGenerator> generator_;
};

} /* namespace */

std::string SandboxConfigError::str() const
{
	return fmt::format("{}: {}", path, message);
}

void SandboxConfig::applyCallAges(TimeMs now)
{
	for (std::size_t i = 0; i < switchConfig.calls.size() && i < callAgesMs.size(); ++i) {
		if (callAgesMs[i])
			switchConfig.calls[i].startedAt = now - *callAgesMs[i];
	}
}

const UserConfig *SandboxConfig::findUser(std::string_view userName) const
{
	for (const UserConfig &user : users) {
		if (user.userName == userName)
			return &user;
	}
	return nullptr;
}

SandboxConfig defaultSandboxConfig(std::uint64_t seed)
{
	SandboxConfig config;
	config.switchConfig.seed = seed;
	config.switchConfig.unknownNumbersAreExternal = true;
	for (int n = 15000; n <= 15099; ++n) {
		DnConfig dn;
		dn.number = std::to_string(n);
		dn.type = DnType::Extension;
		config.switchConfig.dns.push_back(dn);
		UserConfig user;
		user.userName = "agent" + dn.number;
		user.password = "password";
		user.dn = dn.number;
		config.users.push_back(std::move(user));
	}
	DnConfig queue;
	queue.number = "7000";
	queue.type = DnType::AcdQueue;
	config.switchConfig.dns.push_back(queue);
	DnConfig routingPoint;
	routingPoint.number = "8000";
	routingPoint.type = DnType::RoutingPoint;
	config.switchConfig.dns.push_back(routingPoint);
	return config;
}

std::optional<SandboxConfigError> parseSandboxConfig(const rapidjson::Value &json, SandboxConfig &out)
{
	SandboxConfig config;
	try {
		ConfigParser(config).parse(json);
	} catch (const Failure &failure) {
		return SandboxConfigError{failure.path, failure.message};
	}
	if (config.virtualClock)
		config.applyCallAges(config.clockStart);
	out = std::move(config);
	return std::nullopt;
}

std::optional<SandboxConfigError> parseSandboxConfig(std::string_view jsonText, SandboxConfig &out)
{
	if (std::all_of(jsonText.begin(), jsonText.end(),
			[](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
		out = defaultSandboxConfig();
		return std::nullopt;
	}
	rapidjson::Document doc;
	if (auto error = scenario::parseJson(jsonText, doc))
		return SandboxConfigError{"$", "not valid JSON: " + error->str()};
	return parseSandboxConfig(doc, out);
}

} /* namespace ctisim::api */
