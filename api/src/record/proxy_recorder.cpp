/* SPDX-License-Identifier: MIT */
/*
 * ProxyRecorder: the relayed traffic as a Recording. A REST request becomes an
 * exchange when it arrives (arrival order is the steps' order); the data
 * messages of a CometD response become notifications of the request's user
 * when that response comes back, so they belong to the last request that
 * arrived before (as with `ctisim record` on the sandbox). The setup is
 * SetupInference's, from the answers to GET requests; started_ tells it when
 * the answers may no longer show the start (the first write or notification).
 */
#include "ctisim/api/proxy_recorder.h"

#include <algorithm>

#include <rapidjson/document.h>

#include "ctisim/json/parse.h"
#include "ctisim/json/value.h"
#include "http_auth.h"

namespace ctisim::api {

namespace {

bool isCometd(std::string_view path)
{
	constexpr std::string_view prefix = "/api/v2/notifications";
	return path.substr(0, prefix.size()) == prefix && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

std::string stringMember(const rapidjson::Value &object, const char *key)
{
	if (object.IsObject() && object.HasMember(key) && object[key].IsString())
		return std::string(json::str(object[key]));
	return {};
}

/// The JSESSIONID a Set-Cookie header value sets, or "".
std::string sessionCookie(std::string_view setCookie)
{
	constexpr std::string_view name = "JSESSIONID=";
	if (setCookie.substr(0, name.size()) != name)
		return {};
	setCookie.remove_prefix(name.size());
	return std::string(setCookie.substr(0, setCookie.find(';')));
}

} /* namespace */

ProxyRecorder::ProxyRecorder(std::string publicBaseUrl, std::size_t maxBytes)
    : publicBaseUrl_(std::move(publicBaseUrl)), maxBytes_(maxBytes)
{
}

std::string ProxyRecorder::userOf(const HttpRequest &request) const
{
	if (auto credentials = parseBasicAuth(request.header("Authorization")))
		return std::move(credentials->user); /* the password goes no further */
	auto session = userBySession_.find(std::string(request.cookie("JSESSIONID")));
	if (session != userBySession_.end())
		return session->second;
	if (isCometd(request.path())) {
		rapidjson::Document messages;
		if (!json::parse(request.body, messages) && messages.IsArray() && !messages.Empty()) {
			auto client = userByClientId_.find(stringMember(messages[0], "clientId"));
			if (client != userByClientId_.end())
				return client->second;
		}
	}
	return {};
}

bool ProxyRecorder::account(std::size_t bytes)
{
	if (bytes_ + bytes > maxBytes_) {
		++dropped_;
		return false;
	}
	bytes_ += bytes;
	return true;
}

ProxyRecorder::Pending ProxyRecorder::onRequest(const HttpRequest &request)
{
	std::lock_guard lock(mutex_);
	Pending pending;
	pending.userName = userOf(request);
	pending.cometd = isCometd(request.path());
	if (!pending.cometd && request.method() != "GET")
		started_ = true;
	if (!pending.cometd && account(request.target().size() + request.body.size()))
		pending.token = traffic_.onRequest(request, pending.userName);
	return pending;
}

void ProxyRecorder::learnCometd(const std::string &userName, const std::string &body)
{
	rapidjson::Document messages;
	if (json::parse(body, messages) || !messages.IsArray())
		return;
	for (const rapidjson::Value &message : messages.GetArray()) {
		std::string channel = stringMember(message, "channel");
		if (channel == "/meta/handshake" && !userName.empty()) {
			std::string clientId = stringMember(message, "clientId");
			if (!clientId.empty())
				userByClientId_[clientId] = userName;
		}
		if (channel.rfind("/meta/", 0) == 0 || !message.IsObject() || !message.HasMember("data"))
			continue;
		rapidjson::Document envelope(rapidjson::kObjectType);
		envelope.AddMember("data", rapidjson::Value(message["data"], envelope.GetAllocator()),
				   envelope.GetAllocator());
		envelope.AddMember("channel", rapidjson::Value(message["channel"], envelope.GetAllocator()),
				   envelope.GetAllocator());
		std::string text = json::write(envelope);
		started_ = true; /* from here on the answers may show what changed */
		if (!userName.empty() && account(text.size()))
			traffic_.onNotification(userName, text);
	}
}

void ProxyRecorder::onResponse(const Pending &pending, const HttpRequest &request, const HttpResponse &response)
{
	std::lock_guard lock(mutex_);
	for (const auto &[name, value] : response.headers) {
		if (equalsIgnoreCase(name, "Set-Cookie") && !pending.userName.empty()) {
			std::string session = sessionCookie(value);
			if (!session.empty())
				userBySession_[session] = pending.userName;
		}
		if (equalsIgnoreCase(name, "X-CSRF-TOKEN"))
			inference_.sawCsrfToken();
	}
	if (pending.cometd) {
		learnCometd(pending.userName, response.body);
		return;
	}
	if (request.method() == "GET" && response.status == 200)
		inference_.learnAnswer(request.target(), pending.userName, response.body, started_);
	if (pending.token == 0)
		return;
	if (!account(response.body.size())) {
		HttpResponse kept = response;
		kept.body.clear();
		traffic_.onResponse(pending.token, kept);
		return;
	}
	traffic_.onResponse(pending.token, response);
}

Recording ProxyRecorder::recording() const
{
	std::lock_guard lock(mutex_);
	Recording recording = traffic_.snapshot();
	recording.setupJson = inference_.setupJson(publicBaseUrl_);
	std::vector<std::string> users;
	for (const RecordedExchange &exchange : recording.exchanges) {
		if (!exchange.userName.empty() &&
		    std::find(users.begin(), users.end(), exchange.userName) == users.end())
			users.push_back(exchange.userName);
	}
	recording.inferenceJson = inference_.inferenceJson(users);
	return recording;
}

std::size_t ProxyRecorder::dropped() const
{
	std::lock_guard lock(mutex_);
	return dropped_;
}

} /* namespace ctisim::api */
