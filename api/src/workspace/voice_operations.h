/* SPDX-License-Identifier: MIT */
/*
 * The Workspace API v3 voice requests, as one table (workspace-v3.md §a). A row is
 *
 *   X(path segment, where, builder)
 *
 * - the path: POST /workspace/v3/voice/<path> (Dn) or /workspace/v3/voice/calls/{id}/<path> (Call);
 * - the builder reads {"data":{...}} (RequestBody within "data") and makes the
 *   switch request, or refuses the body (HTTP 400), or says what the switch
 *   cannot do yet (an EventError, never a faked outcome).
 *
 * Every accepted request is answered {"status":{"code":1}} at once; its outcome
 * arrives on /workspace/v3/voice (voice_events.h), a switch refusal as EventError.
 */
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ctisim/request.h"

#include "gws/request_body.h"
#include "workspace/workspace_state.h"

namespace ctisim::api::workspace {

enum class VoicePlace { Dn, Call };

/// What a builder works from.
struct VoiceInput {
	const RequestBody &body; ///< within "data"
	const RequestBody &top;	 ///< the whole body (not-ready's top-level reasonCode)
	const Workspace &ws;
	const TrackedCall *call; ///< VoicePlace::Call: the call; else null
	const WorkspaceState &state;
};

/// What a request comes to: refused, sent, or told as an EventError (not supported).
struct VoicePlan {
	VoicePlan(ApiError refusal) : error(std::move(refusal)) {}
	VoicePlan(Request r) : request(std::move(r)) {}
	static VoicePlan notSupported(std::string why)
	{
		VoicePlan plan{std::nullopt};
		plan.unsupported = true;
		plan.unsupportedReason = std::move(why);
		return plan;
	}
	/// Accepted, nothing to send.
	static VoicePlan nothing() { return VoicePlan{std::nullopt}; }

	MaybeError error;
	std::optional<Request> request;
	bool unsupported = false;      ///< the switch cannot do it yet: an EventError says so
	std::string unsupportedReason; ///< why, when more than "not yet"

private:
	explicit VoicePlan(std::nullopt_t) {}
};

using VoiceBuilder = VoicePlan (*)(const VoiceInput &in);

struct VoiceRow {
	std::string_view path;
	VoicePlace place;
	VoiceBuilder build;
};

/// The row of a path segment at a place, or null.
const VoiceRow *findVoiceRow(std::string_view path, VoicePlace place);
/// Every row (tests check the table against the reference's list).
std::span<const VoiceRow> voiceTable();

} /* namespace ctisim::api::workspace */
