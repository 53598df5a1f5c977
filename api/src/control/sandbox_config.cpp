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
#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/path_reader.h"
#include "ctisim/json/value.h"

#include "desktop_config_parser.h"
#include "directory_config_parser.h"

namespace ctisim::api {

namespace {

using rapidjson::Value;

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
			json::fail("$",
				   fmt::format("expected a configuration object, found a {}", json::typeName(root)));
		json::checkKeys(root, "$",
				{"defaults",
				 "seed",
				 "publicBaseUrl",
				 "csrf",
				 "clock",
				 "unknownNumbers",
				 "externalBehaviour",
				 "dns",
				 "users",
				 "agents",
				 "calls",
				 "control",
				 "comment",
				 "description",
				 "agentStates",
				 "features",
				 "userSettings",
				 "settingsGroups",
				 "businessAttributes",
				 "contacts",
				 "groups",
				 "ucsContacts",
				 "crossOriginSettings",
				 "workspaceApi"});
		std::uint64_t seed = 1;
		if (const Value *v = json::member(root, "seed")) {
			if (!v->IsUint64())
				json::fail("$.seed",
					   fmt::format("expected a non-negative integer, found {}", json::preview(*v)));
			seed = v->GetUint64();
		}
		bool defaults = true;
		if (const Value *v = json::member(root, "defaults"))
			defaults = json::readBoolean(*v, "$.defaults");
		if (defaults) {
			c_ = defaultSandboxConfig(seed);
		} else {
			c_ = SandboxConfig{};
			c_.switchConfig.seed = seed;
		}
		if (const Value *v = json::member(root, "publicBaseUrl")) {
			c_.publicBaseUrl = json::readString(*v, "$.publicBaseUrl");
			if (c_.publicBaseUrl.rfind("http://", 0) != 0 && c_.publicBaseUrl.rfind("https://", 0) != 0)
				json::fail("$.publicBaseUrl",
					   "expected an http:// or https:// URL such as \"http://127.0.0.1:8080\"");
			while (!c_.publicBaseUrl.empty() && c_.publicBaseUrl.back() == '/')
				c_.publicBaseUrl.pop_back();
		}
		if (const Value *v = json::member(root, "csrf"))
			c_.csrf = json::readBoolean(*v, "$.csrf");
		if (const Value *v = json::member(root, "workspaceApi"))
			parseWorkspaceApi(*v, "$.workspaceApi");
		if (const Value *v = json::member(root, "clock"))
			parseClock(*v);
		if (const Value *v = json::member(root, "unknownNumbers")) {
			std::string mode = json::readString(*v, "$.unknownNumbers");
			if (mode != "external" && mode != "reject")
				json::fail("$.unknownNumbers", "expected \"external\" or \"reject\"");
			c_.switchConfig.unknownNumbersAreExternal = mode == "external";
		}
		if (const Value *v = json::member(root, "externalBehaviour"))
			c_.switchConfig.externalBehaviour = behaviour(*v, "$.externalBehaviour", {});
		if (const Value *v = json::member(root, "dns"))
			json::forEachObject(*v, "$.dns",
					    [&](const Value &item, const std::string &path) { parseDn(item, path); });
		if (const Value *v = json::member(root, "users"))
			json::forEachObject(*v, "$.users",
					    [&](const Value &item, const std::string &path) { parseUser(item, path); });
		if (const Value *v = json::member(root, "agents"))
			json::forEachObject(*v, "$.agents", [&](const Value &item, const std::string &path) {
				parseAgent(item, path);
			});
		if (const Value *v = json::member(root, "calls"))
			json::forEachObject(*v, "$.calls",
					    [&](const Value &item, const std::string &path) { parseCall(item, path); });
		if (const Value *v = json::member(root, "control")) {
			if (!v->IsObject())
				json::fail("$.control", "expected an object {\"user\": ..., \"password\": ...}");
			json::checkKeys(*v, "$.control", {"user", "password"});
			ControlAccess access;
			if (const Value *u = json::member(*v, "user"))
				access.user = json::readString(*u, "$.control.user");
			if (const Value *p = json::member(*v, "password"))
				access.password = json::readString(*p, "$.control.password");
			if (access.user.empty())
				json::fail("$.control.user", "expected a non-empty user name");
			c_.controlAccess = access;
		}
		if (const Value *v = json::member(root, "crossOriginSettings"))
			parseCors(*v);
		if (auto error = parseDesktopConfig(root, c_.desktop))
			json::fail(error->path, error->message);
		if (auto error = parseDirectoryConfig(root, c_))
			json::fail(error->path, error->message);
	}

private:
	/// GWS's crossOriginSettings: each list a comma-separated string as GWS writes it, or an array.
	void parseCors(const Value &v)
	{
		const std::string at = "$.crossOriginSettings";
		if (!v.IsObject())
			json::fail(at, "expected an object {\"allowedOrigins\": \"http://localhost:*\", ...}");
		json::checkKeys(
			v, at,
			{"allowedOrigins", "allowedMethods", "allowedHeaders", "allowCredentials", "exposedHeaders"});
		auto list = [&](const char *key, std::vector<std::string> &out) {
			const Value *item = json::member(v, key);
			if (!item)
				return;
			std::string path = at + "." + key;
			if (item->IsString()) {
				out = parseCorsList(json::str(*item));
				return;
			}
			if (!item->IsArray())
				json::fail(path,
					   fmt::format(
						   "expected a comma-separated string or an array of strings, found {}",
						   json::preview(*item)));
			out.clear();
			for (rapidjson::SizeType i = 0; i < item->Size(); ++i)
				out.push_back(json::readString((*item)[i], fmt::format("{}[{}]", path, i)));
		};
		list("allowedOrigins", c_.cors.allowedOrigins);
		list("allowedMethods", c_.cors.allowedMethods);
		list("allowedHeaders", c_.cors.allowedHeaders);
		list("exposedHeaders", c_.cors.exposedHeaders);
		if (const Value *b = json::member(v, "allowCredentials"))
			c_.cors.allowCredentials = json::readBoolean(*b, at + ".allowCredentials");
	}

	/// {"clientId","clientSecret","apiKey","dndAsBoolean"}: the Workspace API v3's client.
	void parseWorkspaceApi(const Value &v, const std::string &at)
	{
		if (!v.IsObject())
			json::fail(at, fmt::format("expected an object, found {}", json::preview(v)));
		json::checkKeys(v, at, {"clientId", "clientSecret", "apiKey", "dndAsBoolean"});
		auto text = [&](const char *key, std::string &out) {
			if (const Value *item = json::member(v, key)) {
				out = json::readString(*item, at + "." + key);
				if (out.empty())
					json::fail(at + "." + key, "expected a non-empty string");
			}
		};
		text("clientId", c_.workspace.clientId);
		text("clientSecret", c_.workspace.clientSecret);
		if (json::member(v, "apiKey")) {
			std::string key;
			text("apiKey", key);
			c_.workspace.apiKey = key;
		}
		if (const Value *b = json::member(v, "dndAsBoolean"))
			c_.workspace.dndAsBoolean = json::readBoolean(*b, at + ".dndAsBoolean");
	}

	static std::string number(const Value &v, const std::string &path)
	{
		std::string text = json::readString(v, path);
		if (text.empty() || text.size() > 64 || !std::all_of(text.begin(), text.end(), [](char c) {
			    return std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '*' || c == '#';
		    }))
			json::fail(
				path,
				fmt::format("expected a phone number (digits, optionally starting with '+'), found {}",
					    json::preview(v)));
		return text;
	}

	static TimeMs time(const Value &v, const std::string &path)
	{
		/* Up to the year 9999: the switch adds delays to it, which must not overflow. */
		if (v.IsInt64())
			return json::readInteger(v, path, 0, 253'402'300'799'999);
		if (v.IsString()) {
			if (auto t = parseIsoTime(json::str(v)))
				return *t;
		}
		json::fail(path,
			   fmt::format("expected milliseconds since the epoch or \"YYYY-MM-DDTHH:MM:SSZ\", found {}",
				       json::preview(v)));
	}

	/// A behaviour from an object's "behaviour", "answerDelayMs", "rejectCode".
	static DnBehaviour behaviour(const Value &v, const std::string &path, DnBehaviour base)
	{
		if (!v.IsObject())
			json::fail(path, "expected an object {\"behaviour\": ..., \"answerDelayMs\": ...}");
		if (const Value *kind = json::member(v, "behaviour")) {
			if (!kind->IsString() || !ctisim::parse(json::str(*kind), base.kind))
				json::fail(
					json::pathKey(path, "behaviour"),
					fmt::format(
						"expected one of \"answer\", \"busy\", \"noAnswer\", \"ringForever\", "
						"\"reject\", found {}",
						json::preview(*kind)));
		}
		if (const Value *delay = json::member(v, "answerDelayMs"))
			base.answerDelayMs =
				json::readInteger(*delay, json::pathKey(path, "answerDelayMs"), 0, 86400000);
		if (const Value *code = json::member(v, "rejectCode"))
			base.rejectErrorCode =
				static_cast<int>(json::readInteger(*code, json::pathKey(path, "rejectCode"), 1, 99999));
		return base;
	}

	void parseClock(const Value &v)
	{
		if (!v.IsObject())
			json::fail("$.clock",
				   "expected an object {\"virtual\": true, \"start\": \"2026-01-01T00:00:00Z\"}");
		json::checkKeys(v, "$.clock", {"virtual", "start"});
		if (const Value *virt = json::member(v, "virtual"))
			c_.virtualClock = json::readBoolean(*virt, "$.clock.virtual");
		if (const Value *start = json::member(v, "start")) {
			c_.clockStart = time(*start, "$.clock.start");
			if (!json::member(v, "virtual"))
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
		json::checkKeys(
			v, path,
			{"number", "type", "behaviour", "answerDelayMs", "rejectCode", "targets", "name", "contactId"});
		const Value *numberValue = json::member(v, "number");
		if (!numberValue)
			json::fail(path, "missing \"number\"");
		Dn dn = number(*numberValue, json::pathKey(path, "number"));
		DnConfig &entry = dnEntry(dn);
		if (const Value *type = json::member(v, "type")) {
			std::string text = json::readString(*type, json::pathKey(path, "type"));
			if (text == "AcdQueue" || text == "Queue")
				text = "ACDQueue";
			if (!ctisim::parse(text, entry.type))
				json::fail(
					json::pathKey(path, "type"),
					"expected one of \"Extension\", \"ACDQueue\", \"RoutingPoint\", \"External\"");
		}
		entry.behaviour = behaviour(v, path, entry.behaviour);
		if (const Value *name = json::member(v, "name"))
			entry.name = json::readString(*name, json::pathKey(path, "name"));
		if (const Value *id = json::member(v, "contactId"))
			c_.directory.queueContactIds[dn] = json::readString(*id, json::pathKey(path, "contactId"));
		if (const Value *targets = json::member(v, "targets")) {
			std::string tpath = json::pathKey(path, "targets");
			if (!targets->IsArray())
				json::fail(tpath, "expected an array of extension numbers");
			entry.targets.clear();
			for (rapidjson::SizeType i = 0; i < targets->Size(); ++i)
				entry.targets.push_back(number((*targets)[i], json::pathIndex(tpath, i)));
		}
	}

	void parseUser(const Value &v, const std::string &path)
	{
		json::checkKeys(
			v, path,
			{"userName", "password", "dn", "deviceId", "id", "firstName", "lastName", "agentId", "roles"});
		const Value *nameValue = json::member(v, "userName");
		if (!nameValue)
			json::fail(path, "missing \"userName\"");
		std::string name = json::readString(*nameValue, json::pathKey(path, "userName"));
		if (name.empty())
			json::fail(json::pathKey(path, "userName"), "expected a non-empty user name");
		UserConfig user;
		user.userName = name;
		user.password = std::string(defaultUserPassword);
		if (const Value *p = json::member(v, "password"))
			user.password = json::readString(*p, json::pathKey(path, "password"));
		if (const Value *d = json::member(v, "dn"))
			user.dn = number(*d, json::pathKey(path, "dn"));
		if (const Value *d = json::member(v, "deviceId"))
			user.deviceId = json::readString(*d, json::pathKey(path, "deviceId"));
		if (const Value *d = json::member(v, "id"))
			user.id = json::readString(*d, json::pathKey(path, "id"));
		if (const Value *d = json::member(v, "firstName"))
			user.firstName = json::readString(*d, json::pathKey(path, "firstName"));
		if (const Value *d = json::member(v, "lastName"))
			user.lastName = json::readString(*d, json::pathKey(path, "lastName"));
		if (const Value *d = json::member(v, "agentId"))
			user.agentId = json::readString(*d, json::pathKey(path, "agentId"));
		if (const Value *roles = json::member(v, "roles")) {
			std::string rpath = json::pathKey(path, "roles");
			if (!roles->IsArray())
				json::fail(rpath, "expected an array such as [\"ROLE_AGENT\"]");
			user.roles.clear();
			for (rapidjson::SizeType i = 0; i < roles->Size(); ++i)
				user.roles.push_back(json::readString((*roles)[i], json::pathIndex(rpath, i)));
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
				json::fail(json::pathKey(path, "dn"), fmt::format("{} is not an extension", user.dn));
		}
		users.push_back(std::move(user));
	}

	void parseAgent(const Value &v, const std::string &path)
	{
		json::checkKeys(v, path, {"dn", "agentId", "state", "workMode", "reason"});
		const Value *dnValue = json::member(v, "dn");
		if (!dnValue)
			json::fail(path, "missing \"dn\"");
		InitialAgent agent;
		agent.dn = number(*dnValue, json::pathKey(path, "dn"));
		if (const Value *id = json::member(v, "agentId")) {
			agent.agentId = json::readString(*id, json::pathKey(path, "agentId"));
		} else {
			auto it = std::find_if(c_.users.begin(), c_.users.end(),
					       [&](const UserConfig &u) { return u.dn == agent.dn; });
			agent.agentId =
				it == c_.users.end() ? agent.dn : (it->agentId.empty() ? it->userName : it->agentId);
		}
		if (const Value *state = json::member(v, "state")) {
			std::string text = json::readString(*state, json::pathKey(path, "state"));
			if (text == "Ready")
				agent.state = AgentState::Ready;
			else if (text == "NotReady")
				agent.state = AgentState::NotReady;
			else
				json::fail(json::pathKey(path, "state"), "expected \"Ready\" or \"NotReady\"");
		}
		if (const Value *mode = json::member(v, "workMode")) {
			std::string text = json::readString(*mode, json::pathKey(path, "workMode"));
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
				json::fail(json::pathKey(path, "workMode"),
					   "expected one of \"Unknown\", \"ManualIn\", "
					   "\"AutoIn\", \"AfterCallWork\", \"AuxWork\"");
		}
		if (const Value *reason = json::member(v, "reason")) {
			/* As GWS sets it: the T-Library Reasons' ReasonCode, which names the userState. */
			std::string code = json::readString(*reason, json::pathKey(path, "reason"));
			if (code.empty())
				json::fail(json::pathKey(path, "reason"), "expected a non-empty reason code");
			agent.reasons = UserData{{"ReasonCode", std::move(code)}};
		}
		auto &agents = c_.switchConfig.agents;
		agents.erase(std::remove_if(agents.begin(), agents.end(),
					    [&](const InitialAgent &a) { return a.dn == agent.dn; }),
			     agents.end());
		agents.push_back(std::move(agent));
	}

	void parseCall(const Value &v, const std::string &path)
	{
		json::checkKeys(
			v, path,
			{"connId", "callUuid", "callType", "ani", "dnis", "userData", "startedAt", "ageMs", "parties"});
		InitialCall call;
		if (const Value *id = json::member(v, "connId")) {
			auto connId = ConnId::parse(json::readString(*id, json::pathKey(path, "connId")));
			if (!connId || connId->isNull())
				json::fail(json::pathKey(path, "connId"),
					   fmt::format("expected 16 hex digits such as \"0071027198180007\", found {}",
						       json::preview(*id)));
			call.connId = *connId;
		}
		if (const Value *id = json::member(v, "callUuid")) {
			call.callUuid = json::readString(*id, json::pathKey(path, "callUuid"));
			if (call.callUuid.empty() || call.callUuid.size() > 64)
				json::fail(json::pathKey(path, "callUuid"), "expected a call UUID such as "
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
				json::fail(json::pathKey(path, "connId"), "another call already has this connId");
			if (other.callUuid == call.callUuid)
				json::fail(json::pathKey(path, "callUuid"), "another call already has this callUuid");
		}
		if (const Value *type = json::member(v, "callType")) {
			if (!type->IsString() || !ctisim::parse(json::str(*type), call.callType) ||
			    call.callType == CallType::Unknown)
				json::fail(json::pathKey(path, "callType"),
					   "expected one of \"Internal\", \"Inbound\", \"Outbound\", \"Consult\"");
		}
		const Value *parties = json::member(v, "parties");
		if (!parties)
			json::fail(path, "missing \"parties\" (the DNs on the call, the originator first)");
		std::string ppath = json::pathKey(path, "parties");
		if (!parties->IsArray() || parties->Size() == 0)
			json::fail(ppath, "expected a non-empty array of {\"dn\": ..., \"state\": ...}");
		for (rapidjson::SizeType i = 0; i < parties->Size(); ++i) {
			std::string itemPath = json::pathIndex(ppath, i);
			const Value &p = (*parties)[i];
			if (!p.IsObject())
				json::fail(itemPath, "expected an object {\"dn\": ..., \"state\": ...}");
			json::checkKeys(p, itemPath, {"dn", "state", "muted"});
			InitialParty party;
			const Value *dn = json::member(p, "dn");
			if (!dn)
				json::fail(itemPath, "missing \"dn\"");
			party.dn = number(*dn, json::pathKey(itemPath, "dn"));
			for (const InitialParty &earlier : call.parties) {
				if (earlier.dn == party.dn)
					json::fail(json::pathKey(itemPath, "dn"),
						   "this DN is already a party of the call");
			}
			if (const Value *state = json::member(p, "state")) {
				if (!state->IsString() || !ctisim::parse(json::str(*state), party.state) ||
				    party.state == PartyState::Released)
					json::fail(
						json::pathKey(itemPath, "state"),
						"expected one of \"Dialing\", \"Ringing\", \"Established\", \"Held\"");
			}
			if (const Value *muted = json::member(p, "muted"))
				party.muted = json::readBoolean(*muted, json::pathKey(itemPath, "muted"));
			call.parties.push_back(std::move(party));
		}
		call.ani = call.parties.front().dn;
		call.dnis = call.parties.size() > 1 ? call.parties[1].dn : call.parties.front().dn;
		if (const Value *ani = json::member(v, "ani"))
			call.ani = number(*ani, json::pathKey(path, "ani"));
		if (const Value *dnis = json::member(v, "dnis"))
			call.dnis = number(*dnis, json::pathKey(path, "dnis"));
		if (const Value *data = json::member(v, "userData"))
			call.userData = userData(*data, json::pathKey(path, "userData"));
		std::optional<TimeMs> age;
		if (json::member(v, "startedAt") && json::member(v, "ageMs"))
			json::fail(path, "give either \"startedAt\" or \"ageMs\", not both");
		if (const Value *start = json::member(v, "startedAt")) {
			call.startedAt = time(*start, json::pathKey(path, "startedAt"));
		} else {
			TimeMs ms = 0;
			if (const Value *a = json::member(v, "ageMs"))
				ms = json::readInteger(*a, json::pathKey(path, "ageMs"), 0, 100LL * 365 * 86400000);
			age = ms;
		}
		c_.switchConfig.calls.push_back(std::move(call));
		c_.callAgesMs.push_back(age);
	}

	static UserData userData(const Value &v, const std::string &path)
	{
		if (!v.IsObject())
			json::fail(path, "expected an object of key/value pairs (strings or integers)");
		UserData data;
		for (const auto &m : v.GetObject()) {
			if (m.value.IsString())
				data.attach({{std::string(json::str(m.name)), std::string(json::str(m.value))}});
			else if (m.value.IsInt64())
				data.attach({{std::string(json::str(m.name)), m.value.GetInt64()}});
			else
				json::fail(json::pathKey(path, json::str(m.name)), "expected a string or an integer");
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
	auto addUser = [&](int n, const char *prefix, std::vector<std::string> roles) {
		DnConfig dn;
		dn.number = std::to_string(n);
		dn.type = DnType::Extension;
		config.switchConfig.dns.push_back(dn);
		UserConfig user;
		user.userName = prefix + dn.number;
		user.password = "password";
		user.dn = dn.number;
		user.roles = std::move(roles);
		config.users.push_back(std::move(user));
	};
	for (int n = 15000; n <= 15099; ++n)
		addUser(n, "agent", {"ROLE_AGENT"});
	/* Supervisors (desktop-fidelity.md §6.1): they log in as agents on their own DN too. */
	for (int n = 16000; n <= 16009; ++n)
		addUser(n, "supervisor", {"ROLE_AGENT", "ROLE_SUPERVISOR"});
	DnConfig queue;
	queue.number = "7000";
	queue.type = DnType::AcdQueue;
	config.switchConfig.dns.push_back(queue);
	DnConfig routingPoint;
	routingPoint.number = "8000";
	routingPoint.type = DnType::RoutingPoint;
	config.switchConfig.dns.push_back(routingPoint);
	config.directory.groups = defaultGroups();
	config.directory.ucsContacts = defaultUcsContacts();
	return config;
}

std::optional<SandboxConfigError> parseSandboxConfig(const rapidjson::Value &json, SandboxConfig &out)
{
	SandboxConfig config;
	if (auto error = json::readDocument([&] { ConfigParser(config).parse(json); }))
		return SandboxConfigError{error->path, error->message};
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
	if (auto error = json::parseWithComments(jsonText, doc))
		return SandboxConfigError{"$", "not valid JSON: " + error->str()};
	return parseSandboxConfig(doc, out);
}

} /* namespace ctisim::api */
