/* SPDX-License-Identifier: MIT */
/*
 * ProxyRecorder: who a relayed request is (Basic user name, then the session
 * cookie, then the CometD clientId), CometD answers split into notifications,
 * the inferred setup, no password kept, and the byte limit.
 */
#include <string>

#include <doctest/doctest.h>

#include "ctisim/api/proxy_recorder.h"

namespace {

using ctisim::api::HttpRequest;
using ctisim::api::HttpResponse;
using ctisim::api::ProxyRecorder;

/// "agent15000:secret-pw" in base64.
constexpr const char *basicAlice = "Basic YWdlbnQxNTAwMDpzZWNyZXQtcHc=";

HttpRequest request(std::string method, std::string target, std::string body = {},
		    std::vector<std::pair<std::string, std::string>> headers = {})
{
	HttpRequest r;
	r.method = std::move(method);
	r.target = std::move(target);
	r.body = std::move(body);
	r.headers = std::move(headers);
	return r;
}

HttpResponse response(unsigned status, std::string body, std::vector<std::pair<std::string, std::string>> headers = {})
{
	HttpResponse r;
	r.status = status;
	r.body = std::move(body);
	r.headers = std::move(headers);
	return r;
}

void exchange(ProxyRecorder &recorder, const HttpRequest &req, const HttpResponse &res)
{
	recorder.onResponse(recorder.onRequest(req), req, res);
}

} /* namespace */

TEST_CASE("ProxyRecorder: users by Basic name, cookie and clientId; CometD answers become notifications")
{
	ProxyRecorder recorder("http://127.0.0.1:8090", 1 << 20);
	exchange(recorder, request("GET", "/api/v2/me?subresources=*", "", {{"Authorization", basicAlice}}),
		 response(200,
			  R"({"statusCode":0,"user":{"id":"u1","userName":"agent15000","firstName":"Al","lastName":"",)"
			  R"("devices":[{"id":"d1","phoneNumber":"15000"}]}})",
			  {{"Set-Cookie", "JSESSIONID=abc; Path=/; HttpOnly"}, {"X-CSRF-TOKEN", "t"}}));
	auto cookie = std::vector<std::pair<std::string, std::string>>{{"Cookie", "JSESSIONID=abc"}};
	exchange(recorder,
		 request("POST", "/api/v2/notifications/handshake", R"([{"channel":"/meta/handshake"}])", cookie),
		 response(200, R"([{"channel":"/meta/handshake","successful":true,"clientId":"c1"}])"));
	exchange(recorder, request("POST", "/api/v2/me", R"({"operationName":"Ready"})", cookie),
		 response(200, R"({"statusCode":0})"));
	/* A connect without the cookie: the clientId names the user. */
	exchange(recorder,
		 request("POST", "/api/v2/notifications/connect", R"([{"channel":"/meta/connect","clientId":"c1"}])"),
		 response(200,
			  R"([{"data":{"messageType":"DeviceStateChangeMessage"},"channel":"/v2/me/devices","id":"9"},)"
			  R"({"channel":"/meta/connect","successful":true}])"));

	ctisim::api::Recording recording = recorder.recording();
	REQUIRE(recording.exchanges.size() == 2); /* CometD exchanges are no steps */
	CHECK(recording.exchanges[0].userName == "agent15000");
	CHECK(recording.exchanges[1].userName == "agent15000");
	REQUIRE(recording.exchanges[1].notifications.size() == 1);
	CHECK(recording.exchanges[1].notifications[0].userName == "agent15000");
	CHECK(recording.exchanges[1].notifications[0].message ==
	      R"({"data":{"messageType":"DeviceStateChangeMessage"},"channel":"/v2/me/devices"})");
	CHECK(recording.setupJson ==
	      R"({"publicBaseUrl":"http://127.0.0.1:8090","csrf":true,"users":[{"userName":"agent15000","dn":"15000",)"
	      R"("id":"u1","deviceId":"d1","firstName":"Al"}]})");
	CHECK(recording.setupJson.find("secret-pw") == std::string::npos);
}

TEST_CASE("ProxyRecorder: past the byte limit nothing more is recorded, and it is counted")
{
	ProxyRecorder recorder("http://127.0.0.1:8090", 100);
	exchange(recorder, request("GET", "/api/v2/me", "", {{"Authorization", basicAlice}}),
		 response(200, R"({"statusCode":0})"));
	exchange(recorder, request("POST", "/api/v2/me", std::string(200, 'x'), {{"Authorization", basicAlice}}),
		 response(200, R"({"statusCode":0})"));
	ctisim::api::Recording recording = recorder.recording();
	CHECK(recording.exchanges.size() == 1);
	CHECK(recorder.dropped() == 1);
}
