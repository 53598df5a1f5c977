/* SPDX-License-Identifier: MIT */
/*
 * The wire codec of the events a switch reports ({"event":"EventRinging",...})
 * and of the call and DN snapshots they carry.
 */
#include "ctisim/wire/backend_json.h"

#include "codec.h"
#include "event_fields.h"

namespace ctisim::wire {

using namespace codec;

void writeEvent(json::Writer &w, const Event &event)
{
	w.StartObject();
	w.UnescapedString("event", 5);
	json::writeString(w, toString(event.type));
	writeMembers(w, event);
	w.EndObject();
}

void writeCallSnapshot(json::Writer &w, const CallSnapshot &call)
{
	writeValue(w, call);
}

void writeDnSnapshot(json::Writer &w, const DnSnapshot &dn)
{
	writeValue(w, dn);
}

std::string toJson(const Event &event)
{
	return writeToString([&](json::Writer &w) { writeEvent(w, event); });
}

std::optional<Event> eventFromJson(const Value &json, std::string *error)
{
	Reader r(error);
	if (!json.IsObject()) {
		r.fail("expected an object");
		return std::nullopt;
	}
	Event event;
	auto type = json.FindMember("event");
	if (type == json.MemberEnd()) {
		r.fail("\"event\" is required (\"EventRinging\", ...)");
		return std::nullopt;
	}
	r.push("event");
	bool typeRead = readValue(r, type->value, event.type);
	r.pop();
	if (!typeRead || !readMembers(r, json, event))
		return std::nullopt;
	return event;
}

std::optional<CallSnapshot> callSnapshotFromJson(const Value &json, std::string *error)
{
	return readTop<CallSnapshot>(json, error);
}

std::optional<DnSnapshot> dnSnapshotFromJson(const Value &json, std::string *error)
{
	return readTop<DnSnapshot>(json, error);
}

} /* namespace ctisim::wire */
