/* SPDX-License-Identifier: MIT */
/*
 * SwitchCore: the state and the request handlers behind SimSwitch. Its member
 * functions are split by concept over several files: switch_core.cpp (set-up,
 * dispatch, events, errors, state), call_flow.cpp (ringing, answering, releasing,
 * queues, timers), call_requests.cpp, conference_requests.cpp, dn_requests.cpp
 * and user_data_requests.cpp (one handler per request).
 *
 * Every handler validates everything first and returns an error code without
 * touching any state, or commits and returns 0; so a failed request changes nothing.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_set>
#include <vector>

#include "ctisim/backend.h"
#include "ctisim/clock.h"
#include "ctisim/event.h"
#include "ctisim/request.h"
#include "ctisim/switch_config.h"
#include "ctisim/switch_control.h"

#include "call_table.h"
#include "dn_registry.h"

namespace ctisim::sim {

/// Where a call to a dialled number ends up, worked out without changing anything.
struct Destination {
	enum class Kind : std::uint8_t { Ring, Queue, Busy, Reject };
	Kind kind = Kind::Ring;
	Dn dn;			///< the DN that rings (after forwarding) or the queue
	bool forwarded = false; ///< the dialled extension forwards to dn
	int rejectCode = 0;
};

/// How a new party rings.
struct RingSpec {
	DnRole role = DnRole::Destination;
	CallState callState = CallState::Ok;
	Dn otherDn;
	JoinKind joinKind = JoinKind::Normal;
	Dn addedBy;
	ReferenceId addedByReference = 0;
};

/// Why a party leaves a call.
struct ReleaseCause {
	CallState callState = CallState::Ok;	   ///< on the leaving party's EventReleased
	CallState othersCallState = CallState::Ok; ///< on the EventReleased of a last party left alone
	Dn thirdPartyDn;
	DnRole thirdPartyRole = DnRole::Unknown;
	bool notifyOthers = true; ///< EventPartyDeleted to a conference's remaining members
	/// DeleteFromConference: the members hear of it even when the dropped party was still ringing
	/// (the requester's EventPartyDeleted answers its request).
	bool deleted = false;
	/// ReleaseCall: the party hung up itself (a supervisor hanging up ends its monitoring).
	bool hungUp = false;
};

struct Timer {
	/// AutoAnswer, NoAnswer: a ringing party's; WrapUp: an agent's after-call work ends (dn).
	enum class Kind : std::uint8_t { AutoAnswer, NoAnswer, WrapUp };
	TimeMs due = 0;
	std::uint64_t order = 0; ///< ties broken by arming order
	Kind kind = Kind::AutoAnswer;
	/// The call the party is on (kept up to date when parties move to another call), so that a
	/// timer finds its party without scanning every call.
	ConnId connId;
	std::uint64_t partyToken = 0;
	Dn dn; ///< WrapUp: the agent's DN
};

class SwitchCore
{
public:
	/// Throws std::invalid_argument for an inconsistent config.
	SwitchCore(SwitchConfig config, const Clock &clock, std::uint64_t lastSequence);

	RequestResult apply(const Request &request, ReferenceId referenceId, std::vector<Event> &out);
	void runDueTimers(std::vector<Event> &out);
	std::optional<TimeMs> nextTimerAt() const;
	int setBehaviour(const Dn &dn, DnBehaviour behaviour);
	SwitchState state() const;
	std::uint64_t lastSequence() const { return sequence_; }
	const SwitchConfig &config() const { return config_; }
	const Clock &clock() const { return clock_; }

private:
	/* Set-up (switch_core.cpp). */
	void setUpCalls();
	void setUpAgents();

	/* Events (switch_core.cpp). */
	Event &emit(EventType type, const Dn &thisDn, const Call *call);
	void setOther(Event &event, const Call &call, const Dn &other);
	/// The only other party when there is exactly one (supervisors' observers aside); empty otherwise.
	Dn soleOther(const Call &call, const Dn &self) const;
	void emitError(const Request &request, int code);

	/* Call flow (call_flow.cpp). */
	int resolveDestination(const Dn &dialled, Destination &out) const;
	/// 0 when dest can take a call that does not allow busy/reject (91, reject code).
	static int refusal(const Destination &dest);
	CallType callTypeFor(const Dn &from, const Dn &to) const;
	Party &addParty(Call &call, const Dn &dn, PartyState state, DnRole role);
	/// The party that answers becomes Established (the Dialing side too); supervisors join.
	void answerParty(Call &call, const Dn &dn);
	void ring(Call &call, const Destination &dest, const RingSpec &spec);
	void enqueue(Call &call, const Dn &queue, const Dn &caller);
	void answer(Call &call, const Dn &dn);
	void release(ConnId id, const Dn &dn, const ReleaseCause &cause);
	/// Destroys the call when nobody is left on it, unlinking consult relations.
	void finishIfEmpty(ConnId id);
	void distributeQueued();
	/// The first free agent for a queued call; busy = the DNs on a call in a state other than Held,
	/// extensions = every extension (the candidates of a queue without targets).
	Dn pickAgent(const Call &call, const std::unordered_set<Dn> &busy, const std::vector<Dn> &extensions) const;
	/// DNs on a call in a state other than Held, in one pass over the calls.
	std::unordered_set<Dn> busyDns() const;
	void arm(Timer::Kind kind, TimeMs delay, const Call &call, std::uint64_t partyToken);
	/// Arms the timer that ends dn's wrap-up after delay; returns its order.
	std::uint64_t armWrapUp(TimeMs delay, const Dn &dn);
	/// A WrapUp timer still wanted: its agent is in the wrap-up it was armed for.
	bool wrapUpPending(const Timer &timer) const;
	void fire(const Timer &timer);
	/// The ringing party a timer was armed for, nullptr once it is gone or no longer ringing.
	Party *ringingPartyOf(const Timer &timer, Call *&call);
	/// Parties of call `from` moved to call `to`: their timers follow them.
	void retargetTimers(ConnId from, ConnId to);
	/// Drops the timers whose party is gone or answered (O(timers), not O(calls)).
	void pruneTimers();
	/// Drops idle external numbers once enough have piled up (amortized O(1) per number met).
	void sweepExternals();

	/* Request handlers (call_requests.cpp, conference_requests.cpp, dn_requests.cpp,
	 * user_data_requests.cpp). */
	int handle(const req::MakeCall &r);
	int handle(const req::AnswerCall &r);
	int handle(const req::ReleaseCall &r);
	int handle(const req::ClearCall &r);
	int handle(const req::HoldCall &r);
	int handle(const req::RetrieveCall &r);
	int handle(const req::AlternateCall &r);
	int handle(const req::SetMuteOn &r);
	int handle(const req::SetMuteOff &r);
	int handle(const req::SendDtmf &r);
	int handle(const req::InitiateTransfer &r);
	int handle(const req::InitiateConference &r);
	int handle(const req::CompleteTransfer &r);
	int handle(const req::CompleteConference &r);
	int handle(const req::SingleStepTransfer &r);
	int handle(const req::SingleStepConference &r);
	int handle(const req::DeleteFromConference &r);
	int handle(const req::AttachUserData &r);
	int handle(const req::UpdateUserData &r);
	int handle(const req::DeleteUserData &r);
	int handle(const req::DeleteAllUserData &r);
	int handle(const req::AgentLogin &r);
	int handle(const req::AgentLogout &r);
	int handle(const req::AgentReady &r);
	int handle(const req::AgentNotReady &r);
	int handle(const req::SetDndOn &r);
	int handle(const req::SetDndOff &r);
	int handle(const req::CallForwardSet &r);
	int handle(const req::CallForwardCancel &r);
	int handle(const req::QueryAddress &r);
	int handle(const req::MonitorNextCall &r);
	int handle(const req::CancelMonitoring &r);
	int handle(const req::RedirectCall &r);
	int handle(const req::ReconnectCall &r);
	int handle(const req::MergeCalls &r);
	int handle(const req::SendUserEvent &r);

	/* Supervision (monitoring.cpp). */
	/// Supervisors of the call's Established parties who are on no monitored call join it.
	void joinSupervisors(Call &call);
	void joinAsObserver(Call &call, const Dn &supervisor, const Dn &agent);
	/// Whether supervisor is an observer on some call.
	bool observing(const Dn &supervisor) const;
	/// An observer leaves the call: EventReleased, the parties that heard it are told, and the
	/// monitoring ends for OneCall or when the supervisor hung up.
	void releaseObserver(Call &call, const Dn &supervisor, const ReleaseCause &cause);
	/// Observers with scope Agent that monitor agent leave the call with it.
	void releaseObserversOf(Call &call, const Dn &agent);
	/// After an observer left a call where it monitored agent.
	void observerLeft(const Dn &supervisor, const Dn &agent, bool hungUp);
	/// EventMonitoringCancelled to the supervisor and the agent; both DNs forget the monitoring.
	void endMonitoring(const Dn &supervisor);
	/// EventMonitoringNextCall/Cancelled to the supervisor, then to the agent.
	void announceMonitoring(EventType type, const Dn &supervisor, const MonitoringSnapshot &m);
	/// SetMuteOn/Off on an observer's party: listen-in (mute) or barge-in (connect).
	void switchMonitorMode(Call &call, const Dn &supervisor, bool mute);

	/* Shared validation and commit steps of the handlers. */
	/// The requester's party on the call a request names.
	struct PartyOnCall {
		Call *call = nullptr;
		Party *party = nullptr;
	};
	/// 56 when the call does not exist, 470 when dn is not on it.
	int findParty(ConnId id, const Dn &dn, PartyOnCall &found);
	/// As findParty, then 496 when the party is not in state `required`.
	int findParty(ConnId id, const Dn &dn, PartyState required, PartyOnCall &found);
	/// Both calls of a two-call request (Alternate, Complete*), the requester on each.
	int findParties(const req::TwoCallRequest &r, PartyOnCall &held, PartyOnCall &current);
	/// The checks of a request that brings its destination onto the requester's call (Initiate*,
	/// SingleStep*), in the order their codes are reported: the requester is an established party
	/// of a call that `callReady` accepts (else 496); the destination resolves, is not the requester
	/// (before or after forwarding, 415) and is not on the call yet (93); a queue only where `queues`
	/// accepts one (else 51); the destination does not refuse (busy, reject).
	enum class Queues : std::uint8_t { Accepted, Refused };
	int findNewParty(const req::DestinationRequest &r, bool (*callReady)(const Call &), Queues queues,
			 PartyOnCall &found, Destination &dest);
	/// The destination checks of findNewParty (415, 59, 93, 51, busy, reject) for a party of call.
	int checkDestination(const Call &call, const Dn &requester, const Dn &destination, Queues queues,
			     Destination &dest) const;
	/// Whether the two calls of a completion must be a consult pair (Complete*) or may be any two
	/// calls of the requester (MergeCalls).
	enum class Pairing : std::uint8_t { Consult, Any };
	int completeTransfer(const req::TwoCallRequest &r, Pairing pairing);
	int completeConference(const req::TwoCallRequest &r, Pairing pairing);
	int consult(const req::DestinationRequest &r, bool forTransfer);
	/// Puts a party on hold (or takes it off) and tells it: EventHeld / EventRetrieved.
	void changeHold(Call &call, Party &party, bool hold);
	/// A completion's merge: current's parties (and their timers) join held, which no longer
	/// consults current; current is left empty.
	void merge(Call &held, Call &current);
	int setMute(const req::CallRequest &r, bool on);
	int changeUserData(const Dn &thisDn, ConnId id, const UserData &data, bool attach);
	/// A request's user data added to the call and announced, when it carries any.
	void addUserData(Call &call, const UserData &data, const Dn &requester);
	/// EventAttachedDataChanged to every party, the requester first.
	void announceUserData(Call &call, const Dn &requester);
	/// Makes dn the conference owner when the call never was a conference.
	void markConference(Call &call, const Dn &by);
	/// 51 for a DN that is not an extension, 59 for an unknown one.
	int requireExtension(const Dn &dn, DnState *&state);

	SwitchConfig config_;
	const Clock &clock_;
	DnRegistry dns_;
	CallTable calls_;
	std::vector<ConnId> waiting_; ///< queued calls, oldest first
	std::vector<Timer> timers_;   ///< sorted by (due, order)
	/// Sweep the idle external numbers when this many are remembered.
	std::size_t nextExternalSweep_ = 256;
	std::uint64_t timerOrder_ = 0;
	std::uint64_t sequence_ = 0;

	/* The step in progress. */
	std::vector<Event> *out_ = nullptr;
	RequestResult *result_ = nullptr;
	Dn requester_;
	ReferenceId reference_ = 0;
	bool inRequest_ = false;
};

} /* namespace ctisim::sim */
