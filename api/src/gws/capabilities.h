/* SPDX-License-Identifier: MIT */
/*
 * Call capabilities: the operationNames valid on a call now, as the user sees
 * it, always in one canonical order (docs/api.md, "Capabilities").
 */
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "ctisim/telephony_types.h"

namespace ctisim::api {

/// How a call relates to another call of the same user.
enum class ConsultRelation {
	None,
	ParentOfTransfer,   ///< this call's party is held for a consult initiated as a transfer
	ParentOfConference, ///< ... initiated as a conference
	Consult,	    ///< this is the consult call; the user is also on its parent
};

/// The call's recording as the user sees it (GSIP_RECORD, desktop-fidelity.md §7).
enum class RecordingState {
	NotConfigured, ///< the contact center has no api-voice-recording: no recordingState, no operations
	Stopped,
	Recording,
	Paused,
};

struct CallContext {
	PartyState ownState = PartyState::Established; ///< Released when the user's party is gone
	ConsultRelation relation = ConsultRelation::None;
	std::size_t partyCount = 2;   ///< parties on the call, the user included
	bool conferenceOwner = false; ///< the user formed the conference
	bool muted = false;
	RecordingState recording = RecordingState::NotConfigured;
	/// The user is on the call as a supervisor (RoleObserver), in this mode.
	std::optional<MonitorMode> observing;
};

enum class Op : unsigned; /* operation_table.h */

/// Every call operationName, in the canonical order of capability lists.
const std::vector<std::string_view> &canonicalCallOperations();

/// The capabilities of a call in this context, in canonical order.
std::vector<std::string_view> callCapabilities(const CallContext &context);

/// Whether operation may be sent now: the capabilities, plus ClearCall on a call
/// the user is a member of (accepted but never listed, see docs/api.md).
bool callOperationAllowed(const CallContext &context, Op operation);

} /* namespace ctisim::api */
