/* SPDX-License-Identifier: MIT */
/*
 * The bytes the Bayeux engine answers with: reply messages written with
 * RapidJSON, the HTTP responses that carry them, and the replies decided under
 * the engine's lock and sent once it is released.
 */
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/allocators.h>
#include <rapidjson/document.h>
#include <rapidjson/writer.h>

#include "ctisim/api/http_exchange.h"

namespace ctisim::api::bayeux {

/// A RapidJSON output stream appending to a string: a message is written
/// straight into the string that carries it, not into a buffer then copied.
struct StringOutput {
	using Ch = char;
	std::string &text;
	void Put(char c) { text.push_back(c); }
	void Flush() {}
};

using ReplyWriter = rapidjson::Writer<StringOutput, rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::CrtAllocator>;

/// The allocator of every ReplyWriter's nesting stack (stateless): passed in, so that a
/// writer does not allocate one of its own.
inline rapidjson::CrtAllocator writerStackAllocator;

/* One reply message, written with RapidJSON; the request's id is copied as raw
 * JSON so that it keeps its type. */
class ReplyMessage
{
public:
	ReplyMessage(const std::string &idJson, std::string_view channel) : writer_(output_, &writerStackAllocator)
	{
		text_.reserve(128); /* a reply to a connect or subscribe fits */
		writer_.StartObject();
		if (!idJson.empty()) {
			writer_.Key("id");
			writer_.RawValue(idJson.data(), idJson.size(), rapidjson::kStringType);
		}
		if (!channel.empty()) {
			writer_.Key("channel");
			string(channel);
		}
	}

	ReplyMessage &successful(bool ok)
	{
		writer_.Key("successful");
		writer_.Bool(ok);
		return *this;
	}

	ReplyMessage &failed(std::string_view error)
	{
		successful(false);
		writer_.Key("error");
		string(error);
		return *this;
	}

	ReplyMessage &key(std::string_view k)
	{
		writer_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
		return *this;
	}

	ReplyMessage &string(std::string_view s)
	{
		writer_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
		return *this;
	}

	ReplyMessage &raw(std::string_view json)
	{
		writer_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
		return *this;
	}

	ReplyWriter &writer() { return writer_; }

	std::string str()
	{
		writer_.EndObject();
		return std::move(text_);
	}

private:
	std::string text_;
	StringOutput output_{text_};
	ReplyWriter writer_;
};

/// A JSON value as text (a request's id, echoed as it came).
std::string toJson(const rapidjson::Value &value);

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
