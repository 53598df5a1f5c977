/* SPDX-License-Identifier: MIT */
/*
 * SetupInference: the recorded system's configuration from its answers. Each
 * thing learned names the answer it came from; what no answer showed is named
 * too, with why, so that the fidelity report can tell a difference that
 * follows from it from a deviation of ctisim (docs/recording.md).
 */
#include "ctisim/api/setup_inference.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>

#include "ctisim/api/desktop_config.h"
#include "ctisim/api/sandbox_config.h"
#include "ctisim/json/parse.h"
#include "ctisim/json/value.h"
#include "answer_fields.h"

namespace ctisim::api {

namespace {

using rapidjson::Value;

/// A userState (a device's, a contact's availability): the agent's state when the recording started.
void learnUserState(const Value &userState, std::string &state, std::string &workMode, std::string &reason)
{
	state = stringMember(userState, "state");
	workMode = stringMember(userState, "workMode");
	reason = stringMember(userState, "reason");
	/* ctisim's logged-out agent shows NotReady with its own id (docs/api.md). */
	if (stringMember(userState, "id") == loggedOutStateId)
		state = "LoggedOut";
}

std::string_view pathOf(std::string_view target)
{
	return target.substr(0, target.find('?'));
}

/// The party states a call in progress can start with (docs/control-api.md).
bool startingPartyState(std::string_view state)
{
	return state == "Dialing" || state == "Ringing" || state == "Established" || state == "Held";
}

/// A call's user data as the configuration takes it: its string and integer values.
std::string userDataJson(const Value &call)
{
	if (!call.HasMember("userData") || !call["userData"].IsObject())
		return {};
	rapidjson::Document kept(rapidjson::kObjectType);
	for (const auto &m : call["userData"].GetObject()) {
		if (m.value.IsString() || m.value.IsInt64())
			kept.AddMember(rapidjson::Value(m.name, kept.GetAllocator()),
				       rapidjson::Value(m.value, kept.GetAllocator()), kept.GetAllocator());
	}
	return kept.ObjectEmpty() ? std::string() : json::write(kept);
}

/// An object of strings (a settings object), as is; nullopt when a value is not a string.
std::optional<std::string> stringObject(const Value &v)
{
	if (!v.IsObject())
		return std::nullopt;
	for (const auto &m : v.GetObject()) {
		if (!m.value.IsString())
			return std::nullopt;
	}
	return json::write(v);
}

/// A catalogue entry as the configuration takes it (the answer's keys are the configuration's).
bool agentStateEntry(const Value &entry, Value &out, rapidjson::Document::AllocatorType &a)
{
	out.SetObject();
	for (const char *key : {"name", "id", "displayName", "operationName", "state", "reason", "workMode"}) {
		std::string value = stringMember(entry, key);
		if (!value.empty())
			out.AddMember(rapidjson::StringRef(key), Value(value.c_str(), a), a);
	}
	return out.HasMember("displayName") && out.HasMember("operationName") && out.HasMember("state");
}

} /* namespace */

void SetupInference::learnAnswer(std::string_view target, const std::string &userName, const std::string &body,
				 bool started)
{
	rapidjson::Document doc;
	if (json::parse(body, doc) || !doc.IsObject())
		return;
	answered_ = true;
	std::string_view path = pathOf(target);
	std::string from = "GET " + std::string(target);
	constexpr std::string_view settings = "/api/v2/settings";
	if (path.substr(0, settings.size()) == settings && doc.HasMember("settings")) {
		if (path == settings) {
			if (doc["settings"].IsArray()) {
				groupsListed_.clear();
				for (const Value &group : doc["settings"].GetArray()) {
					std::string uri = stringMember(group, "uri");
					groupsListed_.push_back(uri.substr(uri.rfind('/') + 1));
				}
			}
		} else if (path.size() > settings.size() + 1 && path[settings.size()] == '/') {
			learnSettings(path.substr(settings.size() + 1), doc["settings"], from);
		}
		return;
	}
	if (learnDirectory(target, userName, doc, started))
		return;
	if (doc.HasMember("user") && doc["user"].IsObject()) {
		learnUser(doc["user"], from, started);
		return;
	}
	/* /me/devices, /me/calls, /me/calls/{id}: the asking user's. */
	auto user = users_.find(userName);
	if (userName.empty())
		return;
	if (doc.HasMember("devices") && doc["devices"].IsArray() && path.substr(0, 10) == "/api/v2/me") {
		UserFacts &facts = users_[userName];
		if (facts.from.empty())
			facts.from = from;
		if (!doc["devices"].Empty())
			learnDevice(facts, doc["devices"][0], started);
		return;
	}
	if (started || user == users_.end() || user->second.dn.empty())
		return;
	if (doc.HasMember("calls") && doc["calls"].IsArray()) {
		for (const Value &call : doc["calls"].GetArray())
			learnCall(user->second.dn, call);
	} else if (doc.HasMember("call")) {
		learnCall(user->second.dn, doc["call"]);
	}
}

void SetupInference::learnUser(const Value &user, std::string_view from, bool started)
{
	std::string userName = stringMember(user, "userName");
	if (userName.empty())
		return;
	UserFacts &facts = users_[userName];
	if (facts.from.empty())
		facts.from = std::string(from);
	/* A list under fields=a,b shows some keys only: those it does not show stay as they were. */
	for (auto [key, field] : {std::pair{"id", &facts.id}, std::pair{"firstName", &facts.firstName},
				  std::pair{"lastName", &facts.lastName}}) {
		if (user.HasMember(key))
			*field = stringMember(user, key);
	}
	if (user.HasMember("roles") && user["roles"].IsArray()) {
		facts.roles.emplace();
		for (const Value &role : user["roles"].GetArray()) {
			if (role.IsString())
				facts.roles->emplace_back(json::str(role));
		}
	}
	if (user.HasMember("devices") && user["devices"].IsArray() && !user["devices"].Empty())
		learnDevice(facts, user["devices"][0], started);
	if (user.HasMember("features") && user["features"].IsArray()) {
		rapidjson::Document features(rapidjson::kArrayType);
		auto &a = features.GetAllocator();
		for (const Value &feature : user["features"].GetArray()) {
			Value entry(rapidjson::kObjectType);
			for (const char *key : {"id", "displayName", "description"})
				entry.AddMember(rapidjson::StringRef(key), Value(stringMember(feature, key).c_str(), a),
						a);
			features.PushBack(entry, a);
		}
		features_ = {json::write(features), std::string(from)};
	}
	if (user.HasMember("settings"))
		learnUserSettings(user["settings"], facts, from);
	if (!started && !facts.dn.empty() && user.HasMember("calls") && user["calls"].IsArray()) {
		for (const Value &call : user["calls"].GetArray())
			learnCall(facts.dn, call);
	}
}

bool SetupInference::learnDirectory(std::string_view target, const std::string &userName, const Value &doc,
				    bool started)
{
	std::string_view path = pathOf(target);
	std::string_view query = target.size() > path.size() ? target.substr(path.size() + 1) : std::string_view();
	std::string from = "GET " + std::string(target);
	auto has = [&](std::string_view name) {
		std::string key = std::string(name) + "=";
		return query.substr(0, key.size()) == key || query.find("&" + key) != std::string_view::npos;
	};
	auto reader = users_.find(userName);
	/* An agent's lists show itself only (docs/api.md, "Users and groups"). */
	bool seesAll = reader != users_.end() && reader->second.roles &&
		       std::any_of(reader->second.roles->begin(), reader->second.roles->end(),
				   [](const std::string &r) { return r == "ROLE_SUPERVISOR" || r == "ROLE_ADMIN"; });
	bool paged = has("offset") || has("limit");
	auto arrayOf = [&](const char *key) -> const Value * {
		return doc.HasMember(key) && doc[key].IsArray() ? &doc[key] : nullptr;
	};
	auto objectOf = [&](const char *key) -> const Value * {
		return doc.HasMember(key) && doc[key].IsObject() ? &doc[key] : nullptr;
	};
	/* The userNames of a list of users, each learned; nullopt when one was projected away. */
	auto usersOf = [&](const Value &list) {
		std::optional<std::vector<std::string>> names(std::in_place);
		for (const Value &user : list.GetArray()) {
			std::string name = stringMember(user, "userName");
			if (name.empty()) {
				names.reset();
				continue;
			}
			learnUser(user, from, started);
			if (names)
				names->push_back(name);
		}
		return names;
	};
	auto contact = [&](const Value &c) {
		if (stringMember(c, "type") == "User")
			learnContactUser(c, from, started, has("fields"));
		else
			directory_.learnContact(c, from);
	};

	if (const Value *contacts = arrayOf("contacts")) {
		for (const Value &c : contacts->GetArray())
			contact(c);
	} else if (const Value *oneContact = objectOf("contact")) {
		contact(*oneContact);
	} else if (const Value *queues = arrayOf("queues")) {
		for (const Value &q : queues->GetArray())
			directory_.learnQueue(q, from);
	} else if (const Value *oneQueue = objectOf("queue")) {
		directory_.learnQueue(*oneQueue, from);
	} else if (const Value *attributes = arrayOf("businessAttributes")) {
		for (const Value &attribute : attributes->GetArray())
			directory_.learnAttribute(attribute, from);
	} else if (const Value *oneAttribute = objectOf("businessAttribute")) {
		directory_.learnAttribute(*oneAttribute, from);
	} else if (const Value *groupList = arrayOf("groups")) {
		if (!seesAll)
			directory_.sawPartialGroupList();
		for (const Value &group : groupList->GetArray())
			directory_.learnGroup(group, from, std::nullopt);
	} else if (const Value *oneGroup = objectOf("group")) {
		std::optional<std::vector<std::string>> members;
		if (oneGroup->HasMember("users") && (*oneGroup)["users"].IsArray())
			members = usersOf((*oneGroup)["users"]);
		directory_.learnGroup(*oneGroup, from, seesAll ? members : std::nullopt);
	} else if (const Value *userList = arrayOf("users")) {
		std::optional<std::vector<std::string>> names = usersOf(*userList);
		constexpr std::string_view groups = "/api/v2/groups/";
		constexpr std::string_view members = "/users";
		bool complete = names && seesAll && !paged;
		if (path == "/api/v2/users" && complete && !has("userName"))
			userOrder_ = *names;
		if (complete && path.substr(0, groups.size()) == groups &&
		    path.size() > groups.size() + members.size() &&
		    path.substr(path.size() - members.size()) == members) {
			std::string_view id = path.substr(groups.size(), path.size() - groups.size() - members.size());
			if (id.find('/') == std::string_view::npos)
				directory_.learnGroupMembers(id, *names, from);
		}
	} else {
		return false;
	}
	return true;
}

void SetupInference::learnContactUser(const Value &contact, std::string_view from, bool started, bool projected)
{
	std::string userName = stringMember(contact, "userName");
	std::string number;
	if (contact.HasMember("phoneNumbers") && contact["phoneNumbers"].IsArray() && !contact["phoneNumbers"].Empty())
		number = stringMember(contact["phoneNumbers"][0], "phoneNumber");
	if (userName.empty() || number.empty())
		return;
	UserFacts &facts = users_[userName];
	if (facts.from.empty())
		facts.from = std::string(from);
	if (facts.dn.empty())
		facts.dn = number;
	if (facts.id.empty())
		facts.id = stringMember(contact, "id");
	if (contact.HasMember("firstName"))
		facts.firstName = stringMember(contact, "firstName");
	if (contact.HasMember("lastName"))
		facts.lastName = stringMember(contact, "lastName");
	if (!facts.roles && contact.HasMember("roles") && contact["roles"].IsArray()) {
		facts.roles.emplace();
		for (const Value &role : contact["roles"].GetArray()) {
			if (role.IsString())
				facts.roles->emplace_back(json::str(role));
		}
	}
	if (started || projected || !facts.agentState.empty())
		return;
	/* A contact has availability while its user is logged in on voice (docs/api.md, "Contacts"). */
	facts.agentState = "LoggedOut";
	if (!contact.HasMember("availability") || !contact["availability"].IsObject())
		return;
	const Value &availability = contact["availability"];
	if (!availability.HasMember("channels") || !availability["channels"].IsArray())
		return;
	for (const Value &channel : availability["channels"].GetArray()) {
		if (stringMember(channel, "channel") != "voice" || !channel.HasMember("userState"))
			continue;
		learnUserState(channel["userState"], facts.agentState, facts.workMode, facts.reason);
	}
}

std::vector<std::string> SetupInference::setupUserNames() const
{
	std::vector<std::string> names;
	auto emitted = [&](const std::string &name) {
		auto it = users_.find(name);
		return it != users_.end() && !it->second.dn.empty() &&
		       std::find(names.begin(), names.end(), name) == names.end();
	};
	/* A supervisor's list shows the recorded system's order: a setup in that order keeps it. */
	for (const std::string &name : userOrder_) {
		if (emitted(name))
			names.push_back(name);
	}
	for (const auto &[name, facts] : users_) {
		if (emitted(name))
			names.push_back(name);
	}
	return names;
}

std::set<std::string> SetupInference::replayUserNames() const
{
	std::vector<std::string> setup = setupUserNames();
	std::set<std::string> names(setup.begin(), setup.end());
	std::set<std::string> takenDns;
	for (const std::string &name : setup)
		takenDns.insert(users_.at(name).dn);
	/* A setup's user replaces the default of its name and the one on its DN. */
	static const std::vector<UserConfig> defaults = defaultSandboxConfig().users;
	for (const UserConfig &user : defaults) {
		if (!takenDns.count(user.dn))
			names.insert(user.userName);
	}
	return names;
}

void SetupInference::learnDevice(UserFacts &facts, const Value &device, bool started)
{
	if (!stringMember(device, "phoneNumber").empty()) {
		facts.dn = stringMember(device, "phoneNumber");
		facts.deviceId = stringMember(device, "id");
	}
	if (!started && facts.agentState.empty() && device.IsObject() && device.HasMember("userState")) {
		learnUserState(device["userState"], facts.agentState, facts.workMode, facts.reason);
		facts.dnd = stringMember(device, "doNotDisturb") == "On";
	}
}

void SetupInference::learnUserSettings(const Value &settings, const UserFacts &facts, std::string_view from)
{
	if (!settings.IsObject())
		return;
	/* The htcc section ctisim derives from the roles is left to the derivation (it differs per user). */
	rapidjson::Document sections(rapidjson::kObjectType);
	auto &a = sections.GetAllocator();
	for (const auto &m : settings.GetObject()) {
		if (!stringObject(m.value))
			return;
		if (json::str(m.name) == "htcc" && facts.roles && m.value.MemberCount() == 1 &&
		    stringMember(m.value, "roles") == htccRoles(*facts.roles))
			continue;
		sections.AddMember(Value(m.name, a), Value(m.value, a), a);
	}
	std::string text = json::write(sections);
	if (!userSettings_.json.empty() && userSettings_.json != text)
		userSettingsDiffer_ = true;
	if (userSettings_.json.empty())
		userSettings_ = {text, std::string(from)};
}

void SetupInference::learnSettings(std::string_view group, const Value &settings, std::string_view from)
{
	rapidjson::Document out;
	auto &a = out.GetAllocator();
	if (group == "agent-states") {
		if (!settings.IsArray() || settings.Empty())
			return;
		out.SetArray();
		for (const Value &entry : settings.GetArray()) {
			Value kept;
			if (!agentStateEntry(entry, kept, a))
				return;
			out.PushBack(kept, a);
		}
		agentStates_ = {json::write(out), std::string(from)};
		return;
	}
	if (settings.IsArray()) {
		if (!std::all_of(settings.Begin(), settings.End(), [](const Value &v) { return stringObject(v); }))
			return;
	} else if (!stringObject(settings)) {
		return;
	}
	settingsGroups_[std::string(group)] = {json::write(settings), std::string(from)};
}

void SetupInference::learnCall(const std::string &dn, const Value &call)
{
	std::string state = stringMember(call, "state");
	std::string connId = stringMember(call, "connId");
	if (connId.empty() || !startingPartyState(state))
		return; /* a uri only, or a call that is over */
	auto it = std::find_if(calls_.begin(), calls_.end(), [&](const CallFacts &c) { return c.connId == connId; });
	if (it == calls_.end()) {
		CallFacts facts;
		facts.connId = connId;
		facts.callUuid = stringMember(call, "callUuid");
		facts.callType = stringMember(call, "callType");
		facts.ani = stringMember(call, "ani");
		facts.dnis = stringMember(call, "dnis");
		facts.userDataJson = userDataJson(call);
		std::string duration = stringMember(call, "duration");
		std::int64_t seconds = 0;
		if (!duration.empty() &&
		    std::from_chars(duration.data(), duration.data() + duration.size(), seconds).ec == std::errc())
			facts.ageMs = seconds * 1000;
		calls_.push_back(std::move(facts));
		it = std::prev(calls_.end());
	}
	auto party = [&](const std::string &number) -> PartyFacts & {
		auto p = std::find_if(it->parties.begin(), it->parties.end(),
				      [&](const PartyFacts &f) { return f.dn == number; });
		if (p != it->parties.end())
			return *p;
		it->parties.push_back({number, "", false, false});
		return it->parties.back();
	};
	/* This user's own party, as its answer says; the others as this state implies. */
	PartyFacts &own = party(dn);
	own.state = state;
	own.muted = stringMember(call, "mute") == "On";
	own.own = true;
	std::string others = state == "Dialing" ? "Ringing" : state == "Ringing" ? "Dialing" : "Established";
	if (call.HasMember("participants") && call["participants"].IsArray()) {
		for (const Value &participant : call["participants"].GetArray()) {
			std::string number = stringMember(participant, "phoneNumber");
			if (number.empty() || number == dn)
				continue;
			PartyFacts &other = party(number);
			if (!other.own)
				other.state = others;
		}
	}
	/* The originator first: the dialing party, else the caller (ani) if it is a party. */
	auto originator = std::find_if(it->parties.begin(), it->parties.end(),
				       [](const PartyFacts &f) { return f.state == "Dialing"; });
	if (originator == it->parties.end())
		originator = std::find_if(it->parties.begin(), it->parties.end(),
					  [&](const PartyFacts &f) { return !it->ani.empty() && f.dn == it->ani; });
	if (originator != it->parties.end())
		std::rotate(it->parties.begin(), originator, originator + 1);
}

std::string SetupInference::setupJson(const std::string &publicBaseUrl) const
{
	rapidjson::Document setup(rapidjson::kObjectType);
	auto &a = setup.GetAllocator();
	auto str = [&](const std::string &s) {
		return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
	};
	/* The keys whose values were seen (not empty), in the order given. */
	auto addSeen = [&](rapidjson::Value &object,
			   std::initializer_list<std::pair<const char *, const std::string *>> members) {
		for (const auto &[key, value] : members) {
			if (!value->empty())
				object.AddMember(rapidjson::StringRef(key), str(*value), a);
		}
	};
	auto addJson = [&](const char *key, const std::string &text) {
		rapidjson::Document value;
		if (!text.empty() && !json::parse(text, value))
			setup.AddMember(rapidjson::StringRef(key), rapidjson::Value(value, a), a);
	};
	setup.AddMember("publicBaseUrl", str(publicBaseUrl), a);
	if (csrf_)
		setup.AddMember("csrf", true, a);
	rapidjson::Value users(rapidjson::kArrayType);
	/* Without a DN the sandbox's default user stands in. */
	for (const std::string &userName : setupUserNames()) {
		const UserFacts &facts = users_.at(userName);
		rapidjson::Value user(rapidjson::kObjectType);
		user.AddMember("userName", str(userName), a);
		user.AddMember("dn", str(facts.dn), a);
		addSeen(user, {{"id", &facts.id},
			       {"deviceId", &facts.deviceId},
			       {"firstName", &facts.firstName},
			       {"lastName", &facts.lastName}});
		if (facts.roles) {
			rapidjson::Value roles(rapidjson::kArrayType);
			for (const std::string &role : *facts.roles)
				roles.PushBack(str(role), a);
			user.AddMember("roles", roles, a);
		}
		users.PushBack(user, a);
	}
	if (!users.Empty())
		setup.AddMember("users", users, a);
	rapidjson::Value agents(rapidjson::kArrayType);
	for (const auto &[userName, facts] : users_) {
		if (facts.dn.empty() || (facts.agentState != "Ready" && facts.agentState != "NotReady"))
			continue; /* LoggedOut, or not seen */
		rapidjson::Value agent(rapidjson::kObjectType);
		agent.AddMember("dn", str(facts.dn), a);
		agent.AddMember("state", str(facts.agentState), a);
		if (facts.workMode == "AfterCallWork" || facts.workMode == "AuxWork")
			agent.AddMember("workMode", str(facts.workMode), a);
		if (!facts.reason.empty())
			agent.AddMember("reason", str(facts.reason), a);
		agents.PushBack(agent, a);
	}
	if (!agents.Empty())
		setup.AddMember("agents", agents, a);
	rapidjson::Value calls(rapidjson::kArrayType);
	for (const CallFacts &facts : calls_) {
		rapidjson::Value call(rapidjson::kObjectType);
		call.AddMember("connId", str(facts.connId), a);
		addSeen(call, {{"callUuid", &facts.callUuid},
			       {"callType", &facts.callType},
			       {"ani", &facts.ani},
			       {"dnis", &facts.dnis}});
		rapidjson::Document userData;
		if (!facts.userDataJson.empty() && !json::parse(facts.userDataJson, userData))
			call.AddMember("userData", rapidjson::Value(userData, a), a);
		if (facts.ageMs >= 0)
			call.AddMember("ageMs", facts.ageMs, a);
		rapidjson::Value parties(rapidjson::kArrayType);
		for (const PartyFacts &p : facts.parties) {
			rapidjson::Value party(rapidjson::kObjectType);
			party.AddMember("dn", str(p.dn), a);
			party.AddMember("state", str(p.state), a);
			if (p.muted)
				party.AddMember("muted", true, a);
			parties.PushBack(party, a);
		}
		call.AddMember("parties", parties, a);
		calls.PushBack(call, a);
	}
	if (!calls.Empty())
		setup.AddMember("calls", calls, a);
	addJson("agentStates", agentStates_.json);
	addJson("features", features_.json);
	if (!userSettingsDiffer_)
		addJson("userSettings", userSettings_.json);
	directory_.addToSetup(setup, replayUserNames());
	if (!settingsGroups_.empty()) {
		rapidjson::Value groups(rapidjson::kObjectType);
		for (const auto &[name, seen] : settingsGroups_) {
			rapidjson::Document value;
			if (!json::parse(seen.json, value))
				groups.AddMember(str(name), rapidjson::Value(value, a), a);
		}
		setup.AddMember("settingsGroups", groups, a);
	}
	return json::write(setup);
}

std::string SetupInference::inferenceJson(const std::vector<std::string> &users) const
{
	rapidjson::Document doc(rapidjson::kObjectType);
	auto &a = doc.GetAllocator();
	rapidjson::Value inferred(rapidjson::kObjectType), notInferred(rapidjson::kObjectType);
	auto add = [&](rapidjson::Value &list, const std::string &topic, const std::string &text) {
		list.AddMember(Value(topic.c_str(), a), Value(text.c_str(), a), a);
	};
	auto seen = [&](const std::string &topic, const Seen &what, const std::string &answer) {
		if (what.json.empty())
			add(notInferred, topic, "no answer showed it (" + answer + ")");
		else
			add(inferred, topic, what.from);
	};
	if (answered_)
		add(inferred, "csrf", csrf_ ? "X-CSRF-TOKEN on the answers" : "no X-CSRF-TOKEN on the answers");
	for (const auto &[userName, facts] : users_) {
		std::string topic = "users." + userName;
		if (facts.dn.empty()) {
			add(notInferred, topic, "no answer showed its device");
			continue;
		}
		add(inferred, topic, facts.from);
		if (facts.deviceId.empty())
			add(notInferred, topic + ".deviceId",
			    "no answer showed its device (a contact shows its number only)");
		if (!facts.roles)
			add(notInferred, topic + ".roles", "no answer showed its user (GET /api/v2/me)");
		std::string agent = "agents." + facts.dn;
		if (facts.agentState.empty()) {
			add(notInferred, agent, "no answer showed its device before the first write or notification");
			continue;
		}
		add(inferred, agent, facts.from);
		if (facts.agentState == "Ready")
			add(notInferred, agent + ".workMode",
			    "GWS does not show a Ready agent's work mode (ManualIn, AutoIn)");
		if (facts.dnd)
			add(notInferred, "dns." + facts.dn + ".dnd", "DND at the start cannot be configured");
	}
	add(inferred, "calls",
	    "the call objects of the answers before the first write or notification (GET /api/v2/me?subresources=*, "
	    "/me/calls?fields=*, /me/calls/{id})");
	add(notInferred, "calls.other",
	    "calls on DNs no recorded user shows, and calls only listed by URI (GET /api/v2/me/calls)");
	seen("agentStates", agentStates_, "GET /api/v2/settings/agent-states");
	seen("features", features_, "GET /api/v2/me?subresources=features");
	if (userSettingsDiffer_)
		add(notInferred, "userSettings",
		    "users showed different settings sections; the setup gives every user the same");
	else
		seen("userSettings", userSettings_, "GET /api/v2/me?subresources=settings");
	for (const auto &[name, group] : settingsGroups_)
		add(inferred, "settingsGroups." + name, group.from);
	for (const std::string &name : groupsListed_) {
		if (name != "agent-states" && !settingsGroups_.count(name))
			add(notInferred, "settingsGroups." + name, "listed by GET /api/v2/settings, never read");
	}
	if (groupsListed_.empty())
		add(notInferred, "settingsGroups", "no answer listed the groups (GET /api/v2/settings)");
	directory_.addInference(inferred, notInferred, a, replayUserNames());
	add(notInferred, "dns",
	    "DN behaviours, DND and forwarding at the start, queue and routing-point targets: GWS shows none of them");
	add(notInferred, "seed", "the ids of new calls; the steps capture them");
	/* A replay logs every user in before the first step; the recorded desktop had no CometD
	 * session before its first request, so what it was sent until then went unseen. */
	for (const std::string &user : users)
		add(notInferred, "notifications." + user,
		    "what it was sent before its first request: its desktop had no CometD session yet");
	doc.AddMember("inferred", inferred, a);
	doc.AddMember("notInferred", notInferred, a);
	return json::write(doc);
}

} /* namespace ctisim::api */
