/* SPDX-License-Identifier: MIT */
/*
 * The GWS operations, as one table. A row is:
 *
 *   X(operationName, where it is accepted, capability gate, builder)
 *
 * - the operationName is also the Op enumerator, whose value is the
 *   operation's capability bit (capabilities.cpp);
 * - where it is accepted: the Places a client may POST it to;
 * - the gate: Gate::Capability refuses it (statusCode 2) unless the call's or
 *   device's capabilities allow it now, Gate::Always lets it through; a
 *   feature's gate (Gate::Recording) first refuses it (statusCode 3) unless the
 *   contact center has the feature, then checks the capabilities;
 *   Gate::Supervisor lets only a supervisor through (supervisor_operations.h);
 * - the builder parses the parameters from the body and makes the Backend
 *   request (or answers at once); call_operations.h, agent_operations.h and
 *   supervisor_operations.h hold them, most as a template over the req:: type they send.
 *
 * Adding an operation is adding its row, and tests. Only when it needs them:
 * a builder for parameters no builder reads yet, the req:: type in lib/ for a
 * request the switch does not know yet, and, for a call operation listed in
 * call capabilities, its rule in capabilities.cpp. Nothing else names
 * operations: the router hands every POST to dispatchOperation() with its Place.
 *
 * Call operations come first, in the canonical order of capability lists.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ctisim/request.h"

#include "request_body.h"

namespace ctisim::api {

class UserView;
struct TrackedCall;
struct GwsConfig;
struct GwsState;

/// Where an operation is POSTed. A row's places are a set: Call | ReleasedCall.
enum class Place : unsigned {
	Me = 1U << 0,		///< /api/v2/me
	VoiceChannel = 1U << 1, ///< /api/v2/me/channels/voice
	Device = 1U << 2,	///< /api/v2/me/devices/{id}
	DeviceCalls = 1U << 3,	///< /api/v2/me/devices/{id}/calls
	Call = 1U << 4,		///< /api/v2/me/calls/{id}, a call the user is on
	ReleasedCall = 1U << 5, ///< /api/v2/me/calls/{id}, a call of the user's that has ended
};

constexpr Place operator|(Place a, Place b)
{
	return static_cast<Place>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}

/// Whether the set of places includes place.
constexpr bool accepts(Place places, Place place)
{
	return (static_cast<unsigned>(places) & static_cast<unsigned>(place)) != 0;
}

enum class Gate {
	Capability, ///< refused unless the resource's capabilities allow it now
	Always,	    ///< accepted in any state (its parameters are still checked)
	Recording,  ///< the feature api-voice-recording, then Capability
	/// refused (statusCode 5) unless the user has ROLE_SUPERVISOR, then (statusCode 3) unless the
	/// contact center has api-supervisor-monitoring; the builder checks the state
	Supervisor,
};

/// The contact-center feature a gate needs (statusCode 3 without it), or empty.
constexpr std::string_view requiredFeature(Gate gate)
{
	switch (gate) {
	case Gate::Recording: return "api-voice-recording";
	case Gate::Supervisor: return "api-supervisor-monitoring";
	case Gate::Capability:
	case Gate::Always: return "";
	}
	return "";
}

/* The table. Places and gates are spelled without their enum's name: the rows
 * are expanded where `using enum Place; using enum Gate;` is in force. */
// clang-format off
#define CTISIM_GWS_OPERATIONS(X)                                                                                            \
	/* call operations, in the canonical order of capability lists */                                                   \
	X(UpdateUserData,                  Call,                Capability, userDataRequest<req::UpdateUserData>)           \
	X(SendDtmf,                        Call,                Capability, sendDtmf)                                       \
	X(Answer,                          Call,                Capability, callRequest<req::AnswerCall>)                   \
	X(Retrieve,                        Call,                Capability, callRequest<req::RetrieveCall>)                 \
	X(SwapCalls,                       Call,                Capability, swapCalls)                                      \
	X(InitiateConference,              Call,                Capability, destinationRequest<req::InitiateConference>)    \
	X(Hold,                            Call,                Capability, callRequest<req::HoldCall>)                     \
	X(SingleStepTransfer,              Call,                Capability, destinationRequest<req::SingleStepTransfer>)    \
	X(InitiateTransfer,                Call,                Capability, destinationRequest<req::InitiateTransfer>)      \
	X(RemoveParticipantFromConference, Call,                Capability, removeParticipant)                              \
	X(AttachUserData,                  Call,                Capability, userDataRequest<req::AttachUserData>)           \
	X(CompleteConference,              Call,                Capability, consultRequest<req::CompleteConference>)        \
	X(DeleteUserDataPair,              Call,                Capability, deleteUserDataPair)                             \
	X(SingleStepConference,            Call,                Capability, destinationRequest<req::SingleStepConference>)  \
	X(DeleteUserData,                  Call,                Capability, callRequest<req::DeleteAllUserData>)            \
	X(MuteCall,                        Call,                Capability, callRequest<req::SetMuteOn>)                    \
	X(UnmuteCall,                      Call,                Capability, callRequest<req::SetMuteOff>)                   \
	X(ClearCall,                       Call,                Capability, callRequest<req::ClearCall>)                    \
	X(Hangup,                          Call,                Capability, callRequest<req::ReleaseCall>)                  \
	X(CompleteTransfer,                Call,                Capability, consultRequest<req::CompleteTransfer>)          \
	/* the supervisor's monitoring call (desktop-fidelity.md §6.4); Mute*MonitoredUser never listed */                  \
	X(SwitchToListenIn,                Call,                Supervisor, switchToListenIn)                               \
	X(SwitchToBargeIn,                 Call,                Supervisor, switchToBargeIn)                                \
	X(MuteMonitoredUser,               Call,                Supervisor, muteMonitoredUser)                              \
	X(UnmuteMonitoredUser,             Call,                Supervisor, unmuteMonitoredUser)                            \
	X(StartCallRecording,              Call,                Recording,  recordingRequest<RecordingState::Recording>)    \
	X(PauseCallRecording,              Call,                Recording,  recordingRequest<RecordingState::Paused>)       \
	X(ResumeCallRecording,             Call,                Recording,  recordingRequest<RecordingState::Recording>)    \
	X(StopCallRecording,               Call,                Recording,  recordingRequest<RecordingState::Stopped>)      \
	/* never listed: accepted on any call the user knows, even one that has ended (docs/api.md) */                      \
	X(SetCallDisposition,              Call | ReleasedCall, Always,     setCallDisposition)                             \
	/* a new call */                                                                                                    \
	X(Dial,                            DeviceCalls,         Always,     dial)                                           \
	/* the agent's session and state */                                                                                 \
	X(StartContactCenterSession,       Me,                  Always,     startContactCenterSession)                      \
	X(EndContactCenterSession,         Me,                  Always,     endContactCenterSession)                        \
	/* (on /me: every channel; ctisim has voice only. Catalogue states: catalogueStateRow()) */                        \
	X(Ready,                           Me | VoiceChannel,   Always,     ready)                                          \
	X(NotReady,                        Me | VoiceChannel,   Always,     notReady<WorkMode::Unknown>)                    \
	X(AfterCallWork,                   Me | VoiceChannel,   Always,     afterCallWork)                                  \
	X(AuxWork,                         Me | VoiceChannel,   Always,     notReady<WorkMode::AuxWork>)                    \
	/* the device (DND also per channel and for all channels, gated by the device's capabilities) */                   \
	X(DoNotDisturbOn,                  Device | Me | VoiceChannel, Capability, deviceRequest<req::SetDndOn>)            \
	X(DoNotDisturbOff,                 Device | Me | VoiceChannel, Capability, deviceRequest<req::SetDndOff>)           \
	X(ForwardCallsOn,                  Device,              Capability, forwardCallsOn)                                 \
	X(ForwardCallsOff,                 Device,              Capability, deviceRequest<req::CallForwardCancel>)          \
	/* supervision of another user's device (desktop-fidelity.md §6.2) */                                               \
	X(ListenIn,                        Device,              Supervisor, listenIn)                                       \
	X(Coach,                           Device,              Supervisor, coach)                                          \
	X(BargeIn,                         Device,              Supervisor, bargeIn)                                        \
	X(CancelSupervisorMonitoring,      Device,              Supervisor, cancelSupervisorMonitoring)
// clang-format on

#define CTISIM_GWS_OP_ENUM(name, ...) name,
/// One enumerator per row, in table order; its value is the operation's capability bit.
enum class Op : unsigned { CTISIM_GWS_OPERATIONS(CTISIM_GWS_OP_ENUM) Count };
#undef CTISIM_GWS_OP_ENUM

constexpr std::size_t operationCount = static_cast<std::size_t>(Op::Count);

/// A set of operations, a bit each.
using OpMask = std::uint64_t;
static_assert(operationCount <= 64, "one bit per operation");

constexpr OpMask bit(Op op)
{
	return OpMask{1} << static_cast<unsigned>(op);
}

/// What a builder works from: the operation, its body, and the user (and call) it is for.
struct OperationInput {
	Op op;
	std::string_view name;
	const RequestBody &body;
	const UserView &view;
	const TrackedCall *call; ///< Place::Call: the call; elsewhere null
	const GwsConfig &config;
	const GwsState &state; ///< the other users (a supervisor's target)
};

/// What an operation comes to: an error, a request for the switch, or an answer at once.
struct OperationPlan {
	/// Refused: nothing is sent.
	OperationPlan(ApiError refusal) : error(std::move(refusal)) {}
	static OperationPlan send(Request request, bool endsSession = false)
	{
		return OperationPlan(std::move(request), endsSession);
	}
	/// Nothing to ask the switch: answered {"statusCode":0} now.
	static OperationPlan answerNow(bool endsSession = false) { return OperationPlan(std::nullopt, endsSession); }

	MaybeError error;
	std::optional<Request> request;
	bool endsSession = false; ///< the HTTP session ends with the answer (EndContactCenterSession)
	/// The success body; empty = {"statusCode":0} (StartContactCenterSession's partial success).
	std::string answer;

private:
	OperationPlan(std::optional<Request> r, bool ends) : request(std::move(r)), endsSession(ends) {}
};

using OperationBuilder = OperationPlan (*)(const OperationInput &input);

struct OperationRow {
	Op op;
	std::string_view name;
	Place places;
	Gate gate;
	OperationBuilder build;
};

/// Every row, in Op order.
std::span<const OperationRow> operationTable();
/// The row of an operationName, or null.
const OperationRow *findOperation(std::string_view name);
const OperationRow &operationRow(Op op);

} /* namespace ctisim::api */
