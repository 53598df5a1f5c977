/* SPDX-License-Identifier: MIT */
/*
 * LinkMessage to and from JSON text.
 */
#include "ctisim/wire/link_message.h"

#include <array>
#include <utility>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "ctisim/json/parse.h"
#include "ctisim/json/value.h"
#include "ctisim/wire/frame.h"

namespace ctisim::wire {

namespace {

constexpr std::array<std::pair<LinkMessageType, const char *>, 13> typeNames{{
	{LinkMessageType::Hello, "hello"},
	{LinkMessageType::Welcome, "welcome"},
	{LinkMessageType::Refused, "refused"},
	{LinkMessageType::Heartbeat, "heartbeat"},
	{LinkMessageType::Submit, "submit"},
	{LinkMessageType::Result, "result"},
	{LinkMessageType::Subscribe, "subscribe"},
	{LinkMessageType::Unsubscribe, "unsubscribe"},
	{LinkMessageType::Event, "event"},
	{LinkMessageType::Control, "control"},
	{LinkMessageType::ControlResult, "controlResult"},
	{LinkMessageType::SwitchReset, "switchReset"},
	{LinkMessageType::Clock, "clock"},
}};

/// nullopt, with why in *error when the caller asked.
std::optional<LinkMessage> refuse(std::string *error, std::string why)
{
	if (error != nullptr)
		*error = std::move(why);
	return std::nullopt;
}

bool hasBody(LinkMessageType type)
{
	switch (type) {
	case LinkMessageType::Submit:
	case LinkMessageType::Result:
	case LinkMessageType::Event:
	case LinkMessageType::Control:
	case LinkMessageType::ControlResult:
	case LinkMessageType::Clock: return true;
	default: return false;
	}
}

std::string textOf(const rapidjson::Value &value)
{
	rapidjson::StringBuffer buffer;
	rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
	value.Accept(writer);
	return std::string(buffer.GetString(), buffer.GetSize());
}

} /* namespace */

std::string unsupportedVersion(int peerVersion)
{
	return "switch link protocol " + std::to_string(peerVersion) + " is not supported: this ctisim speaks " +
	       std::to_string(linkProtocolVersion) + "; run the same ctisim version on both ends";
}

const char *toString(LinkMessageType type)
{
	for (const auto &[t, name] : typeNames)
		if (t == type)
			return name;
	return "unknown";
}

namespace {

/// Appends the payload of message to out.
void appendLinkMessage(std::string &out, const LinkMessage &message)
{
	rapidjson::StringBuffer buffer;
	rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
	w.StartObject();
	w.Key("type");
	w.String(toString(message.type));
	if (message.id != 0) {
		w.Key("id");
		w.Uint64(message.id);
	}
	switch (message.type) {
	case LinkMessageType::Hello:
		w.Key("protocol");
		w.String(message.protocol.c_str(), static_cast<rapidjson::SizeType>(message.protocol.size()));
		if (!message.token.empty()) {
			w.Key("token");
			w.String(message.token.c_str(), static_cast<rapidjson::SizeType>(message.token.size()));
		}
		[[fallthrough]];
	case LinkMessageType::Welcome:
		w.Key("version");
		w.Int(message.version);
		w.Key("heartbeatMs");
		w.Uint(message.heartbeatMs);
		break;
	case LinkMessageType::Refused:
		w.Key("reason");
		w.String(message.reason.c_str(), static_cast<rapidjson::SizeType>(message.reason.size()));
		break;
	case LinkMessageType::Subscribe:
		if (message.dn) {
			w.Key("dn");
			w.String(message.dn->c_str(), static_cast<rapidjson::SizeType>(message.dn->size()));
		}
		break;
	default: break;
	}
	w.EndObject();
	std::string_view envelope(buffer.GetString(), buffer.GetSize());
	if (!hasBody(message.type)) {
		out += envelope;
		return;
	}
	/* Appended, not through Writer::RawValue, which copies the (often large) body one
	 * character at a time: the switch's hottest function when events flow. */
	const std::string_view body = message.body.empty() ? std::string_view("null") : message.body;
	envelope.remove_suffix(1); /* the object's closing brace */
	out.reserve(out.size() + envelope.size() + body.size() + 10);
	out += envelope;
	out += R"(,"body":)";
	out += body;
	out += '}';
}

} /* namespace */

std::string encodeLinkMessage(const LinkMessage &message)
{
	std::string text;
	appendLinkMessage(text, message);
	return text;
}

std::string encodeLinkFrame(const LinkMessage &message)
{
	std::string frame(4, '\0');
	appendLinkMessage(frame, message);
	writeFrameLength(frame.data(), frame.size() - 4);
	return frame;
}

std::optional<LinkMessage> decodeLinkMessage(std::string_view payload, std::string *error)
{
	rapidjson::Document doc;
	const rapidjson::Value *body = nullptr;
	std::optional<LinkMessage> message = decodeLinkMessage(payload, doc, body, error);
	if (message && body)
		message->body = textOf(*body);
	return message;
}

std::optional<LinkMessage> decodeLinkMessage(std::string_view payload, rapidjson::Document &doc,
					     const rapidjson::Value *&body, std::string *error)
{
	body = nullptr;
	/* The frame decoder has capped the payload's size already. */
	if (auto parseError = json::parse(payload, doc, {.maxBytes = maxFramePayload}))
		return refuse(error, "not JSON: " + parseError->str());
	if (!doc.IsObject())
		return refuse(error, "not a JSON object");
	/* One pass over the members (a FindMember for each possible member was 3 % of a
	 * front end's instructions); of a duplicated member the first counts. */
	const rapidjson::Value *type = nullptr, *id = nullptr, *protocol = nullptr, *version = nullptr,
			       *heartbeatMs = nullptr, *dn = nullptr, *token = nullptr, *reason = nullptr,
			       *ignored = nullptr;
	for (const auto &member : doc.GetObject()) {
		const std::string_view name = json::str(member.name);
		const rapidjson::Value *&slot = name == "type"		? type
						: name == "id"		? id
						: name == "body"	? body
						: name == "protocol"	? protocol
						: name == "version"	? version
						: name == "heartbeatMs" ? heartbeatMs
						: name == "dn"		? dn
						: name == "token"	? token
						: name == "reason"	? reason
									: ignored;
		if (slot == nullptr)
			slot = &member.value;
	}
	if (type == nullptr || !type->IsString())
		return refuse(error, "no \"type\"");
	LinkMessage message;
	bool known = false;
	for (const auto &[t, name] : typeNames)
		if (json::str(*type) == name) {
			message.type = t;
			known = true;
		}
	if (!known)
		return refuse(error, std::string("unknown type \"") + type->GetString() + "\"");
	if (id != nullptr) {
		if (!id->IsUint64())
			return refuse(error, "\"id\" is not a whole number");
		message.id = id->GetUint64();
	}
	if (protocol != nullptr && protocol->IsString())
		message.protocol = json::str(*protocol);
	if (version != nullptr && version->IsInt())
		message.version = version->GetInt();
	if (heartbeatMs != nullptr && heartbeatMs->IsUint())
		message.heartbeatMs = heartbeatMs->GetUint();
	if (dn != nullptr && dn->IsString())
		message.dn = std::string(json::str(*dn));
	if (token != nullptr && token->IsString())
		message.token = json::str(*token);
	if (reason != nullptr && reason->IsString())
		message.reason = json::str(*reason);
	if (hasBody(message.type)) {
		if (body == nullptr)
			return refuse(error, std::string("\"") + toString(message.type) + "\" without \"body\"");
	} else {
		body = nullptr;
	}
	if ((message.type == LinkMessageType::Submit || message.type == LinkMessageType::Result ||
	     message.type == LinkMessageType::Control || message.type == LinkMessageType::ControlResult ||
	     message.type == LinkMessageType::Subscribe || message.type == LinkMessageType::Unsubscribe ||
	     message.type == LinkMessageType::Event) &&
	    message.id == 0)
		return refuse(error, std::string("\"") + toString(message.type) + "\" without \"id\"");
	return message;
}

} /* namespace ctisim::wire */
