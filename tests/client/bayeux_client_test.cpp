/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/client/sync_client.h"

#include <mutex>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include "ctisim/api/http_server.h"
#include "ctisim/json/parse.h"
#include "ctisim/json/value.h"

using namespace ctisim;
using namespace ctisim::client;
using namespace std::chrono_literals;

namespace {

/* A GWS in miniature: /me logs in (cookie, CSRF token), /me/ready wants both,
 * /notifications answers the Bayeux meta channels and delivers one message. */
class ScriptedGws final : public api::HttpHandler
{
public:
	void handle(api::HttpRequest request, api::HttpReply reply) override
	{
		{
			std::lock_guard lock(mutex);
			seen.push_back(request);
		}
		api::HttpResponse r;
		if (request.path() == "/gws/api/v2/me" && request.method() == "GET") {
			r.status = request.header("Authorization") == "Basic YWdlbnQ6cHc=" ? 200 : 401;
			r.headers = {{"Set-Cookie", "JSESSIONID=s1; Path=/; HttpOnly"},
				     {"X-CSRF-HEADER", "X-CSRF-TOKEN"},
				     {"X-CSRF-TOKEN", "tok"}};
			r.body = R"({"statusCode":0})";
		} else if (request.path() == "/gws/api/v2/me/ready") {
			bool ok = request.cookie("JSESSIONID") == "s1" && request.header("X-CSRF-TOKEN") == "tok";
			r.status = ok ? 200 : 403;
			r.body = request.body;
		} else if (request.path() == "/gws/api/v2/notifications") {
			rapidjson::Document doc;
			REQUIRE_FALSE(json::parse(request.body, doc));
			std::string_view channel = json::str(doc[0]["channel"]);
			if (channel == "/meta/handshake")
				r.body =
					R"([{"channel":"/meta/handshake","successful":true,"clientId":"c1","id":"1"}])";
			else if (channel == "/meta/subscribe")
				r.body = R"({"channel":"/meta/subscribe","successful":true,"subscription":"/v2/me/*"})";
			else if (channel == "/meta/connect" && ++connects == 1)
				r.body =
					R"([{"channel":"/v2/me/calls","data":{"n":1}},{"channel":"/meta/connect","successful":true},)"
					R"({"channel":"/v2/me/calls","data":{"n":2}}])";
			else
				r.body =
					R"([{"channel":"/meta/connect","successful":false,"error":"402::session_unknown"}])";
		} else {
			r.status = 404;
		}
		reply(std::move(r));
	}

	std::mutex mutex;
	std::vector<api::HttpRequest> seen;
	int connects = 0;
};

struct Server {
	Server() : http(io, config(), gws)
	{
		REQUIRE_FALSE(http.start());
		thread = std::thread([this] { io.run(); });
	}
	~Server()
	{
		http.stop([] {});
		work.reset();
		thread.join();
	}
	static api::HttpServerConfig config()
	{
		api::HttpServerConfig c;
		c.port = 0;
		return c;
	}
	Url url()
	{
		std::string error;
		return *Url::parse(fmt::format("http://127.0.0.1:{}/gws/", http.port()), error);
	}

	ScriptedGws gws;
	boost::asio::io_context io;
	boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
	api::HttpServer http;
	std::thread thread;
};

} /* namespace */

TEST_CASE("the GWS client sends Basic, keeps the session cookie and echoes the CSRF token on writes")
{
	Server server;
	SyncGwsClient client(server.url(), 5000ms);
	CHECK(client.request("GET", "/api/v2/me", "").status == 401);
	client.setCredentials("agent", "pw");
	HttpResult me = client.request("GET", "/api/v2/me", "");
	CHECK(me.status == 200);
	CHECK(me.error.empty());
	CHECK(client.cookies().at("JSESSIONID") == "s1");
	HttpResult ready = client.request("POST", "/api/v2/me/ready", R"({"a":1})");
	CHECK(ready.status == 200);
	CHECK(ready.body == R"({"a":1})");
	std::lock_guard lock(server.gws.mutex);
	const api::HttpRequest &post = server.gws.seen.back();
	CHECK(post.header("Content-Type") == "application/json");
	CHECK(post.header("Host") == fmt::format("127.0.0.1:{}", server.http.port()));
	/* One keep-alive connection for all three. */
	CHECK(post.remoteAddress == server.gws.seen.front().remoteAddress);
}

TEST_CASE("the Bayeux client: handshake, subscribe, connects that answer at once, a refused connect")
{
	Server server;
	SyncGwsClient http(server.url(), 5000ms);
	http.setCredentials("agent", "pw");
	REQUIRE(http.request("GET", "/api/v2/me", "").status == 200);
	SyncBayeuxClient bayeux(http);
	bayeux.setTrace(true);
	std::string error;
	REQUIRE(bayeux.handshake(error));
	REQUIRE(bayeux.subscribe("/v2/me/*", error));
	std::vector<std::string> inbox;
	REQUIRE(bayeux.poll(inbox, error));
	CHECK(inbox == std::vector<std::string>{R"({"channel":"/v2/me/calls","data":{"n":1}})",
						R"({"channel":"/v2/me/calls","data":{"n":2}})"});
	CHECK_FALSE(bayeux.poll(inbox, error));
	CHECK(error == R"(/meta/connect failed: "402::session_unknown")");
	CHECK(inbox.size() == 2);
	std::vector<std::string> trace = bayeux.takeTrace();
	REQUIRE(trace.size() == 4);
	CHECK(trace[2].find(R"("clientId":"c1","connectionType":"long-polling","advice":{"timeout":0})") !=
	      std::string::npos);
	CHECK(bayeux.takeTrace().empty());

	std::lock_guard lock(server.gws.mutex);
	const api::HttpRequest &connect = server.gws.seen.back();
	CHECK(connect.cookie("JSESSIONID") == "s1");
	/* Bayeux POSTs carry the CSRF token like any write; GWS exempts them, a proxy may not. */
	CHECK(connect.header("X-CSRF-TOKEN") == "tok");
}

TEST_CASE("a server that is not there, and one that answers no Bayeux: errors that say so")
{
	std::string urlError;
	SyncGwsClient nowhere(*Url::parse("http://127.0.0.1:1", urlError), 2000ms);
	HttpResult result = nowhere.request("GET", "/api/v2/me", "");
	CHECK(result.status == 0);
	CHECK(result.error.rfind("cannot connect to http://127.0.0.1:1: ", 0) == 0);

	Server server;
	SyncGwsClient http(server.url(), 5000ms);
	SyncBayeuxClient bayeux(http, "/elsewhere");
	std::string error;
	CHECK_FALSE(bayeux.handshake(error));
	CHECK(error == "/meta/handshake: HTTP 404 ");
}
