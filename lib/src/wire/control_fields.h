/* SPDX-License-Identifier: MIT */
/*
 * The wire descriptions of the SwitchControl vocabulary: control requests and
 * results, the switch configuration a Reset carries and the state dump; the
 * JSON and the binary codec both visit them.
 *
 * Internal to lib/src/wire.
 */
#pragma once

#include "ctisim/switch_config.h"
#include "ctisim/switch_control.h"

#include "snapshot_fields.h"

namespace ctisim::wire::codec {

template <class V> void fields(V &v, const DnBehaviour *)
{
	using S = DnBehaviour;
	v("kind", &S::kind);
	v("answerDelayMs", &S::answerDelayMs);
	v("rejectErrorCode", &S::rejectErrorCode);
}

template <class V> void fields(V &v, const DnConfig *)
{
	using S = DnConfig;
	v("number", &S::number);
	v("type", &S::type);
	v("behaviour", &S::behaviour);
	v("targets", &S::targets);
}

template <class V> void fields(V &v, const InitialParty *)
{
	using S = InitialParty;
	v("dn", &S::dn);
	v("state", &S::state);
	v("muted", &S::muted);
}

template <class V> void fields(V &v, const InitialCall *)
{
	callFields<InitialCall>(v);
}

template <class V> void fields(V &v, const InitialAgent *)
{
	using S = InitialAgent;
	v("dn", &S::dn);
	v("agentId", &S::agentId);
	v("state", &S::state);
	v("workMode", &S::workMode);
	v("reasons", &S::reasons);
}

template <class V> void fields(V &v, const SwitchConfig *)
{
	using S = SwitchConfig;
	v("seed", &S::seed);
	v("dns", &S::dns);
	v("unknownNumbersAreExternal", &S::unknownNumbersAreExternal);
	v("externalBehaviour", &S::externalBehaviour);
	v("calls", &S::calls);
	v("agents", &S::agents);
}

template <class V> void fields(V &v, const SwitchState *)
{
	using S = SwitchState;
	v("now", &S::now);
	v("virtualClock", &S::virtualClock);
	v("lastEventSequence", &S::lastEventSequence);
	v("dns", &S::dns);
	v("calls", &S::calls);
}

template <class V> void fields(V &v, const ControlResult *)
{
	using S = ControlResult;
	v("errorCode", &S::errorCode);
	v("errorMessage", &S::errorMessage);
	v("state", &S::state);
}

template <class V> void fields(V &v, const ctl::Reset *)
{
	v("config", &ctl::Reset::config);
}

template <class V> void fields(V &v, const ctl::SetBehaviour *)
{
	v("dn", &ctl::SetBehaviour::dn);
	v("behaviour", &ctl::SetBehaviour::behaviour);
}

template <class V> void fields(V &v, const ctl::SetClock *)
{
	v("now", &ctl::SetClock::now);
}

template <class V> void fields(V &v, const ctl::AdvanceClock *)
{
	v("deltaMs", &ctl::AdvanceClock::deltaMs);
}

template <class V> void fields(V &, const ctl::DumpState *)
{
}

} /* namespace ctisim::wire::codec */
