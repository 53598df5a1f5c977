/* SPDX-License-Identifier: MIT */
/*
 * What the Bayeux engine answers with, as values: the advice, one reply
 * message, and the response that lists them (written once, through the one
 * JSON writer); the HTTP responses that carry it, and the replies decided
 * under the engine's lock and sent once it is released.
 */
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/allocators.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>

#include "ctisim/api/http_exchange.h"
#include "ctisim/json/write.h"

namespace ctisim::api::bayeux {

constexpr std::string_view kHandshake = "/meta/handshake";
constexpr std::string_view kConnect = "/meta/connect";
constexpr std::string_view kSubscribe = "/meta/subscribe";
constexpr std::string_view kUnsubscribe = "/meta/unsubscribe";
constexpr std::string_view kDisconnect = "/meta/disconnect";

/// A request message's id, any JSON value, echoed with its type; owns its copy, so
/// that a held connect keeps it after the request is gone.
using MessageId = rapidjson::GenericValue<rapidjson::UTF8<>, rapidjson::CrtAllocator>;

/// The message's id (null when it has none: "id":null is an id and is echoed).
std::optional<MessageId> messageId(const rapidjson::Value &message);

/// What a reply tells the client to do next (cometd-bayeux.md §1.4).
struct Advice {
	enum class Reconnect { Retry, Handshake, None };

	Reconnect reconnect = Reconnect::Retry;
	std::chrono::milliseconds interval{0};
	std::optional<std::chrono::milliseconds> timeout; ///< written when set
	bool multipleClients = false;			  ///< another tab holds the connect: poll

	static Advice retry(std::chrono::milliseconds interval, std::chrono::milliseconds timeout)
	{
		return {Reconnect::Retry, interval, timeout, false};
	}
	static Advice poll(std::chrono::milliseconds interval, std::chrono::milliseconds timeout)
	{
		return {Reconnect::Retry, interval, timeout, true};
	}
	static Advice handshake(std::chrono::milliseconds interval)
	{
		return {Reconnect::Handshake, interval, {}, false};
	}
	static Advice none() { return {Reconnect::None, std::chrono::milliseconds(0), {}, false}; }

	/// The one writer of an advice object, in CometD's key order.
	void write(json::Writer &w) const;
};

/// One reply message. Its fields are written in this order, each when set.
struct Reply {
	enum class Ext { None, AckEnabled, AckBatch };

	std::optional<MessageId> id;
	std::string_view channel; ///< a /meta constant or the request's (written while it lives)
	bool successful = false;
	std::string_view error;	      ///< "402::session_unknown" ...; only when not successful
	std::string_view clientId;    ///< a handshake's new session
	bool versions = false;	      ///< "version" and "minimumVersion" (a handshake)
	bool connectionTypes = false; ///< "supportedConnectionTypes": ["long-polling"]
	std::optional<Advice> advice;
	Ext ext = Ext::None;
	std::uint64_t ackBatch = 0;			///< for Ext::AckBatch
	const rapidjson::Value *subscription = nullptr; ///< echoed as the request sent it

	static Reply success(std::optional<MessageId> id, std::string_view channel);
	static Reply failure(std::optional<MessageId> id, std::string_view channel, std::string_view error);

	void write(json::Writer &w) const;
};

/// Writes the list of messages a response carries: shared message bytes copied
/// whole, reply messages written field by field. One per engine, used under its
/// lock: the buffer keeps its room between responses (a large one is let go).
class ResponseWriter
{
public:
	ResponseWriter();

	void start();
	/// A published message (a JSON object, serialized once for every session).
	void message(const std::string &bytes);
	void reply(const Reply &reply);
	/// The list's text.
	std::string finish();

private:
	rapidjson::CrtAllocator stackAllocator_;
	rapidjson::StringBuffer buffer_;
	json::Writer writer_;
};

/// A 400-style answer to a POST that is not a Bayeux message list.
HttpResponse plainError(unsigned status, std::string_view message);

/// The HTTP response carrying a list of reply messages.
HttpResponse bayeuxResponse(std::string body);

/* A reply decided under the lock and sent after it is released. */
struct PendingReply {
	HttpReply reply;
	HttpResponse response;
};

void sendAll(std::vector<PendingReply> &pending);

} /* namespace ctisim::api::bayeux */
