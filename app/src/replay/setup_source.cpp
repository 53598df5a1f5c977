/* SPDX-License-Identifier: MIT */
/*
 * How sure a difference is: the part of the setup it follows from (its topic:
 * "users.supervisor16000.roles", "features", "agentStates", ...) and where
 * the replay's value for that part came from. A recording says what it
 * inferred and what it could not ("inference", docs/recording.md); a
 * difference whose topic could not be inferred is no deviation of ctisim.
 * The topic is read off the difference (the key, the capability, the request):
 * the table below is the whole of it.
 */
#include "ctisim/app/setup_source.h"

#include <algorithm>
#include <array>

#include "ctisim/json/value.h"

namespace ctisim::app {

namespace {

using rapidjson::Value;

bool contains(std::string_view text, std::string_view part)
{
	return text.find(part) != std::string_view::npos;
}

bool startsWith(std::string_view text, std::string_view prefix)
{
	return text.substr(0, prefix.size()) == prefix;
}

/// The capabilities and operations that only a supervisor's role grants.
bool supervisorOnly(std::string_view name)
{
	constexpr std::array<std::string_view, 8> names = {"ListenIn",	       "Coach",
							   "BargeIn",	       "CancelSupervisorMonitoring",
							   "SwitchToListenIn", "SwitchToCoaching",
							   "SwitchToBargeIn",  "MonitorNextCall"};
	return std::find(names.begin(), names.end(), name) != names.end();
}

/// The capabilities and operations the api-voice-recording feature brings.
bool recordingOnly(std::string_view name)
{
	return contains(name, "CallRecording") || name == "recordingState";
}

std::string operationOf(const scenario::Step &step)
{
	const Value *body = step.call.body;
	if (body && body->IsObject()) {
		const Value *op = json::member(*body, "operationName");
		if (op && op->IsString())
			return std::string(json::str(*op));
	}
	return {};
}

/// The DN of user in the setup ("" when the setup does not say).
std::string dnOf(const scenario::Scenario &s, const std::string &user)
{
	const Value *users = s.setup ? json::member(*s.setup, "users") : nullptr;
	if (!users || !users->IsArray())
		return {};
	for (const Value &u : users->GetArray()) {
		const Value *name = json::member(u, "userName");
		const Value *dn = json::member(u, "dn");
		if (name && name->IsString() && json::str(*name) == user && dn && dn->IsString())
			return std::string(json::str(*dn));
	}
	return {};
}

/// Whether the setup gives topic a value (its first part is a key; users.NAME and
/// settingsGroups.NAME an entry).
bool configured(const scenario::Scenario &s, std::string_view topic)
{
	if (!s.setup)
		return false;
	std::string_view root = topic.substr(0, topic.find('.'));
	const Value *value = json::member(*s.setup, root);
	if (!value)
		return false;
	std::string_view rest = topic.size() > root.size() ? topic.substr(root.size() + 1) : std::string_view();
	std::string_view entry = rest.substr(0, rest.find('.'));
	if (entry.empty())
		return true;
	if (value->IsObject())
		return json::member(*value, entry) != nullptr;
	if (!value->IsArray())
		return true;
	return std::any_of(value->Begin(), value->End(), [&](const Value &item) {
		for (const char *key : {"userName", "dn"}) {
			const Value *v = json::member(item, key);
			if (v && v->IsString() && json::str(*v) == entry)
				return true;
		}
		return false;
	});
}

/// The longest topic of list that is topic or a part of it ("users.x" for "users.x.roles"); its length, or 0.
std::size_t longestPrefix(const std::map<std::string, std::string> &list, std::string_view topic)
{
	std::size_t best = 0;
	for (const auto &[name, why] : list) {
		bool prefix = topic == name || (startsWith(topic, name) && topic[name.size()] == '.');
		if (prefix)
			best = std::max(best, name.size());
	}
	return best;
}

} /* namespace */

std::string setupTopic(const Difference &d, const scenario::Step &step, const scenario::Scenario &s)
{
	std::string user = step.as;
	constexpr std::string_view notifications = "notifications.";
	if (startsWith(d.where, notifications))
		user = d.where.substr(notifications.size());
	/* Before the user's first request, its recorded desktop had no CometD session. */
	if (d.where != "body" && d.where != "status") {
		auto first = std::find_if(s.steps.begin(), s.steps.end(),
					  [&](const scenario::Step &each) { return each.as == user; });
		if (first == s.steps.end() || step.index < first->index)
			return "notifications." + user;
	}
	std::string_view path = step.call.path;
	path = path.substr(0, path.find('?'));
	std::string operation = operationOf(step);
	std::string_view key = d.key;
	const std::string &at = d.path;

	/* What the difference is at first, then what the request was. */
	if (supervisorOnly(d.element) || key == "roles" || contains(at, "htcc"))
		return "users." + user + ".roles";
	if (recordingOnly(d.element) || recordingOnly(key) || key == "features" || contains(at, ".features") ||
	    startsWith(path, "/api/v2/features"))
		return "features";
	if (startsWith(path, "/api/v2/settings/agent-states"))
		return "agentStates";
	if (startsWith(path, "/api/v2/settings/"))
		return "settingsGroups." + std::string(path.substr(17));
	if (path == "/api/v2/settings")
		return "settingsGroups";
	std::string dn = dnOf(s, user);
	std::string agent = dn.empty() ? "agents" : "agents." + dn;
	if (contains(at, "userState")) {
		/* The agent's state at the start, unless that was known; then the catalogue's names. */
		bool named = key == "displayName" || key == "id" || key == "name" || key == "operationName";
		return named && setupSource(s, agent) != setupSourceNotInferred ? "agentStates" : agent;
	}
	if (contains(at, ".settings"))
		return "userSettings";
	if (key == "doNotDisturb" || contains(at, "forward"))
		return "dns";
	/* A call difference follows from the setup only where the setup has calls in progress. */
	bool callsInSetup = s.setup && json::member(*s.setup, "calls");
	if (callsInSetup && (contains(at, "call") || contains(d.element, "/v2/me/calls")))
		return "calls";
	if (supervisorOnly(operation))
		return "users." + user + ".roles";
	if (recordingOnly(operation))
		return "features";
	/* A device or channel notification more or less: the agent's state (logged in or not). */
	if (contains(d.element, "/v2/me/devices") || contains(d.element, "/v2/me/channels"))
		return agent;
	if (startsWith(at, "$.user.") && !user.empty())
		return "users." + user;
	return {};
}

std::string_view setupSource(const scenario::Scenario &s, std::string_view topic)
{
	if (topic.empty())
		return {};
	std::size_t no = longestPrefix(s.notInferred, topic);
	std::size_t yes = longestPrefix(s.inferred, topic);
	if (no > 0 && no >= yes)
		return setupSourceNotInferred;
	if (yes > 0)
		return "inferred";
	return configured(s, topic) ? "configured" : "defaulted";
}

void attributeSetup(std::vector<Difference> &differences, const scenario::Scenario &s)
{
	for (Difference &d : differences) {
		if (d.step >= s.steps.size())
			continue;
		d.setupTopic = setupTopic(d, s.steps[d.step], s);
		d.setupSource = std::string(setupSource(s, d.setupTopic));
	}
}

} /* namespace ctisim::app */
