/* SPDX-License-Identifier: MIT */
/*
 * GwsClient: the request a desktop sends, and what it keeps of the answer.
 */
#include "ctisim/client/gws_client.h"

#include <algorithm>

#include "ctisim/client/http_text.h"

namespace ctisim::client {

namespace net = boost::asio;

GwsClient::GwsClient(net::any_io_executor executor, Url base, ConnectionOptions options)
    : connection_(std::move(executor), std::move(base), std::move(options))
{
}

void GwsClient::setCredentials(std::string_view user, std::string_view password)
{
	authorization_ = basicAuthorization(user, password);
}

void GwsClient::setDefaultHeader(std::string name, std::string value)
{
	defaults_.emplace_back(std::move(name), std::move(value));
}

Request GwsClient::build(std::string_view method, std::string_view target, std::string body, Headers headers) const
{
	auto named = [&headers](std::string_view name) {
		return std::any_of(headers.begin(), headers.end(),
				   [name](const auto &header) { return iequals(header.first, name); });
	};
	Request request;
	request.method = std::string(method);
	request.target = base().basePath;
	request.target += target;
	for (const auto &[name, value] : defaults_) {
		if (!named(name))
			request.headers.emplace_back(name, value);
	}
	if (authorization_ && !named("Authorization"))
		request.headers.emplace_back("Authorization", *authorization_);
	if (std::string cookies = jar_.cookieHeader(); !cookies.empty() && !named("Cookie"))
		request.headers.emplace_back("Cookie", std::move(cookies));
	if (auto csrf = jar_.csrfHeader(method); csrf && !named(csrf->first))
		request.headers.push_back(std::move(*csrf));
	if (!body.empty() && !named("Content-Type"))
		request.headers.emplace_back("Content-Type", "application/json");
	for (auto &header : headers)
		request.headers.push_back(std::move(header));
	request.body = std::move(body);
	return request;
}

net::awaitable<Response> GwsClient::request(std::string_view method, std::string_view target, std::string body,
					    Headers headers)
{
	Request request = build(method, target, std::move(body), std::move(headers));
	bool reused = connection_.isOpen();
	std::optional<Response> response;
	try {
		response = co_await connection_.exchange(request);
	} catch (const TransportError &e) {
		if (!reused || !e.staleConnection())
			throw;
	}
	if (!response)
		response = co_await connection_.exchange(request);
	jar_.remember(response->headers);
	co_return std::move(*response);
}

} /* namespace ctisim::client */
