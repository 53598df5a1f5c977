/* SPDX-License-Identifier: MIT */
/*
 * Shared set-up of the Workspace API v3 tests: a WorkspaceApi beside a GwsApi
 * on one SimBackend (ManualExecutor, VirtualClock), both publishing to one
 * recording Notifier; requests as plain HttpRequest values, a v3 agent signed
 * in (token, initialize-workspace, activate-channels) in one call.
 */
#pragma once

#include <string>
#include <vector>

#include "ctisim/api/workspace_api.h"
#include "gws_test_harness.h"

namespace ctisim::test {

/// A Bayeux endpoint that records the greeting each POST carries.
struct GreetingBayeux final : api::BayeuxEndpoint {
	void handle(const std::string &userId, api::HttpRequest request, api::HttpReply reply) override
	{
		handleGreeted(userId, std::move(request), std::move(reply), nullptr);
	}
	void handleGreeted(const std::string &userId, api::HttpRequest, api::HttpReply reply,
			   api::GreetingPtr greeting) override
	{
		users.push_back(userId);
		greetings.push_back(greeting);
		api::HttpResponse r;
		r.body = "[]";
		reply(std::move(r));
	}
	void dropSessionsOf(const std::string &) override {}
	std::vector<std::string> users;
	std::vector<api::GreetingPtr> greetings;
};

inline SwitchConfig workspaceSwitchConfig()
{
	SwitchConfig config = gwsSwitchConfig();
	DnConfig queue = gwsExtension("7000");
	queue.type = DnType::AcdQueue;
	config.dns.push_back(queue);
	DnConfig point = gwsExtension("8000");
	point.type = DnType::RoutingPoint;
	config.dns.push_back(point);
	return config;
}

inline api::WorkspaceConfig workspaceConfig(const SwitchConfig &sw = workspaceSwitchConfig())
{
	api::WorkspaceConfig config;
	config.targets = api::makeTargetContacts(sw.dns, {}, sw.seed);
	config.routingPoints = {"8000"};
	return config;
}

class WorkspaceHarness
{
public:
	explicit WorkspaceHarness(api::WorkspaceConfig config = workspaceConfig(),
				  SwitchConfig sw = workspaceSwitchConfig())
	    : gws({}, seedDirectory(), std::move(sw)),
	      v3(*gws.backend, gws.core, gws.clock, seedDirectory(), std::move(config), gws.notifier, bayeux)
	{
		v3.start();
	}

	Response request(std::string method, std::string target, std::string body = "",
			 std::vector<std::pair<std::string, std::string>> headers = {})
	{
		api::HttpRequest r;
		r.setMethod(method);
		r.setTarget(target);
		r.body = std::move(body);
		for (const auto &[name, value] : headers)
			r.addHeader(name, value);
		auto out = std::make_shared<Response>();
		v3.handle(std::move(r), [out](api::HttpResponse response) {
			out->status = response.status;
			out->body = response.body;
			out->headers = response.headers;
			out->answered = true;
		});
		gws.core.runAll();
		return *out;
	}

	/// An access token of agent<dn> (password grant, the default client).
	std::string token(const std::string &dn)
	{
		Response r = request("POST", "/auth/v3/oauth/token",
				     "grant_type=password&username=agent" + dn + "&password=password&scope=*",
				     {{"Authorization", "Basic " + base64Encode("external_api_client:secret")}});
		REQUIRE(r.status == 200);
		return parse(r.body)["access_token"].GetString();
	}

	/// initialize-workspace with agent<dn>'s token: the WORKSPACE_SESSIONID cookie header.
	std::string initialize(const std::string &dn)
	{
		Response r = request("POST", "/workspace/v3/initialize-workspace", "",
				     {{"Authorization", "Bearer " + token(dn)}});
		REQUIRE(r.status == 200);
		std::string cookie = r.header("Set-Cookie");
		REQUIRE(cookie.rfind("WORKSPACE_SESSIONID=", 0) == 0);
		return cookie.substr(0, cookie.find(';'));
	}

	/// A signed-in, activated v3 agent on dn: its cookie (sessions[dn] too).
	std::string signIn(const std::string &dn)
	{
		std::string cookie = initialize(dn);
		Response r = as(cookie, "POST", "/workspace/v3/activate-channels",
				R"({"data":{"agentId":"agent)" + dn + R"(","dn":")" + dn + R"("}})");
		REQUIRE(r.status == 200);
		REQUIRE(r.body == R"({"status":{"code":0}})");
		return cookie;
	}

	Response as(const std::string &cookie, std::string method, std::string target, std::string body = "")
	{
		return request(std::move(method), std::move(target), std::move(body), {{"Cookie", cookie}});
	}

	/// The v3 messages user agent<dn> was sent on /workspace/v3/voice, parsed "data" objects' text.
	std::vector<std::string> voice(const std::string &dn)
	{
		return gws.notifier.of(gws.userId(dn), "/workspace/v3/voice");
	}
	std::vector<std::string> messagesOfType(const std::string &dn, std::string_view type)
	{
		std::vector<std::string> out;
		for (const std::string &m : voice(dn)) {
			if (m.find("\"messageType\":\"" + std::string(type) + "\"") != std::string::npos)
				out.push_back(m);
		}
		return out;
	}
	void clearMessages() { gws.notifier.messages.clear(); }

	SimGws gws;
	GreetingBayeux bayeux;
	api::WorkspaceApi v3;
};

/// The "call" object of a CallStateChanged message.
inline rapidjson::Document callOf(const std::string &message)
{
	rapidjson::Document doc = parse(message);
	rapidjson::Document call;
	call.CopyFrom(doc["data"]["call"], call.GetAllocator());
	return call;
}

} /* namespace ctisim::test */
