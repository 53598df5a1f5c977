/* SPDX-License-Identifier: MIT */
/*
 * WorkspaceConfig: the settings of the Workspace API v3 front end (/auth/v3,
 * /workspace/v3; docs/workspace-api.md): the OAuth client, the API key, the
 * token and session limits, and the targets it searches.
 */
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ctisim/api/contact_directory.h"
#include "ctisim/api/desktop_config.h"
#include "ctisim/api/workspace_auth.h"
#include "ctisim/telephony_types.h"

namespace ctisim::api {

class TrafficObserver;

struct WorkspaceConfig {
	/// The server's base URL (recording file names carry its host).
	std::string publicBaseUrl = "http://127.0.0.1:8080";
	/// The OAuth client, the API key, the dnd type.
	WorkspaceAuth auth;
	/// expires_in of an access token, and how long (GWS clock) it is honoured.
	TimeMs tokenLifetimeMs = 24 * 60 * 60 * 1000;
	/// How long an authorization code may be exchanged or used by initialize-workspace.
	TimeMs codeLifetimeMs = 10 * 60 * 1000;
	/// Live access tokens and codes at most; the oldest goes to make room.
	std::size_t maxTokens = 10000;
	/// Live WORKSPACE_SESSIONID sessions at most, and per user (as GwsConfig's).
	std::size_t maxSessions = 10000;
	std::size_t maxSessionsPerUser = 100;
	TimeMs sessionIdleTimeoutMs = 30 * 60 * 1000;
	/// The switchName of targets and DN notifications.
	std::string switchName = "SIP_Switch";
	/// The directory's targets besides the users (makeTargetContacts), and which of
	/// their numbers are routing points (the others of type Queue are ACD queues).
	std::vector<Contact> targets;
	std::vector<Dn> routingPoints;
	/// The largest limit GET /targets takes; its default is 10 (the JS client's).
	std::size_t maxTargetsLimit = 1000;
	/// The agent-state catalogue (its NotReady reasons are the actionCodes of the
	/// initialization) and the business attributes, as GWS's.
	DesktopConfig desktop = defaultDesktopConfig();
	/// `ctisim record`: told about requests and notifications; null = none.
	TrafficObserver *trafficObserver = nullptr;
};

} /* namespace ctisim::api */
