/* SPDX-License-Identifier: MIT */
/*
 * The Bayeux engine's subscribe greeting (bayeux_endpoint.h): what a front end
 * gives a session at its handshake reaches it on its first matching
 * subscription, once, in the subscribe reply or through a held connect (the
 * Workspace API v3's initialization, workspace-v3.md §b.4).
 */
#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include "ctisim/api/bayeux_server.h"

using namespace ctisim::api;
using namespace std::chrono_literals;

namespace {

struct Greeter {
	Greeter()
	{
		BayeuxConfig config;
		config.sweepPeriod = 1h;
		server = std::make_unique<BayeuxServer>(io, config);
		auto g = std::make_shared<SubscribeGreeting>();
		g->channel = "/workspace/v3/initialization";
		g->messages.push_back(std::make_shared<const std::string>(
			R"({"data":{"state":"Complete"},"channel":"/workspace/v3/initialization"})"));
		greeting = g;
	}

	std::shared_ptr<HttpResponse> post(const std::string &body, GreetingPtr with)
	{
		HttpRequest request;
		request.setMethod("POST");
		request.setTarget("/workspace/v3/notifications");
		request.body = body;
		request.addHeader("Cookie", "BAYEUX_BROWSER=B");
		auto out = std::make_shared<HttpResponse>();
		out->status = 0;
		server->handleGreeted(
			"u1", request, [out](HttpResponse r) { *out = std::move(r); }, with);
		return out;
	}

	std::string handshake(GreetingPtr with)
	{
		auto hs = post(R"([{"channel":"/meta/handshake","version":"1.0"}])", with);
		rapidjson::Document doc;
		doc.Parse(hs->body.c_str());
		std::string id = doc[0]["clientId"].GetString();
		post(R"([{"channel":"/meta/connect","connectionType":"long-polling","advice":{"timeout":0},"clientId":")" +
			     id + "\"}]",
		     nullptr);
		return id;
	}

	std::shared_ptr<HttpResponse> subscribe(const std::string &clientId, const std::string &channel)
	{
		return post(R"([{"channel":"/meta/subscribe","clientId":")" + clientId + R"(","subscription":")" +
				    channel + "\"}]",
			    nullptr);
	}

	boost::asio::io_context io;
	std::unique_ptr<BayeuxServer> server;
	GreetingPtr greeting;
};

} /* namespace */

TEST_CASE("A greeting reaches a session on its first matching subscription, in the subscribe reply, once")
{
	Greeter g;
	std::string id = g.handshake(g.greeting);
	auto voice = g.subscribe(id, "/workspace/v3/voice");
	CHECK(voice->body.find("Complete") == std::string::npos);
	auto init = g.subscribe(id, "/workspace/v3/initialization");
	REQUIRE(init->status == 200);
	/* the message first, then the subscribe reply (CometD's order) */
	std::size_t message = init->body.find(R"("state":"Complete")");
	std::size_t reply = init->body.find("/meta/subscribe");
	CHECK(message != std::string::npos);
	CHECK(message < reply);
	auto again = g.subscribe(id, "/workspace/v3/initialization");
	CHECK(again->body.find("Complete") == std::string::npos);
}

TEST_CASE("A greeting is not given to a session handshaken without one, and a held connect takes it")
{
	Greeter g;
	std::string plain = g.handshake(nullptr);
	CHECK(g.subscribe(plain, "/workspace/v3/initialization")->body.find("Complete") == std::string::npos);

	std::string id = g.handshake(g.greeting);
	auto held = g.post(R"([{"channel":"/meta/connect","connectionType":"long-polling","clientId":")" + id + "\"}]",
			   nullptr);
	CHECK(held->status == 0); /* held */
	auto init = g.subscribe(id, "/workspace/v3/*");
	CHECK(init->body.find("Complete") == std::string::npos);
	for (int i = 0; i < 100 && held->status == 0; ++i)
		g.io.run_one_for(50ms);
	REQUIRE(held->status == 200);
	CHECK(held->body.find(R"("state":"Complete")") != std::string::npos);
	g.server->shutdown();
}
