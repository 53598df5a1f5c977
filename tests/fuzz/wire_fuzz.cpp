/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the switch link's decoders (lib/include/ctisim/wire/), which
 * read bytes from the network. The input is fed, in chunks whose sizes the
 * input's first byte picks, to a FrameDecoder; each payload goes through
 * decodeLinkMessage, and every JSON body (and the whole input, as JSON) through
 * each backend_json decoder; each payload (and the whole input) also through the
 * binary decoders of protocol 3 (link_binary.h), events with one call cache for
 * the whole input, as a front end keeps it. What a decoder accepts must survive
 * a round trip: encoding it and decoding that again gives the same JSON text.
 */
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <rapidjson/document.h>

#include "ctisim/json/parse.h"
#include "ctisim/wire/backend_json.h"
#include "ctisim/wire/frame.h"
#include "ctisim/wire/link_binary.h"
#include "ctisim/wire/link_message.h"

namespace {

using namespace ctisim;

template <typename T> std::string encode(const T &value)
{
	if constexpr (std::is_same_v<T, CallSnapshot> || std::is_same_v<T, DnSnapshot> ||
		      std::is_same_v<T, SwitchConfig>) {
		rapidjson::StringBuffer buffer;
		json::Writer w(buffer);
		if constexpr (std::is_same_v<T, CallSnapshot>)
			wire::writeCallSnapshot(w, value);
		else if constexpr (std::is_same_v<T, DnSnapshot>)
			wire::writeDnSnapshot(w, value);
		else
			wire::writeSwitchConfig(w, value);
		return buffer.GetString();
	} else {
		return wire::toJson(value);
	}
}

/// decode → encode → decode → encode: both encodings must be equal.
template <typename T>
void roundTrip(const rapidjson::Value &json, std::optional<T> (*decode)(const rapidjson::Value &, std::string *),
	       const char *what)
{
	std::string error;
	std::optional<T> first = decode(json, &error);
	if (!first)
		return;
	std::string text = encode(*first);
	rapidjson::Document again;
	if (json::parse(text, again)) {
		std::fprintf(stderr, "wire_fuzz: %s encodes to invalid JSON: %s\n", what, text.c_str());
		std::abort();
	}
	std::optional<T> second = decode(again, &error);
	if (!second) {
		std::fprintf(stderr, "wire_fuzz: %s does not decode its own encoding %s: %s\n", what, text.c_str(),
			     error.c_str());
		std::abort();
	}
	if (std::string textAgain = encode(*second); textAgain != text) {
		std::fprintf(stderr, "wire_fuzz: %s round trip differs:\n  %s\n  %s\n", what, text.c_str(),
			     textAgain.c_str());
		std::abort();
	}
}

void decodeAll(const rapidjson::Value &json)
{
	roundTrip<Request>(json, wire::requestFromJson, "Request");
	roundTrip<RequestResult>(json, wire::requestResultFromJson, "RequestResult");
	roundTrip<Event>(json, wire::eventFromJson, "Event");
	roundTrip<CallSnapshot>(json, wire::callSnapshotFromJson, "CallSnapshot");
	roundTrip<DnSnapshot>(json, wire::dnSnapshotFromJson, "DnSnapshot");
	roundTrip<ControlRequest>(json, wire::controlRequestFromJson, "ControlRequest");
	roundTrip<ControlResult>(json, wire::controlResultFromJson, "ControlResult");
	roundTrip<SwitchState>(json, wire::switchStateFromJson, "SwitchState");
	roundTrip<SwitchConfig>(json, wire::switchConfigFromJson, "SwitchConfig");
}

/// A binary body decoded, encoded again into a frame and decoded from it: the same value (by its JSON).
template <typename T, typename Encode, typename Decode>
void binaryRoundTrip(const std::optional<T> &first, Encode encode, Decode decode, const char *what)
{
	if (!first)
		return;
	const std::string frame = encode(*first);
	std::string error;
	std::optional<wire::BinaryMessage> message =
		wire::decodeBinaryMessage(std::string_view(frame).substr(4), &error);
	std::optional<T> second;
	if (message)
		second = decode(message->body, &error);
	if (!second) {
		std::fprintf(stderr, "wire_fuzz: binary %s does not decode its own encoding: %s\n", what,
			     error.c_str());
		std::abort();
	}
	if (wire::toJson(*first) != wire::toJson(*second)) {
		std::fprintf(stderr, "wire_fuzz: binary %s round trip differs:\n  %s\n  %s\n", what,
			     wire::toJson(*first).c_str(), wire::toJson(*second).c_str());
		std::abort();
	}
}

void decodeBinary(std::string_view payload, wire::CallCache &received)
{
	std::string error;
	std::optional<wire::BinaryMessage> message = wire::decodeBinaryMessage(payload, &error);
	if (!message)
		return;
	switch (message->type) {
	case wire::LinkMessageType::Submit:
		binaryRoundTrip(
			wire::requestFromBinary(message->body, &error),
			[](const Request &r) { return wire::binarySubmitFrame(1, r); },
			[](std::string_view b, std::string *e) { return wire::requestFromBinary(b, e); }, "Request");
		break;
	case wire::LinkMessageType::Result:
		binaryRoundTrip(
			wire::requestResultFromBinary(message->body, &error),
			[](const RequestResult &r) { return wire::binaryResultFrame(1, r); },
			[](std::string_view b, std::string *e) { return wire::requestResultFromBinary(b, e); },
			"RequestResult");
		break;
	case wire::LinkMessageType::Control:
		binaryRoundTrip(
			wire::controlRequestFromBinary(message->body, &error),
			[](const ControlRequest &r) { return wire::binaryControlFrame(1, r); },
			[](std::string_view b, std::string *e) { return wire::controlRequestFromBinary(b, e); },
			"ControlRequest");
		break;
	case wire::LinkMessageType::ControlResult:
		binaryRoundTrip(
			wire::controlResultFromBinary(message->body, &error),
			[](const ControlResult &r) { return wire::binaryControlResultFrame(1, r); },
			[](std::string_view b, std::string *e) { return wire::controlResultFromBinary(b, e); },
			"ControlResult");
		break;
	case wire::LinkMessageType::Event: {
		/* A fresh pair of caches for the round trip: the call then travels whole. */
		binaryRoundTrip(
			wire::eventFromBinary(message->body, received, &error),
			[](const Event &e) {
				wire::CallCache sent;
				return wire::binaryEventFrame(1, e, sent);
			},
			[](std::string_view b, std::string *e) {
				wire::CallCache fresh;
				return wire::eventFromBinary(b, fresh, e);
			},
			"Event");
		if (received.size() > wire::CallCache::capacity) {
			std::fprintf(stderr, "wire_fuzz: the call cache grew past its capacity\n");
			std::abort();
		}
		break;
	}
	case wire::LinkMessageType::Subscribe: (void)wire::subscribeFromBinary(message->body, &error); break;
	case wire::LinkMessageType::Clock: (void)wire::clockFromBinary(message->body, &error); break;
	default: break;
	}
}

} /* namespace */

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
	std::string_view input(reinterpret_cast<const char *>(data), size);
	rapidjson::Document doc;
	std::string error;
	if (!json::parse(input, doc))
		decodeAll(doc);
	wire::CallCache calls;
	decodeBinary(input, calls);

	if (input.empty())
		return 0;
	std::size_t chunk = static_cast<unsigned char>(input[0]) % 16 + 1;
	input.remove_prefix(1);
	wire::FrameDecoder frames(4096);
	while (!input.empty() && !frames.failed()) {
		frames.feed(input.substr(0, chunk));
		input.remove_prefix(std::min(chunk, input.size()));
		while (std::optional<std::string_view> payload = frames.next()) {
			rapidjson::Document message;
			const rapidjson::Value *body = nullptr;
			if (!wire::isBinaryPayload(*payload)) {
				if (wire::decodeLinkMessage(*payload, message, body, &error) && body)
					decodeAll(*body);
			} else {
				decodeBinary(*payload, calls);
			}
		}
	}
	return 0;
}
