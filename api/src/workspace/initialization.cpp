/* SPDX-License-Identifier: MIT */
/*
 * The initialization messages, keys in the order the simulator's capture shows.
 */
#include "workspace/initialization.h"

#include <ctime>

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>

#include "ctisim/json/write.h"

namespace ctisim::api::workspace {

namespace {

using json::writeKey;
using json::writeString;

std::string isoTime(TimeMs at)
{
	std::time_t seconds = static_cast<std::time_t>(at / 1000);
	std::tm utc{};
	gmtime_r(&seconds, &utc);
	char text[32];
	std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
	return fmt::format("{}.{:03}Z", text, static_cast<int>(at % 1000));
}

void writeEmptyArray(json::Writer &w, std::string_view key)
{
	writeKey(w, key);
	w.StartArray();
	w.EndArray();
}

/// actionCodes: the catalogue's NotReady reasons, as the Java client reads them (name, code, type).
void writeConfiguration(json::Writer &w, const WorkspaceState &state)
{
	w.StartObject();
	writeKey(w, "actionCodes");
	w.StartArray();
	for (const AgentStateEntry &entry : state.config.desktop.agentStates) {
		if (entry.ready || entry.reason.empty())
			continue;
		w.StartObject();
		writeKey(w, "name");
		writeString(w, entry.displayName);
		writeKey(w, "code");
		writeString(w, entry.reason);
		writeKey(w, "type");
		writeString(w, "NotReady");
		w.EndObject();
	}
	w.EndArray();
	writeEmptyArray(w, "agentGroups");
	writeKey(w, "businessAttributes");
	w.StartArray();
	long long id = 1;
	for (const BusinessAttribute &attribute : state.config.desktop.businessAttributes) {
		w.StartObject();
		writeKey(w, "id");
		w.Int64(id++);
		writeKey(w, "name");
		writeString(w, attribute.name);
		writeKey(w, "displayName");
		writeString(w, attribute.displayName);
		writeKey(w, "values");
		w.StartArray();
		for (const BusinessAttributeValue &value : attribute.values) {
			w.StartObject();
			writeKey(w, "name");
			writeString(w, value.name);
			writeKey(w, "displayName");
			writeString(w, value.displayName);
			w.EndObject();
		}
		w.EndArray();
		w.EndObject();
	}
	w.EndArray();
	writeEmptyArray(w, "settings");
	writeEmptyArray(w, "transactions");
	w.EndObject();
}

template <class WriteData> SharedMessage initializationMessage(std::string_view messageType, WriteData writeData)
{
	return std::make_shared<const std::string>(channelMessage(initializationChannel, messageType, writeData));
}

} /* namespace */

void writeUser(json::Writer &w, const WorkspaceState &state, const DirectoryUser &user)
{
	long long dbid = state.dbidOf(user);
	w.StartObject();
	writeKey(w, "DBID");
	w.Int64(dbid);
	writeKey(w, "firstName");
	writeString(w, user.firstName);
	writeKey(w, "lastName");
	writeString(w, user.lastName);
	writeKey(w, "userName");
	writeString(w, user.userName);
	writeKey(w, "employeeId");
	writeString(w, user.userName);
	writeEmptyArray(w, "userProperties");
	writeKey(w, "tenantDBID");
	w.Int(1);
	writeKey(w, "defaultPlace");
	writeString(w, user.place);
	writeKey(w, "agentLogin");
	writeString(w, user.agentId);
	writeKey(w, "dbid");
	w.Int64(dbid);
	w.EndObject();
}

GreetingPtr initializationGreeting(const WorkspaceState &state, const DirectoryUser &user, TimeMs at)
{
	const std::string submitted = isoTime(at);
	auto common = [&](json::Writer &w, std::string_view phase) {
		writeKey(w, "state");
		writeString(w, phase);
		writeKey(w, "submittedAt");
		writeString(w, submitted);
		writeKey(w, "executionTime");
		w.Int(1);
		writeKey(w, "actualWaitTime");
		w.Int(1);
	};
	auto greeting = std::make_shared<SubscribeGreeting>();
	greeting->channel = std::string(initializationChannel);
	greeting->messages.push_back(initializationMessage("WorkspaceInitializationProgress", [&](json::Writer &w) {
		common(w, "Executing");
		writeKey(w, "progress");
		w.StartObject();
		writeKey(w, "percentComplete");
		w.Int(50);
		w.EndObject();
	}));
	greeting->messages.push_back(initializationMessage("WorkspaceInitializationComplete", [&](json::Writer &w) {
		common(w, "Complete");
		writeKey(w, "data");
		w.StartObject();
		writeKey(w, "user");
		writeUser(w, state, user);
		writeKey(w, "configuration");
		writeConfiguration(w, state);
		w.EndObject();
	}));
	return greeting;
}

} /* namespace ctisim::api::workspace */
