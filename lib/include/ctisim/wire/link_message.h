/* SPDX-License-Identifier: MIT */
/*
 * LinkMessage: the JSON envelope of the switch link's handshake (see
 * docs/switch-protocol.md): hello, welcome, refused, and heartbeats. JSON so
 * that a peer of any version reads why it is refused; every other message is
 * binary since protocol 3 (link_binary.h). The JSON forms of the other types
 * (a `body` of Backend JSON) remain for tests and tools that look at version 2
 * traffic.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace ctisim::wire {

/// Bumped on any change a peer of the previous version would misread.
/// 2: events may leave their call out (the call the link sent last).
/// 3: every frame after the handshake is binary (link_binary.h).
inline constexpr int linkProtocolVersion = 3;
/// Sent in the hello, so that a stray client (HTTP, another protocol) is refused clearly.
inline constexpr const char *linkProtocolName = "ctisim-switch";

enum class LinkMessageType {
	Hello,	       ///< client → switch: protocol, version, heartbeatMs
	Welcome,       ///< switch → client: version, heartbeatMs (the one both use)
	Refused,       ///< switch → client, then close: reason
	Heartbeat,     ///< both ways, every heartbeatMs
	Submit,	       ///< client → switch: id, body = Request
	Result,	       ///< switch → client: id, body = RequestResult
	Subscribe,     ///< client → switch: id (chosen by the client), dn (absent = every DN)
	Unsubscribe,   ///< client → switch: id
	Event,	       ///< switch → client: id (the subscription), body = Event
	Control,       ///< client → switch: id, body = ControlRequest
	ControlResult, ///< switch → client: id, body = ControlResult
	SwitchReset,   ///< switch → every other client: another front end reset the switch
	Clock,	       ///< switch → every other client: body = {"now", "virtualClock"} after a clock move
};

/// Why a peer of another version is refused, naming both versions (either end says it).
std::string unsupportedVersion(int peerVersion);

/// "hello", "welcome", ... (the "type" member on the wire).
const char *toString(LinkMessageType type);

struct LinkMessage {
	LinkMessageType type = LinkMessageType::Heartbeat;
	/// Correlation id (Submit/Result, Control/ControlResult) or subscription id
	/// (Subscribe/Unsubscribe/Event); 0 when unused.
	std::uint64_t id = 0;
	/// Hello/Welcome.
	std::string protocol;
	int version = 0;
	std::uint32_t heartbeatMs = 0;
	/// Hello: the switch's shared secret (--link-token), sent only when set.
	std::string token;
	/// Subscribe: the DN, or nullopt for every DN.
	std::optional<std::string> dn;
	/// Refused.
	std::string reason;
	/// Submit/Result/Event/Control/ControlResult/Clock: one JSON value, as text.
	std::string body;
};

/// The frame payload (compact JSON). body must be valid JSON text when set.
std::string encodeLinkMessage(const LinkMessage &message);
/// The same payload with its length prefix (frame.h), built in one string.
std::string encodeLinkFrame(const LinkMessage &message);

/// Parses a frame payload into doc; nullopt (and *error, when given, says why)
/// when it is not a message of this protocol. Unknown members are ignored, so
/// that a minor addition does not need a new version. The body is left in doc
/// (*body points at it, null when the type has none) for the codec to read
/// without a copy; message.body stays empty.
std::optional<LinkMessage> decodeLinkMessage(std::string_view payload, rapidjson::Document &doc,
					     const rapidjson::Value *&body, std::string *error = nullptr);
/// The same, with the body copied back to text into message.body (tests, logs).
std::optional<LinkMessage> decodeLinkMessage(std::string_view payload, std::string *error = nullptr);

} /* namespace ctisim::wire */
