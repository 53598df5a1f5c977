/* SPDX-License-Identifier: MIT */
/*
 * HttpRequest / HttpResponse: the plain values the network layer hands to the
 * request handlers and gets back, so that handlers are tested without sockets.
 */
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/container/small_vector.hpp>

namespace ctisim::api {

/// Where one segment of a request's path stands in its target. An offset, not a
/// view: the request moves from router to surface, and a short target (held in
/// the string itself) moves with it.
struct PathSegment {
	std::uint32_t at = 0;
	std::uint32_t size = 0;
};
/// A path's non-empty segments ("/api/v2//me" → api, v2, me), in place for as
/// many as a GWS or control path has.
using PathSegments = boost::container::small_vector<PathSegment, 8>;

struct HttpRequest {
	std::string method; ///< "GET", "POST", ...
	std::string target; ///< path and query as sent: "/api/v2/me?subresources=*"
	std::vector<std::pair<std::string, std::string>> headers;
	std::string body;
	std::string remoteAddress; ///< "127.0.0.1"
	bool fromLoopback = true;
	/// Set by the server once the client has closed its end (null when no server
	/// made the request): a handler holding the request long may stop waiting.
	std::shared_ptr<const std::atomic<bool>> clientGone;
	/// The path split into segments by the first router (HttpRouter), so that the
	/// surface's router does not split it again; nullopt until then (a surface
	/// called directly splits the path itself: rest::pathParts). Whoever changes
	/// target afterwards resets it.
	std::optional<PathSegments> pathSegments;

	/// The first header with this name (case-insensitive), or "".
	std::string_view header(std::string_view name) const;
	/// The path part of target, without the query.
	std::string_view path() const;
	/// The raw query (after '?'), or "".
	std::string_view query() const;
	/// The value of a cookie from the Cookie header(s), or "".
	std::string_view cookie(std::string_view name) const;
};

struct HttpResponse {
	unsigned status = 200;
	std::string contentType = "application/json";
	/// Extra headers (Set-Cookie may repeat). Content-Type and Content-Length are set by the server.
	std::vector<std::pair<std::string, std::string>> headers;
	std::string body;
	/// Ask the server to close the connection after this response.
	bool close = false;
};

/// ASCII case-insensitive equality, for header names.
bool equalsIgnoreCase(std::string_view a, std::string_view b);

/// Completes an exchange. Call exactly once, from any thread.
using HttpReply = std::function<void(HttpResponse)>;

class HttpHandler
{
public:
	virtual ~HttpHandler() = default;
	/// Must not block: may reply later (long polls, backend results).
	virtual void handle(HttpRequest request, HttpReply reply) = 0;
};

} /* namespace ctisim::api */
