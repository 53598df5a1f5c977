/* SPDX-License-Identifier: MIT */
/*
 * Runner, the login of a scenario's users, the way each front end's clients
 * log in: GWS v2 by HTTP Basic and GET /api/v2/me; the Workspace API v3 as
 * Genesys' official client does (an OAuth password-grant token, then
 * initialize-workspace, which sets WORKSPACE_SESSIONID). Then a Bayeux session
 * on that API's notifications path, with the API's default subscriptions.
 */
#include "runner.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <fmt/format.h>

#include "ctisim/client/http_text.h"
#include "ctisim/json/parse.h"
#include "ctisim/json/value.h"

namespace ctisim::app {

using scenario::ClientApi;
using scenario::UserCredentials;

namespace {

/// application/x-www-form-urlencoded: every byte but the unreserved ones percent-encoded.
std::string formValue(std::string_view text)
{
	return boost::urls::encode(text, boost::urls::unreserved_chars);
}

} /* namespace */

bool Runner::logIn(const UserCredentials &user, UserSession &session)
{
	session.http = std::make_unique<client::SyncGwsClient>(base_, std::chrono::milliseconds(10000));
	std::string notifications = "/api/v2/notifications";
	std::vector<std::string> subscriptions = {"/v2/me/*"};
	if (user.api == ClientApi::GwsV2) {
		session.http->setCredentials(user.userName, user.password);
		client::HttpResult me = session.http->request("GET", "/api/v2/me", "");
		trace(fmt::format("{}> GET /api/v2/me\n< {} {}", user.userName, me.status, me.body));
		if (me.status != 200) {
			failHard(fmt::format("{} could not log in (GET /api/v2/me): {}", user.userName,
					     failureText(me)));
			return false;
		}
	} else {
		/* The token: the password grant with the client's Basic credentials, as the
		 * official tutorials ask for it. */
		std::string form =
			fmt::format("grant_type=password&client_id={}&scope=*&username={}&password={}",
				    scenario::defaultOAuthClientId, formValue(user.userName), formValue(user.password));
		client::HttpResult token = session.http->request(
			"POST", "/auth/v3/oauth/token", form,
			{{"Content-Type", "application/x-www-form-urlencoded"},
			 {"Authorization", client::basicAuthorization(scenario::defaultOAuthClientId,
								      scenario::defaultOAuthClientSecret)}});
		trace(fmt::format("{}> POST /auth/v3/oauth/token\n< {} {}", user.userName, token.status, token.body));
		rapidjson::Document body;
		const rapidjson::Value *accessToken = nullptr;
		if (token.status == 200 && !json::parse(token.body, body) && body.IsObject())
			accessToken = json::member(body, "access_token");
		if (!accessToken || !accessToken->IsString()) {
			failHard(fmt::format("{} could not log in (POST /auth/v3/oauth/token): {}", user.userName,
					     failureText(token)));
			return false;
		}
		client::HttpResult init =
			session.http->request("POST", "/workspace/v3/initialize-workspace", "",
					      {{"Authorization", fmt::format("Bearer {}", json::str(*accessToken))}});
		trace(fmt::format("{}> POST /workspace/v3/initialize-workspace\n< {} {}", user.userName, init.status,
				  init.body));
		if (init.status / 100 != 2) {
			failHard(fmt::format("{} could not log in (POST /workspace/v3/initialize-workspace): {}",
					     user.userName, failureText(init)));
			return false;
		}
		notifications = "/workspace/v3/notifications";
		subscriptions = {"/workspace/v3/initialization", "/workspace/v3/voice"};
	}
	session.bayeux = std::make_unique<client::SyncBayeuxClient>(*session.http, notifications);
	session.bayeux->setTrace(options_.verbose);
	if (!user.subscriptions.empty())
		subscriptions = user.subscriptions;
	std::string error;
	std::vector<std::string> ignored;
	bool open = session.bayeux->handshake(error);
	for (std::size_t i = 0; open && i < subscriptions.size(); ++i)
		open = session.bayeux->subscribe(subscriptions[i], error);
	if (!open || !session.bayeux->poll(ignored, error)) {
		traceBayeux(session);
		failHard(fmt::format("{} could not open a CometD session: {}", user.userName, error));
		return false;
	}
	traceBayeux(session);
	return true;
}

} /* namespace ctisim::app */
