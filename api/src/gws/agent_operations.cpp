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

} /* namespace */

OperationPlan startContactCenterSession(const OperationInput &in)
{
	const DirectoryUser &user = in.view.user();
	std::vector<std::string> channels;
	std::string place, loginCode, queue;
	MaybeError error = in.body.stringArray("channels", true, channels);
	if (!error)
		error = in.body.string("place", false, place);
	if (!error)
		error = in.body.string("loginCode", false, loginCode);
	if (!error)
		error = in.body.string("queue", false, queue);
	if (!error && std::find(channels.begin(), channels.end(), "voice") == channels.end())
		error = invalid("channels", "must include \"voice\" (the only channel ctisim has)");
	if (!error && !place.empty() && place != user.place)
		error = ApiError{status::NotFound, fmt::format("Place {} not found", place)};
	if (!error && user.dn.empty())
		error = ApiError{status::InvalidState, "The user has no voice device"};
	if (error)
		return *error;
	if (loggedIn(in.view))
		return OperationPlan::answerNow();
	req::AgentLogin login;
	login.thisDn = user.dn;
	login.agentId = loginCode.empty() ? user.agentId : loginCode;
	login.queue = queue;
	login.workMode = WorkMode::Unknown;
	return OperationPlan::send(login);
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
	return OperationPlan::send(req::AgentReady{in.view.user().dn, mode});
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
	return OperationPlan::send(req::AgentNotReady{in.view.user().dn, WorkMode::AfterCallWork});
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
