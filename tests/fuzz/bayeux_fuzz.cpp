/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the Bayeux (CometD) message handler. Each input is a sequence
 * of POST bodies for /api/v2/notifications (separated by "---" lines) from one
 * user, after a handshake this target makes itself: the text CLIENTID in a
 * body is replaced by the real clientId, so the fuzzer reaches connect,
 * subscribe, unsubscribe, disconnect and the ack extension, not only the
 * "unknown client" answer. Between bodies a notification is published to this
 * user and one to another user, whose session is subscribed to everything, on a
 * channel that changes each time. Every POST must be answered exactly once (held
 * connects included, by shutdown()), and no answer may carry the other user's
 * message, whatever the fuzzed user subscribed to.
 */
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <rapidjson/document.h>

#include "ctisim/api/bayeux_server.h"
#include "fuzz_input.h"

namespace {

using namespace ctisim;

const std::string userId = "c7b2f0d3a4e64f1b9d2e8a1f0b3c5d7e";
const std::string otherUserId = "0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a";
// GWS's topics and one below them: what "/**", "/*" and the rest may match.
constexpr const char *channels[] = {"/v2/me/calls", "/v2/me/devices",	       "/v2/me/channels", "/v2/me",
				    "/v2/users",    "/notifications/services", "/v2/me/calls/x"};

struct Answers {
	int posted = 0;
	int answered = 0;
};

/// Whether a response delivers a message published to the other user (a
/// message's data comes only from publish(), never from the fuzzed input).
bool carriesOtherUsersMessage(const std::string &body)
{
	rapidjson::Document doc;
	doc.Parse(body.data(), body.size());
	if (doc.HasParseError() || !doc.IsArray())
		return false;
	for (const auto &m : doc.GetArray()) {
		if (!m.IsObject() || !m.HasMember("data") || !m["data"].IsObject())
			continue;
		const auto &data = m["data"];
		if (data.HasMember("user") && data["user"].IsString() && data["user"].GetString() == otherUserId)
			return true;
	}
	return false;
}

void post(api::BayeuxServer &bayeux, const std::string &user, std::string body, const std::string &cookie,
	  const std::shared_ptr<Answers> &answers, std::string *responseBody = nullptr)
{
	api::HttpRequest request;
	request.setMethod("POST");
	request.setTarget("/api/v2/notifications");
	request.body = std::move(body);
	if (!cookie.empty())
		request.addHeader("Cookie", cookie);
	++answers->posted;
	bayeux.handle(user, std::move(request), [answers, responseBody, user](api::HttpResponse response) {
		++answers->answered;
		if (user == userId && carriesOtherUsersMessage(response.body)) {
			std::fprintf(stderr, "bayeux_fuzz: another user's message delivered: %s\n",
				     response.body.c_str());
			std::abort();
		}
		if (responseBody)
			*responseBody = std::move(response.body);
	});
}

/// The clientId of a fresh handshake of user from the browser cookie.
std::string handshake(api::BayeuxServer &bayeux, boost::asio::io_context &io, const std::shared_ptr<Answers> &answers,
		      const std::string &user, const std::string &cookie)
{
	std::string body;
	post(bayeux, user,
	     R"([{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"],)"
	     R"("ext":{"ack":true}}])",
	     cookie, answers, &body);
	io.poll();
	rapidjson::Document doc;
	doc.Parse(body.data(), body.size());
	if (doc.HasParseError() || !doc.IsArray() || doc.Empty() || !doc[0].IsObject() ||
	    !doc[0].HasMember("clientId") || !doc[0]["clientId"].IsString()) {
		std::fprintf(stderr, "bayeux_fuzz: handshake failed: %s\n", body.c_str());
		std::abort();
	}
	return doc[0]["clientId"].GetString();
}

std::string replaceAll(std::string_view text, std::string_view from, const std::string &to)
{
	std::string out;
	std::size_t at = 0;
	while (true) {
		std::size_t next = text.find(from, at);
		out.append(text.substr(at, next - at));
		if (next == std::string_view::npos)
			return out;
		out += to;
		at = next + from.size();
	}
}

} /* namespace */

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
	boost::asio::io_context io;
	auto answers = std::make_shared<Answers>();
	{
		api::BayeuxConfig config;
		config.timeout = std::chrono::milliseconds(1); /* held connects end at once */
		config.maxQueue = 8;
		config.maxMessagesPerRequest = 16;
		api::BayeuxServer bayeux(io, config);
		std::string clientId = handshake(bayeux, io, answers, userId, "BAYEUX_BROWSER=fuzzbrowser");
		/* The other user, subscribed to everything it may receive. */
		std::string other = handshake(bayeux, io, answers, otherUserId, "BAYEUX_BROWSER=otherbrowser");
		post(bayeux, otherUserId,
		     R"([{"channel":"/meta/subscribe","subscription":"/**","clientId":")" + other + "\"}]",
		     "BAYEUX_BROWSER=otherbrowser", answers);
		int n = 0;
		for (std::string_view part : fuzz::splitParts(data, size)) {
			post(bayeux, userId, replaceAll(part, "CLIENTID", clientId), "BAYEUX_BROWSER=fuzzbrowser",
			     answers);
			io.poll();
			const std::string channel = channels[n % std::size(channels)];
			++n;
			for (const std::string &user : {userId, otherUserId}) {
				bayeux.publish(user, channel,
					       std::make_shared<const std::string>(
						       R"({"channel":")" + channel + R"(","data":{"user":")" + user +
						       R"(","n":)" + std::to_string(n) + "}}"));
			}
			io.poll();
		}
		bayeux.shutdown();
		io.run();
	}
	io.run();
	if (answers->answered != answers->posted) {
		std::fprintf(stderr, "bayeux_fuzz: %d POSTs, %d answers\n", answers->posted, answers->answered);
		std::abort();
	}
	return 0;
}
