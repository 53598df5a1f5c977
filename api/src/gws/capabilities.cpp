/* SPDX-License-Identifier: MIT */
/*
 * The capability rules of docs/api.md: one set per (own party state, consult
 * relation, conference, mute), listed in the canonical order, which is
 * consistent with every documented sample and reproduces the seed exactly.
 */
#include "capabilities.h"

#include <cstdint>
#include <initializer_list>

#include "operation_table.h"

namespace ctisim::api {

namespace {

/* A capability set is a bit per operation, the operation's value in the
 * operation table (the std::set of names it replaced cost ~12 allocations and
 * ~90 string comparisons per REST operation). SetCallDisposition is never
 * listed; it is accepted on any call the user knows (docs/api.md). */
using Mask = OpMask;

constexpr Mask bits(std::initializer_list<Op> ops)
{
	Mask m = 0;
	for (Op op : ops)
		m |= bit(op);
	return m;
}

using enum Op;

constexpr Mask userDataOps = bits({UpdateUserData, AttachUserData, DeleteUserDataPair, DeleteUserData});
constexpr Mask handOverOps = bits({InitiateConference, SingleStepTransfer, InitiateTransfer, SingleStepConference});

/* Recording only on an Established call: SIP Server records the media path (desktop-fidelity.md §7.2). */
Mask recordingOps(RecordingState recording)
{
	switch (recording) {
	case RecordingState::NotConfigured: return 0;
	case RecordingState::Stopped: return bits({StartCallRecording});
	case RecordingState::Recording: return bits({PauseCallRecording, StopCallRecording});
	case RecordingState::Paused: return bits({ResumeCallRecording, StopCallRecording});
	}
	return 0;
}

/* A supervisor's monitoring call (desktop-fidelity.md §6.4): the two-party set without MuteCall,
 * a way to each other mode (no way back to coach), and RemoveParticipantFromConference. */
Mask supervisorMask(MonitorMode mode)
{
	Mask caps = userDataOps | handOverOps | bits({SendDtmf, Hold, Hangup, RemoveParticipantFromConference});
	if (mode != MonitorMode::Mute)
		caps |= bits({SwitchToListenIn});
	if (mode != MonitorMode::Connect)
		caps |= bits({SwitchToBargeIn});
	return caps;
}

Mask capabilityMask(const CallContext &c)
{
	switch (c.ownState) {
	case PartyState::Released: return 0;
	case PartyState::Ringing: return userDataOps | bits({Answer, Hangup});
	case PartyState::Dialing: {
		Mask caps = userDataOps | bits({SendDtmf, Hangup});
		/* A consult may be completed as a transfer before it is answered (mute transfer). */
		if (c.relation == ConsultRelation::Consult)
			caps |= bits({CompleteTransfer});
		return caps;
	}
	case PartyState::Established: {
		if (c.observing)
			return supervisorMask(*c.observing);
		Mask caps = userDataOps | handOverOps | bits({SendDtmf, Hold, Hangup});
		caps |= bits({c.muted ? UnmuteCall : MuteCall});
		if (c.conferenceOwner && c.partyCount >= 3)
			caps |= bits({RemoveParticipantFromConference});
		if (c.relation != ConsultRelation::None)
			caps |= bits({SwapCalls, CompleteConference, CompleteTransfer});
		return caps | recordingOps(c.recording);
	}
	case PartyState::Held: {
		Mask caps = userDataOps | handOverOps | bits({Hangup});
		switch (c.relation) {
		case ConsultRelation::None: caps |= bits({Retrieve}); break;
		case ConsultRelation::ParentOfTransfer: caps |= bits({SwapCalls, CompleteTransfer}); break;
		case ConsultRelation::ParentOfConference: caps |= bits({Retrieve, CompleteConference}); break;
		case ConsultRelation::Consult: caps |= bits({SwapCalls, CompleteConference, CompleteTransfer}); break;
		}
		return caps;
	}
	}
	return 0;
}

} /* namespace */

const std::vector<std::string_view> &canonicalCallOperations()
{
	static const std::vector<std::string_view> order = [] {
		std::vector<std::string_view> names;
		for (const OperationRow &row : operationTable()) {
			if (accepts(row.places, Place::Call))
				names.push_back(row.name);
		}
		return names;
	}();
	return order;
}

std::vector<std::string_view> callCapabilities(const CallContext &context)
{
	const Mask caps = capabilityMask(context);
	std::vector<std::string_view> out;
	out.reserve(canonicalCallOperations().size());
	for (const OperationRow &row : operationTable()) {
		if (caps & bit(row.op))
			out.push_back(row.name);
	}
	return out;
}

bool callOperationAllowed(const CallContext &context, Op operation)
{
	if (operation == ClearCall)
		return context.ownState == PartyState::Established || context.ownState == PartyState::Held;
	return (capabilityMask(context) & bit(operation)) != 0;
}

} /* namespace ctisim::api */
