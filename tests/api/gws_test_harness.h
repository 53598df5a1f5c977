/* SPDX-License-Identifier: MIT */
/*
 * Shared set-up of the GWS tests: a GwsApi on a ManualExecutor and a
 * VirtualClock, over the real SimBackend or a FakeBackend, with a recording
 * Notifier and Bayeux endpoint; requests as plain HttpRequest values.
 */
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "ctisim/api/gws_api.h"
#include "ctisim/client/http_text.h"
#include "ctisim/sim/sim_backend.h"
#include "fake_backend.h"
#include "manual_executor.h"

namespace ctisim::test {

inline constexpr TimeMs gwsT = 1'767'225'600'000;
inline const std::string seedDeviceId = "631608b3-ceb1-472b-ba05-2ae39555b0d1";
inline const std::string base = "http://127.0.0.1:8080";

struct RecordingNotifier final : api::Notifier {
	struct Message {
		std::string userId;
		std::string channel;
		std::string text;
	};
	void publish(std::string_view userId, std::string_view channel, api::SharedMessage message) override
	{
		messages.push_back({std::string(userId), std::string(channel), *message});
	}
	std::vector<std::string> of(const std::string &userId, const std::string &channel = "") const
	{
		std::vector<std::string> out;
		for (const Message &m : messages) {
			if (m.userId == userId && (channel.empty() || m.channel == channel))
				out.push_back(m.text);
		}
		return out;
	}
	std::vector<Message> messages;
};

struct FakeBayeux final : api::BayeuxEndpoint {
	void handle(const std::string &userId, api::HttpRequest request, api::HttpReply reply) override
	{
		handled.emplace_back(userId, request.body);
		api::HttpResponse r;
		r.body = "[]";
		reply(std::move(r));
	}
	void dropSessionsOf(const std::string &userId) override { dropped.push_back(userId); }
	std::vector<std::pair<std::string, std::string>> handled;
	std::vector<std::string> dropped;
};

/// RFC 4648 base64: the one of the client library.
using client::base64Encode;

/// The default directory (seed 1), with the seed's device id on agent15000.
inline api::Directory seedDirectory()
{
	std::vector<api::DirectoryUser> users = api::makeDefaultDirectory(1).users();
	users[0].deviceId = seedDeviceId;
	return api::Directory(std::move(users));
}

inline DnConfig gwsExtension(const Dn &number)
{
	DnConfig dn;
	dn.number = number;
	return dn;
}

/// Extensions 15000..15005 (answer at once when nobody is logged in); no calls.
inline SwitchConfig gwsSwitchConfig()
{
	SwitchConfig config;
	config.seed = 7;
	for (int n = 15000; n <= 15005; ++n)
		config.dns.push_back(gwsExtension(std::to_string(n)));
	return config;
}

/// A call between 15000 (originator) and 15001, Established, Internal, started at startedAt.
inline InitialCall seedCall(std::uint64_t connId, std::string callUuid, TimeMs startedAt, UserData userData = {})
{
	InitialCall call;
	call.connId = ConnId(connId);
	call.callUuid = std::move(callUuid);
	call.callType = CallType::Internal;
	call.dnis = "15001";
	call.userData = std::move(userData);
	call.startedAt = startedAt;
	call.parties = {{"15000", PartyState::Established, false}, {"15001", PartyState::Established, false}};
	return call;
}

/// The call of oneCallConfig(), and its resource path.
inline const std::string oneCallUuid = "01RCC3N118B1V0SL8O7GK2LAES000001";
inline const std::string oneCallPath = "/api/v2/me/calls/" + oneCallUuid;

/// gwsSwitchConfig() with one seedCall between 15000 and 15001, started 10 s before gwsT.
inline SwitchConfig oneCallConfig()
{
	SwitchConfig config = gwsSwitchConfig();
	config.calls.push_back(seedCall(0x0071027198180001ULL, oneCallUuid, gwsT - 10'000));
	return config;
}

struct Response {
	unsigned status = 0;
	std::string body;
	std::vector<std::pair<std::string, std::string>> headers;
	bool answered = false;

	std::string header(std::string_view name) const
	{
		for (const auto &[k, v] : headers) {
			if (k == name)
				return v;
		}
		return {};
	}
};

/// JSON re-serialized compactly (keeps key order): equal strings = same keys, order and values.
inline std::string canonical(std::string_view json)
{
	rapidjson::Document doc;
	doc.Parse(json.data(), json.size());
	if (doc.HasParseError())
		return "<invalid JSON: " + std::string(json) + ">";
	rapidjson::StringBuffer buffer;
	rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
	doc.Accept(w);
	return buffer.GetString();
}

inline rapidjson::Document parse(std::string_view json)
{
	rapidjson::Document doc;
	doc.Parse(json.data(), json.size());
	REQUIRE_FALSE(doc.HasParseError());
	return doc;
}

/// A GwsApi over backend B (SimBackend or FakeBackend).
template <typename B> class GwsHarnessT
{
public:
	template <typename... Args>
	explicit GwsHarnessT(api::GwsConfig config, api::Directory directory, Args &&...backendArgs)
	    : clock(gwsT), backend(makeBackend(std::forward<Args>(backendArgs)...)),
	      api(*backend, core, clock, std::move(directory), std::move(config), notifier, &bayeux)
	{
		bool ready = false;
		api.start([&] { ready = true; });
		core.runAll();
		REQUIRE(ready);
	}

	Response request(std::string method, std::string target, std::string body = "",
			 std::vector<std::pair<std::string, std::string>> headers = {})
	{
		api::HttpRequest r;
		r.setMethod(method);
		r.setTarget(target);
		r.body = std::move(body);
		for (const auto &[name, value] : headers)
			r.addHeader(name, value);
		auto out = std::make_shared<Response>();
		auto reply = [out](api::HttpResponse response) {
			out->status = response.status;
			out->body = response.body;
			out->headers = response.headers;
			out->answered = true;
		};
		if (!onCore) {
			api.handle(std::move(r), reply);
			core.runAll();
			return *out;
		}
		/* As a connection the core strand owns hands it over: inside a task of the core. */
		core.post([&] {
			api.handle(std::move(r), reply);
			answeredInside = out->answered;
		});
		tasksRun = core.runAll();
		return *out;
	}

	/// A request with HTTP Basic credentials of agent<dn>/password.
	Response as(const std::string &dn, std::string method, std::string target, std::string body = "")
	{
		return request(std::move(method), std::move(target), std::move(body),
			       {{"Authorization", "Basic " + base64Encode("agent" + dn + ":password")}});
	}

	std::string userId(const std::string &dn) { return directoryCopy.findByDn(dn)->id; }

	/// request() calls the API from inside a task of core, as the server's connections do;
	/// answeredInside then says whether the answer came before handle() returned, and
	/// tasksRun how many tasks the core ran for the request (1: no hop).
	bool onCore = false;
	bool answeredInside = false;
	std::size_t tasksRun = 0;

	VirtualClock clock;
	ManualExecutor core;
	std::unique_ptr<B> backend;
	RecordingNotifier notifier;
	FakeBayeux bayeux;
	api::GwsApi api;
	api::Directory directoryCopy = seedDirectory();

private:
	template <typename... Args> std::unique_ptr<B> makeBackend(Args &&...args)
	{
		if constexpr (std::is_same_v<B, sim::SimBackend>)
			return std::make_unique<B>(std::forward<Args>(args)..., clock, core);
		else
			return std::make_unique<B>(std::forward<Args>(args)...);
	}
};

using SimGws = GwsHarnessT<sim::SimBackend>;
using FakeGws = GwsHarnessT<FakeBackend>;

} /* namespace ctisim::test */
