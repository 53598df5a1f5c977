/* SPDX-License-Identifier: MIT */
/*
 * The wire codec of the SwitchControl vocabulary: control requests and results,
 * the switch configuration a Reset carries and the state dump.
 */
#include "ctisim/wire/backend_json.h"

#include "codec.h"
#include "snapshot_fields.h"

namespace ctisim::wire {

namespace codec {

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

} /* namespace codec */

using namespace codec;

const char *controlName(const ControlRequest &request)
{
	static constexpr const char *names[] = {"Reset", "SetBehaviour", "SetClock", "AdvanceClock", "DumpState"};
	static_assert(std::size(names) == std::variant_size_v<ControlRequest>);
	return names[request.index()];
}

void writeControlRequest(json::Writer &w, const ControlRequest &request)
{
	w.StartObject();
	w.UnescapedString("control", 7);
	json::writeString(w, controlName(request));
	std::visit([&w](const auto &r) { writeMembers(w, r); }, request);
	w.EndObject();
}

void writeControlResult(json::Writer &w, const ControlResult &result)
{
	writeValue(w, result);
}

void writeSwitchState(json::Writer &w, const SwitchState &state)
{
	writeValue(w, state);
}

void writeSwitchStateMembers(json::Writer &w, const SwitchState &state, Fields which)
{
	writeMembers(w, state, which);
}

void writeSwitchConfig(json::Writer &w, const SwitchConfig &config)
{
	writeValue(w, config);
}

std::string toJson(const ControlRequest &request)
{
	return writeToString([&](json::Writer &w) { writeControlRequest(w, request); });
}

std::string toJson(const ControlResult &result)
{
	return writeToString([&](json::Writer &w) { writeControlResult(w, result); });
}

std::string toJson(const SwitchState &state)
{
	return writeToString([&](json::Writer &w) { writeSwitchState(w, state); });
}

std::optional<ControlRequest> controlRequestFromJson(const Value &json, std::string *error)
{
	return readVariant<ControlRequest>(json, "control", controlName, error);
}

std::optional<ControlResult> controlResultFromJson(const Value &json, std::string *error)
{
	return readTop<ControlResult>(json, error);
}

std::optional<SwitchState> switchStateFromJson(const Value &json, std::string *error)
{
	return readTop<SwitchState>(json, error);
}

std::optional<SwitchConfig> switchConfigFromJson(const Value &json, std::string *error)
{
	return readTop<SwitchConfig>(json, error);
}

} /* namespace ctisim::wire */
