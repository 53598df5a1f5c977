/* SPDX-License-Identifier: MIT */
/*
 * WorkspaceState: the users' workspaces and the one way an exchange is answered.
 */
#include "workspace/workspace_state.h"

#include <fmt/format.h>

#include "ctisim/api/traffic_observer.h"
#include "ctisim/json/write.h"

namespace ctisim::api::workspace {

WorkspaceState::WorkspaceState(Backend &backendRef, Executor &coreRef, const Clock &clockRef, Directory dir,
			       WorkspaceConfig cfg, Notifier &notifierRef, BayeuxEndpoint &bayeuxRef)
    : backend(backendRef), core(coreRef), clock(clockRef), directory(std::move(dir)), config(std::move(cfg)),
      targets(directory, config.targets), notifier(notifierRef), bayeux(bayeuxRef)
{
}

Workspace *WorkspaceState::workspaceOf(std::string_view userId)
{
	auto it = workspaces.find(userId);
	return it == workspaces.end() ? nullptr : &it->second;
}

Workspace *WorkspaceState::workspaceOfDn(std::string_view dn)
{
	const DirectoryUser *user = dn.empty() ? nullptr : directory.findByDn(dn);
	return user ? workspaceOf(user->id) : nullptr;
}

long long WorkspaceState::dbidOf(const DirectoryUser &user) const
{
	return 100 + static_cast<long long>(&user - directory.users().data());
}

void WorkspaceState::respond(Exchange &ex, unsigned status, std::string body)
{
	HttpResponse response;
	response.status = status;
	response.headers = std::move(ex.headers);
	response.body = std::move(body);
	notifier.flush();
	HttpReply reply = std::move(ex.reply);
	reply(std::move(response));
}

void WorkspaceState::respondStatus(Exchange &ex, int code)
{
	respond(ex, 200, fmt::format(R"({{"status":{{"code":{}}}}})", code));
}

void WorkspaceState::fail(Exchange &ex, unsigned httpStatus, std::string_view message)
{
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	w.StartObject();
	json::writeKey(w, "status");
	w.StartObject();
	json::writeKey(w, "code");
	w.Uint(httpStatus);
	json::writeKey(w, "message");
	json::writeString(w, message);
	w.EndObject();
	w.EndObject();
	respond(ex, httpStatus, std::string(buffer.GetString(), buffer.GetSize()));
}

void WorkspaceState::fail(Exchange &ex, const ApiError &error)
{
	fail(ex, error.httpStatus ? error.httpStatus : rest::httpStatusFor(error.statusCode), error.message);
}

void WorkspaceState::publish(const DirectoryUser &user, std::string_view channel, std::string text)
{
	auto message = std::make_shared<const std::string>(std::move(text));
	if (config.trafficObserver)
		config.trafficObserver->onNotification(user.userName, *message);
	notifier.publish(user.id, channel, std::move(message));
}

} /* namespace ctisim::api::workspace */
