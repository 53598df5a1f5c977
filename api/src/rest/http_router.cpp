/* SPDX-License-Identifier: MIT */
/*
 * HttpRouter: the mounts as rows of one rest::Router, and CORS around the
 * mounts that ask for it.
 */
#include "ctisim/api/http_router.h"

#include <mutex>

#include "rest/router.h"

namespace ctisim::api {

namespace {

struct Mount {
	HttpHandler *handler = nullptr;
	HttpRouter::Cors cors = HttpRouter::Cors::Off;
};

} /* namespace */

struct HttpRouter::Impl {
	/* The wording of today's console and prefix misses ("No such resource"). */
	rest::Router<Mount> router{{"No such resource", "Method not allowed"}};
	std::mutex corsMutex;
	std::shared_ptr<const CorsPolicy> cors = std::make_shared<const CorsPolicy>();

	std::shared_ptr<const CorsPolicy> corsPolicy()
	{
		std::lock_guard lock(corsMutex);
		return cors;
	}
};

HttpRouter::HttpRouter() : impl_(std::make_unique<Impl>())
{
}

HttpRouter::~HttpRouter() = default;

void HttpRouter::mount(std::string_view method, std::string_view pattern, HttpHandler &handler, Cors cors)
{
	impl_->router.add(method, pattern, Mount{&handler, cors});
}

void HttpRouter::setCorsPolicy(CorsPolicy policy)
{
	auto shared = std::make_shared<const CorsPolicy>(std::move(policy));
	std::lock_guard lock(impl_->corsMutex);
	impl_->cors = std::move(shared);
}

void HttpRouter::handle(HttpRequest request, HttpReply reply)
{
	/* Split once here; the surface's router reads the same segments (rest::pathParts). */
	rest::splitSegments(request.target(), request.pathSegments.emplace());
	rest::Router<Mount>::Match match = impl_->router.match(request.method(), rest::pathParts(request));
	if (!match.target)
		return reply(rest::errorResponse(impl_->router.miss(request.method(), request.path())));
	const Mount &mount = *match.target;
	std::string_view origin = mount.cors == Cors::On ? request.header("Origin") : std::string_view();
	if (!origin.empty()) {
		std::shared_ptr<const CorsPolicy> policy = impl_->corsPolicy();
		if (policy->allowsOrigin(origin)) {
			/* A preflight carries no credentials: it is answered here, before any login. */
			if (CorsPolicy::isPreflight(request)) {
				if (std::optional<HttpResponse> answer = policy->answerPreflight(request))
					return reply(std::move(*answer));
			} else {
				reply = [policy, origin = std::string(origin),
					 reply = std::move(reply)](HttpResponse response) {
					policy->addHeaders(origin, response);
					reply(std::move(response));
				};
			}
		}
	}
	mount.handler->handle(std::move(request), std::move(reply));
}

} /* namespace ctisim::api */
