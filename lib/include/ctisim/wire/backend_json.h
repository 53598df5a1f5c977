/* SPDX-License-Identifier: MIT */
/*
 * JSON codec for the Backend vocabulary: requests, their results, events with
 * their call and DN snapshots, and the SwitchControl requests and results. Used
 * by the journal (what was asked and reported) and by links that carry the
 * Backend interface to another process. docs/switch-protocol.md and
 * docs/control-api.md show the shapes.
 *
 * Field names are camelCase and stable; enums are their tlib/GWS spellings
 * ("EventRinging", "RoleDestination", "CallStateOk", "AgentManualIn"); requests
 * are named by requestName() ("RequestMakeCall"), control requests by their
 * type ("Reset", "AdvanceClock"). A field at its default value (empty string,
 * zero, false, null ConnId, no snapshot) may be left out by the writer and is
 * read back as that default. ConnIds are 16 hex digits; user data is an object
 * whose member order (and duplicate keys) is kept.
 *
 * Decoding never trusts its input: a wrong type, an unknown kind or enum
 * spelling or an out-of-range number gives nullopt and a message naming the
 * field ("call.parties[1].state: unknown value \"Talking\""). Unknown members
 * are ignored, so that newer writers can add fields.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "ctisim/backend.h"
#include "ctisim/event.h"
#include "ctisim/json/write.h"
#include "ctisim/request.h"
#include "ctisim/snapshot.h"
#include "ctisim/switch_control.h"

namespace ctisim::wire {

/// "Reset", "SetBehaviour", "SetClock", "AdvanceClock", "DumpState" (the ctl:: type names).
const char *controlName(const ControlRequest &request);

/* Writers: each writes one JSON object at the writer's current position. */

/// {"request":"RequestMakeCall","thisDn":"15000","destination":"15001",...}
void writeRequest(json::Writer &w, const Request &request);
/// {"referenceId":3,"errorCode":0,"newConnId":"...","dn":{...},"calls":[...]}
void writeRequestResult(json::Writer &w, const RequestResult &result);
/// {"event":"EventRinging","sequence":7,"time":...,"thisDn":"15001","connId":"...","call":{...},...}
void writeEvent(json::Writer &w, const Event &event);
void writeCallSnapshot(json::Writer &w, const CallSnapshot &call);
void writeDnSnapshot(json::Writer &w, const DnSnapshot &dn);
/// {"control":"AdvanceClock","deltaMs":1000}; Reset carries "config" (a SwitchConfig).
void writeControlRequest(json::Writer &w, const ControlRequest &request);
/// {"errorCode":0,"errorMessage":"","state":{...}}
void writeControlResult(json::Writer &w, const ControlResult &result);
/// {"now":...,"virtualClock":true,"dns":[...],"calls":[...],"lastEventSequence":n}
void writeSwitchState(json::Writer &w, const SwitchState &state);
/// Which fields a writer writes: the link and the journal leave out those at
/// their default; a state dump for people (GET /sim/v1/state) writes them all.
enum class Fields { LeaveOutDefaults, All };
/// writeSwitchState's members without the braces, for a reply that adds its own.
void writeSwitchStateMembers(json::Writer &w, const SwitchState &state, Fields which);
void writeSwitchConfig(json::Writer &w, const SwitchConfig &config);

/* Convenience: the same as one compact JSON text. */

std::string toJson(const Request &request);
std::string toJson(const RequestResult &result);
std::string toJson(const Event &event);
std::string toJson(const ControlRequest &request);
std::string toJson(const ControlResult &result);
std::string toJson(const SwitchState &state);

/* Readers: nullopt and *error (when given) set on any malformed input. */

std::optional<Request> requestFromJson(const rapidjson::Value &json, std::string *error = nullptr);
std::optional<RequestResult> requestResultFromJson(const rapidjson::Value &json, std::string *error = nullptr);
std::optional<Event> eventFromJson(const rapidjson::Value &json, std::string *error = nullptr);
std::optional<CallSnapshot> callSnapshotFromJson(const rapidjson::Value &json, std::string *error = nullptr);
std::optional<DnSnapshot> dnSnapshotFromJson(const rapidjson::Value &json, std::string *error = nullptr);
std::optional<ControlRequest> controlRequestFromJson(const rapidjson::Value &json, std::string *error = nullptr);
std::optional<ControlResult> controlResultFromJson(const rapidjson::Value &json, std::string *error = nullptr);
std::optional<SwitchState> switchStateFromJson(const rapidjson::Value &json, std::string *error = nullptr);
std::optional<SwitchConfig> switchConfigFromJson(const rapidjson::Value &json, std::string *error = nullptr);

} /* namespace ctisim::wire */
