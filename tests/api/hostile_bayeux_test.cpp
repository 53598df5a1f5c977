/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/bayeux_server.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>
#include <rapidjson/document.h>

/*
 * Bayeux out of order and malformed: bodies that are not a message array,
 * connect before handshake, unknown and foreign clientIds, subscriptions to
 * /meta (any wildcard), outside GWS's topics or to another user's channel, unknown
 * transports, replayed message ids. Each gets an HTTP 400 or a Bayeux error string,
 * and the engine keeps serving. Two users subscribed through every wildcard GWS
 * accepts never see each other's messages.
 */

using namespace ctisim::api;

namespace {

struct Reply {
	bool done = false;
	HttpResponse response;
};

BayeuxConfig hostileConfig()
{
	BayeuxConfig c;
	c.sweepPeriod = std::chrono::hours(1);
	c.maxSubscriptions = 5;
	return c;
}

struct Engine {
	Engine() : server(io, hostileConfig()) {}
	explicit Engine(const BayeuxConfig &config) : server(io, config) {}

	std::shared_ptr<Reply> post(const std::string &user, const std::string &body, const std::string &browser = "B",
				    const std::string &method = "POST")
	{
		HttpRequest request;
		request.setMethod(method);
		request.setTarget("/api/v2/notifications");
		request.body = body;
		request.addHeader("Cookie", "JSESSIONID=x; BAYEUX_BROWSER=" + browser);
		auto reply = std::make_shared<Reply>();
		server.handle(user, request, [reply](HttpResponse r) {
			reply->done = true;
			reply->response = std::move(r);
		});
		return reply;
	}

	/// The reply messages of an answered request (an array of objects).
	rapidjson::Document messages(const std::string &user, const std::string &body, const std::string &browser = "B")
	{
		auto r = post(user, body, browser);
		REQUIRE(r->done);
		CAPTURE(r->response.body);
		REQUIRE(r->response.status == 200);
		rapidjson::Document d;
		d.Parse(r->response.body.c_str());
		REQUIRE_FALSE(d.HasParseError());
		REQUIRE(d.IsArray());
		REQUIRE(d.Size() >= 1);
		return d;
	}

	std::string handshake(const std::string &user, const std::string &browser = "B")
	{
		auto d = messages(user, R"([{"id":"1","channel":"/meta/handshake","version":"1.0"}])", browser);
		REQUIRE(d[0]["successful"].GetBool());
		return d[0]["clientId"].GetString();
	}

	/// A handshake and the first, immediate connect.
	std::string connected(const std::string &user, const std::string &browser = "B")
	{
		std::string clientId = handshake(user, browser);
		auto d = messages(user, connect(clientId, "2", true), browser);
		REQUIRE(d[d.Size() - 1]["successful"].GetBool());
		return clientId;
	}

	static std::string connect(const std::string &clientId, const std::string &id, bool noWait = false,
				   const std::string &type = "\"long-polling\"")
	{
		return R"([{"id":")" + id + R"(","channel":"/meta/connect","connectionType":)" + type +
		       R"(,"clientId":")" + clientId + "\"" + (noWait ? R"(,"advice":{"timeout":0})" : "") + "}]";
	}

	static std::string subscribe(const std::string &clientId, const std::string &subscription,
				     const std::string &id = "3")
	{
		return R"([{"id":")" + id + R"(","channel":"/meta/subscribe","clientId":")" + clientId +
		       R"(","subscription":)" + subscription + "}]";
	}

	boost::asio::io_context io;
	BayeuxServer server;
};

std::string errorOf(const rapidjson::Value &m)
{
	REQUIRE(m.IsObject());
	REQUIRE(m.HasMember("successful"));
	CHECK_FALSE(m["successful"].GetBool());
	REQUIRE(m.HasMember("error"));
	return m["error"].GetString();
}

/// A plain-text HTTP 400 (the body is not a Bayeux message list).
void checkHttp400(const std::shared_ptr<Reply> &r)
{
	REQUIRE(r->done);
	CAPTURE(r->response.body);
	CHECK(r->response.status == 400);
	CHECK_FALSE(r->response.body.empty());
}

} /* namespace */

TEST_CASE("bodies that are not a Bayeux message list get HTTP 400 with a reason")
{
	Engine e;
	std::string clientId = e.connected("u1");
	const std::vector<std::string> bodies = {
		"",
		"x",
		"42",
		"null",
		"true",
		R"("/meta/handshake")",
		"[]",
		"[1]",
		"[null]",
		"[[]]",
		R"([{"channel":"/meta/connect"},2])",
		"[{",
		R"([{"channel":"/meta/handshake"},])",
		"\xef\xbb\xbf[]",
		std::string(1'000'000, '['),
		std::string(1'000'000, '[') + std::string(1'000'000, ']'),
		R"([{"channel":"/meta/handshake","ext":)" + std::string(100, '[') + std::string(100, ']') + "}]",
		"[{\"channel\":\"/meta/handshake\",\"id\":\"\xff\"}]",
		R"([{"channel":"/meta/handshake","id":"\udc00"}])",
		R"([{"channel":"/meta/handshake"},{"channel":"/meta/connect"}])",
		[] {
			std::string many = "[";
			for (int i = 0; i < 101; ++i)
				many += std::string(i ? "," : "") + R"({"channel":"/meta/connect","clientId":"x"})";
			return many + "]";
		}(),
	};
	for (const std::string &body : bodies) {
		CAPTURE(body.substr(0, 60));
		checkHttp400(e.post("u1", body));
	}
	checkHttp400(e.post("u1", R"([{"channel":"/meta/handshake"}])", "B", "GET"));
	CHECK(e.server.sessionCount() == 1);
	/* Still serving the session made before. */
	auto d = e.messages("u1", Engine::connect(clientId, "7", true));
	CHECK(d[d.Size() - 1]["successful"].GetBool());
}

TEST_CASE("messages out of order or without a session get Bayeux errors")
{
	Engine e;
	struct Case {
		std::string body;
		std::string error;
	};
	const std::vector<Case> cases = {
		{R"([{"id":"1","channel":"/meta/connect","connectionType":"long-polling"}])", "402::session_unknown"},
		{Engine::connect("nosuchclient", "1"), "402::session_unknown"},
		{Engine::connect("", "1"), "402::session_unknown"},
		{R"([{"id":"1","channel":"/meta/connect","clientId":42}])", "402::session_unknown"},
		{Engine::subscribe("nosuchclient", R"("/v2/me/calls")"), "402::session_unknown"},
		{R"([{"id":"1","channel":"/meta/unsubscribe","clientId":"x","subscription":"/v2/me/calls"}])",
		 "402::session_unknown"},
		{R"([{"id":"1","channel":"/meta/disconnect","clientId":"x"}])", "402::session_unknown"},
		{R"([{"id":"1","channel":"/v2/me/calls","clientId":"x","data":{}}])", "402::session_unknown"},
		{R"([{"id":"1"}])", "400::channel_missing"},
		{R"([{"id":"1","channel":42}])", "400::channel_missing"},
		{R"([{"id":"1","channel":"meta/connect"}])", "405::channel_invalid"},
		{R"([{"id":"1","channel":"/meta//connect"}])", "405::channel_invalid"},
		{R"([{"id":"1","channel":"/meta/conn ect"}])", "405::channel_invalid"},
	};
	for (const Case &c : cases) {
		CAPTURE(c.body);
		auto d = e.messages("u1", c.body);
		CHECK(errorOf(d[0]) == c.error);
	}
	/* A connect to an unknown session advises a new handshake. */
	auto d = e.messages("u1", Engine::connect("nosuchclient", "1"));
	CHECK(std::string(d[0]["advice"]["reconnect"].GetString()) == "handshake");
	CHECK(e.server.sessionCount() == 0);
}

TEST_CASE("another user's or another browser's clientId is an unknown session")
{
	Engine e;
	std::string mine = e.connected("u1", "B1");
	for (const std::string &body :
	     {Engine::connect(mine, "5", true), Engine::subscribe(mine, R"("/v2/me/calls")"),
	      std::string(R"([{"id":"1","channel":"/meta/disconnect","clientId":")") + mine + "\"}]"}) {
		CAPTURE(body);
		CHECK(errorOf(e.messages("u2", body, "B1")[0]) == "402::session_unknown");
		CHECK(errorOf(e.messages("u1", body, "B2")[0]) == "402::session_unknown");
	}
	/* Nothing happened to it: it still connects, and it was not disconnected. */
	CHECK(e.server.sessionCount() == 1);
	auto d = e.messages("u1", Engine::connect(mine, "6", true), "B1");
	CHECK(d[d.Size() - 1]["successful"].GetBool());
}

TEST_CASE("subscriptions to /meta, outside GWS's topics, to another user's channel, malformed or too many are refused")
{
	Engine e;
	std::string clientId = e.connected("u1");
	struct Case {
		std::string subscription;
		std::string error;
	};
	const std::vector<Case> cases = {
		{R"("/meta/**")", "403::subscribe_failed"},
		{R"("/meta/*")", "403::subscribe_failed"},
		{R"("/meta/connect")", "403::subscribe_failed"},
		{R"("/meta")", "403::subscribe_failed"},
		{R"("/v2/users/u2/calls")", "403:denied_by_security_policy:subscribe_denied"},
		{R"("/v2/users/u2")", "403:denied_by_security_policy:subscribe_denied"},
		{R"("/v2/users/*")", "403:denied_by_security_policy:subscribe_denied"},
		{R"("/v2/users/**")", "403:denied_by_security_policy:subscribe_denied"},
		{R"("/v2/mex/calls")", "403:denied_by_security_policy:subscribe_denied"},
		{R"("/v2")", "403:denied_by_security_policy:subscribe_denied"},
		{R"("/notifications/other")", "403:denied_by_security_policy:subscribe_denied"},
		{R"(["/**","/v2/users/u2/calls"])", "403:denied_by_security_policy:subscribe_denied"},
		{R"(["/v2/me/calls","/meta/**"])", "403::subscribe_failed"},
		{R"("")", "403::subscription_missing"},
		{"[]", "403::subscription_missing"},
		{"42", "403::subscription_missing"},
		{"null", "403::subscription_missing"},
		{R"(["/v2/me/calls",42])", "403::subscription_missing"},
		{R"({"channel":"/v2/me/calls"})", "403::subscription_missing"},
		{R"("v2/me/calls")", "403::subscription_invalid"},
		{R"("/v2/me//calls")", "403::subscription_invalid"},
		{R"("/v2/me/**/calls")", "403::subscription_invalid"},
		{R"("/v2/me/ca*lls")", "403::subscription_invalid"},
		{R"("/v2/me/\u00e9")", "403::subscription_invalid"},
	};
	for (const Case &c : cases) {
		CAPTURE(c.subscription);
		CHECK(errorOf(e.messages("u1", Engine::subscribe(clientId, c.subscription))[0]) == c.error);
	}
	/* None of those took: a message on /meta or another channel reaches nobody. */
	e.server.publish("u1", "/v2/me/calls", std::make_shared<const std::string>(R"({"channel":"/v2/me/calls"})"));
	auto quiet = e.messages("u1", Engine::connect(clientId, "8", true));
	CHECK(quiet.Size() == 1);

	/* At most maxSubscriptions (5 here) channels per session. */
	std::string five = R"(["/v2/me/a","/v2/me/b","/v2/me/c","/v2/me/d","/v2/me/e"])";
	CHECK(e.messages("u1", Engine::subscribe(clientId, five))[0]["successful"].GetBool());
	CHECK(e.messages("u1", Engine::subscribe(clientId, R"("/v2/me/a")"))[0]["successful"].GetBool());
	CHECK(errorOf(e.messages("u1", Engine::subscribe(clientId, R"("/v2/me/f")"))[0]) ==
	      "403:too_many_subscriptions:subscribe_denied");
}

TEST_CASE("two users subscribed through every wildcard GWS accepts never see each other's messages")
{
	BayeuxConfig config = hostileConfig();
	config.maxSessionsPerUser = 50;
	Engine e(config);
	const std::vector<std::string> subscriptions = {"/**",
							"/*",
							"/v2/**",
							"/v2/*",
							"/v2/me/*",
							"/v2/me/**",
							"/notifications/*",
							"/notifications/**",
							"/v2/me",
							"/v2/users",
							"/notifications/services",
							"/v2/me/calls"};
	const std::vector<std::string> channels = {"/v2/me/calls",	     "/v2/me/devices", "/v2/me/channels",
						   "/v2/me/calls/deep",	     "/v2/me",	       "/v2/users",
						   "/notifications/services"};
	const std::vector<std::string> users = {"u1", "u2"};
	struct Subscriber {
		std::string user, browser, subscription, clientId;
	};
	std::vector<Subscriber> subscribers;
	for (const auto &user : users) {
		for (std::size_t i = 0; i < subscriptions.size(); ++i) {
			Subscriber s{user, user + "-B" + std::to_string(i), subscriptions[i], {}};
			s.clientId = e.connected(user, s.browser);
			auto d = e.messages(user, Engine::subscribe(s.clientId, "\"" + s.subscription + "\""),
					    s.browser);
			CAPTURE(s.subscription);
			REQUIRE(d[0]["successful"].GetBool());
			subscribers.push_back(std::move(s));
		}
	}
	// One session holding "/**" and "/v2/me/calls" both.
	Subscriber both{"u1", "u1-both", "/**", e.connected("u1", "u1-both")};
	REQUIRE(e.messages("u1", Engine::subscribe(both.clientId, R"(["/**","/v2/me/calls"])"),
			   both.browser)[0]["successful"]
			.GetBool());
	subscribers.push_back(both);

	for (const auto &user : users) {
		for (const auto &channel : channels) {
			e.server.publish(user, channel,
					 std::make_shared<const std::string>(R"({"data":{"user":")" + user +
									     R"(","on":")" + channel +
									     R"("},"channel":")" + channel + R"("})"));
		}
	}
	for (const Subscriber &s : subscribers) {
		CAPTURE(s.user);
		CAPTURE(s.subscription);
		auto d = e.messages(s.user, Engine::connect(s.clientId, "9", true), s.browser);
		std::vector<std::string> received;
		for (const auto &m : d.GetArray()) {
			if (!m.HasMember("data"))
				continue;
			/* Only its own user's, each on the channel it was published on. */
			CHECK(std::string(m["data"]["user"].GetString()) == s.user);
			CHECK(std::string(m["channel"].GetString()) == m["data"]["on"].GetString());
			received.emplace_back(m["channel"].GetString());
		}
		std::vector<std::string> expected;
		for (const auto &channel : channels) {
			bool exact = s.subscription == channel;
			bool wildcard = s.subscription.ends_with("/*") || s.subscription.ends_with("/**");
			std::string prefix = s.subscription.substr(0, s.subscription.rfind('/') + 1);
			bool below = wildcard && channel.starts_with(prefix) &&
				     (s.subscription.ends_with("/**") ||
				      channel.find('/', prefix.size()) == std::string::npos);
			if (exact || below)
				expected.push_back(channel);
		}
		/* Each matching message once, in publishing order. */
		CHECK(received == expected);
	}
}

TEST_CASE("a user holds at most maxSessionsPerUser sessions; a handshake past it is denied")
{
	BayeuxConfig config = hostileConfig();
	config.maxSessionsPerUser = 3;
	Engine e(config);
	std::string first = e.handshake("u1");
	e.handshake("u1");
	e.handshake("u1");
	auto denied = e.messages("u1", R"([{"id":"1","channel":"/meta/handshake","version":"1.0"}])");
	CHECK(errorOf(denied[0]) == "403:too_many_sessions:handshake_denied");
	CHECK(std::string(denied[0]["advice"]["reconnect"].GetString()) == "handshake");
	CHECK(e.server.sessionCount() == 3);
	/* Other users are not affected. */
	e.handshake("u2");
	/* A session that ends makes room. */
	auto bye = e.messages("u1",
			      std::string(R"([{"id":"2","channel":"/meta/disconnect","clientId":")") + first + "\"}]");
	CHECK(bye[0]["successful"].GetBool());
	e.handshake("u1");
	CHECK(e.server.sessionCount() == 4);
}

TEST_CASE("only the long-polling transport is served")
{
	Engine e;
	SUBCASE("a handshake offering no transport we serve fails with reconnect none")
	{
		for (const char *types :
		     {R"(["websocket"])", R"(["callback-polling","websocket"])", "[]", R"("long-polling")", "[42]"}) {
			CAPTURE(types);
			auto d = e.messages(
				"u1",
				std::string(R"([{"id":"1","channel":"/meta/handshake","supportedConnectionTypes":)") +
					types + "}]");
			CHECK(errorOf(d[0]) == "400::connection_type_unsupported");
			CHECK(std::string(d[0]["advice"]["reconnect"].GetString()) == "none");
			CHECK(std::string(d[0]["supportedConnectionTypes"][0].GetString()) == "long-polling");
		}
		CHECK(e.server.sessionCount() == 0);
	}
	SUBCASE("a connect over another transport fails and the session stays")
	{
		std::string clientId = e.connected("u1");
		for (const char *type : {R"("websocket")", R"("callback-polling")", "42", "null", R"("")"}) {
			CAPTURE(type);
			auto d = e.messages("u1", Engine::connect(clientId, "4", true, type));
			CHECK(errorOf(d[0]) == "400::connection_type_unsupported");
		}
		auto d = e.messages("u1", Engine::connect(clientId, "5", true));
		CHECK(d[d.Size() - 1]["successful"].GetBool());
	}
	SUBCASE("a websocket upgrade is refused")
	{
		HttpRequest request;
		request.setMethod("GET");
		request.setTarget("/api/v2/notifications");
		request.addHeader("Upgrade", "websocket");
		request.addHeader("Connection", "Upgrade");
		HttpResponse response;
		e.server.handle("u1", request, [&response](HttpResponse r) { response = std::move(r); });
		CHECK(response.status == 400);
	}
}

TEST_CASE("replayed message ids are answered again and change nothing twice")
{
	Engine e;
	std::string clientId = e.connected("u1");
	for (int i = 0; i < 3; ++i) {
		auto d = e.messages("u1", Engine::subscribe(clientId, R"("/v2/me/calls")", "same"));
		CHECK(d[0]["successful"].GetBool());
		CHECK(std::string(d[0]["id"].GetString()) == "same");
	}
	/* One subscription, one delivery. */
	e.server.publish("u1", "/v2/me/calls",
			 std::make_shared<const std::string>(R"({"channel":"/v2/me/calls","data":1})"));
	auto d = e.messages("u1", Engine::connect(clientId, "same", true));
	CHECK(d.Size() == 2);
	auto again = e.messages("u1", Engine::connect(clientId, "same", true));
	CHECK(again.Size() == 1);
	/* A replayed handshake makes a new, separate session. */
	std::string first = e.handshake("u1", "C");
	std::string second = e.handshake("u1", "C");
	CHECK(first != second);
	/* Ids of any JSON type are echoed as they came. */
	auto odd = e.messages("u1", R"([{"id":{"a":[1,2,{"b":null}]},"channel":"/meta/connect","clientId":"x"}])");
	CHECK(odd[0]["id"]["a"][2].IsObject());
}

TEST_CASE("client and browser ids are distinct across sessions")
{
	Engine e;
	std::set<std::string> ids;
	for (int i = 0; i < 50; ++i)
		ids.insert(e.handshake("u1", "B" + std::to_string(i)));
	CHECK(ids.size() == 50);
	HttpRequest request;
	request.setMethod("POST");
	request.body = R"([{"channel":"/meta/handshake"}])";
	std::set<std::string> cookies;
	for (int i = 0; i < 20; ++i) {
		e.server.handle("u1", request, [&cookies](HttpResponse r) {
			for (const auto &[name, value] : r.headers) {
				if (name == "Set-Cookie") {
					CHECK(value.find("HttpOnly") != std::string::npos);
					CHECK(value.find("Path=/") != std::string::npos);
					cookies.insert(value);
				}
			}
		});
	}
	CHECK(cookies.size() == 20);
}

TEST_CASE("absurd advice timeouts on a connect are clamped, not undefined")
{
	Engine e;
	std::string clientId = e.connected("u1");
	REQUIRE(e.messages("u1", Engine::subscribe(clientId, R"("/v2/me/*")"))[0]["successful"].GetBool());
	for (const char *timeout :
	     {"1e300", "-1e300", "9223372036854775807", "-9223372036854775808", "1.5", "-5", "0"}) {
		CAPTURE(timeout);
		std::string body =
			R"([{"id":"1","channel":"/meta/connect","connectionType":"long-polling","clientId":")" +
			clientId + R"(","advice":{"timeout":)" + timeout + "}}]";
		auto r = e.post("u1", body);
		/* Either answered at once or held (then answered by the next publish). */
		if (!r->done) {
			e.server.publish("u1", "/v2/me/x",
					 std::make_shared<const std::string>(R"({"channel":"/v2/me/x"})"));
			e.server.flush();
		}
		REQUIRE(r->done);
		CHECK(r->response.status == 200);
	}
}
