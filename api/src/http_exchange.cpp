/* SPDX-License-Identifier: MIT */
/*
 * Header, path, query and cookie look-ups on an HttpRequest.
 */
#include "ctisim/api/http_exchange.h"

#include "ctisim/client/http_text.h"

namespace ctisim::api {

using client::trim;

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
	return client::iequals(a, b);
}

/* g++ 12 warns, inlining small_vector's move of the fields into a caller, that
 * memmove might read past the in-place room (-Wstringop-overread): it cannot
 * see that the count never exceeds it. Defined here, where it is silenced,
 * the copies and moves are not inlined into every caller. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif
HttpRequest::HttpRequest(const HttpRequest &other) = default;
HttpRequest::HttpRequest(HttpRequest &&other) noexcept = default;
HttpRequest &HttpRequest::operator=(const HttpRequest &other) = default;
HttpRequest &HttpRequest::operator=(HttpRequest &&other) noexcept = default;
HttpRequest::~HttpRequest() = default;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

HttpRequest::HttpRequest(std::string_view method, std::string_view target)
{
	head_.reserve(method.size() + target.size());
	setMethod(method);
	setTarget(target);
}

HeadPart HttpRequest::append(std::string_view text)
{
	HeadPart p{static_cast<std::uint32_t>(head_.size()), static_cast<std::uint32_t>(text.size())};
	head_.append(text);
	/* Each part ends with a NUL, as its own std::string did: Boost.URL 1.81's
	 * parse_query reads a query's last value up to a NUL, past the view's end. */
	head_.push_back('\0');
	return p;
}

void HttpRequest::setTarget(std::string_view target)
{
	target_ = append(target);
	pathSegments.reset();
}

void HttpRequest::addHeader(std::string_view name, std::string_view value)
{
	HeadPart n = append(name);
	fields_.emplace_back(n, append(value));
}

std::string_view HttpRequest::header(std::string_view name) const
{
	for (const auto &[key, value] : headers()) {
		if (equalsIgnoreCase(key, name))
			return value;
	}
	return {};
}

std::string_view HttpRequest::path() const
{
	std::string_view t = target();
	return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::query() const
{
	std::string_view t = target();
	auto q = t.find('?');
	return q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
}

std::string_view HttpRequest::cookie(std::string_view name) const
{
	for (const auto &[key, value] : headers()) {
		if (!equalsIgnoreCase(key, "cookie"))
			continue;
		std::string_view rest = value;
		while (!rest.empty()) {
			auto semi = rest.find(';');
			std::string_view item = trim(rest.substr(0, semi));
			rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
			auto eq = item.find('=');
			if (eq != std::string_view::npos && trim(item.substr(0, eq)) == name)
				return trim(item.substr(eq + 1));
		}
	}
	return {};
}

} /* namespace ctisim::api */
