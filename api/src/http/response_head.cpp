/* SPDX-License-Identifier: MIT */
/*
 * The head of an HTTP/1.1 response.
 */
#include "response_head.h"

#include <boost/beast/http/status.hpp>
#include <fmt/format.h>

namespace ctisim::api {

namespace http = boost::beast::http;

namespace {

template <typename Number> void appendNumber(std::string &out, Number value)
{
	fmt::format_int digits(value);
	out.append(digits.data(), digits.size());
}

} /* namespace */

void writeResponseHead(std::string &out, const HttpResponse &response, bool keepAlive)
{
	const auto status = static_cast<http::status>(response.status);
	out.clear();
	/* fmt::format_int, not format_to(back_inserter): header-only, so the clang fuzz
	 * build links against the g++-built libfmt too. */
	out += "HTTP/1.1 ";
	appendNumber(out, response.status);
	out += ' ';
	out += http::obsolete_reason(status);
	out += "\r\nServer: ctisim\r\n";
	auto field = [&out](std::string_view name, std::string_view value) {
		out += name;
		out += ": ";
		out += value;
		out += "\r\n";
	};
	if (!response.contentType.empty())
		field("Content-Type", response.contentType.view());
	for (const auto &[name, value] : response.headers)
		field(name, value);
	if (!keepAlive)
		field("Connection", "close");
	/* RFC 9110 §8.6: no Content-Length on 1xx, 204 and 304 responses. */
	if (http::to_status_class(status) != http::status_class::informational && status != http::status::no_content &&
	    status != http::status::not_modified) {
		out += "Content-Length: ";
		appendNumber(out, response.body.size());
		out += "\r\n";
	}
	out += "\r\n";
}

} /* namespace ctisim::api */
