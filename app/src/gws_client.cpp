/* SPDX-License-Identifier: MIT */
/*
 * GwsClient (Beast, one keep-alive connection, cookie jar, Basic, CSRF) and
 * BayeuxClient (handshake, subscribe, non-holding connect). Every Beast
 * operation runs asynchronously on a private io_context with a deadline, so a
 * silent server gives an error instead of a hung replay.
 *
 * GCC 12 under -fsanitize=address,undefined reports a false
 * -Wmaybe-uninitialized inside Beast's response parser (a boost::optional in
 * basic_parser::content_length_unchecked); this file is all Beast client code,
 * so the warning is silenced here only.
 */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "ctisim/app/gws_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include "ctisim/api/http_text.h"
#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/value.h"

namespace ctisim::app {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::optional<BaseUrl> BaseUrl::parse(std::string_view url, std::string &error)
{
	if (url.rfind("https://", 0) == 0) {
		error = "https is not supported by the replayer; put a plain-HTTP proxy in front, or use http://";
		return std::nullopt;
	}
	if (url.rfind("http://", 0) != 0) {
		error = fmt::format("\"{}\" is not an http:// URL", url);
		return std::nullopt;
	}
	std::string_view rest = url.substr(7);
	auto slash = rest.find('/');
	std::string_view hostPort = rest.substr(0, slash);
	BaseUrl out;
	if (slash != std::string_view::npos)
		out.basePath = std::string(rest.substr(slash));
	while (!out.basePath.empty() && out.basePath.back() == '/')
		out.basePath.pop_back();
	auto colon = hostPort.rfind(':');
	if (colon == std::string_view::npos) {
		out.host = std::string(hostPort);
		out.port = "80";
	} else {
		out.host = std::string(hostPort.substr(0, colon));
		out.port = std::string(hostPort.substr(colon + 1));
	}
	if (out.host.empty() || out.port.empty()) {
		error = fmt::format("\"{}\" has no host", url);
		return std::nullopt;
	}
	return out;
}

std::string BaseUrl::str() const
{
	return fmt::format("http://{}:{}{}", host, port, basePath);
}

struct GwsClient::Connection {
	asio::io_context io;
	beast::tcp_stream stream{io};
	beast::flat_buffer buffer;
	bool open = false;
};

GwsClient::GwsClient(BaseUrl base, std::chrono::milliseconds timeout)
    : base_(std::move(base)), timeout_(timeout), connection_(std::make_unique<Connection>())
{
}

GwsClient::~GwsClient()
{
	if (connection_->open) {
		beast::error_code ec;
		connection_->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
	}
}

void GwsClient::setCredentials(std::string user, std::string password)
{
	authorization_ = basicAuthorization(user, password);
}

HttpResult GwsClient::request(const std::string &method, const std::string &target, const std::string &body,
			      const std::vector<std::pair<std::string, std::string>> &headers)
{
	bool retry = false;
	HttpResult result = attempt(method, target, body, headers, retry);
	// A keep-alive connection the server closed meanwhile: once more, fresh.
	if (retry)
		result = attempt(method, target, body, headers, retry);
	remember(result);
	return result;
}

HttpResult GwsClient::attempt(const std::string &method, const std::string &target, const std::string &body,
			      const std::vector<std::pair<std::string, std::string>> &headers, bool &retry)
{
	HttpResult result;
	bool reused = connection_->open;
	retry = false;
	Connection &c = *connection_;
	beast::error_code ec;
	if (!c.open) {
		c.io.restart();
		tcp::resolver resolver(c.io);
		auto endpoints = resolver.resolve(base_.host, base_.port, ec);
		if (ec) {
			result.error = fmt::format("cannot resolve {}: {}", base_.host, ec.message());
			return result;
		}
		c.stream.expires_after(timeout_);
		c.stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint &) { ec = e; });
		c.io.run();
		if (ec) {
			result.error = fmt::format("cannot connect to {}: {}", base_.str(), ec.message());
			c.stream.close();
			return result;
		}
		c.stream.socket().set_option(tcp::no_delay(true), ec);
		c.open = true;
		c.buffer.clear();
	}

	http::request<http::string_body> req;
	req.method_string(method);
	req.target(base_.basePath + target);
	req.version(11);
	req.set(http::field::host, base_.host + ":" + base_.port);
	req.set(http::field::user_agent, "ctisim-replay");
	req.set(http::field::accept, "application/json");
	if (authorization_)
		req.set(http::field::authorization, *authorization_);
	if (!cookies_.empty()) {
		std::string cookie;
		for (const auto &[name, value] : cookies_)
			cookie += fmt::format("{}{}={}", cookie.empty() ? "" : "; ", name, value);
		req.set(http::field::cookie, cookie);
	}
	if (!csrfToken_.empty() && method != "GET" && method != "HEAD" && method != "OPTIONS")
		req.set(csrfHeader_, csrfToken_);
	bool hasContentType = false;
	for (const auto &[name, value] : headers) {
		hasContentType = hasContentType || beast::iequals(name, "Content-Type");
		req.set(name, value);
	}
	if (!body.empty() && !hasContentType)
		req.set(http::field::content_type, "application/json");
	req.body() = body;
	req.prepare_payload();

	http::response_parser<http::string_body> parser;
	parser.body_limit(64 * 1024 * 1024);
	c.io.restart();
	c.stream.expires_after(timeout_);
	http::async_write(c.stream, req, [&](beast::error_code e, std::size_t) {
		ec = e;
		if (e)
			return;
		http::async_read(c.stream, c.buffer, parser, [&](beast::error_code e2, std::size_t) { ec = e2; });
	});
	c.io.run();
	if (ec) {
		c.stream.close();
		c.open = false;
		if (reused && (ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
			       ec == asio::error::broken_pipe || ec == asio::error::eof)) {
			retry = true;
			return result;
		}
		result.error = ec == beast::error::timeout ? fmt::format("no answer within {} ms", timeout_.count())
							   : fmt::format("{} {}: {}", method, target, ec.message());
		return result;
	}
	auto &res = parser.get();
	result.status = res.result_int();
	result.body = std::move(res.body());
	for (const auto &field : res)
		result.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
	if (!res.keep_alive()) {
		c.stream.close();
		c.open = false;
	}
	return result;
}

void GwsClient::remember(const HttpResult &result)
{
	std::string csrfHeaderName;
	for (const auto &[name, value] : result.headers) {
		if (beast::iequals(name, "Set-Cookie")) {
			std::string_view pair = std::string_view(value).substr(0, value.find(';'));
			auto eq = pair.find('=');
			if (eq == std::string_view::npos)
				continue;
			std::string cookieName(pair.substr(0, eq));
			std::string cookieValue(pair.substr(eq + 1));
			bool expired = value.find("Max-Age=0") != std::string::npos ||
				       value.find("max-age=0") != std::string::npos;
			if (expired)
				cookies_.erase(cookieName);
			else
				cookies_[cookieName] = cookieValue;
		} else if (beast::iequals(name, "X-CSRF-HEADER")) {
			csrfHeaderName = value;
		}
	}
	if (!csrfHeaderName.empty())
		csrfHeader_ = csrfHeaderName;
	for (const auto &[name, value] : result.headers) {
		if (beast::iequals(name, csrfHeader_) || beast::iequals(name, "X-CSRF-TOKEN"))
			csrfToken_ = value;
	}
}

BayeuxClient::BayeuxClient(GwsClient &http, std::string path) : http_(http), path_(std::move(path))
{
}

const std::vector<std::string> &BayeuxClient::takeTrace()
{
	taken_ = std::move(traceLines_);
	traceLines_.clear();
	return taken_;
}

bool BayeuxClient::exchange(const std::string &messages, std::vector<std::string> &delivered, std::string &metaChannel,
			    std::string &error)
{
	HttpResult result = http_.request("POST", path_, messages);
	if (trace_)
		traceLines_.push_back(fmt::format("bayeux > {}\nbayeux < {} {}", messages, result.status, result.body));
	if (!result.error.empty()) {
		error = fmt::format("{}: {}", metaChannel, result.error);
		return false;
	}
	if (result.status != 200) {
		error = fmt::format("{}: HTTP {} {}", metaChannel, result.status, result.body);
		return false;
	}
	rapidjson::Document doc;
	if (auto parseError = json::parse(result.body, doc)) {
		error = fmt::format("{}: the reply is not JSON ({}): {}", metaChannel, parseError->str(), result.body);
		return false;
	}
	if (doc.IsObject()) {
		rapidjson::Document array;
		array.SetArray();
		array.PushBack(rapidjson::Value(doc, array.GetAllocator()), array.GetAllocator());
		doc.Swap(array);
	}
	if (!doc.IsArray()) {
		error = fmt::format("{}: the reply is not a JSON array: {}", metaChannel, result.body);
		return false;
	}
	bool answered = false;
	for (const auto &message : doc.GetArray()) {
		if (!message.IsObject())
			continue;
		auto channel = message.FindMember("channel");
		if (channel == message.MemberEnd() || !channel->value.IsString())
			continue;
		std::string_view name = json::str(channel->value);
		if (name.rfind("/meta/", 0) == 0) {
			if (name != metaChannel)
				continue;
			answered = true;
			auto successful = message.FindMember("successful");
			if (successful == message.MemberEnd() || !successful->value.IsBool() ||
			    !successful->value.GetBool()) {
				auto e = message.FindMember("error");
				error = fmt::format("{} failed: {}", metaChannel,
						    e != message.MemberEnd() ? json::write(e->value)
									     : json::write(message));
				return false;
			}
			if (name == "/meta/handshake") {
				auto id = message.FindMember("clientId");
				if (id != message.MemberEnd() && id->value.IsString())
					clientId_ = std::string(json::str(id->value));
			}
		} else if (message.HasMember("data")) {
			delivered.push_back(json::write(message));
		}
	}
	if (!answered) {
		error = fmt::format("{}: no reply for it in {}", metaChannel, result.body);
		return false;
	}
	return true;
}

bool BayeuxClient::handshake(std::string &error)
{
	std::string meta = "/meta/handshake";
	std::string message = fmt::format(
		R"([{{"id":"{}","channel":"/meta/handshake","version":"1.0","minimumVersion":"1.0",)"
		R"("supportedConnectionTypes":["long-polling"],"advice":{{"timeout":60000,"interval":0}}}}])",
		nextId_++);
	std::vector<std::string> ignored;
	if (!exchange(message, ignored, meta, error))
		return false;
	if (clientId_.empty()) {
		error = "/meta/handshake: the reply has no clientId";
		return false;
	}
	return true;
}

bool BayeuxClient::subscribe(const std::string &channel, std::string &error, std::vector<std::string> *delivered)
{
	std::string meta = "/meta/subscribe";
	rapidjson::Value channelValue(
		rapidjson::StringRef(channel.data(), static_cast<rapidjson::SizeType>(channel.size())));
	std::string message =
		fmt::format(R"([{{"id":"{}","channel":"/meta/subscribe","clientId":"{}","subscription":{}}}])",
			    nextId_++, clientId_, json::write(channelValue));
	std::vector<std::string> ignored;
	return exchange(message, delivered ? *delivered : ignored, meta, error);
}

bool BayeuxClient::poll(std::vector<std::string> &out, std::string &error)
{
	std::string meta = "/meta/connect";
	std::string message = fmt::format(
		R"([{{"id":"{}","channel":"/meta/connect","clientId":"{}","connectionType":"long-polling","advice":{{"timeout":0}}}}])",
		nextId_++, clientId_);
	return exchange(message, out, meta, error);
}

void BayeuxClient::disconnect()
{
	if (clientId_.empty())
		return;
	std::string message =
		fmt::format(R"([{{"id":"{}","channel":"/meta/disconnect","clientId":"{}"}}])", nextId_++, clientId_);
	http_.request("POST", path_, message);
	clientId_.clear();
}

} /* namespace ctisim::app */
