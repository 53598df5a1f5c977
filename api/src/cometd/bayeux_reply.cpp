/* SPDX-License-Identifier: MIT */
/*
 * The Bayeux engine's replies and responses (bayeux_reply.h).
 */
#include "cometd/bayeux_reply.h"

#include <utility>

namespace ctisim::api::bayeux {

namespace {

void key(json::Writer &w, std::string_view k)
{
	w.UnescapedString(k.data(), k.size());
}

/// A literal that needs no escaping ("long-polling", "1.0").
void literal(json::Writer &w, std::string_view s)
{
	w.UnescapedString(s.data(), s.size());
}

std::string_view reconnectName(Advice::Reconnect r)
{
	switch (r) {
	case Advice::Reconnect::Retry: return "retry";
	case Advice::Reconnect::Handshake: return "handshake";
	case Advice::Reconnect::None: return "none";
	}
	return "retry";
}

/* Above this a response's room is given back instead of kept for the next one. */
constexpr std::size_t kKeptBufferBytes = 64 * 1024;

} /* namespace */

std::optional<MessageId> messageId(const rapidjson::Value &message)
{
	auto id = message.FindMember("id");
	if (id == message.MemberEnd())
		return std::nullopt;
	rapidjson::CrtAllocator allocator; /* stateless: the copy frees itself */
	return MessageId(id->value, allocator);
}

void Advice::write(json::Writer &w) const
{
	w.StartObject();
	if (multipleClients) {
		key(w, "multiple-clients");
		w.Bool(true);
	}
	key(w, "reconnect");
	literal(w, reconnectName(reconnect));
	key(w, "interval");
	w.Int64(interval.count());
	if (timeout) {
		key(w, "timeout");
		w.Int64(timeout->count());
	}
	w.EndObject();
}

Reply Reply::success(std::optional<MessageId> id, std::string_view channel)
{
	Reply r;
	r.id = std::move(id);
	r.channel = channel;
	r.successful = true;
	return r;
}

Reply Reply::failure(std::optional<MessageId> id, std::string_view channel, std::string_view error)
{
	Reply r;
	r.id = std::move(id);
	r.channel = channel;
	r.error = error;
	return r;
}

void Reply::write(json::Writer &w) const
{
	w.StartObject();
	if (id) {
		key(w, "id");
		id->Accept(w);
	}
	if (!channel.empty()) {
		key(w, "channel");
		json::writeString(w, channel);
	}
	key(w, "successful");
	w.Bool(successful);
	if (!successful) {
		key(w, "error");
		literal(w, error);
	}
	if (!clientId.empty()) {
		key(w, "clientId");
		literal(w, clientId);
	}
	if (versions) {
		key(w, "version");
		literal(w, "1.0");
		key(w, "minimumVersion");
		literal(w, "1.0");
	}
	if (connectionTypes) {
		key(w, "supportedConnectionTypes");
		w.StartArray();
		literal(w, "long-polling");
		w.EndArray();
	}
	if (advice) {
		key(w, "advice");
		advice->write(w);
	}
	if (ext != Ext::None) {
		key(w, "ext");
		w.StartObject();
		key(w, "ack");
		if (ext == Ext::AckEnabled)
			w.Bool(true);
		else
			w.Uint64(ackBatch);
		w.EndObject();
	}
	if (subscription) {
		key(w, "subscription");
		subscription->Accept(w);
	}
	w.EndObject();
}

ResponseWriter::ResponseWriter() : writer_(buffer_, &stackAllocator_)
{
}

void ResponseWriter::start()
{
	buffer_.Clear();
	writer_.Reset(buffer_);
	writer_.StartArray();
}

void ResponseWriter::message(const std::string &bytes)
{
	if (!bytes.empty())
		writer_.RawJson(bytes, rapidjson::kObjectType);
}

void ResponseWriter::reply(const Reply &reply)
{
	reply.write(writer_);
}

std::string ResponseWriter::finish()
{
	writer_.EndArray();
	std::string text(buffer_.GetString(), buffer_.GetSize());
	if (buffer_.GetSize() > kKeptBufferBytes) {
		buffer_.Clear();
		buffer_.ShrinkToFit();
	}
	return text;
}

HttpResponse plainError(unsigned status, std::string_view message)
{
	HttpResponse r;
	r.status = status;
	r.contentType = "text/plain;charset=UTF-8";
	r.body = std::string(message);
	return r;
}

HttpResponse bayeuxResponse(std::string body)
{
	HttpResponse r;
	r.contentType = "application/json;charset=UTF-8";
	r.body = std::move(body);
	return r;
}

void sendAll(std::vector<PendingReply> &pending)
{
	for (auto &p : pending)
		p.reply(std::move(p.response));
	pending.clear();
}

} /* namespace ctisim::api::bayeux */
