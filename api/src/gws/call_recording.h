/* SPDX-License-Identifier: MIT */
/*
 * Call recording as SIP Server does it (docs/desktop-fidelity.md §7.3): the
 * call's user data key GSIP_RECORD ("ON", "PAUSED", "OFF") is the recording
 * state, set by an UpdateUserData; GWS reads it back into recordingState and
 * the recording capabilities. No T-Library request of its own.
 */
#pragma once

#include <string_view>

#include "ctisim/snapshot.h"
#include "operation_table.h"
#include "user_view.h"

namespace ctisim::api {

/// The call's recording state from its GSIP_RECORD (Stopped without one).
RecordingState recordingStateOf(const CallSnapshot &call);
/// "Recording", "Paused", "Stopped"; empty for NotConfigured (no recordingState key).
std::string_view recordingStateName(RecordingState state);

/// The user data a recording operation sets: GSIP_RECORD, and on the call's
/// first start GSIP_REC_FN, the recording's file name.
UserData recordingUserData(const OperationInput &in, RecordingState to);
/// The same for any front end: call as ownDn sees it, file names on baseUrl's host.
UserData recordingUserData(const CallSnapshot &call, const Dn &ownDn, std::string_view baseUrl, RecordingState to);

/// StartCallRecording, PauseCallRecording, ResumeCallRecording, StopCallRecording:
/// an UpdateUserData of GSIP_RECORD. The gate has checked the transition.
template <RecordingState to> OperationPlan recordingRequest(const OperationInput &in)
{
	return OperationPlan::send(
		req::UpdateUserData{in.view.user().dn, in.call->call->connId, recordingUserData(in, to)});
}

} /* namespace ctisim::api */
