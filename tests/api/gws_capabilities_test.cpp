/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "gws/capabilities.h"

#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "gws/operation_table.h"

/* The capability rules, one row per documented situation (reference §5.2), in canonical order. */

using namespace ctisim;
using namespace ctisim::api;

namespace {

std::vector<std::string> caps(PartyState state, ConsultRelation relation = ConsultRelation::None,
			      std::size_t parties = 2, bool owner = false, bool muted = false)
{
	CallContext c;
	c.ownState = state;
	c.relation = relation;
	c.partyCount = parties;
	c.conferenceOwner = owner;
	c.muted = muted;
	std::vector<std::string> out;
	for (std::string_view op : callCapabilities(c))
		out.emplace_back(op);
	return out;
}

using List = std::vector<std::string>;

} /* namespace */

TEST_CASE("capabilities per state")
{
	struct Row {
		const char *situation;
		List got;
		List expected;
	};
	const Row rows[] = {
		{"Dialing",
		 caps(PartyState::Dialing),
		 {"UpdateUserData", "SendDtmf", "AttachUserData", "DeleteUserDataPair", "DeleteUserData", "Hangup"}},
		{"Ringing",
		 caps(PartyState::Ringing),
		 {"UpdateUserData", "Answer", "AttachUserData", "DeleteUserDataPair", "DeleteUserData", "Hangup"}},
		{"Established two-party",
		 caps(PartyState::Established),
		 {"UpdateUserData", "SendDtmf", "InitiateConference", "Hold", "SingleStepTransfer", "InitiateTransfer",
		  "AttachUserData", "DeleteUserDataPair", "SingleStepConference", "DeleteUserData", "MuteCall",
		  "Hangup"}},
		{"Established muted",
		 caps(PartyState::Established, ConsultRelation::None, 2, false, true),
		 {"UpdateUserData", "SendDtmf", "InitiateConference", "Hold", "SingleStepTransfer", "InitiateTransfer",
		  "AttachUserData", "DeleteUserDataPair", "SingleStepConference", "DeleteUserData", "UnmuteCall",
		  "Hangup"}},
		{"seed: conference of 3 owned by the user",
		 caps(PartyState::Established, ConsultRelation::None, 3, true),
		 {"UpdateUserData", "SendDtmf", "InitiateConference", "Hold", "SingleStepTransfer", "InitiateTransfer",
		  "RemoveParticipantFromConference", "AttachUserData", "DeleteUserDataPair", "SingleStepConference",
		  "DeleteUserData", "MuteCall", "Hangup"}},
		{"conference of 3, not the owner",
		 caps(PartyState::Established, ConsultRelation::None, 3, false),
		 {"UpdateUserData", "SendDtmf", "InitiateConference", "Hold", "SingleStepTransfer", "InitiateTransfer",
		  "AttachUserData", "DeleteUserDataPair", "SingleStepConference", "DeleteUserData", "MuteCall",
		  "Hangup"}},
		{"owner after a participant was removed (2 left)",
		 caps(PartyState::Established, ConsultRelation::None, 2, true),
		 {"UpdateUserData", "SendDtmf", "InitiateConference", "Hold", "SingleStepTransfer", "InitiateTransfer",
		  "AttachUserData", "DeleteUserDataPair", "SingleStepConference", "DeleteUserData", "MuteCall",
		  "Hangup"}},
		{"Held",
		 caps(PartyState::Held),
		 {"UpdateUserData", "Retrieve", "InitiateConference", "SingleStepTransfer", "InitiateTransfer",
		  "AttachUserData", "DeleteUserDataPair", "SingleStepConference", "DeleteUserData", "Hangup"}},
		{"Held parent after InitiateTransfer",
		 caps(PartyState::Held, ConsultRelation::ParentOfTransfer),
		 {"UpdateUserData", "SwapCalls", "InitiateConference", "SingleStepTransfer", "InitiateTransfer",
		  "AttachUserData", "DeleteUserDataPair", "SingleStepConference", "DeleteUserData", "Hangup",
		  "CompleteTransfer"}},
		{"Held parent after InitiateConference",
		 caps(PartyState::Held, ConsultRelation::ParentOfConference),
		 {"UpdateUserData", "Retrieve", "InitiateConference", "SingleStepTransfer", "InitiateTransfer",
		  "AttachUserData", "CompleteConference", "DeleteUserDataPair", "SingleStepConference",
		  "DeleteUserData", "Hangup"}},
		{"Established member of a consult pair",
		 caps(PartyState::Established, ConsultRelation::Consult),
		 {"UpdateUserData", "SendDtmf", "SwapCalls", "InitiateConference", "Hold", "SingleStepTransfer",
		  "InitiateTransfer", "AttachUserData", "CompleteConference", "DeleteUserDataPair",
		  "SingleStepConference", "DeleteUserData", "MuteCall", "Hangup", "CompleteTransfer"}},
		{"Dialing consult",
		 caps(PartyState::Dialing, ConsultRelation::Consult),
		 {"UpdateUserData", "SendDtmf", "AttachUserData", "DeleteUserDataPair", "DeleteUserData", "Hangup",
		  "CompleteTransfer"}},
		{"Released", caps(PartyState::Released), {}},
	};
	for (const Row &row : rows) {
		CAPTURE(row.situation);
		CHECK(row.got == row.expected);
	}
}

TEST_CASE("every list follows the one canonical order")
{
	const auto &order = canonicalCallOperations();
	for (PartyState s : {PartyState::Dialing, PartyState::Ringing, PartyState::Established, PartyState::Held}) {
		for (ConsultRelation r : {ConsultRelation::None, ConsultRelation::ParentOfTransfer,
					  ConsultRelation::ParentOfConference, ConsultRelation::Consult}) {
			CallContext c;
			c.ownState = s;
			c.relation = r;
			c.partyCount = 3;
			c.conferenceOwner = true;
			std::size_t last = 0;
			for (std::string_view op : callCapabilities(c)) {
				std::size_t at = std::find(order.begin(), order.end(), op) - order.begin();
				CHECK(at < order.size());
				CHECK(at >= last);
				last = at;
			}
		}
	}
}

TEST_CASE("ClearCall is accepted on a call the user is a member of, though never listed")
{
	CallContext c;
	c.ownState = PartyState::Established;
	CHECK(callOperationAllowed(c, Op::ClearCall));
	c.ownState = PartyState::Held;
	CHECK(callOperationAllowed(c, Op::ClearCall));
	c.ownState = PartyState::Ringing;
	CHECK_FALSE(callOperationAllowed(c, Op::ClearCall));
	CHECK_FALSE(callOperationAllowed(c, Op::Hold));
	CHECK(callOperationAllowed(c, Op::Answer));
}
