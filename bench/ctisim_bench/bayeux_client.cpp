/* SPDX-License-Identifier: MIT */
#include "bayeux_client.h"

#include <stdexcept>
#include <utility>

#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

namespace ctisim::bench {

namespace {

awaitable<rapidjson::Document> bayeuxPost(BayeuxSession &s, const std::string &messages)
{
	auto res = co_await exchange(s.conn, http::verb::post, "/api/v2/notifications", messages);
	rapidjson::Document doc;
	doc.Parse(res.body().c_str());
	if (res.result_int() != 200 || doc.HasParseError() || !doc.IsArray())
		throw std::runtime_error(fmt::format("bayeux HTTP {}: {}", res.result_int(), res.body()));
	co_return doc;
}

} /* namespace */

std::string jsonString(const rapidjson::Value &v)
{
	return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : std::string();
}

awaitable<void> bayeuxOpen(BayeuxSession &s)
{
	auto hs = co_await bayeuxPost(
		s,
		R"([{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"],"id":"1"}])");
	for (const auto &m : hs.GetArray()) {
		if (m.HasMember("clientId"))
			s.clientId = jsonString(m["clientId"]);
	}
	if (s.clientId.empty())
		throw std::runtime_error("handshake gave no clientId");
	auto sub = co_await bayeuxPost(
		s,
		fmt::format(R"([{{"channel":"/meta/subscribe","clientId":"{}","subscription":"/v2/me/*","id":"2"}}])",
			    s.clientId));
	for (const auto &m : sub.GetArray()) {
		if (m.HasMember("successful") && m["successful"].IsBool() && !m["successful"].GetBool())
			throw std::runtime_error("subscribe refused");
	}
	s.nextId = 3;
}

awaitable<void> bayeuxPoll(BayeuxSession &s)
{
	try {
		while (!s.stop) {
			std::string msg = fmt::format(
				R"([{{"channel":"/meta/connect","clientId":"{}","connectionType":"long-polling","id":"{}"}}])",
				s.clientId, s.nextId);
			if (s.nextId > 3)
				s.parked = true;
			else
				s.firstConnectSent = Clock::now();
			++s.nextId;
			auto connectSent = Clock::now();
			auto doc = co_await bayeuxPost(s, msg);
			auto now = Clock::now();
			if (s.polls && connectSent >= s.polls->from && now <= s.polls->to)
				++s.polls->n;
			bool any = false;
			for (const auto &m : doc.GetArray()) {
				if (!m.HasMember("data") || !m["data"].IsObject())
					continue;
				const auto &data = m["data"];
				Note note{now, {}, {}, {}, connectSent};
				if (data.HasMember("notificationType"))
					note.type = jsonString(data["notificationType"]);
				if (data.HasMember("call") && data["call"].IsObject()) {
					const auto &call = data["call"];
					if (call.HasMember("id"))
						note.callId = jsonString(call["id"]);
					if (call.HasMember("state"))
						note.state = jsonString(call["state"]);
				}
				if (note.state == "Ringing" && !note.callId.empty() && !s.rings.count(note.callId)) {
					s.rings.emplace(note.callId, now);
					s.ringSignal.cancel();
				}
				s.notes.push_back(std::move(note));
				any = true;
			}
			if (any)
				s.signal.cancel();
		}
	} catch (const std::exception &) {
		// Closed at the end of the run, or the server went away: the poller just stops.
	}
	s.stop = true;
}

} /* namespace ctisim::bench */
