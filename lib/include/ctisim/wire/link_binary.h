/* SPDX-License-Identifier: MIT */
/*
 * The frames of the switch link after the handshake (protocol 3,
 * docs/switch-protocol.md): binary, generated from the same fields()
 * descriptions as the JSON codec. The handshake (hello, welcome, refused) and
 * heartbeats stay JSON (link_message.h), so that a peer of another version
 * reads why it is refused; a payload that starts with '{' is JSON, any other
 * is binary.
 *
 * A binary payload is a type tag byte, the message's id (a varint; 0 when the
 * type has none) and the body. Decoding never trusts its input: a truncated
 * body, a length past the end of the frame, an unknown tag or bytes left over
 * give nullopt and a message saying which member.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "ctisim/backend.h"
#include "ctisim/event.h"
#include "ctisim/request.h"
#include "ctisim/switch_control.h"
#include "ctisim/wire/link_message.h"

namespace ctisim::wire {

/// The call snapshots one direction of a link has carried, by connId: an event
/// whose call is the one last sent for its connId carries a reference instead
/// (the switch keeps one immutable snapshot per call state, shared by the events
/// of a step). The switch keeps one per link, the front end one per connection;
/// both change it by the same rules, in frame order, so they always agree. A
/// call's last snapshot (no parties left) is sent whole and forgotten; at
/// `capacity` calls every call is forgotten before the next is remembered.
class CallCache
{
public:
	static constexpr std::size_t capacity = 4096;

	/// The snapshot last remembered for id, or null.
	const CallSnapshotPtr *find(ConnId id) const;
	void remember(const CallSnapshotPtr &call);
	void forget(ConnId id) { calls_.erase(id.value()); }
	void clear() { calls_.clear(); }
	std::size_t size() const { return calls_.size(); }

private:
	std::unordered_map<std::uint64_t, CallSnapshotPtr> calls_;
};

/// The switch's clock, in a Clock frame.
struct ClockReading {
	std::int64_t now = 0;
	bool virtualClock = false;
};

std::string binarySubmitFrame(std::uint64_t id, const Request &request);
std::string binaryResultFrame(std::uint64_t id, const RequestResult &result);
std::string binaryControlFrame(std::uint64_t id, const ControlRequest &request);
std::string binaryControlResultFrame(std::uint64_t id, const ControlResult &result);
std::string binarySubscribeFrame(std::uint64_t id, const std::optional<std::string> &dn);
std::string binaryUnsubscribeFrame(std::uint64_t id);
/// The event's call is sent whole or as a reference, as `sent` says (and remembers).
std::string binaryEventFrame(std::uint64_t id, const Event &event, CallCache &sent);
std::string binarySwitchResetFrame();
std::string binaryClockFrame(const ClockReading &clock);

/// Whether a payload is a binary message (else JSON: the handshake and heartbeats).
bool isBinaryPayload(std::string_view payload);

/// A binary payload's envelope; body is a view into the payload.
struct BinaryMessage {
	LinkMessageType type = LinkMessageType::Heartbeat;
	std::uint64_t id = 0;
	std::string_view body;
};

std::optional<BinaryMessage> decodeBinaryMessage(std::string_view payload, std::string *error = nullptr);

/* The bodies: nullopt and *error (when given) on any malformed input. */

std::optional<Request> requestFromBinary(std::string_view body, std::string *error = nullptr);
std::optional<RequestResult> requestResultFromBinary(std::string_view body, std::string *error = nullptr);
std::optional<ControlRequest> controlRequestFromBinary(std::string_view body, std::string *error = nullptr);
std::optional<ControlResult> controlResultFromBinary(std::string_view body, std::string *error = nullptr);
/// Subscribe: the DN, or nullopt for every DN (the outer nullopt: malformed).
std::optional<std::optional<std::string>> subscribeFromBinary(std::string_view body, std::string *error = nullptr);
/// A reference is resolved from `received` (an unknown one is an error); a whole call is remembered there.
std::optional<Event> eventFromBinary(std::string_view body, CallCache &received, std::string *error = nullptr);
std::optional<ClockReading> clockFromBinary(std::string_view body, std::string *error = nullptr);

} /* namespace ctisim::wire */
