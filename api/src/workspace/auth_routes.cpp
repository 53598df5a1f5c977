/* SPDX-License-Identifier: MIT */
/*
 * /auth/v3: tokens and codes for the directory's users.
 */
#include "workspace/auth_routes.h"

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>

#include "ctisim/client/http_text.h"
#include "ctisim/json/write.h"
#include "http_auth.h" /* api/src */

namespace ctisim::api::workspace {

namespace {

using json::writeKey;
using json::writeString;
using Kind = TokenTable::Kind;

void oauthError(WorkspaceState &state, Exchange &ex, unsigned status, std::string_view error,
		std::string_view description)
{
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	w.StartObject();
	writeKey(w, "error");
	writeString(w, error);
	writeKey(w, "error_description");
	writeString(w, description);
	w.EndObject();
	if (status == 401 && error == "invalid_client")
		ex.headers.emplace_back("WWW-Authenticate", R"(Basic realm="oauth2/client")");
	state.respond(ex, status, std::string(buffer.GetString(), buffer.GetSize()));
}

std::string formValue(const std::vector<QueryParam> &form, std::string_view key)
{
	for (const QueryParam &p : form) {
		if (p.key == key)
			return p.value;
	}
	return {};
}

/// The directory user of these credentials ("tenant\user" is the user), compared in constant time.
const DirectoryUser *checkPassword(const WorkspaceState &state, std::string_view userName, std::string_view password)
{
	if (std::size_t slash = userName.find('\\'); slash != std::string_view::npos)
		userName.remove_prefix(slash + 1);
	const DirectoryUser *user = state.directory.findByUserName(userName);
	bool good = constantTimeEquals(password, user ? std::string_view(user->password) : std::string_view("\x01"));
	return user && good ? user : nullptr;
}

bool clientAllowed(const WorkspaceState &state, const Exchange &ex, const std::vector<QueryParam> &form)
{
	std::string id, secret;
	if (auto basic = parseBasicAuth(ex.request.header("Authorization"))) {
		id = basic->user;
		secret = basic->password;
	} else {
		id = formValue(form, "client_id");
		secret = formValue(form, "client_secret");
	}
	bool idOk = constantTimeEquals(id, state.config.auth.clientId);
	bool secretOk = constantTimeEquals(secret, state.config.auth.clientSecret);
	return idOk && secretOk;
}

void issueTokens(WorkspaceState &state, Exchange &ex, const std::string &userId)
{
	const WorkspaceConfig &c = state.config;
	TimeMs now = state.clock.now();
	std::string access = state.tokens.issue(Kind::AccessToken, userId, now, c.tokenLifetimeMs, c.maxTokens);
	std::string refresh = state.tokens.issue(Kind::Refresh, userId, now, c.tokenLifetimeMs * 7, c.maxTokens);
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	w.StartObject();
	writeKey(w, "access_token");
	writeString(w, access);
	writeKey(w, "token_type");
	writeString(w, "bearer");
	writeKey(w, "expires_in");
	w.Int64(c.tokenLifetimeMs / 1000);
	writeKey(w, "refresh_token");
	writeString(w, refresh);
	writeKey(w, "scope");
	writeString(w, "*");
	w.EndObject();
	ex.headers.emplace_back("Cache-Control", "no-store");
	state.respond(ex, 200, std::string(buffer.GetString(), buffer.GetSize()));
}

} /* namespace */

const DirectoryUser *bearerUser(WorkspaceState &state, const HttpRequest &request)
{
	std::string_view header = client::trim(request.header("Authorization"));
	constexpr std::string_view scheme = "Bearer ";
	if (header.size() <= scheme.size() || !equalsIgnoreCase(header.substr(0, scheme.size()), scheme))
		return nullptr;
	const Grant *grant =
		state.tokens.find(Kind::AccessToken, client::trim(header.substr(scheme.size())), state.clock.now());
	return grant ? state.directory.findById(grant->userId) : nullptr;
}

void postToken(WorkspaceState &state, Exchange &ex)
{
	std::optional<std::vector<QueryParam>> form = parseQuery(client::trim(ex.request.body));
	if (!form)
		return oauthError(state, ex, 400, "invalid_request",
				  "The body must be application/x-www-form-urlencoded");
	if (!clientAllowed(state, ex, *form))
		return oauthError(state, ex, 401, "invalid_client", "Bad client credentials");
	std::string grantType = formValue(*form, "grant_type");
	std::string scope = formValue(*form, "scope");
	if (!scope.empty() && scope != "*")
		return oauthError(state, ex, 400, "invalid_scope", "The Authentication API supports only the scope *");
	if (grantType == "password") {
		const DirectoryUser *user =
			checkPassword(state, formValue(*form, "username"), formValue(*form, "password"));
		if (!user)
			return oauthError(state, ex, 400, "invalid_grant", "Bad credentials");
		return issueTokens(state, ex, user->id);
	}
	if (grantType == "authorization_code" || grantType == "refresh_token") {
		bool code = grantType == "authorization_code";
		std::string value = formValue(*form, code ? "code" : "refresh_token");
		Kind kind = code ? Kind::Code : Kind::Refresh;
		const Grant *grant = state.tokens.find(kind, value, state.clock.now());
		if (!grant || (code && grant->redirectUri != formValue(*form, "redirect_uri")))
			return oauthError(state, ex, 400, "invalid_grant",
					  code ? "Invalid authorization code" : "Invalid refresh token");
		std::string userId = grant->userId;
		state.tokens.erase(kind, value);
		return issueTokens(state, ex, userId);
	}
	oauthError(state, ex, 400, "unsupported_grant_type",
		   fmt::format("Unsupported grant type: {}", grantType.empty() ? "(none)" : grantType));
}

void getAuthorize(WorkspaceState &state, Exchange &ex)
{
	std::string_view query = ex.request.query();
	std::string redirect = queryParam(query, "redirect_uri").value_or("");
	if (queryParam(query, "response_type").value_or("") != "code")
		return oauthError(state, ex, 400, "unsupported_response_type", "response_type must be code");
	if (!constantTimeEquals(queryParam(query, "client_id").value_or(""), state.config.auth.clientId))
		return oauthError(state, ex, 401, "invalid_client", "Unknown client_id");
	if (redirect.empty())
		return oauthError(state, ex, 400, "invalid_request", "redirect_uri is required");
	std::optional<BasicCredentials> basic = parseBasicAuth(ex.request.header("Authorization"));
	const DirectoryUser *user = basic ? checkPassword(state, basic->user, basic->password) : nullptr;
	if (!user) {
		/* The sign-in page of the real service is this HTTP Basic challenge here. */
		ex.headers.emplace_back("WWW-Authenticate", R"(Basic realm="ctisim sign-in")");
		return oauthError(state, ex, 401, "unauthorized", "Sign in with the user's HTTP Basic credentials");
	}
	const WorkspaceConfig &c = state.config;
	std::string code =
		state.tokens.issue(Kind::Code, user->id, state.clock.now(), c.codeLifetimeMs, c.maxTokens, redirect);
	ex.headers.emplace_back("Location", fmt::format("{}{}code={}", redirect,
							redirect.find('?') == std::string::npos ? '?' : '&', code));
	state.respond(ex, 302, "{}");
}

void getUserInfo(WorkspaceState &state, Exchange &ex)
{
	const DirectoryUser *user = bearerUser(state, ex.request);
	if (!user)
		return oauthError(state, ex, 401, "invalid_token", "The access token is unknown or has expired");
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	w.StartObject();
	writeKey(w, "sub");
	writeString(w, user->id);
	writeKey(w, "aud");
	writeString(w, state.config.auth.clientId);
	writeKey(w, "dbid");
	w.Int64(state.dbidOf(*user));
	writeKey(w, "user_name");
	writeString(w, user->userName);
	writeKey(w, "given_name");
	writeString(w, user->firstName);
	writeKey(w, "family_name");
	writeString(w, user->lastName);
	writeKey(w, "locale");
	writeString(w, "en-US");
	w.EndObject();
	state.respond(ex, 200, std::string(buffer.GetString(), buffer.GetSize()));
}

} /* namespace ctisim::api::workspace */
