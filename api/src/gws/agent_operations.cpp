/* SPDX-License-Identifier: MIT */
/*
 * The agent's and the device's operations: parameters and requests.
 */
#include "agent_operations.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "resource_json.h"

namespace ctisim::api {

namespace {

bool loggedIn(const UserView &view)
{
	return view.dn() && view.dn()->agentState != AgentState::LoggedOut;
}

/// ctisim serves voice only: another channel fails (desktop-fidelity.md §4).
ApiError unavailableChannel(std::string_view channel)
{
	return ApiError{status::Internal, fmt::format("Channel {} is not available", channel)};
}

/// statusCode 7 with one result per requested channel, in request order (desktop-fidelity.md §4).
std::string partialSuccess(const std::vector<std::string> &channels)
{
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	w.StartObject();
	writeKey(w, "statusCode");
	w.Int(status::PartialSuccess);
	writeKey(w, "statusMessage");
	writeString(w, "Partial success");
	writeKey(w, "channels");
	w.StartArray();
	for (const std::string &channel : channels) {
		w.StartObject();
		writeKey(w, "channel");
		writeString(w, channel);
		if (channel == "voice") {
			writeKey(w, "statusCode");
			w.Int(status::Ok);
		} else {
			ApiError error = unavailableChannel(channel);
			writeKey(w, "statusCode");
			w.Int(error.statusCode);
			writeKey(w, "statusMessage");
			writeString(w, error.message);
		}
		w.EndObject();
	}
	w.EndArray();
	w.EndObject();
	return jsonText(buffer);
}

} /* namespace */

OperationPlan startContactCenterSession(const OperationInput &in)
{
	const DirectoryUser &user = in.view.user();
	std::vector<std::string> channels;
	std::string place, devicePath, loginCode, queue;
	MaybeError error = in.body.stringArray("channels", true, channels);
	if (!error)
		error = in.body.string("place", false, place);
	if (!error)
		error = in.body.string("devicePath", false, devicePath);
	if (!error)
		error = in.body.string("loginCode", false, loginCode);
	if (!error)
		error = in.body.string("queue", false, queue);
	if (!error && channels.empty())
		error = invalid("channels", "must name at least one channel, such as \"voice\"");
	bool voice = std::find(channels.begin(), channels.end(), "voice") != channels.end();
	/* Nothing succeeds without voice: only one channel's error comes back. */
	if (!error && !voice)
		error = unavailableChannel(channels.front());
	if (!error && !place.empty() && place != user.place)
		error = ApiError{status::NotFound, fmt::format("Place {} not found", place)};
	/* The device to log in on, by its path ("/devices/ID", or its URI): each user has one. */
	if (!error && !devicePath.empty() && (user.deviceId.empty() || deviceIdFromUri(devicePath) != user.deviceId))
		error = ApiError{status::NotFound, fmt::format("Device {} not found", devicePath)};
	if (!error && user.dn.empty())
		error = ApiError{status::InvalidState, "The user has no voice device"};
	if (error)
		return *error;
	bool onlyVoice =
		std::all_of(channels.begin(), channels.end(), [](const std::string &c) { return c == "voice"; });
	OperationPlan plan = OperationPlan::answerNow();
	if (!loggedIn(in.view)) {
		req::AgentLogin login;
		login.thisDn = user.dn;
		login.agentId = loginCode.empty() ? user.agentId : loginCode;
		login.queue = queue;
		login.workMode = WorkMode::Unknown;
		plan = OperationPlan::send(login);
	}
	if (!onlyVoice)
		plan.answer = partialSuccess(channels);
	return plan;
}

OperationPlan endContactCenterSession(const OperationInput &in)
{
	const Dn &dn = in.view.user().dn;
	if (dn.empty() || !loggedIn(in.view))
		return OperationPlan::answerNow(true);
	return OperationPlan::send(req::AgentLogout{dn, {}}, true);
}

MaybeError needVoiceDevice(const UserView &view)
{
	if (view.user().dn.empty())
		return ApiError{status::InvalidState, "The user has no voice device"};
	return std::nullopt;
}

OperationPlan ready(const OperationInput &in)
{
	if (MaybeError error = needVoiceDevice(in.view))
		return *error;
	std::string workmode;
	if (MaybeError error = in.body.string("workmode", false, workmode))
		return *error;
	WorkMode mode = WorkMode::ManualIn;
	if (workmode == "AutoIn")
		mode = WorkMode::AutoIn;
	else if (!workmode.empty() && workmode != "ManualIn")
		return *invalid("workmode", "must be ManualIn or AutoIn");
	return agentStatePlan(in.view.user().dn, true, mode);
}

OperationPlan afterCallWork(const OperationInput &in)
{
	if (MaybeError error = needVoiceDevice(in.view))
		return *error;
	if (in.body.has("wrapUpTime")) {
		std::string wrapUp;
		if (MaybeError error = in.body.string("wrapUpTime", false, wrapUp))
			return *error;
	}
	return agentStatePlan(in.view.user().dn, false, WorkMode::AfterCallWork);
}

OperationPlan agentStatePlan(const Dn &dn, bool ready, WorkMode mode, std::string reason)
{
	/* T-Library Reasons, as T-Server takes them: the switch echoes them on the event and
	 * keeps them as the DN's reason, which the userState is then named from. */
	UserData reasons;
	if (!reason.empty())
		reasons = UserData{{"ReasonCode", std::move(reason)}};
	if (ready)
		return OperationPlan::send(req::AgentReady{dn, mode, std::move(reasons)});
	return OperationPlan::send(req::AgentNotReady{dn, mode, std::move(reasons)});
}

OperationPlan catalogueState(const OperationInput &in)
{
	if (MaybeError error = needVoiceDevice(in.view))
		return *error;
	const AgentStateEntry *entry = in.config.desktop.findOperation(in.name);
	if (!entry) /* the dispatcher only takes this row for a catalogue name */
		return ApiError{status::InputValidation,
				fmt::format("Input validation error: unknown operationName '{}'", in.name)};
	if (entry->ready)
		return agentStatePlan(in.view.user().dn, true, WorkMode::ManualIn);
	WorkMode mode = entry->workMode == "AfterCallWork" ? WorkMode::AfterCallWork
			: entry->workMode == "AuxWork"	   ? WorkMode::AuxWork
							   : WorkMode::Unknown;
	return agentStatePlan(in.view.user().dn, false, mode, entry->reason);
}

const OperationRow &catalogueStateRow()
{
	/* Its Op is NotReady's, the request most catalogue states make; its name is the entry's. */
	static const OperationRow row{Op::NotReady, "", Place::Me | Place::VoiceChannel, Gate::Always, catalogueState};
	return row;
}

OperationPlan forwardCallsOn(const OperationInput &in)
{
	std::string destination;
	MaybeError error = in.body.string("destination", true, destination);
	if (!error && destination.empty())
		error = invalid("destination", "must not be empty");
	if (error)
		return *error;
	return OperationPlan::send(req::CallForwardSet{in.view.user().dn, destination});
}

} /* namespace ctisim::api */
