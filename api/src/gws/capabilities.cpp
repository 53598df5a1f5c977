/* SPDX-License-Identifier: MIT */
/*
 * The capability rules of docs/api.md: one set per (own party state, consult
 * relation, conference, mute), listed in the canonical order, which is
 * consistent with every documented sample and reproduces the seed exactly.
 */
#include "capabilities.h"

#include <array>
#include <cstdint>
#include <initializer_list>

namespace ctisim::api {

namespace {

/* The call operations in canonical order, listed once for the enum and for
 * the names. A capability set is a bit per operation (the std::set of names it
 * replaced cost ~12 allocations and ~90 string comparisons per REST operation).
 * SetCallDisposition is never listed; it is accepted on any call the user
 * knows (docs/api.md). */
#define CTISIM_CALL_OPERATIONS(X)                                                                                      \
	X(UpdateUserData)                                                                                              \
	X(SendDtmf)                                                                                                    \
	X(Answer)                                                                                                      \
	X(Retrieve)                                                                                                    \
	X(SwapCalls)                                                                                                   \
	X(InitiateConference)                                                                                          \
	X(Hold)                                                                                                        \
	X(SingleStepTransfer)                                                                                          \
	X(InitiateTransfer)                                                                                            \
	X(RemoveParticipantFromConference)                                                                             \
	X(AttachUserData)                                                                                              \
	X(CompleteConference)                                                                                          \
	X(DeleteUserDataPair)                                                                                          \
	X(SingleStepConference)                                                                                        \
	X(DeleteUserData)                                                                                              \
	X(MuteCall)                                                                                                    \
	X(UnmuteCall)                                                                                                  \
	X(ClearCall)                                                                                                   \
	X(Hangup)                                                                                                      \
	X(CompleteTransfer)                                                                                            \
	X(SetCallDisposition)

#define CTISIM_OP_ENUM(name) name,
#define CTISIM_OP_NAME(name) #name,

enum Op : unsigned { CTISIM_CALL_OPERATIONS(CTISIM_OP_ENUM) OpCount };

constexpr std::array<std::string_view, OpCount> kOrder = {CTISIM_CALL_OPERATIONS(CTISIM_OP_NAME)};

#undef CTISIM_OP_NAME
#undef CTISIM_OP_ENUM
#undef CTISIM_CALL_OPERATIONS

using Mask = std::uint32_t;
static_assert(OpCount <= 32, "one bit per operation");

constexpr Mask bits(std::initializer_list<Op> ops)
{
	Mask m = 0;
	for (Op op : ops)
		m |= Mask{1} << op;
	return m;
}

constexpr Mask userDataOps = bits({UpdateUserData, AttachUserData, DeleteUserDataPair, DeleteUserData});
constexpr Mask handOverOps = bits({InitiateConference, SingleStepTransfer, InitiateTransfer, SingleStepConference});

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
		Mask caps = userDataOps | handOverOps | bits({SendDtmf, Hold, Hangup});
		caps |= bits({c.muted ? UnmuteCall : MuteCall});
		if (c.conferenceOwner && c.partyCount >= 3)
			caps |= bits({RemoveParticipantFromConference});
		if (c.relation != ConsultRelation::None)
			caps |= bits({SwapCalls, CompleteConference, CompleteTransfer});
		return caps;
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
	static const std::vector<std::string_view> order(kOrder.begin(), kOrder.end());
	return order;
}

std::vector<std::string_view> callCapabilities(const CallContext &context)
{
	const Mask caps = capabilityMask(context);
	std::vector<std::string_view> out;
	out.reserve(OpCount);
	for (unsigned op = 0; op < OpCount; ++op) {
		if (caps & (Mask{1} << op))
			out.push_back(kOrder[op]);
	}
	return out;
}

bool callOperationAllowed(const CallContext &context, std::string_view operation)
{
	if (operation == "ClearCall")
		return context.ownState == PartyState::Established || context.ownState == PartyState::Held;
	const Mask caps = capabilityMask(context);
	for (unsigned op = 0; op < OpCount; ++op) {
		if (kOrder[op] == operation)
			return (caps & (Mask{1} << op)) != 0;
	}
	return false;
}

} /* namespace ctisim::api */
