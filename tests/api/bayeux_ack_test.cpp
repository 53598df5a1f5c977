/* SPDX-License-Identifier: MIT */
/*
 * The ack extension when connects arrive out of order: a long poll the client
 * abandoned (it closed the connection) may still reach the server after the
 * client's next connect, on another connection. Its reply goes nowhere; what
 * the client acknowledges afterwards must still clear what it received
 * (cometd-bayeux.md §1.10: each message belongs to the batch it was first sent
 * in, and an ack of batch N discards every message up to N).
 */
#include "ctisim/api/bayeux_server.h"

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>
#include <rapidjson/document.h>

using namespace ctisim::api;
using namespace std::chrono_literals;

namespace {

struct Reply {
	bool done = false;
	HttpResponse response;
};

class AckClient
{
public:
	AckClient() : server_(io_, config()) {}

	static BayeuxConfig config()
	{
		BayeuxConfig c;
		c.sweepPeriod = 1h;
		return c;
	}

	std::shared_ptr<Reply> post(const std::string &body)
	{
		HttpRequest request;
		request.setMethod("POST");
		request.setTarget("/api/v2/notifications");
		request.body = body;
		request.addHeader("Cookie", "JSESSIONID=x; BAYEUX_BROWSER=B");
		auto reply = std::make_shared<Reply>();
		server_.handle("u1", request, [reply](HttpResponse r) {
			reply->done = true;
			reply->response = std::move(r);
		});
		return reply;
	}

	void handshakeAndSubscribe(bool ack = true)
	{
		auto hs = post(ack ? R"([{"id":"1","channel":"/meta/handshake","ext":{"ack":true}}])"
				   : R"([{"id":"1","channel":"/meta/handshake"}])");
		REQUIRE(hs->done);
		rapidjson::Document doc;
		doc.Parse(hs->response.body.c_str());
		clientId_ = doc[0]["clientId"].GetString();
		REQUIRE(post(R"([{"id":"2","channel":"/meta/subscribe","clientId":")" + clientId_ +
			     R"(","subscription":"/v2/me/*"}])")
				->done);
	}

	std::shared_ptr<Reply> connect(int ack, bool adviceZero = false)
	{
		return post(R"([{"id":")" + std::to_string(++id_) + R"(","channel":"/meta/connect","clientId":")" +
			    clientId_ + R"(","connectionType":"long-polling","ext":{"ack":)" + std::to_string(ack) +
			    "}" + (adviceZero ? R"(,"advice":{"timeout":0})" : "") + "}]");
	}

	/// Publishes; flushed at once unless the publisher's step goes on.
	void publish(int n, bool flush = true)
	{
		server_.publish("u1", "/v2/me/calls",
				std::make_shared<const std::string>(R"({"data":{"n":)" + std::to_string(n) +
								    R"(},"channel":"/v2/me/calls"})"));
		if (flush)
			server_.flush();
	}

	BayeuxServer &server() { return server_; }

private:
	boost::asio::io_context io_;
	BayeuxServer server_;
	std::string clientId_;
	int id_ = 10;
};

/// The "n" of each message in a connect reply, and the batch the reply closes.
struct Delivered {
	std::vector<int> messages;
	long long batch = -1;
	int status = 0;
};

Delivered delivered(const Reply &reply)
{
	Delivered d;
	d.status = static_cast<int>(reply.response.status);
	rapidjson::Document doc;
	doc.Parse(reply.response.body.c_str());
	if (doc.HasParseError() || !doc.IsArray())
		return d;
	for (const auto &m : doc.GetArray()) {
		if (m.HasMember("data"))
			d.messages.push_back(m["data"]["n"].GetInt());
		else if (m.HasMember("ext") && m["ext"].HasMember("ack"))
			d.batch = m["ext"]["ack"].GetInt64();
	}
	return d;
}

/// Nothing is left unacknowledged after `ack`: the connect is held, and message n comes alone.
void checkHeldUntilNext(AckClient &c, int ack, int n)
{
	auto held = c.connect(ack);
	CHECK_FALSE(held->done);
	c.publish(n);
	REQUIRE(held->done);
	CHECK(delivered(*held).messages == std::vector<int>{n});
}

} /* namespace */

TEST_CASE("An abandoned connect that arrives late does not make an acknowledged batch come again")
{
	AckClient c;
	c.handshakeAndSubscribe();
	auto first = c.connect(0, true);
	REQUIRE(first->done);
	CHECK(delivered(*first).batch == 1);

	/* Message 1 is queued; the client's connect (ack 1) takes it in batch 2, and
	 * the client reads it. */
	c.publish(1);
	auto live = c.connect(1);
	REQUIRE(live->done);
	CHECK(delivered(*live).messages == std::vector<int>{1});
	CHECK(delivered(*live).batch == 2);

	/* The long poll the client had abandoned before (also ack 1) arrives now:
	 * as far as the server can tell, batch 2 may have been lost, so message 1
	 * goes again, to a connection nobody reads any more. */
	auto stale = c.connect(1);
	REQUIRE(stale->done);
	CHECK(delivered(*stale).messages == std::vector<int>{1});

	/* The client acknowledges batch 2, which had message 1: nothing is left to
	 * send, so its connect is held, and the next message comes alone. */
	checkHeldUntilNext(c, 2, 2);
}

TEST_CASE("A message re-sent after a lost reply is cleared by the ack of either batch")
{
	AckClient c;
	c.handshakeAndSubscribe();
	REQUIRE(c.connect(0, true)->done); /* batch 1 */
	c.publish(1);
	auto lost = c.connect(1); /* batch 2: message 1, thrown away unread */
	REQUIRE(lost->done);
	c.publish(2);
	auto again = c.connect(1); /* batch 3: 1 again, then 2 */
	REQUIRE(again->done);
	CHECK(delivered(*again).messages == std::vector<int>{1, 2});
	CHECK(delivered(*again).batch == 3);
	checkHeldUntilNext(c, 3, 3);
}

TEST_CASE("A connect replaced by a newer one (HTTP 500) takes no messages with it")
{
	for (bool ack : {false, true}) {
		CAPTURE(ack);
		AckClient c;
		c.handshakeAndSubscribe(ack);
		REQUIRE(c.connect(0, true)->done);
		auto old = c.connect(ack ? 1 : 0);
		CHECK_FALSE(old->done);
		/* Published while the connect is held, before the step's flush... */
		c.publish(1, false);
		/* ...when the client's next connect replaces the held one: the 500 has no
		 * body, so message 1 must go with the newer connect's reply. */
		auto newer = c.connect(ack ? 1 : 0);
		REQUIRE(old->done);
		CHECK(delivered(*old).status == 500);
		c.server().flush();
		REQUIRE(newer->done);
		CHECK(delivered(*newer).messages == std::vector<int>{1});
	}
}
