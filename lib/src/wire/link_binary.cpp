/* SPDX-License-Identifier: MIT */
/*
 * The binary frames of the switch link (link_binary.h): envelopes, bodies and
 * the call references of events.
 */
#include "ctisim/wire/link_binary.h"

#include <array>
#include <utility>

#include "ctisim/wire/frame.h"

#include "binary_codec.h"
#include "control_fields.h"
#include "event_fields.h"
#include "request_fields.h"

namespace ctisim::wire {

namespace codec {

template <class V> void fields(V &v, const ClockReading *)
{
	v("now", &ClockReading::now);
	v("virtualClock", &ClockReading::virtualClock);
}

/// Passes on every member of the event's description but its call, which
/// travels after them, whole or as a reference.
template <class V> struct WithoutCallOf {
	V &v;

	template <std::size_t N, class C, class T> void operator()(const char (&key)[N], T C::*member)
	{
		if constexpr (!std::is_same_v<T, CallSnapshotPtr>)
			v(key, member);
	}
};

struct EventWithoutCall {
	template <class V> void operator()(V &v) const
	{
		WithoutCallOf<V> only{v};
		fields(only, static_cast<const Event *>(nullptr));
	}
};

/// How an event's call travels.
enum CallTag : unsigned char {
	NoCall = 0,
	WholeCall = 1,	  ///< then the snapshot; remembered for its connId
	SameCall = 2,	  ///< then the connId: the snapshot remembered for it
	LastOfCall = 3,	  ///< then the snapshot, its call's last: forgotten
	callTagCount = 4, ///< not a tag
};

} /* namespace codec */

using namespace codec;

namespace {

/// The binary type tags; the handshake's types have none (they are JSON).
constexpr std::array<std::pair<LinkMessageType, unsigned char>, 9> typeTags{{
	{LinkMessageType::Submit, 1},
	{LinkMessageType::Result, 2},
	{LinkMessageType::Subscribe, 3},
	{LinkMessageType::Unsubscribe, 4},
	{LinkMessageType::Event, 5},
	{LinkMessageType::Control, 6},
	{LinkMessageType::ControlResult, 7},
	{LinkMessageType::SwitchReset, 8},
	{LinkMessageType::Clock, 9},
}};

/// A frame's length prefix (filled in by finish()), tag and id.
std::string start(LinkMessageType type, std::uint64_t id)
{
	std::string frame(4, '\0');
	for (const auto &[t, tag] : typeTags)
		if (t == type)
			frame += static_cast<char>(tag);
	putVarint(frame, id);
	return frame;
}

std::string finish(std::string frame)
{
	writeFrameLength(frame.data(), frame.size() - 4);
	return frame;
}

/// A call's last snapshot: no party is left (released parties are never kept in one).
bool lastOfCall(const CallSnapshot &call)
{
	return call.parties.empty();
}

} /* namespace */

const CallSnapshotPtr *CallCache::find(ConnId id) const
{
	auto it = calls_.find(id.value());
	return it == calls_.end() ? nullptr : &it->second;
}

void CallCache::remember(const CallSnapshotPtr &call)
{
	auto it = calls_.find(call->connId.value());
	if (it != calls_.end()) {
		it->second = call;
		return;
	}
	if (calls_.size() >= capacity)
		calls_.clear();
	calls_.emplace(call->connId.value(), call);
}

std::string binarySubmitFrame(std::uint64_t id, const Request &request)
{
	std::string frame = start(LinkMessageType::Submit, id);
	putVariant(frame, request);
	return finish(std::move(frame));
}

std::string binaryResultFrame(std::uint64_t id, const RequestResult &result)
{
	std::string frame = start(LinkMessageType::Result, id);
	putMembers(frame, result);
	return finish(std::move(frame));
}

std::string binaryControlFrame(std::uint64_t id, const ControlRequest &request)
{
	std::string frame = start(LinkMessageType::Control, id);
	putVariant(frame, request);
	return finish(std::move(frame));
}

std::string binaryControlResultFrame(std::uint64_t id, const ControlResult &result)
{
	std::string frame = start(LinkMessageType::ControlResult, id);
	putMembers(frame, result);
	return finish(std::move(frame));
}

std::string binarySubscribeFrame(std::uint64_t id, const std::optional<std::string> &dn)
{
	std::string frame = start(LinkMessageType::Subscribe, id);
	putValue(frame, dn);
	return finish(std::move(frame));
}

std::string binaryUnsubscribeFrame(std::uint64_t id)
{
	return finish(start(LinkMessageType::Unsubscribe, id));
}

std::string binaryEventFrame(std::uint64_t id, const Event &event, CallCache &sent)
{
	std::string frame = start(LinkMessageType::Event, id);
	putValue(frame, event.type);
	putMembers(frame, event, EventWithoutCall{});
	if (!event.call) {
		frame += static_cast<char>(NoCall);
	} else if (const CallSnapshotPtr *known = sent.find(event.call->connId); known && *known == event.call) {
		frame += static_cast<char>(SameCall);
		putValue(frame, event.call->connId);
	} else if (lastOfCall(*event.call)) {
		frame += static_cast<char>(LastOfCall);
		putMembers(frame, *event.call);
		sent.forget(event.call->connId);
	} else {
		frame += static_cast<char>(WholeCall);
		putMembers(frame, *event.call);
		sent.remember(event.call);
	}
	return finish(std::move(frame));
}

std::string binarySwitchResetFrame()
{
	return finish(start(LinkMessageType::SwitchReset, 0));
}

std::string binaryClockFrame(const ClockReading &clock)
{
	std::string frame = start(LinkMessageType::Clock, 0);
	putMembers(frame, clock);
	return finish(std::move(frame));
}

bool isBinaryPayload(std::string_view payload)
{
	return payload.empty() || payload.front() != '{';
}

std::optional<BinaryMessage> decodeBinaryMessage(std::string_view payload, std::string *error)
{
	Reader r(error);
	BinaryInput in{r, reinterpret_cast<const unsigned char *>(payload.data()),
		       reinterpret_cast<const unsigned char *>(payload.data()) + payload.size()};
	unsigned char tag = 0;
	if (!in.byte(tag))
		return std::nullopt;
	BinaryMessage message;
	bool known = false;
	for (const auto &[t, candidate] : typeTags)
		if (candidate == tag) {
			message.type = t;
			known = true;
		}
	if (!known) {
		r.fail(fmt::format("unknown message type {}", tag));
		return std::nullopt;
	}
	if (!in.varint(message.id))
		return std::nullopt;
	if (message.id == 0 && message.type != LinkMessageType::SwitchReset && message.type != LinkMessageType::Clock) {
		r.fail(fmt::format("\"{}\" without an id", toString(message.type)));
		return std::nullopt;
	}
	message.body = std::string_view(reinterpret_cast<const char *>(in.at), in.left());
	return message;
}

std::optional<Request> requestFromBinary(std::string_view body, std::string *error)
{
	return getTop<Request>(body, error,
			       [](BinaryInput &in, Request &out) { return getVariant(in, out, "request"); });
}

std::optional<RequestResult> requestResultFromBinary(std::string_view body, std::string *error)
{
	return getTop<RequestResult>(body, error,
				     [](BinaryInput &in, RequestResult &out) { return getMembers(in, out); });
}

std::optional<ControlRequest> controlRequestFromBinary(std::string_view body, std::string *error)
{
	return getTop<ControlRequest>(
		body, error, [](BinaryInput &in, ControlRequest &out) { return getVariant(in, out, "control"); });
}

std::optional<ControlResult> controlResultFromBinary(std::string_view body, std::string *error)
{
	return getTop<ControlResult>(body, error,
				     [](BinaryInput &in, ControlResult &out) { return getMembers(in, out); });
}

std::optional<std::optional<std::string>> subscribeFromBinary(std::string_view body, std::string *error)
{
	return getTop<std::optional<std::string>>(
		body, error, [](BinaryInput &in, std::optional<std::string> &out) { return getValue(in, out); });
}

std::optional<ClockReading> clockFromBinary(std::string_view body, std::string *error)
{
	return getTop<ClockReading>(body, error,
				    [](BinaryInput &in, ClockReading &out) { return getMembers(in, out); });
}

std::optional<Event> eventFromBinary(std::string_view body, CallCache &received, std::string *error)
{
	return getTop<Event>(body, error, [&received](BinaryInput &in, Event &event) {
		if (!getValue(in, event.type) || !getMembers(in, event, EventWithoutCall{}))
			return false;
		in.r.push("call");
		unsigned char tag = 0;
		bool read = in.byte(tag);
		if (read && tag >= callTagCount)
			read = in.r.fail(fmt::format("unknown call tag {}", tag));
		if (read && tag == SameCall) {
			ConnId id;
			read = getValue(in, id);
			const CallSnapshotPtr *known = read ? received.find(id) : nullptr;
			if (read && known == nullptr)
				read = in.r.fail("refers to a call that was never sent");
			if (read)
				event.call = *known;
		} else if (read && tag != NoCall) {
			auto call = std::make_shared<CallSnapshot>();
			read = getMembers(in, *call);
			if (read) {
				event.call = std::move(call);
				if (tag == LastOfCall)
					received.forget(event.call->connId);
				else
					received.remember(event.call);
			}
		}
		in.r.pop();
		return read;
	});
}

} /* namespace ctisim::wire */
