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

/// Where one part of a request's head (method, target, a header's name or
/// value) stands in its buffer: an offset, not a view, for the same reason.
struct HeadPart {
	std::uint32_t at = 0;
	std::uint32_t size = 0;
};

/// One header of a request, viewing the request's head.
struct HeaderField {
	std::string_view name;
	std::string_view value;
};

/**
 * A request as the network layer hands it over. Its head (method, target,
 * header names and values) is one buffer with the parts as offsets into it, so
 * a request costs one allocation for its head and one for its body, not one
 * per header. Built by setMethod/setTarget/addHeader (the parser, tests); a
 * part set again is appended anew (the head only grows).
 */
class HttpRequest
{
public:
	HttpRequest() = default;
	HttpRequest(std::string_view method, std::string_view target);
	/* Out of line: see http_exchange.cpp. */
	HttpRequest(const HttpRequest &other);
	HttpRequest(HttpRequest &&other) noexcept;
	HttpRequest &operator=(const HttpRequest &other);
	HttpRequest &operator=(HttpRequest &&other) noexcept;
	~HttpRequest();

	std::string_view method() const { return part(method_); }
	/// Path and query as sent: "/api/v2/me?subresources=*".
	std::string_view target() const { return part(target_); }
	void setMethod(std::string_view method) { method_ = append(method); }
	/// Resets pathSegments (they index the target).
	void setTarget(std::string_view target);
	void addHeader(std::string_view name, std::string_view value);
	/// Room for a head of this many bytes (the parser's one allocation).
	void reserveHead(std::size_t bytes) { head_.reserve(bytes); }

	/// The headers in the order they came (a name may repeat), each a HeaderField. A plain
	/// iterator, not a std::views::transform: clang 14 (the fuzz build) rejects that view over
	/// a small_vector with libstdc++ 12's ranges.
	class HeaderList
	{
	public:
		class iterator
		{
		public:
			iterator(const HttpRequest *request, const std::pair<HeadPart, HeadPart> *at)
			    : request_(request), at_(at)
			{
			}
			HeaderField operator*() const
			{
				return HeaderField{request_->part(at_->first), request_->part(at_->second)};
			}
			iterator &operator++()
			{
				++at_;
				return *this;
			}
			bool operator==(const iterator &other) const { return at_ == other.at_; }

		private:
			const HttpRequest *request_;
			const std::pair<HeadPart, HeadPart> *at_;
		};
		explicit HeaderList(const HttpRequest &request) : request_(request) {}
		iterator begin() const { return {&request_, request_.fields_.data()}; }
		iterator end() const { return {&request_, request_.fields_.data() + request_.fields_.size()}; }

	private:
		const HttpRequest &request_;
	};
	HeaderList headers() const { return HeaderList(*this); }
	/// The first header with this name (case-insensitive), or "".
	std::string_view header(std::string_view name) const;
	/// The path part of target, without the query.
	std::string_view path() const;
	/// The raw query (after '?'), or "".
	std::string_view query() const;
	/// The value of a cookie from the Cookie header(s), or "".
	std::string_view cookie(std::string_view name) const;

	std::string body;
	std::string remoteAddress; ///< "127.0.0.1"
	bool fromLoopback = true;
	/// Set by the server once the client has closed its end (null when no server
	/// made the request): a handler holding the request long may stop waiting.
	std::shared_ptr<const std::atomic<bool>> clientGone;
	/// The path split into segments by the first router (HttpRouter), so that the
	/// surface's router does not split it again; nullopt until then (a surface
	/// called directly splits the path itself: rest::pathParts). setTarget resets it.
	std::optional<PathSegments> pathSegments;

private:
	std::string_view part(HeadPart p) const { return std::string_view(head_).substr(p.at, p.size); }
	HeadPart append(std::string_view text);

	std::string head_;
	HeadPart method_;
	HeadPart target_;
	/// Name and value of each header, in place for as many as a client sends.
	boost::container::small_vector<std::pair<HeadPart, HeadPart>, 12> fields_;
};

/**
 * A response's Content-Type without an allocation for the types the server
 * writes: a view of static text (a literal, a constant table), or an owned copy
 * for a type forwarded from elsewhere (the recording proxy's upstream).
 */
class ContentType
{
public:
	ContentType() = default;
	/// staticText must outlive every response (a literal or a constant).
	constexpr ContentType(const char *staticText) : static_(staticText) {}
	static constexpr ContentType ofStatic(std::string_view staticText)
	{
		ContentType type;
		type.static_ = staticText;
		return type;
	}
	static ContentType owned(std::string text)
	{
		ContentType type;
		type.owned_ = std::move(text);
		type.isOwned_ = true;
		return type;
	}

	std::string_view view() const { return isOwned_ ? std::string_view(owned_) : static_; }
	bool empty() const { return view().empty(); }
	friend bool operator==(const ContentType &a, std::string_view b) { return a.view() == b; }

private:
	std::string_view static_;
	std::string owned_;
	bool isOwned_ = false;
};

struct HttpResponse {
	unsigned status = 200;
	ContentType contentType = "application/json";
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
