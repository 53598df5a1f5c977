/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/bayeux_server.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <memory>
#include <numeric>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>
#include <rapidjson/document.h>

using namespace ctisim::api;
using namespace std::chrono_literals;

namespace {

struct Captured {
	bool done = false;
	int calls = 0;
	HttpResponse response;
};

rapidjson::Document parse(const std::string &body)
{
	rapidjson::Document doc;
	doc.Parse(body.c_str());
	REQUIRE_FALSE(doc.HasParseError());
	REQUIRE(doc.IsArray());
	return doc;
}

std::string str(const rapidjson::Value &v, const char *name)
{
	auto it = v.FindMember(name);
	if (it == v.MemberEnd() || !it->value.IsString())
		return "<none>";
	return it->value.GetString();
}

bool successful(const rapidjson::Value &v)
{
	auto it = v.FindMember("successful");
	return it != v.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

SharedMessage event(std::string_view channel, int n)
{
	return std::make_shared<const std::string>("{\"data\":{\"n\":" + std::to_string(n) + "},\"channel\":\"" +
						   std::string(channel) + "\"}");
}

BayeuxConfig testConfig()
{
	BayeuxConfig c;
	c.sweepPeriod = 1h; /* tests sweep by hand */
	return c;
}

struct Fixture {
	explicit Fixture(BayeuxConfig config = testConfig()) : server(io, config) {}

	std::shared_ptr<Captured> post(const std::string &user, const std::string &body,
				       const std::string &browser = "B")
	{
		HttpRequest request;
		request.setMethod("POST");
		request.setTarget("/api/v2/notifications");
		request.body = body;
		if (!browser.empty())
			request.addHeader("Cookie", "JSESSIONID=x; BAYEUX_BROWSER=" + browser);
		auto captured = std::make_shared<Captured>();
		server.handle(user, request, [captured](HttpResponse r) {
			captured->done = true;
			++captured->calls;
			captured->response = std::move(r);
		});
		return captured;
	}

	/// A session that has handshaken and made its first (immediate) connect.
	std::string connected(const std::string &user, const std::string &browser = "B")
	{
		auto hs = post(user, R"([{"id":"1","channel":"/meta/handshake","version":"1.0"}])", browser);
		REQUIRE(hs->done);
		auto doc = parse(hs->response.body);
		std::string clientId = str(doc[0], "clientId");
		auto c = post(user, connectBody(clientId, "2", true), browser);
		REQUIRE(c->done);
		return clientId;
	}

	static std::string connectBody(const std::string &clientId, const std::string &id, bool adviceZero = false)
	{
		return R"([{"id":")" + id +
		       R"(","channel":"/meta/connect","connectionType":"long-polling","clientId":")" + clientId + "\"" +
		       (adviceZero ? R"(,"advice":{"timeout":0})" : "") + "}]";
	}

	std::shared_ptr<Captured> subscribe(const std::string &user, const std::string &clientId,
					    const std::string &subscription, const std::string &browser = "B")
	{
		return post(user,
			    R"([{"id":"9","channel":"/meta/subscribe","clientId":")" + clientId +
				    R"(","subscription":)" + subscription + "}]",
			    browser);
	}

	void runUntil(const std::shared_ptr<Captured> &c)
	{
		for (int i = 0; i < 1000 && !c->done; ++i)
			io.run_one_for(100ms);
		REQUIRE(c->done);
	}

	boost::asio::io_context io;
	BayeuxServer server;
};

} /* namespace */

TEST_CASE("Handshake reply has CometD's shape and sets the browser cookie")
{
	Fixture f;
	auto hs = f.post(
		"u1",
		R"([{"id":"1","channel":"/meta/handshake","version":"1.0","minimumVersion":"1.0",)"
		R"("supportedConnectionTypes":["long-polling","callback-polling"],"advice":{"timeout":60000,"interval":0}}])",
		"");
	REQUIRE(hs->done);
	CHECK(hs->response.status == 200);
	CHECK(hs->response.contentType.view().find("application/json") == 0);
	auto doc = parse(hs->response.body);
	REQUIRE(doc.Size() == 1);
	const auto &m = doc[0];
	CHECK(str(m, "id") == "1");
	CHECK(str(m, "channel") == "/meta/handshake");
	CHECK(successful(m));
	CHECK(str(m, "clientId").size() >= 21);
	CHECK(str(m, "version") == "1.0");
	CHECK(str(m, "minimumVersion") == "1.0");
	REQUIRE(m["supportedConnectionTypes"].IsArray());
	REQUIRE(m["supportedConnectionTypes"].Size() == 1);
	CHECK(std::string(m["supportedConnectionTypes"][0].GetString()) == "long-polling");
	CHECK(str(m["advice"], "reconnect") == "retry");
	CHECK(m["advice"]["interval"].GetInt() == 0);
	CHECK(m["advice"]["timeout"].GetInt() == 30000);

	REQUIRE(hs->response.headers.size() == 1);
	CHECK(hs->response.headers[0].first == "Set-Cookie");
	const std::string &cookie = hs->response.headers[0].second;
	const std::string prefix = "BAYEUX_BROWSER=", suffix = "; Path=/; HttpOnly";
	REQUIRE(cookie.size() == prefix.size() + 16 + suffix.size());
	CHECK(cookie.substr(0, prefix.size()) == prefix);
	CHECK(cookie.substr(prefix.size() + 16) == suffix);
	std::string value = cookie.substr(prefix.size(), 16);
	CHECK(std::all_of(value.begin(), value.end(),
			  [](char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z'); }));

	SUBCASE("a client that has the cookie gets no new one")
	{
		auto again = f.post("u1", R"({"id":"2","channel":"/meta/handshake"})", "abc");
		REQUIRE(again->done);
		CHECK(again->response.headers.empty());
		CHECK(successful(parse(again->response.body)[0]));
		CHECK(f.server.sessionCount() == 2);
	}
}

TEST_CASE("The first connect is answered at once with advice, later ones are held until a publish")
{
	Fixture f;
	auto hs = f.post("u1", R"([{"id":"1","channel":"/meta/handshake"}])");
	std::string clientId = str(parse(hs->response.body)[0], "clientId");

	auto first = f.post("u1", Fixture::connectBody(clientId, "2"));
	REQUIRE(first->done);
	auto doc = parse(first->response.body);
	REQUIRE(doc.Size() == 1);
	CHECK(str(doc[0], "channel") == "/meta/connect");
	CHECK(str(doc[0], "id") == "2");
	CHECK(successful(doc[0]));
	CHECK(str(doc[0]["advice"], "reconnect") == "retry");

	REQUIRE(f.subscribe("u1", clientId, R"("/v2/me/calls")")->done);

	auto held = f.post("u1", Fixture::connectBody(clientId, "3"));
	CHECK_FALSE(held->done);
	CHECK(f.server.heldConnectCount() == 1);

	f.server.publish("u1", "/v2/me/devices", event("/v2/me/devices", 0)); /* not subscribed */
	CHECK_FALSE(held->done);
	f.server.publish("u1", "/v2/me/calls", event("/v2/me/calls", 1));
	/* Answered by a task the publish posted, not inside the publisher's turn. */
	CHECK_FALSE(held->done);
	f.io.restart();
	f.io.poll();
	REQUIRE(held->done);
	CHECK(held->calls == 1);
	doc = parse(held->response.body);
	REQUIRE(doc.Size() == 2);
	CHECK(str(doc[0], "channel") == "/v2/me/calls");
	CHECK(doc[0]["data"]["n"].GetInt() == 1);
	CHECK(doc[0].FindMember("successful") == doc[0].MemberEnd());
	CHECK(str(doc[1], "channel") == "/meta/connect");
	CHECK(str(doc[1], "id") == "3");
	CHECK(doc[1].FindMember("advice") == doc[1].MemberEnd());
	CHECK(f.server.heldConnectCount() == 0);
}

TEST_CASE("A held connect is answered when the hold times out")
{
	BayeuxConfig config = testConfig();
	config.timeout = 20ms;
	Fixture f(config);
	std::string clientId = f.connected("u1");
	auto held = f.post("u1", Fixture::connectBody(clientId, "3"));
	CHECK_FALSE(held->done);
	f.runUntil(held);
	auto doc = parse(held->response.body);
	REQUIRE(doc.Size() == 1);
	CHECK(str(doc[0], "channel") == "/meta/connect");
	CHECK(successful(doc[0]));
	CHECK(f.server.heldConnectCount() == 0);
	CHECK(f.server.sessionCount() == 1);
}

TEST_CASE("Connects that must not be held are answered at once")
{
	Fixture f;
	std::string clientId = f.connected("u1");

	SUBCASE("advice.timeout 0, with full advice in the reply")
	{
		auto c = f.post("u1", Fixture::connectBody(clientId, "3", true));
		REQUIRE(c->done);
		auto doc = parse(c->response.body);
		CHECK(str(doc[0]["advice"], "reconnect") == "retry");
	}
	SUBCASE("batched with another message")
	{
		auto c = f.post(
			"u1",
			R"([{"id":"3","channel":"/meta/subscribe","clientId":")" + clientId +
				R"(","subscription":"/v2/me/*"},{"id":"4","channel":"/meta/connect","clientId":")" +
				clientId + R"(","connectionType":"long-polling"}])");
		REQUIRE(c->done);
		auto doc = parse(c->response.body);
		REQUIRE(doc.Size() == 2);
		CHECK(str(doc[0], "channel") == "/meta/subscribe");
		CHECK(str(doc[1], "channel") == "/meta/connect");
	}
	SUBCASE("messages already queued")
	{
		REQUIRE(f.subscribe("u1", clientId, R"("/v2/me/*")")->done);
		f.server.publish("u1", "/v2/me/calls", event("/v2/me/calls", 7));
		auto c = f.post("u1", Fixture::connectBody(clientId, "3"));
		REQUIRE(c->done);
		auto doc = parse(c->response.body);
		REQUIRE(doc.Size() == 2);
		CHECK(doc[0]["data"]["n"].GetInt() == 7);
		CHECK(str(doc[1], "channel") == "/meta/connect");
	}
	CHECK(f.server.heldConnectCount() == 0);
}

TEST_CASE("Ids are echoed with their JSON type")
{
	Fixture f;
	auto hs = f.post("u1", R"([{"id":17,"channel":"/meta/handshake"}])");
	auto doc = parse(hs->response.body);
	REQUIRE(doc[0]["id"].IsInt());
	CHECK(doc[0]["id"].GetInt() == 17);
	std::string clientId = str(doc[0], "clientId");

	auto sub = f.post("u1", R"({"id":"a1","channel":"/meta/subscribe","clientId":")" + clientId +
					R"(","subscription":"/v2/me/calls"})");
	doc = parse(sub->response.body);
	CHECK(str(doc[0], "id") == "a1");

	auto noId = f.post("u1", R"([{"channel":"/meta/connect","clientId":")" + clientId + R"("}])");
	doc = parse(noId->response.body);
	CHECK(doc[0].FindMember("id") == doc[0].MemberEnd());
}

TEST_CASE("A response lists queued events, then replies, then the connect reply")
{
	Fixture f;
	std::string clientId = f.connected("u1");
	REQUIRE(f.subscribe("u1", clientId, R"("/v2/me/calls")")->done);
	f.server.publish("u1", "/v2/me/calls", event("/v2/me/calls", 1));
	f.server.publish("u1", "/v2/me/calls", event("/v2/me/calls", 2));
	auto r = f.post("u1", R"([{"id":"5","channel":"/meta/connect","clientId":")" + clientId +
				      R"("},{"id":"6","channel":"/meta/subscribe","clientId":")" + clientId +
				      R"(","subscription":"/v2/me/devices"}])");
	REQUIRE(r->done);
	auto doc = parse(r->response.body);
	REQUIRE(doc.Size() == 4);
	CHECK(doc[0]["data"]["n"].GetInt() == 1);
	CHECK(doc[1]["data"]["n"].GetInt() == 2);
	CHECK(str(doc[2], "id") == "6");
	CHECK(str(doc[3], "id") == "5");
	CHECK(str(doc[3], "channel") == "/meta/connect");
}

TEST_CASE("A second session of one browser polls with multiple-clients advice")
{
	Fixture f;
	std::string a = f.connected("u1", "SAME");
	std::string b = f.connected("u1", "SAME");
	auto heldA = f.post("u1", Fixture::connectBody(a, "3"), "SAME");
	CHECK_FALSE(heldA->done);
	auto pollB = f.post("u1", Fixture::connectBody(b, "3"), "SAME");
	REQUIRE(pollB->done);
	auto doc = parse(pollB->response.body);
	CHECK(successful(doc[0]));
	CHECK(doc[0]["advice"]["multiple-clients"].GetBool());
	CHECK(str(doc[0]["advice"], "reconnect") == "retry");
	CHECK(doc[0]["advice"]["interval"].GetInt() == 2000);

	/* Another browser is not limited. */
	std::string c = f.connected("u1", "OTHER");
	auto heldC = f.post("u1", Fixture::connectBody(c, "3"), "OTHER");
	CHECK_FALSE(heldC->done);
	CHECK(f.server.heldConnectCount() == 2);
	f.server.shutdown();
	CHECK(heldA->done);
	CHECK(heldC->done);
}

TEST_CASE("A session told to poll gets the normal advice back once it can hold its connect")
{
	/* Two console panels in one browser: when the one holding the long poll leaves,
	 * the other must be told interval 0 again, or the client keeps polling every 2 s. */
	Fixture f;
	std::string a = f.connected("u1", "SAME");
	std::string b = f.connected("u2", "SAME");
	REQUIRE(f.subscribe("u2", b, R"("/v2/me/*")", "SAME")->done);
	auto heldA = f.post("u1", Fixture::connectBody(a, "3"), "SAME");
	CHECK_FALSE(heldA->done);
	auto pollB = f.post("u2", Fixture::connectBody(b, "3"), "SAME");
	REQUIRE(pollB->done);
	CHECK(parse(pollB->response.body)[0]["advice"]["multiple-clients"].GetBool());

	auto bye = f.post("u1", R"([{"id":"4","channel":"/meta/disconnect","clientId":")" + a + "\"}]", "SAME");
	REQUIRE(bye->done);
	CHECK(heldA->done);
	/* B's next connect is held; an event completes it: its connect reply (after the event). */
	auto heldConnectReply = [&](const std::string &id, int n) {
		auto held = f.post("u2", Fixture::connectBody(b, id), "SAME");
		CHECK_FALSE(held->done);
		f.server.publish("u2", "/v2/me/calls", event("/v2/me/calls", n));
		f.server.flush();
		REQUIRE(held->done);
		auto doc = parse(held->response.body);
		REQUIRE(doc.Size() == 2);
		CHECK(str(doc[1], "channel") == "/meta/connect");
		return doc;
	};
	auto doc = heldConnectReply("4", 1);
	const rapidjson::Value &reply = doc[1];
	REQUIRE(reply.HasMember("advice"));
	CHECK(reply["advice"]["interval"].GetInt() == 0);
	CHECK_FALSE(reply["advice"].HasMember("multiple-clients"));

	/* Re-advised once: the next held connect has no advice. */
	auto again = heldConnectReply("5", 2);
	CHECK_FALSE(again[1].HasMember("advice"));
	f.server.shutdown();
}

TEST_CASE("A newer connect completes the held one with HTTP 500")
{
	Fixture f;
	std::string clientId = f.connected("u1");
	auto old = f.post("u1", Fixture::connectBody(clientId, "3"));
	CHECK_FALSE(old->done);
	auto newer = f.post("u1", Fixture::connectBody(clientId, "4"));
	REQUIRE(old->done);
	CHECK(old->response.status == 500);
	CHECK_FALSE(newer->done);
	CHECK(f.server.heldConnectCount() == 1);
	f.server.shutdown();
	CHECK(newer->done);
}

TEST_CASE("Unknown, foreign and cookie-less sessions get 402")
{
	Fixture f;
	std::string clientId = f.connected("u1");

	auto check402 = [](const std::shared_ptr<Captured> &c, bool withAdvice) {
		REQUIRE(c->done);
		CHECK(c->response.status == 200);
		auto doc = parse(c->response.body);
		REQUIRE(doc.Size() == 1);
		CHECK_FALSE(successful(doc[0]));
		CHECK(str(doc[0], "error") == "402::session_unknown");
		if (withAdvice) {
			CHECK(str(doc[0]["advice"], "reconnect") == "handshake");
			CHECK(doc[0]["advice"]["interval"].GetInt() == 0);
		} else {
			CHECK(doc[0].FindMember("advice") == doc[0].MemberEnd());
		}
	};
	SUBCASE("unknown clientId on connect")
	{
		check402(f.post("u1", Fixture::connectBody("nope", "3")), true);
	}
	SUBCASE("unknown clientId on subscribe: no advice")
	{
		check402(f.subscribe("u1", "nope", R"("/v2/me/*")"), false);
	}
	SUBCASE("another user's session")
	{
		check402(f.post("u2", Fixture::connectBody(clientId, "3")), true);
	}
	SUBCASE("another browser")
	{
		check402(f.post("u1", Fixture::connectBody(clientId, "3"), "OTHER"), true);
	}
	SUBCASE("no browser cookie")
	{
		check402(f.post("u1", Fixture::connectBody(clientId, "3"), ""), true);
	}
	CHECK(f.server.sessionCount() == 1);
}

TEST_CASE("Subscription rules")
{
	Fixture f;
	std::string clientId = f.connected("u1");
	auto reply = [&](const std::string &subscription) {
		auto c = f.subscribe("u1", clientId, subscription);
		REQUIRE(c->done);
		auto doc = parse(c->response.body);
		REQUIRE(doc.Size() == 1);
		CHECK(str(doc[0], "channel") == "/meta/subscribe");
		return successful(doc[0]) ? std::string("ok") : str(doc[0], "error");
	};
	CHECK(reply(R"("/v2/me/calls")") == "ok");
	CHECK(reply(R"("/v2/me/*")") == "ok");
	CHECK(reply(R"("/v2/me/**")") == "ok");
	CHECK(reply(R"(["/v2/me/devices","/v2/me/calls"])") == "ok");
	CHECK(reply(R"("/service/x")") == "ok");
	CHECK(reply(R"("/meta/connect")") == "403::subscribe_failed");
	CHECK(reply(R"("/meta/**")") == "403::subscribe_failed");
	CHECK(reply(R"("")") == "403::subscription_missing");
	CHECK(reply(R"([])") == "403::subscription_missing");
	CHECK(reply(R"(17)") == "403::subscription_missing");
	CHECK(reply(R"("/v2/me/*/calls")") == "403::subscription_invalid");
	CHECK(reply(R"("v2/me")") == "403::subscription_invalid");
	CHECK(reply(R"("/v2/users/u2/calls")") == "403:denied_by_security_policy:subscribe_denied");
	CHECK(reply(R"("/v2/users/*")") == "403:denied_by_security_policy:subscribe_denied");
	/* As GWS accepts them (gws-voice-api.md §13 rows 1 and 13). */
	CHECK(reply(R"("/v2/me")") == "ok");
	CHECK(reply(R"("/**")") == "ok");
	CHECK(reply(R"("/*")") == "ok");
	CHECK(reply(R"(["/v2/users","/notifications/services"])") == "ok");
	CHECK(reply(R"(["/v2/me/calls","/v2/other"])") == "403:denied_by_security_policy:subscribe_denied");

	auto missing = f.post("u1", R"([{"id":"9","channel":"/meta/subscribe","clientId":")" + clientId + R"("}])");
	auto doc = parse(missing->response.body);
	CHECK(str(doc[0], "error") == "403::subscription_missing");

	SUBCASE("the subscription is echoed as sent")
	{
		auto c = f.subscribe("u1", clientId, R"(["/v2/me/a","/v2/me/b"])");
		auto d = parse(c->response.body);
		REQUIRE(d[0]["subscription"].IsArray());
		CHECK(d[0]["subscription"].Size() == 2);
		auto s = f.subscribe("u1", clientId, R"("/v2/me/x")");
		CHECK(str(parse(s->response.body)[0], "subscription") == "/v2/me/x");
	}
}

TEST_CASE("Wildcard and exact subscriptions deliver one copy, on the concrete channel")
{
	Fixture f;
	std::string clientId = f.connected("u1");
	std::string other = f.connected("u2", "B2");
	REQUIRE(f.subscribe("u1", clientId, R"(["/v2/me/*","/v2/me/**","/v2/me/calls"])")->done);
	REQUIRE(f.subscribe("u2", other, R"("/v2/me/*")", "B2")->done);

	f.server.publish("u1", "/v2/me/calls", event("/v2/me/calls", 1));
	f.server.publish("u1", "/v2/me/calls/deep", event("/v2/me/calls/deep", 2));
	f.server.publish("u1", "/v2/other", event("/v2/other", 3));
	auto c = f.post("u1", Fixture::connectBody(clientId, "3"));
	REQUIRE(c->done);
	auto doc = parse(c->response.body);
	REQUIRE(doc.Size() == 3);
	CHECK(str(doc[0], "channel") == "/v2/me/calls");
	CHECK(str(doc[1], "channel") == "/v2/me/calls/deep");
	CHECK(str(doc[2], "channel") == "/meta/connect");

	/* u2 got nothing of u1's */
	auto c2 = f.post("u2", Fixture::connectBody(other, "3", true), "B2");
	REQUIRE(c2->done);
	CHECK(parse(c2->response.body).Size() == 1);

	SUBCASE("unsubscribing from one of them keeps the others")
	{
		auto u = f.post("u1", R"([{"id":"8","channel":"/meta/unsubscribe","clientId":")" + clientId +
					      R"(","subscription":"/v2/me/calls"}])");
		CHECK(successful(parse(u->response.body)[0]));
		CHECK(str(parse(u->response.body)[0], "subscription") == "/v2/me/calls");
		f.server.publish("u1", "/v2/me/calls", event("/v2/me/calls", 4));
		auto again = f.post("u1", Fixture::connectBody(clientId, "4"));
		REQUIRE(again->done);
		CHECK(parse(again->response.body).Size() == 2);
	}
}

TEST_CASE("The messages published before a flush leave in one connect reply, in order")
{
	/* One switch step (Dial: Dialing, then Established) is one reply, not a
	 * reply and a message left waiting for the client's next long-poll. */
	Fixture f;
	std::string a = f.connected("u1");
	REQUIRE(f.subscribe("u1", a, R"("/v2/me/*")")->done);
	auto held = f.post("u1", Fixture::connectBody(a, "3"));
	CHECK_FALSE(held->done);
	f.server.publish("u1", "/v2/me/calls", event("/v2/me/calls", 1));
	f.server.publish("u1", "/v2/me/calls", event("/v2/me/calls", 2));
	CHECK_FALSE(held->done);
	f.server.flush();
	REQUIRE(held->done);
	auto doc = parse(held->response.body);
	REQUIRE(doc.Size() == 3);
	CHECK(doc[0]["data"]["n"].GetInt() == 1);
	CHECK(doc[1]["data"]["n"].GetInt() == 2);
	CHECK(str(doc[2], "channel") == "/meta/connect");
	/* The task the first publish posted finds nothing left to answer. */
	f.io.restart();
	f.io.poll();
	CHECK(held->calls == 1);
	CHECK(f.server.heldConnectCount() == 0);
}

TEST_CASE("Every session of the user receives its copy")
{
	Fixture f;
	std::string a = f.connected("u1", "B1");
	std::string b = f.connected("u1", "B2");
	REQUIRE(f.subscribe("u1", a, R"("/v2/me/*")", "B1")->done);
	REQUIRE(f.subscribe("u1", b, R"("/v2/me/calls")", "B2")->done);
	auto ha = f.post("u1", Fixture::connectBody(a, "3"), "B1");
	auto hb = f.post("u1", Fixture::connectBody(b, "3"), "B2");
	CHECK_FALSE(ha->done);
	CHECK_FALSE(hb->done);
	auto shared = event("/v2/me/calls", 5);
	f.server.publish("u1", "/v2/me/calls", shared);
	f.server.flush();
	REQUIRE(ha->done);
	REQUIRE(hb->done);
	CHECK(ha->response.body.find(*shared) != std::string::npos);
	CHECK(hb->response.body.find(*shared) != std::string::npos);
}

TEST_CASE("A session whose queue overflows is expired")
{
	BayeuxConfig config = testConfig();
	config.maxQueue = 3;
	Fixture f(config);
	std::string clientId = f.connected("u1");
	std::string keeper = f.connected("u1", "B2");
	REQUIRE(f.subscribe("u1", clientId, R"("/v2/me/*")")->done);
	REQUIRE(f.subscribe("u1", keeper, R"("/v2/me/*")", "B2")->done);
	for (int i = 0; i < 3; ++i)
		f.server.publish("u1", "/v2/me/calls", event("/v2/me/calls", i));
	CHECK(f.server.sessionCount() == 2);
	/* keeper drains its queue; clientId does not */
	REQUIRE(f.post("u1", Fixture::connectBody(keeper, "5", true), "B2")->done);
	f.server.publish("u1", "/v2/me/calls", event("/v2/me/calls", 3));
	CHECK(f.server.sessionCount() == 1);
	auto c = f.post("u1", Fixture::connectBody(clientId, "3"));
	REQUIRE(c->done);
	CHECK(str(parse(c->response.body)[0], "error") == "402::session_unknown");
}

TEST_CASE("Sessions that stop polling expire; held ones do not")
{
	Fixture f;
	std::string idle = f.connected("u1", "B1");
	std::string polling = f.connected("u1", "B2");
	auto held = f.post("u1", Fixture::connectBody(polling, "3"), "B2");
	CHECK_FALSE(held->done);
	const auto now = std::chrono::steady_clock::now();
	CHECK(f.server.sweepExpired(now) == 0);
	CHECK(f.server.sweepExpired(now + 1h) == 1);
	CHECK(f.server.sessionCount() == 1);
	auto c = f.post("u1", Fixture::connectBody(idle, "3"), "B1");
	CHECK(str(parse(c->response.body)[0], "error") == "402::session_unknown");
	CHECK_FALSE(held->done);
	f.server.shutdown();
	CHECK(held->done);
}

TEST_CASE("The sweeper runs on its own")
{
	BayeuxConfig config = testConfig();
	config.maxInterval = 0ms;
	config.sweepPeriod = 5ms;
	Fixture f(config);
	f.connected("u1");
	for (int i = 0; i < 1000 && f.server.sessionCount() > 0; ++i)
		f.io.run_one_for(100ms);
	CHECK(f.server.sessionCount() == 0);
}

TEST_CASE("Disconnect removes the session and retires its held connect")
{
	Fixture f;
	std::string clientId = f.connected("u1");
	auto held = f.post("u1", Fixture::connectBody(clientId, "3"));
	CHECK_FALSE(held->done);
	auto d = f.post("u1", R"([{"id":"4","channel":"/meta/disconnect","clientId":")" + clientId + R"("}])");
	REQUIRE(d->done);
	auto doc = parse(d->response.body);
	CHECK(str(doc[0], "channel") == "/meta/disconnect");
	CHECK(str(doc[0], "id") == "4");
	CHECK(successful(doc[0]));
	REQUIRE(held->done);
	auto heldDoc = parse(held->response.body);
	CHECK(str(heldDoc[0]["advice"], "reconnect") == "none");
	CHECK(f.server.sessionCount() == 0);
}

TEST_CASE("dropSessionsOf ends the user's sessions and tells held clients to handshake")
{
	Fixture f;
	std::string clientId = f.connected("u1");
	f.connected("u2", "B2");
	auto held = f.post("u1", Fixture::connectBody(clientId, "3"));
	f.server.dropSessionsOf("u1");
	REQUIRE(held->done);
	auto doc = parse(held->response.body);
	CHECK(str(doc[0], "error") == "402::session_unknown");
	CHECK(str(doc[0]["advice"], "reconnect") == "handshake");
	CHECK(f.server.sessionCount() == 1);
}

TEST_CASE("Shutdown answers held connects and holds no more")
{
	Fixture f;
	std::string clientId = f.connected("u1");
	auto held = f.post("u1", Fixture::connectBody(clientId, "3"));
	CHECK_FALSE(held->done);
	f.server.shutdown();
	REQUIRE(held->done);
	auto doc = parse(held->response.body);
	CHECK(successful(doc[0]));
	CHECK(str(doc[0], "channel") == "/meta/connect");

	auto next = f.post("u1", Fixture::connectBody(clientId, "4"));
	CHECK(next->done);
	auto hs = f.post("u1", R"([{"id":"1","channel":"/meta/handshake"}])");
	REQUIRE(hs->done);
	CHECK_FALSE(successful(parse(hs->response.body)[0]));
}

TEST_CASE("Protocol violations and bad messages")
{
	Fixture f;
	std::string clientId = f.connected("u1");
	auto status = [&](const std::string &body) {
		auto c = f.post("u1", body);
		REQUIRE(c->done);
		return c->response.status;
	};
	CHECK(status("not json") == 400);
	CHECK(status("[]") == 400);
	CHECK(status("\"x\"") == 400);
	CHECK(status("[1]") == 400);
	CHECK(status(R"([{"channel":"/meta/handshake"},{"channel":"/meta/connect","clientId":")" + clientId +
		     R"("}])") == 400);

	SUBCASE("a websocket upgrade is refused")
	{
		HttpRequest request;
		request.setMethod("GET");
		request.addHeader("Upgrade", "websocket");
		request.addHeader("Connection", "Upgrade");
		unsigned code = 0;
		f.server.handle("u1", request, [&](HttpResponse r) { code = r.status; });
		CHECK(code == 400);
	}
	SUBCASE("too many messages")
	{
		std::string body = "[";
		for (int i = 0; i < 101; ++i)
			body += std::string(i ? "," : "") + R"({"channel":"/meta/subscribe"})";
		CHECK(status(body + "]") == 400);
	}
	SUBCASE("Bayeux errors travel in a 200")
	{
		auto pub = f.post("u1", R"([{"id":"7","channel":"/v2/me/calls","clientId":")" + clientId +
						R"(","data":{}}])");
		auto doc = parse(pub->response.body);
		CHECK(pub->response.status == 200);
		CHECK(str(doc[0], "error") == "403::publish_denied");
		CHECK(doc[0].FindMember("data") == doc[0].MemberEnd());

		auto noChannel = f.post("u1", R"([{"id":"8","clientId":")" + clientId + R"("}])");
		CHECK(str(parse(noChannel->response.body)[0], "error") == "400::channel_missing");
		auto badChannel = f.post("u1", R"([{"id":"8","channel":"/a//b","clientId":")" + clientId + R"("}])");
		CHECK(str(parse(badChannel->response.body)[0], "error") == "405::channel_invalid");
		auto unknownMeta = f.post("u1", R"([{"id":"8","channel":"/meta/x","clientId":")" + clientId + R"("}])");
		CHECK_FALSE(successful(parse(unknownMeta->response.body)[0]));
	}
}

TEST_CASE("Concurrent clients and a publisher: every session gets every message once, in order")
{
	BayeuxConfig config = testConfig();
	config.timeout = 50ms;
	config.maxQueue = 100000;
	boost::asio::io_context io;
	auto work = boost::asio::make_work_guard(io);
	BayeuxServer server(io, config);
	std::vector<std::thread> ioThreads;
	for (int i = 0; i < 2; ++i)
		ioThreads.emplace_back([&io] { io.run(); });

	auto exchange = [&server](const std::string &user, const std::string &browser, const std::string &body) {
		HttpRequest request;
		request.setMethod("POST");
		request.body = body;
		request.addHeader("Cookie", "BAYEUX_BROWSER=" + browser);
		auto promise = std::make_shared<std::promise<HttpResponse>>();
		auto future = promise->get_future();
		server.handle(user, request, [promise](HttpResponse r) { promise->set_value(std::move(r)); });
		return future.get();
	};

	constexpr int kMessages = 500;
	const std::vector<std::string> users = {"u1", "u2"};
	std::atomic<int> ready{0};
	std::vector<std::vector<int>> received(4);
	std::vector<std::thread> clients;
	for (int c = 0; c < 4; ++c) {
		clients.emplace_back([&, c] {
			const std::string user = users[c % 2];
			const std::string browser = "B" + std::to_string(c);
			auto hs = exchange(user, browser, R"([{"id":"1","channel":"/meta/handshake"}])");
			rapidjson::Document doc;
			doc.Parse(hs.body.c_str());
			std::string clientId = doc[0]["clientId"].GetString();
			exchange(
				user, browser,
				R"([{"id":"2","channel":"/meta/subscribe","clientId":")" + clientId +
					R"(","subscription":"/v2/me/*"},{"id":"3","channel":"/meta/connect","clientId":")" +
					clientId + R"("}])");
			++ready;
			for (int id = 4; received[c].size() < kMessages && id < 100000; ++id) {
				auto r = exchange(user, browser, Fixture::connectBody(clientId, std::to_string(id)));
				if (r.status != 200)
					continue;
				doc.Parse(r.body.c_str());
				for (const auto &m : doc.GetArray()) {
					if (m.HasMember("data"))
						received[c].push_back(m["data"]["n"].GetInt());
				}
			}
		});
	}
	while (ready < 4)
		std::this_thread::yield();
	for (int n = 0; n < kMessages; ++n) {
		for (const auto &user : users)
			server.publish(user, "/v2/me/calls", event("/v2/me/calls", n));
	}
	for (auto &t : clients)
		t.join();
	server.shutdown();
	work.reset();
	for (auto &t : ioThreads)
		t.join();

	std::vector<int> expected(kMessages);
	std::iota(expected.begin(), expected.end(), 0);
	for (const auto &r : received)
		CHECK(r == expected);
}

TEST_CASE("The ack extension delivers in connect replies only and resends what was not acknowledged")
{
	Fixture f;
	auto hs = f.post("u1", R"([{"id":"1","channel":"/meta/handshake","ext":{"ack":true}}])");
	auto doc = parse(hs->response.body);
	REQUIRE(doc[0].HasMember("ext"));
	CHECK(doc[0]["ext"]["ack"].GetBool());
	std::string clientId = str(doc[0], "clientId");
	auto connect = [&](const std::string &id, int ack) {
		return f.post("u1", R"([{"id":")" + id + R"(","channel":"/meta/connect","clientId":")" + clientId +
					    R"(","ext":{"ack":)" + std::to_string(ack) + "}}]");
	};

	auto first = connect("2", 0);
	REQUIRE(first->done);
	doc = parse(first->response.body);
	CHECK(doc[0]["ext"]["ack"].GetInt() == 1);

	REQUIRE(f.subscribe("u1", clientId, R"("/v2/me/*")")->done);
	f.server.publish("u1", "/v2/me/calls", event("/v2/me/calls", 1));
	auto sub = f.subscribe("u1", clientId, R"("/v2/me/calls")");
	CHECK(parse(sub->response.body).Size() == 1); /* not delivered outside a connect */

	auto second = connect("3", 1);
	REQUIRE(second->done);
	doc = parse(second->response.body);
	REQUIRE(doc.Size() == 2);
	CHECK(doc[0]["data"]["n"].GetInt() == 1);
	CHECK(doc[1]["ext"]["ack"].GetInt() == 2);

	/* The client says it has batch 1 only: batch 2 was lost, so it comes again. */
	auto resend = connect("4", 1);
	REQUIRE(resend->done);
	doc = parse(resend->response.body);
	REQUIRE(doc.Size() == 2);
	CHECK(doc[0]["data"]["n"].GetInt() == 1);
	CHECK(doc[1]["ext"]["ack"].GetInt() == 3);

	auto held = connect("5", 3);
	CHECK_FALSE(held->done);
	f.server.publish("u1", "/v2/me/calls", event("/v2/me/calls", 2));
	f.server.flush();
	REQUIRE(held->done);
	doc = parse(held->response.body);
	REQUIRE(doc.Size() == 2);
	CHECK(doc[0]["data"]["n"].GetInt() == 2);
	CHECK(doc[1]["ext"]["ack"].GetInt() == 4);
}

TEST_CASE("Without the ack extension no ext is added")
{
	Fixture f;
	auto hs = f.post("u1", R"([{"id":"1","channel":"/meta/handshake","ext":{"ack":false}}])");
	auto doc = parse(hs->response.body);
	CHECK_FALSE(doc[0].HasMember("ext"));
	std::string clientId = str(doc[0], "clientId");
	auto c = f.post("u1", Fixture::connectBody(clientId, "2"));
	CHECK_FALSE(parse(c->response.body)[0].HasMember("ext"));
}
