/* SPDX-License-Identifier: MIT */
/*
 * The waiting clients: co_spawn on a private io_context, run it dry, take the
 * result or the exception.
 */
#include "ctisim/client/sync_client.h"

#include <exception>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "ctisim/json/value.h"

namespace ctisim::client {

namespace net = boost::asio;

namespace {

ConnectionOptions syncOptions(std::chrono::milliseconds timeout)
{
	ConnectionOptions options;
	options.connectTimeout = timeout;
	options.responseTimeout = timeout;
	return options;
}

/// The JSON text of each message a reply delivered, appended in order.
void appendMessages(const BayeuxDelivery &delivery, std::vector<std::string> &out)
{
	for (const rapidjson::Value *message : delivery.messages)
		out.push_back(json::write(*message));
}

} /* namespace */

SyncGwsClient::SyncGwsClient(Url base, std::chrono::milliseconds timeout)
    : io_(std::make_unique<net::io_context>(1)), client_(io_->get_executor(), std::move(base), syncOptions(timeout))
{
	client_.setDefaultHeader("User-Agent", "ctisim-replay");
	client_.setDefaultHeader("Accept", "application/json");
}

SyncGwsClient::~SyncGwsClient()
{
	client_.connection().close();
}

template <typename T> T SyncGwsClient::run(net::awaitable<T> task)
{
	std::exception_ptr failure;
	std::optional<T> result;
	io_->restart();
	net::co_spawn(*io_, std::move(task), [&](std::exception_ptr e, T value) {
		failure = e;
		if (!e)
			result = std::move(value);
	});
	io_->run();
	if (failure)
		std::rethrow_exception(failure);
	return std::move(*result);
}

template <> void SyncGwsClient::run(net::awaitable<void> task)
{
	std::exception_ptr failure;
	io_->restart();
	net::co_spawn(*io_, std::move(task), [&](std::exception_ptr e) { failure = e; });
	io_->run();
	if (failure)
		std::rethrow_exception(failure);
}

HttpResult SyncGwsClient::request(std::string_view method, std::string_view target, std::string body, Headers headers)
{
	HttpResult result;
	try {
		Response response = run(client_.request(method, target, std::move(body), std::move(headers)));
		result.status = response.status;
		result.body = std::move(response.body);
		result.headers = std::move(response.headers);
	} catch (const std::exception &e) {
		result.error = e.what();
	}
	return result;
}

SyncBayeuxClient::SyncBayeuxClient(SyncGwsClient &http, std::string path)
    : http_(http), bayeux_(http.client_, std::move(path))
{
}

template <typename Step> bool SyncBayeuxClient::attempt(Step step, std::string &error)
{
	try {
		step();
		return true;
	} catch (const std::exception &e) {
		error = e.what();
		return false;
	}
}

bool SyncBayeuxClient::handshake(std::string &error)
{
	return attempt([this] { http_.run(bayeux_.handshake()); }, error);
}

bool SyncBayeuxClient::subscribe(const std::string &channel, std::string &error, std::vector<std::string> *delivered)
{
	return attempt(
		[&] {
			BayeuxDelivery delivery = http_.run(bayeux_.subscribe(channel));
			if (delivered)
				appendMessages(delivery, *delivered);
		},
		error);
}

bool SyncBayeuxClient::poll(std::vector<std::string> &out, std::string &error)
{
	return attempt([&] { appendMessages(http_.run(bayeux_.connect(0)), out); }, error);
}

void SyncBayeuxClient::disconnect()
{
	std::string ignored;
	attempt([this] { http_.run(bayeux_.disconnect()); }, ignored);
}

} /* namespace ctisim::client */
