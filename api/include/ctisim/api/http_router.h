/* SPDX-License-Identifier: MIT */
/*
 * HttpRouter: the top of the request path, where every surface mounts: GWS
 * (/api/v2 and the prefixes to come), the control API (/sim/v1), the console's
 * files. It is a rest::Router whose targets are the surfaces' handlers, so a
 * path no surface has, or a method none takes there, is answered here like any
 * other miss. A mount may ask for CORS: then preflights are answered here,
 * before the surface authenticates anything, and its responses carry the
 * Access-Control-* headers of the policy (docs/api.md, "CORS").
 */
#pragma once

#include <memory>
#include <string_view>

#include "ctisim/api/cors.h"
#include "ctisim/api/http_exchange.h"

namespace ctisim::api {

class HttpRouter final : public HttpHandler
{
public:
	enum class Cors { Off, On };

	HttpRouter();
	~HttpRouter() override;
	HttpRouter(const HttpRouter &) = delete;
	HttpRouter &operator=(const HttpRouter &) = delete;

	/// Sends requests with method ("*": any) on pattern ("/api/v2/*": the path and
	/// everything below it) to handler, which must outlive the router. Mount before
	/// serving: the table is not guarded by a lock.
	void mount(std::string_view method, std::string_view pattern, HttpHandler &handler, Cors cors = Cors::Off);
	/// The policy of the mounts with Cors::On (any thread; a reset may change it).
	void setCorsPolicy(CorsPolicy policy);

	void handle(HttpRequest request, HttpReply reply) override;

private:
	struct Impl;
	std::unique_ptr<Impl> impl_;
};

} /* namespace ctisim::api */
