/* SPDX-License-Identifier: MIT */
/*
 * Scenario: one scenario file as the replayer runs it. A `setup` (the sandbox
 * configuration the server is reset to), then `steps`: HTTP requests sent as a
 * named user, control steps that drive the sandbox (clock, remote parties,
 * inbound calls), and what each step must produce (HTTP status and body, and
 * the notifications each named user receives, in order). scenarios/README.md
 * documents the format key by key.
 */
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

namespace ctisim::scenario {

/// An HTTP request to send. Strings may hold ${capture} references, replaced
/// when the step runs.
struct HttpCall {
	std::string method;
	std::string path; ///< "/api/v2/me/calls/${callId}" (with the query, if any)
	/// The JSON body, or null for none.
	const rapidjson::Value *body = nullptr;
	/// A raw body sent as is (malformed JSON tests); wins over body.
	std::optional<std::string> rawBody;
	std::vector<std::pair<std::string, std::string>> headers;
};

/// The notifications one user must receive during a step, in order.
struct NotificationExpectation {
	std::string user;
	const rapidjson::Value *messages = nullptr; ///< array of {"channel":..., "data":...}
	std::string jsonPath;			    ///< "$.steps[2].expect.notifications.agent15000"
	/// messages hold a ${name} (hasPlaceholders): substitute before matching; else match them as they are.
	bool placeholders = false;
};

struct Step {
	enum class Kind {
		Request, ///< an HTTP request as a user (or anonymous)
		Control, ///< a sandbox control request (/sim/v1/...), no user
		Wait,	 ///< no request: only collect notifications
		/// a CometD /meta/subscribe as a user; what its reply carries counts among
		/// the step's notifications (the v3 initialization messages)
		Subscribe,
	};

	Kind kind = Kind::Request;
	std::size_t index = 0;
	std::string jsonPath; ///< "$.steps[3]"
	std::string name;     ///< the step's "name", or a summary ("POST /api/v2/me/calls/...")
	std::string as;	      ///< Request: the user name; empty = no credentials
	std::string control;  ///< Control: "advanceClock", "inboundCall", ...
	std::string channel;  ///< Subscribe: the channel
	HttpCall call;

	std::optional<unsigned> status;		///< expected HTTP status; nullopt = not checked
	const rapidjson::Value *body = nullptr; ///< expected body; null = not checked
	bool bodyPlaceholders = false;		///< body holds a ${name} (hasPlaceholders)
	std::vector<NotificationExpectation> notifications;
	/// When false (default), a user gets exactly the notifications listed, and
	/// users not listed get none; when true, the listed ones must arrive in order
	/// and anything else may arrive around them.
	bool allowOtherNotifications = false;
	/// "capture": {"callId": "notifications.agent15000[0].data.call.id"}: values
	/// taken from the step's result ({"status", "body", "notifications": {user:
	/// [message, ...]}}) after it ran, before its expectations are checked.
	std::vector<std::pair<std::string, std::string>> captures;

	/// An HTTP request (with a status and a body to check): a Request or Control step.
	bool sendsRequest() const { return kind == Kind::Request || kind == Kind::Control; }
};

/// Which front end a user's client speaks, so how it logs in and where its
/// CometD session lives.
enum class ClientApi {
	/// GWS v2: HTTP Basic (then JSESSIONID), CometD at /api/v2/notifications.
	GwsV2,
	/// Workspace API v3: an OAuth password-grant token, initialize-workspace
	/// (WORKSPACE_SESSIONID), CometD at /workspace/v3/notifications.
	WorkspaceV3,
};

struct UserCredentials {
	std::string userName;
	std::string password;
	/// The CometD channels the user subscribes to at login, one /meta/subscribe
	/// each, in order; empty = the API's default ("/v2/me/*"; for v3
	/// "/workspace/v3/initialization" then "/workspace/v3/voice", as the official client).
	std::vector<std::string> subscriptions;
	ClientApi api = ClientApi::GwsV2;
};

/// "gws-v2", "workspace-v3": the values of a user's "api" key.
std::string_view toString(ClientApi api);

/// The OAuth client a v3 user's token is asked with (the sandbox's default, the one
/// Genesys' tutorials use).
inline constexpr std::string_view defaultOAuthClientId = "external_api_client";
inline constexpr std::string_view defaultOAuthClientSecret = "secret";

struct Scenario {
	std::string file;
	std::string name;
	std::string description;
	/// Owns every JSON value the steps point to.
	std::shared_ptr<rapidjson::Document> doc;
	/// The sandbox configuration to reset to; null = the default configuration.
	const rapidjson::Value *setup = nullptr;
	/// A recording's "inference" (docs/recording.md): the setup's topics inferred from
	/// the recorded answers (topic -> the answer) and those that could not be (topic -> why).
	bool hasInference = false;
	std::map<std::string, std::string> inferred;
	std::map<std::string, std::string> notInferred;
	/// Everyone who sends a request or expects notifications, in order of first
	/// appearance; each logs in and opens a CometD session before the steps run.
	std::vector<UserCredentials> users;
	std::vector<Step> steps;
	/// How long to wait for expected notifications (ms); nullopt = replayer default.
	std::optional<std::int64_t> notificationTimeoutMs;
	/// Control step bodies built by the parser.
	std::vector<std::shared_ptr<rapidjson::Document>> builtBodies;
};

struct ScenarioError {
	std::string file;
	std::string path;    ///< "$.steps[3].expect.status", or "" for a file-level error
	std::string message; ///< what was expected there

	/// "scenarios/x.json: $.steps[3].expect.status: expected an HTTP status (100-599)"
	std::string str() const;
};

/// Parses a scenario from text; file is only used in messages.
std::optional<ScenarioError> parseScenario(std::string_view file, std::string_view text, Scenario &out);
/// Reads and parses a file.
std::optional<ScenarioError> loadScenarioFile(const std::string &file, Scenario &out);

/// The password a user gets when the scenario does not name one (the default
/// configuration's password).
inline constexpr std::string_view defaultPassword = "password";

} /* namespace ctisim::scenario */
