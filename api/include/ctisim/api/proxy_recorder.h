/* SPDX-License-Identifier: MIT */
/*
 * ProxyRecorder: what `ctisim record --upstream` keeps of the traffic it
 * relays. It names the user of each request (HTTP Basic: the user name only,
 * never the password; else the JSESSIONID cookie or CometD clientId learned
 * earlier), records /api/v2 requests as steps, splits the CometD responses
 * into the notifications each user received, and infers the setup (users,
 * their DNs and ids, CSRF, and from the answers that came before anything could
 * change: the agents logged in and the calls in progress) the replay starts from. Bounded: past maxBytes of
 * bodies it keeps what it has and records nothing more.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <rapidjson/fwd.h>

#include "ctisim/api/http_exchange.h"
#include "ctisim/api/traffic_recorder.h"

namespace ctisim::api {

class ProxyRecorder
{
public:
	/// A request on its way: what onResponse needs back.
	struct Pending {
		std::uint64_t token = 0; ///< 0: not recorded (a CometD exchange, or past the limit)
		bool cometd = false;
		std::string userName;
	};

	/// publicBaseUrl: the proxy's own address, which the recorded URIs carry.
	ProxyRecorder(std::string publicBaseUrl, std::size_t maxBytes);

	/// The client's request, as the client sent it.
	Pending onRequest(const HttpRequest &request);
	/// The response as relayed to the client (rewritten), or the proxy's own error.
	void onResponse(const Pending &pending, const HttpRequest &request, const HttpResponse &response);

	/// What was recorded, with the inferred setup.
	Recording recording() const;
	/// Exchanges and notifications left out because the limit was reached.
	std::size_t dropped() const;

private:
	struct UserFacts {
		std::string dn, id, deviceId, firstName, lastName;
		/// The agent's state when the recording started ("" = not seen yet).
		std::string agentState, workMode;
	};
	/// A party of a call in progress; own: its user's own answer showed it.
	struct PartyFacts {
		std::string dn, state;
		bool muted = false;
		bool own = false;
	};
	/// A call in progress when the recording started, as the answers showed it.
	struct CallFacts {
		std::string connId, callUuid, callType, ani, dnis;
		std::string userDataJson; ///< strings and integers only; "" = none
		std::int64_t ageMs = -1;
		std::vector<PartyFacts> parties; ///< the originator first
	};
	std::string userOf(const HttpRequest &request) const;
	bool account(std::size_t bytes);
	void learnUser(const std::string &userName, const std::string &body);
	void learnCometd(const std::string &userName, const std::string &body);
	void learnCall(const std::string &dn, const rapidjson::Value &call);

	mutable std::mutex mutex_;
	TrafficRecorder traffic_{"{}"};
	std::string publicBaseUrl_;
	std::size_t maxBytes_;
	std::size_t bytes_ = 0;
	std::size_t dropped_ = 0;
	bool csrf_ = false;
	/// A write request or a notification has been seen: answers no longer show the start.
	bool started_ = false;
	std::map<std::string, std::string> userBySession_;  ///< JSESSIONID -> user
	std::map<std::string, std::string> userByClientId_; ///< Bayeux clientId -> user
	std::map<std::string, UserFacts> users_;
	std::vector<CallFacts> calls_; ///< in the order first seen
};

} /* namespace ctisim::api */
