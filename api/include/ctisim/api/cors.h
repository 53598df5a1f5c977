/* SPDX-License-Identifier: MIT */
/*
 * CorsPolicy: cross-origin requests (CORS) as GWS configures them in its
 * crossOriginSettings (application.yaml; the keys are those of Jetty's
 * CrossOriginFilter, which GWS runs on): allowed origins with wildcards,
 * allowed methods and headers, credentials, exposed headers. HttpRouter
 * applies it to the mounts that ask for it (docs/api.md, "CORS").
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ctisim/api/http_exchange.h"

namespace ctisim::api {

struct CorsPolicy {
	/// Exact origins ("https://crm.example.com"), or with '*' standing for any run of
	/// characters but '/' and '@' ("http://localhost:*"); "*" alone allows every origin. Empty: CORS off.
	/// The sandbox adds its own origin (the console's) to a policy that is on.
	std::vector<std::string> allowedOrigins = {"http://localhost:*", "http://127.0.0.1:*"};
	std::vector<std::string> allowedMethods = {"GET", "POST", "PUT", "DELETE", "OPTIONS"};
	/// GWS's documented sample, and X-CSRF-TOKEN, which a cross-origin client sends on
	/// every write when CSRF protection is on.
	std::vector<std::string> allowedHeaders = {"X-Requested-With", "Content-Type",	"Accept", "Origin",
						   "Cookie",	       "authorization", "ssid",	  "surl",
						   "ContactCenterId",  "X-CSRF-TOKEN"};
	/// Cookies and HTTP Basic cross-origin; Access-Control-Allow-Origin then names the
	/// origin (it always does: never "*").
	bool allowCredentials = true;
	/// What a cross-origin script may read of a response: the CSRF token (ref §1.2).
	std::vector<std::string> exposedHeaders = {"X-CSRF-HEADER", "X-CSRF-TOKEN"};
	/// Access-Control-Max-Age of a preflight answer (Jetty's default).
	unsigned preflightMaxAgeSeconds = 1800;

	bool enabled() const { return !allowedOrigins.empty(); }
	bool allowsOrigin(std::string_view origin) const;
	/// Whether request is a preflight: OPTIONS with Access-Control-Request-Method.
	static bool isPreflight(const HttpRequest &request);
	/// The answer to a preflight from an allowed origin (200 with the Access-Control-Allow-*
	/// headers), or nullopt when the method or a header it asks for is not allowed.
	std::optional<HttpResponse> answerPreflight(const HttpRequest &request) const;
	/// Adds the Access-Control-* headers of a response to an allowed origin.
	void addHeaders(std::string_view origin, HttpResponse &response) const;
};

/// A comma-separated list as GWS's settings write one ("GET,POST, PUT"); "none" and "" are empty.
std::vector<std::string> parseCorsList(std::string_view list);

/// "scheme://host[:port]" of a URL ("http://127.0.0.1:8080/x" → "http://127.0.0.1:8080").
std::string originOf(std::string_view url);

} /* namespace ctisim::api */
