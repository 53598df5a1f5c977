/* SPDX-License-Identifier: MIT */
/*
 * ProxyRecorder: the relayed traffic as a Recording. A REST request becomes an
 * exchange when it arrives (arrival order is the steps' order); the data
 * messages of a CometD response become notifications of the request's user
 * when that response comes back, so they belong to the last request that
 * arrived before (as with `ctisim record` on the sandbox). The agents' states
 * and the calls in progress of the setup come from the answers that came back
 * before the first write request or notification: until then nothing the
 * recording shows can have changed them.
 */
#include "ctisim/api/proxy_recorder.h"

#include "ctisim/api/desktop_config.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>

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

/// The party states a call in progress can start with (docs/control-api.md).
bool startingPartyState(std::string_view state)
{
	return state == "Dialing" || state == "Ringing" || state == "Established" || state == "Held";
}

/// A call's user data as the configuration takes it: its string and integer values.
std::string userDataJson(const rapidjson::Value &call)
{
	if (!call.HasMember("userData") || !call["userData"].IsObject())
		return {};
	rapidjson::Document kept(rapidjson::kObjectType);
	for (const auto &m : call["userData"].GetObject()) {
		if (m.value.IsString() || m.value.IsInt64())
			kept.AddMember(rapidjson::Value(m.name, kept.GetAllocator()),
				       rapidjson::Value(m.value, kept.GetAllocator()), kept.GetAllocator());
	}
	return kept.ObjectEmpty() ? std::string() : json::write(kept);
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
	if (!pending.cometd && request.method != "GET")
		started_ = true;
	if (!pending.cometd && account(request.target.size() + request.body.size()))
		pending.token = traffic_.onRequest(request, pending.userName);
	return pending;
}

void ProxyRecorder::learnUser(const std::string &userName, const std::string &body)
{
	rapidjson::Document doc;
	if (userName.empty() || json::parse(body, doc) || !doc.IsObject())
		return;
	UserFacts &facts = users_[userName];
	const rapidjson::Value *devices = nullptr;
	if (doc.HasMember("user") && doc["user"].IsObject()) {
		const rapidjson::Value &user = doc["user"];
		if (stringMember(user, "userName") != userName)
			return;
		facts.id = stringMember(user, "id");
		facts.firstName = stringMember(user, "firstName");
		facts.lastName = stringMember(user, "lastName");
		if (user.HasMember("devices"))
			devices = &user["devices"];
	} else if (doc.HasMember("devices")) {
		devices = &doc["devices"];
	}
	if (devices && devices->IsArray() && !devices->Empty()) {
		const rapidjson::Value &device = (*devices)[0];
		if (!stringMember(device, "phoneNumber").empty()) {
			facts.dn = stringMember(device, "phoneNumber");
			facts.deviceId = stringMember(device, "id");
		}
		if (!started_ && facts.agentState.empty() && device.IsObject() && device.HasMember("userState")) {
			const rapidjson::Value &userState = device["userState"];
			facts.agentState = stringMember(userState, "state");
			facts.workMode = stringMember(userState, "workMode");
			/* ctisim's logged-out agent shows NotReady with its own id (docs/api.md). */
			if (stringMember(userState, "id") == loggedOutStateId)
				facts.agentState = "LoggedOut";
		}
	}
	if (started_ || facts.dn.empty())
		return;
	/* GET /me?subresources=*, /me/calls?fields=*, /me/calls/{id}. */
	const rapidjson::Value *calls = nullptr;
	if (doc.HasMember("user") && doc["user"].IsObject() && doc["user"].HasMember("calls"))
		calls = &doc["user"]["calls"];
	else if (doc.HasMember("calls"))
		calls = &doc["calls"];
	if (calls && calls->IsArray()) {
		for (const rapidjson::Value &call : calls->GetArray())
			learnCall(facts.dn, call);
	} else if (doc.HasMember("call")) {
		learnCall(facts.dn, doc["call"]);
	}
}

void ProxyRecorder::learnCall(const std::string &dn, const rapidjson::Value &call)
{
	std::string state = stringMember(call, "state");
	std::string connId = stringMember(call, "connId");
	if (connId.empty() || !startingPartyState(state))
		return; /* a uri only, or a call that is over */
	auto it = std::find_if(calls_.begin(), calls_.end(), [&](const CallFacts &c) { return c.connId == connId; });
	if (it == calls_.end()) {
		CallFacts facts;
		facts.connId = connId;
		facts.callUuid = stringMember(call, "callUuid");
		facts.callType = stringMember(call, "callType");
		facts.ani = stringMember(call, "ani");
		facts.dnis = stringMember(call, "dnis");
		facts.userDataJson = userDataJson(call);
		std::string duration = stringMember(call, "duration");
		std::int64_t seconds = 0;
		if (!duration.empty() &&
		    std::from_chars(duration.data(), duration.data() + duration.size(), seconds).ec == std::errc())
			facts.ageMs = seconds * 1000;
		calls_.push_back(std::move(facts));
		it = std::prev(calls_.end());
	}
	auto party = [&](const std::string &number) -> PartyFacts & {
		auto p = std::find_if(it->parties.begin(), it->parties.end(),
				      [&](const PartyFacts &f) { return f.dn == number; });
		if (p != it->parties.end())
			return *p;
		it->parties.push_back({number, "", false, false});
		return it->parties.back();
	};
	/* This user's own party, as its answer says; the others as this state implies. */
	PartyFacts &own = party(dn);
	own.state = state;
	own.muted = stringMember(call, "mute") == "On";
	own.own = true;
	std::string others = state == "Dialing" ? "Ringing" : state == "Ringing" ? "Dialing" : "Established";
	if (call.HasMember("participants") && call["participants"].IsArray()) {
		for (const rapidjson::Value &participant : call["participants"].GetArray()) {
			std::string number = stringMember(participant, "phoneNumber");
			if (number.empty() || number == dn)
				continue;
			PartyFacts &other = party(number);
			if (!other.own)
				other.state = others;
		}
	}
	/* The originator first: the dialing party, else the caller (ani) if it is a party. */
	auto originator = std::find_if(it->parties.begin(), it->parties.end(),
				       [](const PartyFacts &f) { return f.state == "Dialing"; });
	if (originator == it->parties.end())
		originator = std::find_if(it->parties.begin(), it->parties.end(),
					  [&](const PartyFacts &f) { return !it->ani.empty() && f.dn == it->ani; });
	if (originator != it->parties.end())
		std::rotate(it->parties.begin(), originator, originator + 1);
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
			csrf_ = true;
	}
	if (pending.cometd) {
		learnCometd(pending.userName, response.body);
		return;
	}
	if (request.method == "GET" && response.status == 200)
		learnUser(pending.userName, response.body);
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
	rapidjson::Document setup(rapidjson::kObjectType);
	auto &a = setup.GetAllocator();
	auto str = [&](const std::string &s) {
		return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
	};
	/* The keys whose values were seen (not empty), in the order given. */
	auto addSeen = [&](rapidjson::Value &object,
			   std::initializer_list<std::pair<const char *, const std::string *>> members) {
		for (const auto &[key, value] : members) {
			if (!value->empty())
				object.AddMember(rapidjson::StringRef(key), str(*value), a);
		}
	};
	setup.AddMember("publicBaseUrl", str(publicBaseUrl_), a);
	if (csrf_)
		setup.AddMember("csrf", true, a);
	rapidjson::Value users(rapidjson::kArrayType);
	for (const auto &[userName, facts] : users_) {
		if (facts.dn.empty())
			continue; /* without a DN the sandbox's default user stands in */
		rapidjson::Value user(rapidjson::kObjectType);
		user.AddMember("userName", str(userName), a);
		user.AddMember("dn", str(facts.dn), a);
		addSeen(user, {{"id", &facts.id},
			       {"deviceId", &facts.deviceId},
			       {"firstName", &facts.firstName},
			       {"lastName", &facts.lastName}});
		users.PushBack(user, a);
	}
	if (!users.Empty())
		setup.AddMember("users", users, a);
	rapidjson::Value agents(rapidjson::kArrayType);
	for (const auto &[userName, facts] : users_) {
		if (facts.dn.empty() || (facts.agentState != "Ready" && facts.agentState != "NotReady"))
			continue; /* LoggedOut, or not seen */
		rapidjson::Value agent(rapidjson::kObjectType);
		agent.AddMember("dn", str(facts.dn), a);
		agent.AddMember("state", str(facts.agentState), a);
		if (facts.workMode == "AfterCallWork" || facts.workMode == "AuxWork")
			agent.AddMember("workMode", str(facts.workMode), a);
		agents.PushBack(agent, a);
	}
	if (!agents.Empty())
		setup.AddMember("agents", agents, a);
	rapidjson::Value calls(rapidjson::kArrayType);
	for (const CallFacts &facts : calls_) {
		rapidjson::Value call(rapidjson::kObjectType);
		call.AddMember("connId", str(facts.connId), a);
		addSeen(call, {{"callUuid", &facts.callUuid},
			       {"callType", &facts.callType},
			       {"ani", &facts.ani},
			       {"dnis", &facts.dnis}});
		rapidjson::Document userData;
		if (!facts.userDataJson.empty() && !json::parse(facts.userDataJson, userData))
			call.AddMember("userData", rapidjson::Value(userData, a), a);
		if (facts.ageMs >= 0)
			call.AddMember("ageMs", facts.ageMs, a);
		rapidjson::Value parties(rapidjson::kArrayType);
		for (const PartyFacts &p : facts.parties) {
			rapidjson::Value party(rapidjson::kObjectType);
			party.AddMember("dn", str(p.dn), a);
			party.AddMember("state", str(p.state), a);
			if (p.muted)
				party.AddMember("muted", true, a);
			parties.PushBack(party, a);
		}
		call.AddMember("parties", parties, a);
		calls.PushBack(call, a);
	}
	if (!calls.Empty())
		setup.AddMember("calls", calls, a);
	recording.setupJson = json::write(setup);
	return recording;
}

std::size_t ProxyRecorder::dropped() const
{
	std::lock_guard lock(mutex_);
	return dropped_;
}

} /* namespace ctisim::api */
