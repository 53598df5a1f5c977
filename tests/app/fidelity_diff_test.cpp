/* SPDX-License-Identifier: MIT */
/*
 * The fidelity diff: every difference, one per key, capability or
 * notification, by kind; placeholders as the matcher reads them; the
 * documented deviations recognised.
 */
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include "ctisim/app/fidelity_diff.h"

namespace {

using ctisim::app::Difference;
using ctisim::app::DiffKind;

rapidjson::Document parse(const char *text)
{
	rapidjson::Document doc;
	doc.Parse(text);
	REQUIRE_FALSE(doc.HasParseError());
	return doc;
}

std::vector<Difference> diff(const char *expected, const char *actual)
{
	ctisim::scenario::Captures captures;
	std::vector<Difference> out;
	ctisim::app::diffJson(parse(expected), parse(actual), captures, out);
	return out;
}

/// "kind change path [element]"
std::vector<std::string> lines(const std::vector<Difference> &list)
{
	std::vector<std::string> out;
	for (const Difference &d : list)
		out.push_back(std::string(ctisim::app::diffKindName(d.kind)) + " " + d.change + " " + d.path +
			      (d.element.empty() ? "" : " " + d.element));
	return out;
}

} /* namespace */

TEST_CASE("fidelity diff: equal values have no difference, placeholders match as the matcher says")
{
	CHECK(diff(R"({"a":1,"b":[1,2],"c":{"d":"x"}})", R"({"a":1,"b":[1,2],"c":{"d":"x"}})").empty());
	CHECK(diff(R"({"duration":{"$regex":"^[0-9]+$"},"n":{"$any":"number"}})", R"({"duration":"52","n":3})")
		      .empty());
	CHECK(lines(diff(R"({"duration":{"$regex":"^[0-9]+$"}})", R"({"duration":"x"})")) ==
	      std::vector<std::string>{"value differs $.duration"});
	/* A $literal object is compared as it is, keys and order included. */
	CHECK(lines(diff(R"({"$literal":{"$x":1,"y":2}})", R"({"y":2,"$x":1})")) ==
	      std::vector<std::string>{"order order $"});
}

TEST_CASE("fidelity diff: every key missing, extra, of another type or value, and the key order")
{
	auto found =
		lines(diff(R"({"a":1,"b":"x","c":true,"d":{"e":1}})", R"({"d":{"e":2},"b":"y","c":"true","z":0})"));
	CHECK(found == std::vector<std::string>{"shape missing $.a", "value differs $.b", "shape type $.c",
						"value differs $.d.e", "shape extra $.z", "order order $"});
}

TEST_CASE("fidelity diff: capabilities as a set, each one, then in order")
{
	CHECK(lines(diff(R"({"capabilities":["Answer","Hangup","Hold"]})",
			 R"({"capabilities":["Hold","Answer","MuteCall"]})")) ==
	      std::vector<std::string>{"value missing $.capabilities Hangup", "value extra $.capabilities MuteCall",
				       "order order $.capabilities"});
	/* Other arrays element by element, then their length. */
	CHECK(lines(diff(R"({"list":[1,2,3]})", R"({"list":[1,5]})")) ==
	      std::vector<std::string>{"value differs $.list[1]", "shape missing $.list"});
}

TEST_CASE("fidelity diff: notifications paired by channel and type; missing, extra, out of order")
{
	auto expected = parse(R"([
		{"channel":"/v2/me/calls","data":{"messageType":"CallStateChangeMessage","notificationType":"StatusChange","call":{"state":"Dialing"}}},
		{"channel":"/v2/me/devices","data":{"messageType":"DeviceStateChangeMessage"}},
		{"channel":"/v2/me/calls","data":{"messageType":"CallStateChangeMessage","notificationType":"ParticipantsUpdated"}}
	])");
	std::vector<rapidjson::Document> received;
	received.push_back(parse(R"({"data":{"messageType":"DeviceStateChangeMessage"},"channel":"/v2/me/devices"})"));
	received.push_back(parse(
		R"({"data":{"messageType":"CallStateChangeMessage","notificationType":"StatusChange","call":{"state":"Ringing"}},"channel":"/v2/me/calls"})"));
	received.push_back(
		parse(R"({"data":{"messageType":"ChannelStateChangeMessage"},"channel":"/v2/me/channels"})"));
	ctisim::scenario::Captures captures;
	std::vector<Difference> out;
	ctisim::app::diffNotifications(expected, received, captures, "$", out);
	/* The envelope's own key order ("data" first here) is not a difference. */
	CHECK(lines(out) == std::vector<std::string>{
				    "missing missing $[2] ParticipantsUpdated on /v2/me/calls",
				    "missing extra $ (received #3) ChannelStateChangeMessage on /v2/me/channels",
				    "order order $",
				    "value differs $[0].data.call.state",
			    });
}

TEST_CASE("fidelity diff: a lost notification is paired by call state, not by position")
{
	auto expected = parse(R"([
		{"channel":"/v2/me/calls","data":{"messageType":"CallStateChangeMessage","notificationType":"StatusChange","call":{"state":"Dialing"}}},
		{"channel":"/v2/me/calls","data":{"messageType":"CallStateChangeMessage","notificationType":"StatusChange","call":{"state":"Established"}}}
	])");
	std::vector<rapidjson::Document> received;
	received.push_back(parse(
		R"({"channel":"/v2/me/calls","data":{"messageType":"CallStateChangeMessage","notificationType":"StatusChange","call":{"state":"Established"}}})"));
	ctisim::scenario::Captures captures;
	std::vector<Difference> out;
	ctisim::app::diffNotifications(expected, received, captures, "$", out);
	CHECK(lines(out) == std::vector<std::string>{"missing missing $[0] StatusChange on /v2/me/calls"});
}

TEST_CASE("fidelity diff: the documented deviations are recognised, and only they")
{
	auto found = diff(R"({"call":{"recordingState":"Stopped","state":"Established","capabilities":["Hold"]}})",
			  R"({"call":{"state":"Held","capabilities":["Hold","MuteCall","Answer"]}})");
	ctisim::app::markDeliberate(found, ctisim::app::documentedDeviations());
	std::vector<std::string> deliberate;
	for (const Difference &d : found)
		deliberate.push_back(d.path + (d.element.empty() ? "" : " " + d.element) + " -> " + d.deliberate);
	CHECK(deliberate == std::vector<std::string>{"$.call.recordingState -> no-recording-state", "$.call.state -> ",
						     "$.call.capabilities MuteCall -> mute-call-listed",
						     "$.call.capabilities Answer -> "});

	std::vector<ctisim::app::Deviation> parsed;
	CHECK(ctisim::app::parseDeviations(
		      R"({"deviations":[{"id":"x","kind":"sideways","change":"missing","doc":"d"}]})", parsed)
		      .has_value());
	CHECK(ctisim::app::parseDeviations("[]", parsed).has_value());
}
