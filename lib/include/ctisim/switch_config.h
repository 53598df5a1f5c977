/* SPDX-License-Identifier: MIT */
/*
 * SwitchConfig: what a simulated switch starts with. DNs and how the parties
 * nobody controls behave, calls already in progress, the seed.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ctisim/call_facts.h"
#include "ctisim/conn_id.h"
#include "ctisim/telephony_types.h"
#include "ctisim/user_data.h"

namespace ctisim {

/// How a party that no agent controls reacts when a call reaches it (DnBehaviour::Kind).
#define CTISIM_DN_BEHAVIOURS(X)                                                                                        \
	X(Answer, 0, "answer")		 /* answers after answerDelayMs */                                             \
	X(Busy, 1, "busy")		 /* the caller gets EventDestinationBusy; the call is released */              \
	X(NoAnswer, 2, "noAnswer")	 /* rings for answerDelayMs, then the call is released (NoAnswer) */           \
	X(RingForever, 3, "ringForever") /* rings until someone acts */                                                \
	X(Reject, 4, "reject")		 /* the request fails with rejectErrorCode */
CTISIM_SPELLED_ENUM(DnBehaviourKind, std::uint8_t, CTISIM_DN_BEHAVIOURS, "answer")

/// How a party that no agent controls reacts when a call reaches it.
struct DnBehaviour {
	using Kind = DnBehaviourKind;
	Kind kind = Kind::Answer;
	std::int64_t answerDelayMs = 0;
	int rejectErrorCode = 233; ///< "Call has been rejected"

	friend bool operator==(const DnBehaviour &, const DnBehaviour &) = default;
};

struct DnConfig {
	Dn number;
	DnType type = DnType::Extension;
	DnBehaviour behaviour;
	/// AcdQueue and RoutingPoint: the extensions it distributes to, in order of
	/// preference; empty means every extension.
	std::vector<Dn> targets;
	/// AcdQueue and RoutingPoint: the name the contacts directory shows; empty = the number.
	std::string name;
};

/// A party of a call that exists when the switch starts.
struct InitialParty {
	Dn dn;
	PartyState state = PartyState::Established;
	bool muted = false;
};

/// A call that exists when the switch starts (scenario set-up).
struct InitialCall : CallFacts {
	/// In join order, oldest first (the originator first).
	std::vector<InitialParty> parties;
};

/// An agent that is logged in when the switch starts.
struct InitialAgent {
	Dn dn;
	std::string agentId;
	AgentState state = AgentState::NotReady;
	WorkMode workMode = WorkMode::Unknown;
	UserData reasons; ///< the DN's current `Reasons` (e.g. {"ReasonCode":"Lunch"})
};

struct SwitchConfig {
	std::uint64_t seed = 1;
	std::vector<DnConfig> dns;
	/// Numbers not in dns: External when true, else requests to them fail with 59.
	bool unknownNumbersAreExternal = true;
	/// Behaviour of external numbers not listed in dns.
	DnBehaviour externalBehaviour;
	std::vector<InitialCall> calls;
	std::vector<InitialAgent> agents;
};

} /* namespace ctisim */
