/* SPDX-License-Identifier: MIT */
/*
 * WorkspaceState: everything the Workspace API v3 front end knows, in one
 * place its pieces take as a parameter (router, auth, session, voice,
 * targets, messages), as GwsState is for the GWS layer. It lives on the core
 * executor and needs no lock; callbacks that outlive a call hold a weak_ptr.
 */
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ctisim/api/bayeux_endpoint.h"
#include "ctisim/api/contact_directory.h"
#include "ctisim/api/directory.h"
#include "ctisim/api/http_exchange.h"
#include "ctisim/api/notifier.h"
#include "ctisim/api/transparent_hash.h"
#include "ctisim/api/workspace_config.h"
#include "ctisim/backend.h"
#include "ctisim/clock.h"
#include "ctisim/executor.h"
#include "ctisim/json/write.h"

#include "gws/session_table.h" /* the session ids, shared with GWS */
#include "gws/user_view.h"     /* the per-user call views, shared with GWS */
#include "rest/rest_error.h"
#include "workspace/token_table.h"

namespace ctisim::api::workspace {

using rest::ApiError;
using MaybeError = std::optional<ApiError>;

/// The session cookie the official clients require (workspace-v3.md §b.2).
inline constexpr std::string_view sessionCookie = "WORKSPACE_SESSIONID";
inline constexpr std::string_view voiceChannel = "/workspace/v3/voice";
inline constexpr std::string_view initializationChannel = "/workspace/v3/initialization";

/// One HTTP exchange being answered.
struct Exchange {
	HttpRequest request;
	HttpReply reply;
	std::vector<std::pair<std::string, std::string>> headers;
	std::string userId;
	std::string sessionId;
};

/// A target the user saved (personal favourites) or called (recents).
struct SavedTarget {
	std::string type; ///< "agent", "acd-queue", ...
	std::string id;	  ///< the target's DBID as text
	std::string category;
	std::string media;
};

/// A user's workspace: from initialize-workspace until the user's last session ends.
struct Workspace {
	explicit Workspace(UserView v) : view(std::move(v)) {}
	UserView view;
	bool loaded = false;	///< the DN's state is known (QueryAddress answered)
	bool activated = false; ///< activate-channels logged the agent in
	GreetingPtr greeting;	///< the initialization messages, for the user's CometD sessions
	/// Calls of the user's that were released, newest last (complete is accepted on them).
	std::deque<ConnId> releasedCalls;
	std::deque<SavedTarget> recents;
	std::vector<SavedTarget> favorites;
};

struct WorkspaceState : std::enable_shared_from_this<WorkspaceState> {
	WorkspaceState(Backend &backendRef, Executor &coreRef, const Clock &clockRef, Directory dir,
		       WorkspaceConfig cfg, Notifier &notifierRef, BayeuxEndpoint &bayeuxRef);

	Backend &backend;
	Executor &core;
	const Clock &clock;
	Directory directory;
	WorkspaceConfig config;
	ContactDirectory targets; ///< the users and config.targets, as GWS's contacts
	Notifier &notifier;
	BayeuxEndpoint &bayeux;

	TokenTable tokens;
	SessionTable sessions;
	/// By user id: only the users who initialized a workspace.
	std::unordered_map<std::string, Workspace, TransparentStringHash, std::equal_to<>> workspaces;
	std::optional<Backend::SubscriptionId> subscription;
	/// False between EventLinkDisconnected and EventLinkConnected.
	bool linkUp = true;

	Workspace *workspaceOf(std::string_view userId);
	/// The workspace of the user whose DN this is, or null.
	Workspace *workspaceOfDn(std::string_view dn);
	/// The user's DBID: its place in the directory, from 100 (the simulator's first is 101).
	long long dbidOf(const DirectoryUser &user) const;

	/// Answers ex with a JSON body.
	void respond(Exchange &ex, unsigned status, std::string body);
	/// {"status":{"code":code}}
	void respondStatus(Exchange &ex, int code);
	/// The v3 error shape {"status":{"code":httpStatus,"message":...}} with its HTTP status.
	void fail(Exchange &ex, unsigned httpStatus, std::string_view message);
	void fail(Exchange &ex, const ApiError &error);

	/// Shares a finished notification with the user's CometD sessions.
	void publish(const DirectoryUser &user, std::string_view channel, std::string text);

	/// 200 {"status":{"code":0},"data":{...}}, writeData writing the members of data.
	template <class WriteData> void respondData(Exchange &ex, WriteData writeData)
	{
		rapidjson::StringBuffer buffer;
		json::Writer w(buffer);
		w.StartObject();
		json::writeKey(w, "status");
		w.StartObject();
		json::writeKey(w, "code");
		w.Int(0);
		w.EndObject();
		json::writeKey(w, "data");
		w.StartObject();
		writeData(w);
		w.EndObject();
		w.EndObject();
		respond(ex, 200, std::string(buffer.GetString(), buffer.GetSize()));
	}
};

/// A whole CometD message {"data":{...,"messageType":type},"channel":channel}, writeData
/// writing the members of data before messageType.
template <class WriteData>
std::string channelMessage(std::string_view channel, std::string_view messageType, WriteData writeData)
{
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	w.StartObject();
	json::writeKey(w, "data");
	w.StartObject();
	writeData(w);
	json::writeKey(w, "messageType");
	json::writeString(w, messageType);
	w.EndObject();
	json::writeKey(w, "channel");
	json::writeString(w, channel);
	w.EndObject();
	return std::string(buffer.GetString(), buffer.GetSize());
}

} /* namespace ctisim::api::workspace */
