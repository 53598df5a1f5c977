/* SPDX-License-Identifier: MIT */
/*
 * The capability rules of docs/api.md: one set per (own party state, consult
 * relation, conference, mute), filtered through the canonical order, which is
 * consistent with every documented sample and reproduces the seed exactly.
 */
#include "capabilities.h"

#include <algorithm>
#include <set>

namespace ctisim::api {

namespace {

using Set = std::set<std::string_view>;

const Set userDataOps = {"UpdateUserData", "AttachUserData", "DeleteUserDataPair", "DeleteUserData"};
const Set handOverOps = {"InitiateConference", "SingleStepTransfer", "InitiateTransfer", "SingleStepConference"};

void add(Set &to, const Set &from)
{
	to.insert(from.begin(), from.end());
}

Set capabilitySet(const CallContext &c)
{
	Set caps;
	switch (c.ownState) {
	case PartyState::Released: return caps;
	case PartyState::Ringing:
		add(caps, userDataOps);
		caps.insert({"Answer", "Hangup"});
		return caps;
	case PartyState::Dialing:
		add(caps, userDataOps);
		caps.insert({"SendDtmf", "Hangup"});
		/* A consult may be completed as a transfer before it is answered (mute transfer). */
		if (c.relation == ConsultRelation::Consult)
			caps.insert("CompleteTransfer");
		return caps;
	case PartyState::Established:
		add(caps, userDataOps);
		add(caps, handOverOps);
		caps.insert({"SendDtmf", "Hold", "Hangup"});
		caps.insert(c.muted ? "UnmuteCall" : "MuteCall");
		if (c.conferenceOwner && c.partyCount >= 3)
			caps.insert("RemoveParticipantFromConference");
		if (c.relation != ConsultRelation::None)
			caps.insert({"SwapCalls", "CompleteConference", "CompleteTransfer"});
		return caps;
	case PartyState::Held:
		add(caps, userDataOps);
		add(caps, handOverOps);
		caps.insert("Hangup");
		switch (c.relation) {
		case ConsultRelation::None: caps.insert("Retrieve"); break;
		case ConsultRelation::ParentOfTransfer: caps.insert({"SwapCalls", "CompleteTransfer"}); break;
		case ConsultRelation::ParentOfConference: caps.insert({"Retrieve", "CompleteConference"}); break;
		case ConsultRelation::Consult:
			caps.insert({"SwapCalls", "CompleteConference", "CompleteTransfer"});
			break;
		}
		return caps;
	}
	return caps;
}

} /* namespace */

const std::vector<std::string_view> &canonicalCallOperations()
{
	static const std::vector<std::string_view> order = {
		"UpdateUserData",
		"SendDtmf",
		"Answer",
		"Retrieve",
		"SwapCalls",
		"InitiateConference",
		"Hold",
		"SingleStepTransfer",
		"InitiateTransfer",
		"RemoveParticipantFromConference",
		"AttachUserData",
		"CompleteConference",
		"DeleteUserDataPair",
		"SingleStepConference",
		"DeleteUserData",
		"MuteCall",
		"UnmuteCall",
		"ClearCall",
		"Hangup",
		"CompleteTransfer",
		/* Never listed; accepted on any call the user knows (docs/api.md). */
		"SetCallDisposition",
	};
	return order;
}

std::vector<std::string_view> callCapabilities(const CallContext &context)
{
	Set caps = capabilitySet(context);
	std::vector<std::string_view> out;
	for (std::string_view op : canonicalCallOperations()) {
		if (caps.count(op))
			out.push_back(op);
	}
	return out;
}

bool callOperationAllowed(const CallContext &context, std::string_view operation)
{
	if (operation == "ClearCall")
		return context.ownState == PartyState::Established || context.ownState == PartyState::Held;
	return capabilitySet(context).count(operation) != 0;
}

} /* namespace ctisim::api */
