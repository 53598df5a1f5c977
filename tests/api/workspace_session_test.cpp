/* SPDX-License-Identifier: MIT */
/*
 * Workspace API v3: /auth/v3 tokens and codes, initialize-workspace and its
 * cookie, the initialization greeting, activate-channels, the API key, the
 * v3 error shape, logout.
 */
#include <doctest/doctest.h>

#include "ctisim/json/value.h"
#include "workspace_test_harness.h"

using namespace ctisim;
using namespace ctisim::test;

namespace {

const std::vector<std::pair<std::string, std::string>> clientCredentials = {
	{"Authorization", "Basic " + base64Encode("external_api_client:secret")}};

void checkV3Error(const Response &r, unsigned status)
{
	CHECK(r.status == status);
	rapidjson::Document doc = parse(r.body);
	REQUIRE(doc.HasMember("status"));
	CHECK(doc["status"]["code"].GetInt() == static_cast<int>(status));
	CHECK(doc["status"]["message"].IsString());
}

} /* namespace */

TEST_CASE("v3 auth: the password grant answers the OAuth token shape")
{
	WorkspaceHarness h;
	Response r = h.request(
		"POST", "/auth/v3/oauth/token",
		"grant_type=password&client_id=external_api_client&scope=*&username=agent15000&password=password",
		clientCredentials);
	REQUIRE(r.status == 200);
	rapidjson::Document doc = parse(r.body);
	CHECK(doc["token_type"].GetString() == std::string("bearer"));
	CHECK(doc["expires_in"].GetInt64() == 86400);
	CHECK(doc["scope"].GetString() == std::string("*"));
	CHECK(std::string(doc["access_token"].GetString()).size() == 36);
	CHECK(doc.HasMember("refresh_token"));
	/* userinfo with it */
	Response info = h.request("GET", "/auth/v3/userinfo", "",
				  {{"Authorization", std::string("Bearer ") + doc["access_token"].GetString()}});
	REQUIRE(info.status == 200);
	CHECK(parse(info.body)["user_name"].GetString() == std::string("agent15000"));
	/* the refresh token gives a new access token, once */
	std::string refresh = doc["refresh_token"].GetString();
	CHECK(h.request("POST", "/auth/v3/oauth/token", "grant_type=refresh_token&refresh_token=" + refresh,
			clientCredentials)
		      .status == 200);
	CHECK(h.request("POST", "/auth/v3/oauth/token", "grant_type=refresh_token&refresh_token=" + refresh,
			clientCredentials)
		      .status == 400);
}

TEST_CASE("v3 auth: a wrong clientCredentials, user, password, scope or grant is refused in the OAuth shape")
{
	WorkspaceHarness h;
	const std::string good = "grant_type=password&username=agent15000&password=password";
	Response r = h.request("POST", "/auth/v3/oauth/token", good,
			       {{"Authorization", "Basic " + base64Encode("x:secret")}});
	CHECK(r.status == 401);
	CHECK(parse(r.body)["error"].GetString() == std::string("invalid_client"));
	CHECK(h.request("POST", "/auth/v3/oauth/token", good).status == 401); /* no clientCredentials at all */
	r = h.request("POST", "/auth/v3/oauth/token", "grant_type=password&username=agent15000&password=nope",
		      clientCredentials);
	CHECK(r.status == 400);
	CHECK(parse(r.body)["error"].GetString() == std::string("invalid_grant"));
	r = h.request("POST", "/auth/v3/oauth/token", "grant_type=password&username=nobody&password=password",
		      clientCredentials);
	CHECK(parse(r.body)["error"].GetString() == std::string("invalid_grant"));
	r = h.request("POST", "/auth/v3/oauth/token", good + "&scope=openid", clientCredentials);
	CHECK(parse(r.body)["error"].GetString() == std::string("invalid_scope"));
	r = h.request("POST", "/auth/v3/oauth/token", "grant_type=client_credentials", clientCredentials);
	CHECK(parse(r.body)["error"].GetString() == std::string("unsupported_grant_type"));
	r = h.request("POST", "/auth/v3/oauth/token", "a=%zz", clientCredentials);
	CHECK(parse(r.body)["error"].GetString() == std::string("invalid_request"));
	/* a configured clientCredentials replaces the default */
	api::WorkspaceConfig config = workspaceConfig();
	config.auth.clientId = "mine";
	config.auth.clientSecret = "s3";
	WorkspaceHarness other(config);
	CHECK(other.request("POST", "/auth/v3/oauth/token", good, clientCredentials).status == 401);
	CHECK(other.request("POST", "/auth/v3/oauth/token", good,
			    {{"Authorization", "Basic " + base64Encode("mine:s3")}})
		      .status == 200);
}

TEST_CASE("v3 session: initialize-workspace sets WORKSPACE_SESSIONID and the greeting reaches CometD")
{
	WorkspaceHarness h;
	std::string cookie = h.initialize("15000");
	Response hs = h.as(cookie, "POST", "/workspace/v3/notifications/handshake",
			   R"([{"channel":"/meta/handshake","version":"1.0"}])");
	CHECK(hs.status == 200);
	REQUIRE(h.bayeux.greetings.size() == 1);
	CHECK(h.bayeux.users[0] == h.gws.userId("15000"));
	api::GreetingPtr greeting = h.bayeux.greetings[0];
	REQUIRE(greeting);
	CHECK(greeting->channel == "/workspace/v3/initialization");
	REQUIRE(greeting->messages.size() == 2);
	rapidjson::Document progress = parse(*greeting->messages[0]);
	CHECK(progress["data"]["messageType"].GetString() == std::string("WorkspaceInitializationProgress"));
	CHECK(progress["data"]["state"].GetString() == std::string("Executing"));
	rapidjson::Document complete = parse(*greeting->messages[1]);
	const rapidjson::Value &data = complete["data"];
	CHECK(data["messageType"].GetString() == std::string("WorkspaceInitializationComplete"));
	CHECK(data["state"].GetString() == std::string("Complete"));
	CHECK(data["submittedAt"].GetString() == std::string("2026-01-01T00:00:00.000Z"));
	const rapidjson::Value &user = data["data"]["user"];
	CHECK(user["employeeId"].GetString() == std::string("agent15000"));
	CHECK(user["agentLogin"].GetString() == std::string("agent15000"));
	CHECK(user["defaultPlace"].GetString() == std::string("Place15000"));
	CHECK(user["userProperties"].IsArray());
	const rapidjson::Value &configuration = data["data"]["configuration"];
	for (const char *key : {"actionCodes", "settings", "businessAttributes", "transactions", "agentGroups"})
		CHECK(configuration[key].IsArray());
	CHECK(configuration["actionCodes"].Size() > 0);
	CHECK(complete["channel"].GetString() == std::string("/workspace/v3/initialization"));
	CHECK(h.v3.sessionCount() == 1);
}

TEST_CASE("v3 session: the authorization-code form signs in and the code is used once")
{
	WorkspaceHarness h;
	Response a =
		h.request("GET",
			  "/auth/v3/oauth/authorize?response_type=code&client_id=external_api_client&redirect_uri=" +
				  std::string("http%3A%2F%2Fapp%2Fcb"),
			  "", {{"Authorization", "Basic " + base64Encode("agent15001:password")}});
	REQUIRE(a.status == 302);
	std::string location = a.header("Location");
	REQUIRE(location.rfind("http://app/cb?code=", 0) == 0);
	std::string code = location.substr(location.find('=') + 1);
	/* the wrong redirect_uri does not take it */
	CHECK(h.request("POST", "/workspace/v3/initialize-workspace?code=" + code + "&redirect_uri=http%3A%2F%2Fx")
		      .status == 401);
	Response init = h.request("POST", "/workspace/v3/initialize-workspace?code=" + code +
						  "&redirect_uri=http%3A%2F%2Fapp%2Fcb");
	CHECK(init.status == 200);
	CHECK(init.header("Set-Cookie").rfind("WORKSPACE_SESSIONID=", 0) == 0);
	checkV3Error(h.request("POST", "/workspace/v3/initialize-workspace?code=" + code +
					       "&redirect_uri=http%3A%2F%2Fapp%2Fcb"),
		     401);
	/* without the user's credentials: a Basic challenge */
	Response anonymous = h.request(
		"GET", "/auth/v3/oauth/authorize?response_type=code&client_id=external_api_client&redirect_uri=x");
	CHECK(anonymous.status == 401);
	CHECK(!anonymous.header("WWW-Authenticate").empty());
}

TEST_CASE("v3 session: wrong, expired and missing tokens and sessions get 401 in the v3 error shape")
{
	WorkspaceHarness h;
	checkV3Error(h.request("POST", "/workspace/v3/initialize-workspace", "", {{"Authorization", "Bearer nope"}}),
		     401);
	checkV3Error(h.request("POST", "/workspace/v3/initialize-workspace"), 401);
	std::string token = h.token("15000");
	h.gws.clock.advance(25LL * 3600 * 1000);
	checkV3Error(
		h.request("POST", "/workspace/v3/initialize-workspace", "", {{"Authorization", "Bearer " + token}}),
		401);
	CHECK(h.request("GET", "/auth/v3/userinfo", "", {{"Authorization", "Bearer " + token}}).status == 401);
	checkV3Error(h.request("POST", "/workspace/v3/voice/ready"), 401);
	checkV3Error(h.as("WORKSPACE_SESSIONID=forged", "GET", "/workspace/v3/voice/calls"), 401);
	checkV3Error(h.as("WORKSPACE_SESSIONID=forged", "POST", "/workspace/v3/notifications/handshake", "[]"), 401);
	CHECK(h.bayeux.greetings.empty());
	/* the router's misses, in the v3 shape */
	std::string cookie = h.initialize("15000");
	checkV3Error(h.as(cookie, "GET", "/workspace/v3/nothing-here"), 404);
	Response wrongMethod = h.as(cookie, "DELETE", "/workspace/v3/voice/calls");
	checkV3Error(wrongMethod, 405);
	CHECK(wrongMethod.header("Allow") == "GET, POST"); /* POST: the row of /voice/:op */
}

TEST_CASE("v3 session: a configured x-api-key is required on every request, CometD's included")
{
	api::WorkspaceConfig config = workspaceConfig();
	config.auth.apiKey = "k-123";
	WorkspaceHarness h(config);
	const std::string form = "grant_type=password&username=agent15000&password=password";
	checkV3Error(h.request("POST", "/auth/v3/oauth/token", form, clientCredentials), 403);
	auto withKey = clientCredentials;
	withKey.emplace_back("x-api-key", "k-123");
	Response r = h.request("POST", "/auth/v3/oauth/token", form, withKey);
	REQUIRE(r.status == 200);
	std::string token = parse(r.body)["access_token"].GetString();
	checkV3Error(h.request("POST", "/workspace/v3/initialize-workspace", "",
			       {{"Authorization", "Bearer " + token}, {"x-api-key", "wrong"}}),
		     403);
	Response init = h.request("POST", "/workspace/v3/initialize-workspace", "",
				  {{"Authorization", "Bearer " + token}, {"x-api-key", "k-123"}});
	REQUIRE(init.status == 200);
	std::string cookie = init.header("Set-Cookie").substr(0, init.header("Set-Cookie").find(';'));
	checkV3Error(h.as(cookie, "POST", "/workspace/v3/notifications/handshake", "[]"), 403);
	CHECK(h.bayeux.greetings.empty());
}

TEST_CASE("v3 session: activate-channels logs the agent in on its DN or place, DnStateChanged follows")
{
	WorkspaceHarness h;
	std::string cookie = h.initialize("15000");
	checkV3Error(h.as(cookie, "POST", "/workspace/v3/activate-channels", R"({"data":{"dn":"15001"}})"), 400);
	checkV3Error(h.as(cookie, "POST", "/workspace/v3/activate-channels", R"({"data":{}})"), 400);
	checkV3Error(h.as(cookie, "POST", "/workspace/v3/activate-channels", R"({"data":"x"})"), 400);
	checkV3Error(h.as(cookie, "POST", "/workspace/v3/activate-channels", R"({"data":{"dn":7}})"), 400);
	CHECK(h.voice("15000").empty());
	Response r = h.as(cookie, "POST", "/workspace/v3/activate-channels",
			  R"({"data":{"agentId":"agent15000","placeName":"Place15000"}})");
	CHECK(r.body == R"({"status":{"code":0}})");
	std::vector<std::string> dn = h.messagesOfType("15000", "DnStateChanged");
	REQUIRE(dn.size() == 1);
	rapidjson::Document doc = parse(dn[0]);
	const rapidjson::Value &d = doc["data"]["dn"];
	CHECK(d["number"].GetString() == std::string("15000"));
	CHECK(d["agentId"].GetString() == std::string("agent15000"));
	CHECK(d["agentState"].GetString() == std::string("NotReady"));
	CHECK(d["dnd"].GetString() == std::string("off"));
	CHECK(canonical(json::write(d["capabilities"])) == R"(["ready","not-ready","logout","dnd-on","set-forward"])");
	/* again (a reload): already logged in, its state told again */
	CHECK(h.as(cookie, "POST", "/workspace/v3/activate-channels", R"({"data":{"dn":"15000"}})").body ==
	      R"({"status":{"code":0}})");
	CHECK(h.messagesOfType("15000", "DnStateChanged").size() == 2);
	/* current-session */
	Response current = h.as(cookie, "GET", "/workspace/v3/current-session");
	CHECK(parse(current.body)["data"]["user"]["userName"].GetString() == std::string("agent15000"));
}

TEST_CASE("v3 session: logout always answers a 2xx JSON and ends the session; the agent leaves the switch")
{
	WorkspaceHarness h;
	CHECK(h.request("POST", "/workspace/v3/logout").body == R"({"status":{"code":0}})");
	std::string cookie = h.signIn("15000");
	Response out = h.as(cookie, "POST", "/workspace/v3/logout");
	CHECK(out.status == 200);
	CHECK(out.body == R"({"status":{"code":0}})");
	CHECK(h.v3.sessionCount() == 0);
	checkV3Error(h.as(cookie, "GET", "/workspace/v3/voice/calls"), 401);
	CHECK(h.as(cookie, "POST", "/workspace/v3/logout").status == 200);
	/* the v2 view of the same DN sees the agent logged out */
	Response me = h.gws.as("15000", "GET", "/api/v2/me/channels/voice");
	CHECK(me.body.find("Logged Out") != std::string::npos);
}
