/* SPDX-License-Identifier: MIT */
/*
 * The wire codec of the SwitchControl vocabulary: control requests and results,
 * the switch configuration a Reset carries and the state dump.
 */
#include "ctisim/wire/backend_json.h"

#include "codec.h"
#include "control_fields.h"

namespace ctisim::wire {

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
