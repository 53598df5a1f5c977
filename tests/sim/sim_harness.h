/* SPDX-License-Identifier: MIT */
/*
 * Test harness for the switch core: a SimSwitch on a VirtualClock that runs each
 * request the way SimBackend does (apply, then timers already due), a small
 * configuration like the seed's, and compact renderings of events for assertions.
 */
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

/* doctest's stringification finds ctisim::toString() by ADL, which returns const char *
 * for the vocabulary's enums; stringifying twice turns that into doctest's String. This
 * header must therefore be the first to include doctest. */
#ifndef DOCTEST_CONFIG_DOUBLE_STRINGIFY
#define DOCTEST_CONFIG_DOUBLE_STRINGIFY
#endif
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "ctisim/clock.h"
#include "ctisim/sim/sim_switch.h"
#include "ctisim/tserver_error.h"

namespace ctisim {

/* Readable doctest messages for ids (enums print through ctisim::toString, see above). */
inline std::ostream &operator<<(std::ostream &os, ConnId v)
{
	return os << v.str();
}

} /* namespace ctisim */

namespace doctest {

template <typename T> struct StringMaker<std::optional<T>> {
	static String convert(const std::optional<T> &v) { return v ? StringMaker<T>::convert(*v) : String("nullopt"); }
};

template <> struct StringMaker<std::vector<std::string>> {
	static String convert(const std::vector<std::string> &v)
	{
		std::string out = "[";
		for (const std::string &s : v)
			out += "\"" + s + "\", ";
		return String((out + "]").c_str());
	}
};

} /* namespace doctest */

namespace ctisim::test {

inline constexpr TimeMs startTime = 1'700'000'000'000;
inline const ConnId seedConnId(0x0071027198180007ULL);
inline const std::string seedCallUuid = "01RCC3N118B1V0SL8O7GK2LAES000007";

inline DnConfig extension(const Dn &number, DnBehaviour behaviour = {})
{
	DnConfig dn;
	dn.number = number;
	dn.type = DnType::Extension;
	dn.behaviour = behaviour;
	return dn;
}

inline DnBehaviour behaviour(DnBehaviour::Kind kind, TimeMs delay = 0)
{
	DnBehaviour b;
	b.kind = kind;
	b.answerDelayMs = delay;
	return b;
}

/// 15000, 15001 (agents logged in, NotReady), 15002..15004 (no agent, answer at once),
/// queue 7000 (targets 15000, 15001), routing point 7100 (every extension).
inline SwitchConfig baseConfig()
{
	SwitchConfig config;
	config.seed = 42;
	for (const char *number : {"15000", "15001", "15002", "15003", "15004"})
		config.dns.push_back(extension(number));
	DnConfig queue;
	queue.number = "7000";
	queue.type = DnType::AcdQueue;
	queue.targets = {"15000", "15001"};
	config.dns.push_back(queue);
	DnConfig rp;
	rp.number = "7100";
	rp.type = DnType::RoutingPoint;
	config.dns.push_back(rp);
	config.agents.push_back({"15000", "agent0", AgentState::NotReady, WorkMode::Unknown});
	config.agents.push_back({"15001", "agent1", AgentState::NotReady, WorkMode::Unknown});
	return config;
}

/// baseConfig() plus the seed's call: 15000 (originator) and 15001, Established, Internal.
inline SwitchConfig seedConfig(UserData userData = {})
{
	SwitchConfig config = baseConfig();
	InitialCall call;
	call.connId = seedConnId;
	call.callUuid = seedCallUuid;
	call.callType = CallType::Internal;
	call.dnis = "15001";
	call.userData = std::move(userData);
	call.startedAt = startTime - 52'000;
	call.parties = {{"15000", PartyState::Established, false}, {"15001", PartyState::Established, false}};
	config.calls.push_back(call);
	return config;
}

class Harness
{
public:
	explicit Harness(SwitchConfig config = baseConfig()) : clock(startTime), sim(std::move(config), clock) {}

	/// Applies request as SimBackend does; events holds what this step produced.
	RequestResult apply(const Request &request)
	{
		events.clear();
		result = sim.apply(request, nextReference++, events);
		sim.runDueTimers(events);
		return result;
	}

	/// Advances the virtual clock through the timers, like SimBackend's AdvanceClock.
	void advance(TimeMs delta)
	{
		events.clear();
		TimeMs target = clock.now() + delta;
		for (auto next = sim.nextTimerAt(); next && *next <= target; next = sim.nextTimerAt()) {
			if (*next > clock.now())
				clock.set(*next);
			sim.runDueTimers(events);
		}
		clock.set(target);
	}

	/// The ConnId of the call MakeCall (etc.) just created.
	ConnId made() const { return result.newConnId; }
	ReferenceId lastReference() const { return nextReference - 1; }

	VirtualClock clock;
	sim::SimSwitch sim;
	std::vector<Event> events;
	RequestResult result;
	ReferenceId nextReference = 1;
};

/// "EventRinging 15002" for each event.
inline std::vector<std::string> brief(const std::vector<Event> &events)
{
	std::vector<std::string> out;
	for (const Event &e : events)
		out.push_back(fmt::format("{} {}", toString(e.type), e.thisDn));
	return out;
}

/// The DNs of a snapshot's parties, in snapshot order (newest first).
inline std::vector<Dn> partyDns(const CallSnapshotPtr &call)
{
	std::vector<Dn> out;
	if (call) {
		for (const PartySnapshot &p : call->parties)
			out.push_back(p.dn);
	}
	return out;
}

inline std::string render(const UserData &data)
{
	std::string out = "{";
	for (const UserDataPair &pair : data.pairs()) {
		out += pair.key + "=";
		if (const auto *s = std::get_if<std::string>(&pair.value))
			out += "\"" + *s + "\"";
		else
			out += std::to_string(std::get<std::int64_t>(pair.value));
		out += ";";
	}
	return out + "}";
}

inline std::string render(const CallSnapshot &c)
{
	std::string out =
		fmt::format("call {} {} {} ani={} dnis={} ud={} start={} parent={} consult={} ft={} owner={} [",
			    c.connId.str(), c.callUuid, toString(c.callType), c.ani, c.dnis, render(c.userData),
			    c.startedAt, c.parentConnId ? c.parentConnId->str() : "-",
			    c.consultConnId ? c.consultConnId->str() : "-", c.consultForTransfer, c.conferenceOwner);
	for (const PartySnapshot &p : c.parties)
		out += fmt::format("{}:{}:{}:{}:{}:{} ", p.dn, toString(p.dnType), toString(p.state), toString(p.role),
				   p.muted, p.joinedAt);
	return out + "]";
}

inline std::string render(const DnSnapshot &d)
{
	return fmt::format("dn {} {} {} {} {} dnd={} fwd={} reasons={}", d.dn, toString(d.type), toString(d.agentState),
			   toString(d.workMode), d.agentId, d.dnd, d.forwardTo, render(d.reasons));
}

/// Every field of an event, snapshots included.
inline std::string render(const Event &e)
{
	return fmt::format("{} ref={} seq={} t={} this={}/{} other={}/{} third={}/{} conn={} prev={} {} {} digits={} "
			   "err={} '{}' {} ext={} reasons={} | {} | {}",
			   toString(e.type), e.referenceId, e.sequence, e.time, e.thisDn, toString(e.thisDnRole),
			   e.otherDn, toString(e.otherDnRole), e.thirdPartyDn, toString(e.thirdPartyDnRole),
			   e.connId.str(), e.previousConnId ? e.previousConnId->str() : "-", toString(e.callState),
			   toString(e.callType), e.digits, e.errorCode, e.errorMessage, e.failedRequest,
			   render(e.extensions), render(e.reasons), e.call ? render(*e.call) : "-",
			   e.dn ? render(*e.dn) : "-");
}

/// The state without the event sequence (an error event moves it, nothing else may change).
inline std::string renderState(const SwitchState &s)
{
	std::string out;
	for (const DnSnapshot &d : s.dns)
		out += render(d) + "\n";
	for (const CallSnapshot &c : s.calls)
		out += render(c) + "\n";
	return out;
}

/// Applies a request that must fail with code: exactly one EventError to the sender,
/// carrying the ReferenceID, and no DN or call changed.
inline Event checkFails(Harness &h, const Request &request, int code)
{
	std::string before = renderState(h.sim.state());
	RequestResult result = h.apply(request);
	CHECK(result.errorCode == code);
	CHECK(result.errorMessage == terrText(code));
	CHECK(result.referenceId == h.lastReference());
	REQUIRE(h.events.size() == 1);
	const Event &e = h.events[0];
	CHECK(e.type == EventType::Error);
	CHECK(e.thisDn == requestDn(request));
	CHECK(e.errorCode == code);
	CHECK(e.errorMessage == terrText(code));
	CHECK(e.referenceId == h.lastReference());
	CHECK(e.failedRequest == requestName(request));
	CHECK(renderState(h.sim.state()) == before);
	return e;
}

/// The party state of dn in a snapshot, or Released when it is not on the call.
inline PartyState stateOf(const CallSnapshotPtr &call, const Dn &dn)
{
	const PartySnapshot *p = call ? call->party(dn) : nullptr;
	return p ? p->state : PartyState::Released;
}

} /* namespace ctisim::test */
