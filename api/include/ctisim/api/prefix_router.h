/* SPDX-License-Identifier: MIT */
/*
 * PrefixRouter: the top of the request path. Sends /api/v2/... to the GWS
 * resources, /sim/v1/... to the sandbox control API, the rest to the console.
 */
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ctisim/api/http_exchange.h"

namespace ctisim::api {

class PrefixRouter final : public HttpHandler
{
public:
	/// Routes paths equal to prefix or below it ("/api/v2" matches "/api/v2/me"
	/// but not "/api/v20"). The longest matching prefix wins; handler must outlive
	/// the router.
	void add(std::string prefix, HttpHandler &handler);
	/// Where everything else goes; without one, a GWS-style 404.
	void setFallback(HttpHandler &handler) { fallback_ = &handler; }

	void handle(HttpRequest request, HttpReply reply) override;

private:
	std::vector<std::pair<std::string, HttpHandler *>> routes_;
	HttpHandler *fallback_ = nullptr;
};

} /* namespace ctisim::api */
