/* SPDX-License-Identifier: MIT */
/*
 * CorsPolicy: which origins, methods and headers it allows, and the headers it
 * writes. Like Jetty's CrossOriginFilter, a request the policy does not allow
 * is left as it is: no Access-Control-* header, and the surface answers it.
 */
#include "ctisim/api/cors.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ctisim::api {

namespace {

/// Whether text matches pattern, where '*' stands for any run of characters but '/' and '@' (a
/// path, or credentials before a host: no browser's origin holds either).
bool wildcardMatch(std::string_view pattern, std::string_view text)
{
	if (pattern.empty())
		return text.empty();
	if (pattern.front() != '*')
		return !text.empty() && text.front() == pattern.front() &&
		       wildcardMatch(pattern.substr(1), text.substr(1));
	for (std::size_t n = 0; n <= text.size(); ++n) {
		if (wildcardMatch(pattern.substr(1), text.substr(n)))
			return true;
		if (n < text.size() && (text[n] == '/' || text[n] == '@'))
			return false;
	}
	return false;
}

} /* namespace */

bool CorsPolicy::allowsOrigin(std::string_view origin) const
{
	/* An origin is short; a longer one (or one with a space: a list) is no browser's. */
	if (origin.empty() || origin.size() > 512 || origin.find_first_of(" ,") != std::string_view::npos)
		return false;
	return std::any_of(allowedOrigins.begin(), allowedOrigins.end(), [&](const std::string &allowed) {
		return allowed == "*" || wildcardMatch(allowed, origin);
	});
}

bool CorsPolicy::isPreflight(const HttpRequest &request)
{
	return request.method() == "OPTIONS" && !request.header("Access-Control-Request-Method").empty();
}

std::optional<HttpResponse> CorsPolicy::answerPreflight(const HttpRequest &request) const
{
	std::string_view method = request.header("Access-Control-Request-Method");
	if (std::find(allowedMethods.begin(), allowedMethods.end(), method) == allowedMethods.end())
		return std::nullopt;
	for (const std::string &name : parseCorsList(request.header("Access-Control-Request-Headers"))) {
		if (std::none_of(allowedHeaders.begin(), allowedHeaders.end(),
				 [&](const std::string &allowed) { return equalsIgnoreCase(allowed, name); }))
			return std::nullopt;
	}
	HttpResponse response;
	response.contentType = "text/plain";
	addHeaders(request.header("Origin"), response);
	response.headers.emplace_back("Access-Control-Allow-Methods",
				      fmt::format("{}", fmt::join(allowedMethods, ",")));
	response.headers.emplace_back("Access-Control-Allow-Headers",
				      fmt::format("{}", fmt::join(allowedHeaders, ",")));
	response.headers.emplace_back("Access-Control-Max-Age", std::to_string(preflightMaxAgeSeconds));
	return response;
}

void CorsPolicy::addHeaders(std::string_view origin, HttpResponse &response) const
{
	response.headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
	response.headers.emplace_back("Vary", "Origin");
	if (allowCredentials)
		response.headers.emplace_back("Access-Control-Allow-Credentials", "true");
	if (!exposedHeaders.empty())
		response.headers.emplace_back("Access-Control-Expose-Headers",
					      fmt::format("{}", fmt::join(exposedHeaders, ",")));
}

} /* namespace ctisim::api */
