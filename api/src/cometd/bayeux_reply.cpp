/* SPDX-License-Identifier: MIT */
/*
 * The Bayeux engine's HTTP responses (bayeux_reply.h).
 */
#include "cometd/bayeux_reply.h"

#include <utility>

namespace ctisim::api::bayeux {

std::string toJson(const rapidjson::Value &value)
{
	std::string text;
	StringOutput output{text};
	ReplyWriter writer(output, &writerStackAllocator);
	value.Accept(writer);
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
