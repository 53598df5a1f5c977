/* SPDX-License-Identifier: MIT */
/*
 * WorkspaceAuth: the settings of the Workspace API v3 a sandbox configuration
 * may change (its "workspaceApi" key, docs/workspace-api.md): the OAuth
 * client, the API key, and the Dn's dnd type. Part of WorkspaceConfig.
 */
#pragma once

#include <optional>
#include <string>

namespace ctisim::api {

struct WorkspaceAuth {
	/// The OAuth client whose HTTP Basic credentials /auth/v3/oauth/token takes (the
	/// one Genesys' tutorials use); any other gets invalid_client.
	std::string clientId = "external_api_client";
	std::string clientSecret = "secret";
	/// When set, every /auth/v3 and /workspace/v3 request must carry x-api-key with
	/// this value (403 otherwise); unset, the header is accepted and not checked.
	std::optional<std::string> apiKey;
	/// The Dn's "dnd" as a boolean (the Agent API Simulator's) instead of "on"/"off"
	/// (the string the Java client reads).
	bool dndAsBoolean = false;
};

} /* namespace ctisim::api */
