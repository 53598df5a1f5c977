/* SPDX-License-Identifier: MIT */
/*
 * The head of an HTTP/1.1 response.
 */
#include "response_head.h"

#include <iterator>

#include <boost/beast/http/status.hpp>
#include <fmt/core.h>

namespace ctisim::api {

namespace http = boost::beast::http;

void writeResponseHead(std::string &out, const HttpResponse &response, bool keepAlive)
{
	const auto status = static_cast<http::status>(response.status);
	out.clear();
	fmt::format_to(std::back_inserter(out), "HTTP/1.1 {} ", response.status);
	out += http::obsolete_reason(status);
	out += "\r\nServer: ctisim\r\n";
	auto field = [&out](std::string_view name, std::string_view value) {
		out += name;
		out += ": ";
		out += value;
		out += "\r\n";
	};
	if (!response.contentType.empty())
		field("Content-Type", response.contentType);
	for (const auto &[name, value] : response.headers)
		field(name, value);
	if (!keepAlive)
		field("Connection", "close");
	/* RFC 9110 §8.6: no Content-Length on 1xx, 204 and 304 responses. */
	if (http::to_status_class(status) != http::status_class::informational && status != http::status::no_content &&
	    status != http::status::not_modified)
		fmt::format_to(std::back_inserter(out), "Content-Length: {}\r\n", response.body.size());
	out += "\r\n";
}

} /* namespace ctisim::api */
