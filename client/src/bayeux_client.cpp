/* SPDX-License-Identifier: MIT */
/*
 * BayeuxClient: each message written once through the JSON module, each reply
 * parsed by it; a meta reply that says no ends the step with its error.
 */
#include "ctisim/client/bayeux_client.h"

#include <fmt/format.h>

#include "ctisim/json/parse.h"
#include "ctisim/json/value.h"
#include "ctisim/json/write.h"

namespace ctisim::client {

namespace net = boost::asio;

namespace {

/// One Bayeux message in a one-message array: {"id", "channel", ["clientId"], fields...}.
template <typename Fields>
std::string message(std::uint64_t id, std::string_view channel, std::string_view clientId, Fields fields)
{
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	w.StartArray();
	w.StartObject();
	json::writeKey(w, "id");
	json::writeString(w, std::to_string(id));
	json::writeKey(w, "channel");
	json::writeString(w, channel);
	if (!clientId.empty()) {
		json::writeKey(w, "clientId");
		json::writeString(w, clientId);
	}
	fields(w);
	w.EndObject();
	w.EndArray();
	return std::string(buffer.GetString(), buffer.GetSize());
}

} /* namespace */

BayeuxClient::BayeuxClient(GwsClient &http, std::string path) : http_(http), path_(std::move(path))
{
}

std::vector<std::string> BayeuxClient::takeTrace()
{
	return std::exchange(traceLines_, {});
}

net::awaitable<BayeuxDelivery> BayeuxClient::exchange(std::string messages, std::string_view meta)
{
	Response response;
	try {
		response = co_await http_.request("POST", path_, messages);
	} catch (const TransportError &e) {
		if (trace_)
			traceLines_.push_back(fmt::format("bayeux > {}\nbayeux < 0 ", messages));
		throw BayeuxError(fmt::format("{}: {}", meta, e.what()));
	}
	if (trace_)
		traceLines_.push_back(
			fmt::format("bayeux > {}\nbayeux < {} {}", messages, response.status, response.body));
	if (response.status != 200)
		throw BayeuxError(fmt::format("{}: HTTP {} {}", meta, response.status, response.body));
	BayeuxDelivery out;
	rapidjson::Document &doc = out.reply;
	if (auto parseError = json::parse(response.body, doc))
		throw BayeuxError(
			fmt::format("{}: the reply is not JSON ({}): {}", meta, parseError->str(), response.body));
	if (doc.IsObject()) {
		rapidjson::Document array;
		array.SetArray();
		array.PushBack(rapidjson::Value(doc, array.GetAllocator()), array.GetAllocator());
		doc.Swap(array);
	}
	if (!doc.IsArray())
		throw BayeuxError(fmt::format("{}: the reply is not a JSON array: {}", meta, response.body));
	bool answered = false;
	for (const auto &m : doc.GetArray()) {
		const rapidjson::Value *channel = json::member(m, "channel");
		if (!channel || !channel->IsString())
			continue;
		std::string_view name = json::str(*channel);
		if (name.rfind("/meta/", 0) != 0) {
			if (m.HasMember("data"))
				out.messages.push_back(&m);
			continue;
		}
		if (name != meta)
			continue;
		answered = true;
		const rapidjson::Value *successful = json::member(m, "successful");
		if (!successful || !successful->IsBool() || !successful->GetBool()) {
			const rapidjson::Value *error = json::member(m, "error");
			throw BayeuxError(fmt::format("{} failed: {}", meta, json::write(error ? *error : m)));
		}
		if (name == "/meta/handshake") {
			if (const rapidjson::Value *id = json::member(m, "clientId"); id && id->IsString())
				clientId_ = std::string(json::str(*id));
		}
	}
	if (!answered)
		throw BayeuxError(fmt::format("{}: no reply for it in {}", meta, response.body));
	co_return out;
}

net::awaitable<void> BayeuxClient::handshake()
{
	std::string hello = message(nextId_++, "/meta/handshake", {}, [](json::Writer &w) {
		json::writeKey(w, "version");
		json::writeString(w, "1.0");
		json::writeKey(w, "minimumVersion");
		json::writeString(w, "1.0");
		json::writeKey(w, "supportedConnectionTypes");
		w.StartArray();
		json::writeString(w, "long-polling");
		w.EndArray();
		json::writeKey(w, "advice");
		w.StartObject();
		json::writeKey(w, "timeout");
		w.Int(60000);
		json::writeKey(w, "interval");
		w.Int(0);
		w.EndObject();
	});
	clientId_.clear();
	co_await exchange(std::move(hello), "/meta/handshake");
	if (clientId_.empty())
		throw BayeuxError("/meta/handshake: the reply has no clientId");
}

net::awaitable<BayeuxDelivery> BayeuxClient::subscribe(std::string channel)
{
	co_return co_await exchange(message(nextId_++, "/meta/subscribe", clientId_,
					    [&channel](json::Writer &w) {
						    json::writeKey(w, "subscription");
						    json::writeString(w, channel);
					    }),
				    "/meta/subscribe");
}

net::awaitable<BayeuxDelivery> BayeuxClient::connect(std::optional<int> adviceTimeout)
{
	co_return co_await exchange(message(nextId_++, "/meta/connect", clientId_,
					    [adviceTimeout](json::Writer &w) {
						    json::writeKey(w, "connectionType");
						    json::writeString(w, "long-polling");
						    if (adviceTimeout) {
							    json::writeKey(w, "advice");
							    w.StartObject();
							    json::writeKey(w, "timeout");
							    w.Int(*adviceTimeout);
							    w.EndObject();
						    }
					    }),
				    "/meta/connect");
}

net::awaitable<void> BayeuxClient::disconnect()
{
	if (clientId_.empty())
		co_return;
	std::string bye = message(nextId_++, "/meta/disconnect", clientId_, [](json::Writer &) {});
	clientId_.clear();
	co_await http_.request("POST", path_, std::move(bye));
}

} /* namespace ctisim::client */
