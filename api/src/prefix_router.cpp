/* SPDX-License-Identifier: MIT */
/*
 * PrefixRouter: longest-prefix dispatch on the request path.
 */
#include "ctisim/api/prefix_router.h"

namespace ctisim::api {

void PrefixRouter::add(std::string prefix, HttpHandler &handler)
{
	while (prefix.size() > 1 && prefix.back() == '/')
		prefix.pop_back();
	routes_.emplace_back(std::move(prefix), &handler);
}

void PrefixRouter::handle(HttpRequest request, HttpReply reply)
{
	std::string_view path = request.path();
	HttpHandler *best = nullptr;
	std::size_t bestLength = 0;
	for (const auto &[prefix, handler] : routes_) {
		bool matches = path.substr(0, prefix.size()) == prefix &&
			       (path.size() == prefix.size() || path[prefix.size()] == '/' || prefix == "/");
		if (matches && (best == nullptr || prefix.size() > bestLength)) {
			best = handler;
			bestLength = prefix.size();
		}
	}
	if (best == nullptr)
		best = fallback_;
	if (best != nullptr) {
		best->handle(std::move(request), std::move(reply));
		return;
	}
	HttpResponse response;
	response.status = 404;
	response.body = R"({"statusCode":6,"statusMessage":"No such resource"})";
	reply(std::move(response));
}

} /* namespace ctisim::api */
