/* SPDX-License-Identifier: MIT */
#include "bayeux_client.h"

#include <stdexcept>
#include <utility>

namespace ctisim::bench {

std::string jsonString(const rapidjson::Value &v)
{
	return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : std::string();
}

awaitable<void> bayeuxOpen(BayeuxSession &s)
{
	co_await s.bayeux.handshake();
	co_await s.bayeux.subscribe("/v2/me/*");
}

awaitable<void> bayeuxPoll(BayeuxSession &s)
{
	try {
		while (!s.stop) {
			if (s.connects > 0)
				s.parked = true;
			else
				s.firstConnectSent = Clock::now();
			++s.connects;
			auto connectSent = Clock::now();
			/* A long poll: the server holds it until a notification or its timeout. */
			client::BayeuxDelivery delivery = co_await s.bayeux.connect(std::nullopt);
			auto now = Clock::now();
			if (s.polls && connectSent >= s.polls->from && now <= s.polls->to)
				++s.polls->n;
			bool any = false;
			for (const rapidjson::Value *m : delivery.messages) {
				if (!(*m)["data"].IsObject())
					continue;
				const auto &data = (*m)["data"];
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
