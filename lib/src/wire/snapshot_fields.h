/* SPDX-License-Identifier: MIT */
/*
 * The wire descriptions of the snapshots a switch reports: parties, calls, DNs
 * and their monitoring. Events, request results and the state dump carry them.
 *
 * Internal to lib/src/wire.
 */
#pragma once

#include "ctisim/snapshot.h"

namespace ctisim::wire::codec {

template <class V> void fields(V &v, const PartySnapshot *)
{
	using S = PartySnapshot;
	v("dn", &S::dn);
	v("dnType", &S::dnType);
	v("state", &S::state);
	v("role", &S::role);
	v("muted", &S::muted);
	v("joinedAt", &S::joinedAt);
	v("monitorMode", &S::monitorMode);
	v("monitoredDn", &S::monitoredDn);
}

/// What a call is, by the same names in its snapshot and in a configuration's
/// initial call (InitialCall, control_json.cpp).
template <class S, class V> void callFields(V &v)
{
	v("connId", &S::connId);
	v("callUuid", &S::callUuid);
	v("callType", &S::callType);
	v("ani", &S::ani);
	v("dnis", &S::dnis);
	v("userData", &S::userData);
	v("startedAt", &S::startedAt);
	v("parties", &S::parties);
}

template <class V> void fields(V &v, const CallSnapshot *)
{
	using S = CallSnapshot;
	callFields<S>(v);
	v("parentConnId", &S::parentConnId);
	v("consultConnId", &S::consultConnId);
	v("consultForTransfer", &S::consultForTransfer);
	v("conferenceOwner", &S::conferenceOwner);
}

template <class V> void fields(V &v, const MonitoringSnapshot *)
{
	using S = MonitoringSnapshot;
	v("agentDn", &S::agentDn);
	v("type", &S::type);
	v("mode", &S::mode);
	v("scope", &S::scope);
}

template <class V> void fields(V &v, const DnSnapshot *)
{
	using S = DnSnapshot;
	v("dn", &S::dn);
	v("type", &S::type);
	v("agentState", &S::agentState);
	v("workMode", &S::workMode);
	v("agentId", &S::agentId);
	v("dnd", &S::dnd);
	v("forwardTo", &S::forwardTo);
	v("reasons", &S::reasons);
	v("monitoring", &S::monitoring);
	v("monitoredBy", &S::monitoredBy);
}

} /* namespace ctisim::wire::codec */
