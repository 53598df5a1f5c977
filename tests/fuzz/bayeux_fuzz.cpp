/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the Bayeux (CometD) message handler. Each input is a sequence
 * of POST bodies for /api/v2/notifications (separated by "---" lines) from one
 * user, after a handshake this target makes itself: the text CLIENTID in a
 * body is replaced by the real clientId, so the fuzzer reaches connect,
 * subscribe, unsubscribe, disconnect and the ack extension, not only the
 * "unknown client" answer. A notification is published between bodies. Every
 * POST must be answered exactly once (held connects included, by shutdown()).
 */
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <rapidjson/document.h>

#include "ctisim/api/bayeux_server.h"
#include "fuzz_input.h"

namespace {

using namespace ctisim;

const std::string userId = "c7b2f0d3a4e64f1b9d2e8a1f0b3c5d7e";

struct Answers {
	int posted = 0;
	int answered = 0;
};

void post(api::BayeuxServer &bayeux, std::string body, const std::string &cookie,
	  const std::shared_ptr<Answers> &answers, std::string *responseBody = nullptr)
{
	api::HttpRequest request;
	request.method = "POST";
	request.target = "/api/v2/notifications";
	request.body = std::move(body);
	if (!cookie.empty())
		request.headers.emplace_back("Cookie", cookie);
	++answers->posted;
	bayeux.handle(userId, std::move(request), [answers, responseBody](api::HttpResponse response) {
		++answers->answered;
		if (responseBody)
			*responseBody = std::move(response.body);
	});
}

/// The clientId and BAYEUX_BROWSER cookie of a fresh handshake.
std::string handshake(api::BayeuxServer &bayeux, boost::asio::io_context &io, const std::shared_ptr<Answers> &answers)
{
	std::string body;
	post(bayeux,
	     R"([{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"],)"
	     R"("ext":{"ack":true}}])",
	     "BAYEUX_BROWSER=fuzzbrowser", answers, &body);
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
		std::string clientId = handshake(bayeux, io, answers);
		int n = 0;
		for (std::string_view part : fuzz::splitParts(data, size)) {
			post(bayeux, replaceAll(part, "CLIENTID", clientId), "BAYEUX_BROWSER=fuzzbrowser", answers);
			io.poll();
			bayeux.publish(
				userId, "/v2/me/calls",
				std::make_shared<const std::string>(
					"{\"channel\":\"/v2/me/calls\",\"data\":{\"n\":" + std::to_string(++n) + "}}"));
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
