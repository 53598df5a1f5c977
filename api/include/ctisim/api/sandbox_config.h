/* SPDX-License-Identifier: MIT */
/*
 * SandboxConfig: everything a sandbox starts from, parsed from the JSON of a
 * `--config FILE` or of a scenario's `setup` (docs/control-api.md lists the
 * keys). A configuration is a change to the embedded default (extensions
 * 15000-15099 with users agent<DN>/password, supervisors supervisor<DN> on
 * 16000-16009, ACD queue 7000, routing point 8000, every other number
 * external), unless it says "defaults": false.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "ctisim/api/cors.h"
#include "ctisim/api/desktop_config.h"
#include "ctisim/api/directory_config.h"
#include "ctisim/api/workspace_auth.h"
#include "ctisim/switch_config.h"
#include "ctisim/telephony_types.h"

namespace ctisim::api {

/// A GWS user and the device (DN) it logs in on.
struct UserConfig {
	std::string userName;
	std::string password;
	Dn dn;		      ///< the extension of the user's device; empty = no device
	std::string deviceId; ///< pinned device id; empty = derived from the seed
	std::string id;	      ///< pinned user id; empty = derived from the seed
	std::string firstName;
	std::string lastName;
	std::string agentId; ///< the T-Server agent login id; empty = userName
	std::vector<std::string> roles = {"ROLE_AGENT"};
};

/// Who may use /sim/v1 from other hosts (HTTP Basic); without it, loopback only.
struct ControlAccess {
	std::string user;
	std::string password;
};

struct SandboxConfig {
	SwitchConfig switchConfig;
	/// Every user, the defaults included (default users have only userName,
	/// password and dn set; the GWS layer derives their ids from the seed).
	std::vector<UserConfig> users;
	bool csrf = false;
	/// "http://127.0.0.1:8080": the prefix of every URI in resources and
	/// notifications; empty = derived from the address the server listens on.
	std::string publicBaseUrl;
	bool virtualClock = false;
	/// Virtual clock only: where it starts at each reset.
	TimeMs clockStart = defaultClockStart;
	/// Calls of switchConfig.calls given with "ageMs" instead of "startedAt" and a
	/// real clock: the age per call (same index), applied by applyCallAges().
	std::vector<std::optional<TimeMs>> callAgesMs;
	std::optional<ControlAccess> controlAccess;
	/// Cross-origin requests to /api/v2 (GWS crossOriginSettings); `ctisim serve
	/// --cors-origins` replaces its origins.
	CorsPolicy cors;
	/// "workspaceApi": the Workspace API v3's OAuth client, API key and dnd type.
	WorkspaceAuth workspace;
	/// Agent-state catalogue, features, annex, settings groups (desktop_config.h).
	DesktopConfig desktop = defaultDesktopConfig();
	/// Custom contacts and groups (directory_config.h); the default has a group per supervisor.
	DirectoryConfig directory;

	/// 2026-01-01T00:00:00Z, the default start of the virtual clock.
	static constexpr TimeMs defaultClockStart = 1767225600000;

	/// Sets startedAt = now - age for calls given with "ageMs" (real clock).
	void applyCallAges(TimeMs now);
	/// The user with this userName, or nullptr.
	const UserConfig *findUser(std::string_view userName) const;
};

struct SandboxConfigError {
	std::string path;	 ///< "$.calls[0].parties[1].state"
	std::string message;	 ///< "expected one of Dialing, Ringing, Established, Held"
	std::string str() const; ///< "$.calls[0].parties[1].state: expected ..."
};

/// The embedded default configuration.
SandboxConfig defaultSandboxConfig(std::uint64_t seed = 1);

/// Parses a configuration (JSON with comments and trailing commas). Empty or
/// all-whitespace text gives the default configuration.
std::optional<SandboxConfigError> parseSandboxConfig(std::string_view jsonText, SandboxConfig &out);
std::optional<SandboxConfigError> parseSandboxConfig(const rapidjson::Value &json, SandboxConfig &out);

} /* namespace ctisim::api */
