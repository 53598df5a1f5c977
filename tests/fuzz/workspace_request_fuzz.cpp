/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the Workspace API v3 front end without HTTP. Each input is a
 * sequence of requests ("METHOD /workspace/v3/...\n<body>", /auth/v3/... too,
 * separated by "---" lines) sent to a WorkspaceApi over a fresh simulated
 * switch (fuzz_world.h) after agent15000 has signed in the way the official
 * clients do (token, initialize-workspace, activate-channels). The client
 * keeps a jar as they do: the latest WORKSPACE_SESSIONID cookie and access
 * token a response gave replace the old ones, so inputs that log out, sign in
 * again or sign another user in reach those sessions. A request line may end
 * in a credentials choice:
 *   (none)    the session cookie and the Bearer token (what the clients send)
 *   @cookie   the cookie only          @bearer   the Bearer token only
 *   @client   the OAuth client's HTTP Basic credentials (/auth/v3/oauth/token)
 *   @none     no credentials           @garbage  a session id and token never issued
 * Every request must be answered once, with JSON; a /workspace/v3 error must
 * have the v3 error shape with its HTTP status as status.code.
 */
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "ctisim/api/directory.h"
#include "ctisim/api/workspace_api.h"
#include "ctisim/clock.h"
#include "ctisim/sim/sim_backend.h"
#include "fuzz_input.h"
#include "fuzz_world.h"

namespace {

using namespace ctisim;

using Headers = std::vector<std::pair<std::string, std::string>>;

[[noreturn]] void fail(const char *what, const api::HttpRequest &request, const api::HttpResponse &response)
{
	std::fprintf(stderr, "workspace_request_fuzz: %s: %s %s -> %u %s\n", what,
		     std::string(request.method()).c_str(), std::string(request.target()).c_str(), response.status,
		     response.body.c_str());
	std::abort();
}

/// What a client of the official libraries holds between requests.
struct Jar {
	std::string cookie; ///< "WORKSPACE_SESSIONID=..."
	std::string token;  ///< the access token

	Headers credentials(std::string_view choice) const
	{
		if (choice == "@none")
			return {};
		if (choice == "@client") /* external_api_client:secret */
			return {{"Authorization", "Basic ZXh0ZXJuYWxfYXBpX2NsaWVudDpzZWNyZXQ="}};
		if (choice == "@garbage")
			return {{"Cookie", "WORKSPACE_SESSIONID=0000-not-issued"},
				{"Authorization", "Bearer not-issued"}};
		Headers out;
		if (choice != "@bearer" && !cookie.empty())
			out.emplace_back("Cookie", cookie);
		if (choice != "@cookie" && !token.empty())
			out.emplace_back("Authorization", "Bearer " + token);
		return out;
	}

	void keep(const api::HttpResponse &response, const rapidjson::Document &body)
	{
		for (const auto &[name, value] : response.headers) {
			if (name == "Set-Cookie" && value.rfind("WORKSPACE_SESSIONID=", 0) == 0)
				cookie = value.substr(0, value.find(';'));
		}
		if (body.IsObject() && body.HasMember("access_token") && body["access_token"].IsString())
			token = body["access_token"].GetString();
	}
};

/// "GET /workspace/v3/targets @bearer" → the target and "@bearer".
std::pair<std::string_view, std::string_view> splitCredentials(std::string_view target)
{
	std::size_t space = target.rfind(' ');
	if (space == std::string_view::npos || target.substr(space + 1).rfind('@', 0) != 0)
		return {target, {}};
	return {target.substr(0, space), target.substr(space + 1)};
}

/// A /workspace/v3 error (not the Bayeux route's answers) is {"status":{"code":http,"message":"..."}}.
bool hasErrorShape(const rapidjson::Document &body, unsigned status)
{
	if (!body.IsObject() || !body.HasMember("status") || !body["status"].IsObject())
		return false;
	const rapidjson::Value &s = body["status"];
	return s.HasMember("code") && s["code"].IsUint() && s["code"].GetUint() == status && s.HasMember("message") &&
	       s["message"].IsString();
}

struct Client {
	api::WorkspaceApi &v3;
	test::ManualExecutor &core;
	Jar jar;

	void send(std::string_view method, std::string_view target, std::string_view body, std::string_view choice)
	{
		api::HttpRequest request;
		request.setMethod(method);
		request.setTarget(target);
		request.body = body;
		for (const auto &[name, value] : jar.credentials(choice))
			request.addHeader(name, value);
		fuzz::Answers answers = fuzz::answer(v3, core, request);
		const api::HttpResponse &response = answers.response;
		if (answers.count != 1)
			fail(answers.count == 0 ? "no answer" : "answered twice", request, response);
		rapidjson::Document doc;
		doc.Parse(response.body.data(), response.body.size());
		if (doc.HasParseError())
			fail("response is not JSON", request, response);
		bool v3Route = request.path().rfind("/workspace/v3/", 0) == 0 &&
			       request.path().rfind("/workspace/v3/notifications", 0) != 0;
		if (v3Route && response.status >= 400 && !hasErrorShape(doc, response.status))
			fail("error without the v3 shape", request, response);
		jar.keep(response, doc);
	}
};

api::WorkspaceConfig workspaceConfig(const api::SandboxConfig &config)
{
	api::WorkspaceConfig out;
	out.targets = api::makeTargetContacts(config.switchConfig.dns, config.directory.contacts,
					      config.switchConfig.seed, config.directory.queueContactIds);
	for (const DnConfig &dn : config.switchConfig.dns) {
		if (dn.type == DnType::RoutingPoint)
			out.routingPoints.push_back(dn.number);
	}
	return out;
}

void run(const std::uint8_t *data, std::size_t size)
{
	const api::SandboxConfig &config = fuzz::worldConfig();
	fuzz::Runtime rt(config);
	test::ManualExecutor &core = rt.core;
	{
		sim::SimBackend backend(config.switchConfig, rt.clock, core);
		api::WorkspaceApi v3(backend, core, rt.clock,
				     api::makeDirectory(config.users, config.switchConfig.seed),
				     workspaceConfig(config), rt.notifier, rt.bayeux);
		v3.start();
		core.runAll();
		Client client{v3, core, {}};
		client.send("POST", "/auth/v3/oauth/token",
			    "grant_type=password&username=agent15000&password=password&scope=*", "@client");
		client.send("POST", "/workspace/v3/initialize-workspace", "", "@bearer");
		client.send("POST", "/workspace/v3/activate-channels",
			    R"({"data":{"agentId":"agent15000","dn":"15000"}})", "");
		for (std::string_view part : fuzz::splitParts(data, size)) {
			fuzz::RequestLine line = fuzz::splitRequest(part);
			auto [target, choice] = splitCredentials(line.target);
			client.send(line.method, target, line.body, choice);
		}
	}
	/* Tasks left behind hold weak references: they must do nothing now. */
	core.fireDelayed();
}

} /* namespace */

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
	run(data, size);
	return 0;
}
