/* SPDX-License-Identifier: MIT */
/*
 * writeResponseHead against Beast's serializer: the same bytes for the same
 * response.
 */
// Test that header file is self-contained.
#include "http/response_head.h"

#include <sstream>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <doctest/doctest.h>

using namespace ctisim::api;
namespace http = boost::beast::http;

namespace {

/* The head Beast writes for the message that carries response. */
std::string beastHead(const HttpResponse &response, bool keepAlive)
{
	http::response<http::string_body> message{static_cast<http::status>(response.status), 11};
	message.set(http::field::server, "ctisim");
	if (!response.contentType.empty())
		message.set(http::field::content_type, response.contentType.view());
	for (const auto &[name, value] : response.headers)
		message.insert(name, value);
	message.keep_alive(keepAlive);
	message.body() = response.body;
	/* Beast would write "Content-Length: 0" on a 204 or 304; RFC 9110 §8.6
	 * says a server does not send it there, and ctisim does not. */
	if (response.status != 204 && response.status != 304)
		message.prepare_payload();
	std::ostringstream out;
	out << message.base();
	return out.str();
}

HttpResponse response(unsigned status, std::string body, std::string contentType = "application/json")
{
	HttpResponse r;
	r.status = status;
	r.body = std::move(body);
	r.contentType = ContentType::owned(std::move(contentType));
	return r;
}

} /* namespace */

TEST_CASE("writeResponseHead writes the bytes Beast's serializer writes")
{
	std::string head;
	auto same = [&head](const HttpResponse &r, bool keepAlive) {
		writeResponseHead(head, r, keepAlive);
		CHECK(head == beastHead(r, keepAlive));
	};
	SUBCASE("a JSON body, kept alive and not")
	{
		HttpResponse r = response(200, R"({"statusCode":0})");
		same(r, true);
		same(r, false);
	}
	SUBCASE("headers in order, Set-Cookie repeated, no content type")
	{
		HttpResponse r = response(201, "", "");
		r.headers = {{"Set-Cookie", "a=1; Path=/"}, {"Set-Cookie", "b=2"}, {"Location", "/api/v2/me"}};
		same(r, true);
	}
	SUBCASE("statuses without Content-Length, and others")
	{
		for (unsigned status : {204u, 304u})
			same(response(status, ""), true);
		for (unsigned status : {400u, 401u, 404u, 405u, 413u, 431u, 500u, 503u})
			same(response(status, "{}"), false);
	}
	SUBCASE("the buffer is reused: nothing of the previous head is left")
	{
		HttpResponse big = response(200, std::string(100, 'x'));
		big.headers = {{"X-Long", std::string(200, 'y')}};
		writeResponseHead(head, big, true);
		same(response(404, ""), false);
	}
}
