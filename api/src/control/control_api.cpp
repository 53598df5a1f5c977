/* SPDX-License-Identifier: MIT */
/*
 * ControlApi: /sim/v1 routes translated into SwitchControl requests, Backend
 * requests from remote parties' DNs, and sandbox resets.
 */
#include "ctisim/api/control_api.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/value.h"
#include "ctisim/tserver_error.h"
#include "ctisim/wire/backend_json.h"

#include "control/journal_waiters.h" /* api/src */
#include "control/openapi_document.h"
#include "http_auth.h"	     /* api/src */
#include "rest/path.h"	     /* api/src */
#include "rest/rest_error.h" /* api/src */

namespace ctisim::api {

namespace {

using rapidjson::Value;
using rest::errorResponse;
namespace status = rest::status;
using wire::JsonWriter;

constexpr std::string_view prefix = "/sim/v1";
/* Bounds on times from clients: the switch adds them to its clock, and an
 * int64 near its limit would overflow there. The same as the configuration's. */
constexpr std::int64_t maxTimeMs = 253'402'300'799'999; /* 9999-12-31T23:59:59.999Z */
constexpr std::int64_t maxAdvanceMs = 100LL * 365 * 86'400'000;
constexpr std::int64_t maxAnswerDelayMs = 86'400'000;

HttpResponse jsonResponse(unsigned httpStatus, std::string body)
{
	HttpResponse response;
	response.status = httpStatus;
	response.body = std::move(body);
	return response;
}

HttpResponse okResponse()
{
	return jsonResponse(200, R"({"statusCode":0})");
}

/// A T-Server rejection: 409 with GWS statusCode 2 and the T-Server code.
HttpResponse switchError(int errorCode, const std::string &message)
{
	std::string text = message.empty() ? terrText(errorCode) : message;
	rapidjson::StringBuffer buffer;
	JsonWriter w(buffer);
	w.StartObject();
	w.Key("statusCode");
	w.Int(status::InvalidState);
	w.Key("statusMessage");
	w.String(fmt::format("{} (T-Server error {})", text, errorCode).c_str());
	w.Key("errorCode");
	w.Int(errorCode);
	w.EndObject();
	return jsonResponse(409, buffer.GetString());
}

/// Parses a JSON object body; an empty body is an empty object.
bool parseBody(const HttpRequest &request, rapidjson::Document &doc, HttpReply &reply)
{
	if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
		doc.SetObject();
		return true;
	}
	if (auto error = json::parse(request.body, doc)) {
		reply(errorResponse(status::InputValidation, "The body is not valid JSON: " + error->str()));
		return false;
	}
	if (!doc.IsObject()) {
		reply(errorResponse(status::InputValidation, "The body must be a JSON object"));
		return false;
	}
	return true;
}

/// The state dump: the wire codec's SwitchState with every field, after a statusCode.
std::string stateJson(const SwitchState &state)
{
	rapidjson::StringBuffer buffer;
	JsonWriter w(buffer);
	w.StartObject();
	w.Key("statusCode");
	w.Int(status::Ok);
	wire::writeSwitchStateMembers(w, state, wire::Fields::All);
	w.EndObject();
	return std::string(buffer.GetString(), buffer.GetSize());
}

/// {"statusCode":0,"entries":[...],"dropped":n,"lastSeq":n}
std::string journalPageJson(const JournalPage &page);

/// An integer query value; false when it is not one.
template <typename T> bool parseInteger(std::string_view text, T &out)
{
	auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
	return ec == std::errc() && end == text.data() + text.size();
}

/// dn, connId, since, until, after, limit, wait of /sim/v1/journal; an error message when one is bad.
std::optional<std::string> parseJournalQuery(std::string_view query, JournalQuery &out, std::chrono::milliseconds &wait)
{
	constexpr std::size_t maxLimit = 100000;
	std::optional<std::vector<QueryParam>> params = parseQuery(query);
	if (!params)
		return "The query string is malformed (a bad %-escape, or a character that must be %-escaped)";
	for (auto &[key, value] : *params) {
		if (key == "dn") {
			/* A '+' sent unescaped ("+14155550100") decodes to a space: no number has one. */
			std::replace(value.begin(), value.end(), ' ', '+');
			if (value.empty())
				return "\"dn\" must be a number";
			out.dn = value;
		} else if (key == "connId") {
			out.connId = ConnId::parse(value);
			if (!out.connId)
				return "\"connId\" must be 16 hex digits";
		} else if (key == "since" || key == "until") {
			TimeMs t = 0;
			if (!parseInteger(value, t))
				return fmt::format("\"{}\" must be a time in ms since the epoch", key);
			(key == "since" ? out.since : out.until) = t;
		} else if (key == "after") {
			std::uint64_t seq = 0;
			if (!parseInteger(value, seq))
				return "\"after\" must be a sequence number (\"seq\" of an entry)";
			out.after = seq;
		} else if (key == "limit") {
			std::size_t limit = 0;
			if (!parseInteger(value, limit) || limit == 0 || limit > maxLimit)
				return fmt::format("\"limit\" must be an integer from 1 to {}", maxLimit);
			out.limit = limit;
		} else if (key == "wait") {
			std::int64_t ms = 0;
			if (!parseInteger(value, ms) || ms < 0 || ms > JournalWaiters::maxWait.count())
				return fmt::format("\"wait\" must be an integer from 0 to {} (ms)",
						   JournalWaiters::maxWait.count());
			wait = std::chrono::milliseconds(ms);
		} else {
			return fmt::format(
				"Unknown parameter \"{}\" (use dn, connId, since, until, after, limit, wait)", key);
		}
	}
	return std::nullopt;
}

/// text with every byte that is not printable ASCII shown as '?', for echoing
/// a percent-decoded path part in a message (which must stay valid UTF-8).
std::string printable(std::string_view text)
{
	std::string out(text);
	for (char &c : out) {
		if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
			c = '?';
	}
	return out;
}

std::string faultsJson(const FaultState &state)
{
	return fmt::format(R"({{"statusCode":0,"link":"{}","eventDelayMs":{},"dropRequests":{},"droppedRequests":{}}})",
			   state.linkUp ? "up" : "down", state.eventDelay.count(), state.dropRequests,
			   state.droppedRequests);
}

/// A non-negative integer of at most max, or an error message.
std::optional<std::string> checkCount(const Value &value, std::string_view key, std::int64_t max)
{
	if (!value.IsInt64() || value.GetInt64() < 0 || value.GetInt64() > max)
		return fmt::format("\"{}\" must be an integer from 0 to {}", key, max);
	return std::nullopt;
}

bool validNumber(std::string_view dn)
{
	if (dn.empty() || dn.size() > 64)
		return false;
	for (char c : dn) {
		if (!std::isdigit(static_cast<unsigned char>(c)) && c != '+' && c != '*' && c != '#')
			return false;
	}
	return true;
}

} /* namespace */

ControlApi::ControlApi(Backend &backend, SwitchControl &control, Executor &core, ResetHandler reset,
		       std::optional<ControlAccess> access)
    : backend_(&backend), control_(&control), core_(&core), reset_(std::move(reset)), access_(std::move(access)),
      waiters_(std::make_unique<JournalWaiters>(core))
{
}

ControlApi::~ControlApi() = default;

void ControlApi::rebind(Backend &backend, SwitchControl &control, Executor &core, std::optional<ControlAccess> access)
{
	std::lock_guard lock(mutex_);
	backend_ = &backend;
	control_ = &control;
	core_ = &core;
	access_ = std::move(access);
}

void ControlApi::bindJournal(std::shared_ptr<Journal> journal)
{
	if (journal)
		journal->setAppendHook(waiters_->appendHook());
	{
		std::lock_guard lock(mutex_);
		journal_ = std::move(journal);
	}
	/* A new journal (a reset) or none (stopping): the waits on the old one end now. */
	waiters_->release();
}

void ControlApi::bindFaults(FaultInjectingBackend *faults)
{
	std::lock_guard lock(mutex_);
	faults_ = faults;
}

ControlApi::Targets ControlApi::targets() const
{
	std::lock_guard lock(mutex_);
	return Targets{backend_, control_, core_};
}

bool ControlApi::allowed(const HttpRequest &request) const
{
	if (request.fromLoopback)
		return true;
	std::optional<ControlAccess> access;
	{
		std::lock_guard lock(mutex_);
		access = access_;
	}
	if (!access)
		return false;
	std::optional<BasicCredentials> credentials = parseBasicAuth(request.header("Authorization"));
	if (!credentials)
		return false;
	/* Both compared in full, in constant time, like the GWS logins. */
	bool userMatches = constantTimeEquals(credentials->user, access->user);
	bool passwordMatches = constantTimeEquals(credentials->password, access->password);
	return userMatches && passwordMatches;
}

void ControlApi::handle(HttpRequest request, HttpReply reply)
{
	if (!allowed(request)) {
		HttpResponse response =
			errorResponse(status::Forbidden, "The control API is served to loopback clients, or to "
							 "others with the configured control credentials");
		response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"ctisim control\"");
		reply(std::move(response));
		return;
	}
	std::string_view path = request.path();
	if (path.substr(0, prefix.size()) != prefix) {
		reply(errorResponse(status::NotFound, "No such control resource"));
		return;
	}
	std::vector<std::string_view> parts = rest::splitPath(path.substr(prefix.size()));
	const std::string &method = request.method;
	auto wrongMethod = [&](std::string_view allowedMethods) {
		HttpResponse response =
			errorResponse(405, status::Forbidden, fmt::format("Use {} on {}", allowedMethods, path));
		response.headers.emplace_back("Allow", std::string(allowedMethods));
		reply(std::move(response));
	};
	if (parts.size() == 1 && parts[0] == "health") {
		if (method != "GET")
			return wrongMethod("GET");
		reply(jsonResponse(200, R"({"status":"ok"})"));
	} else if (parts.size() == 1 && parts[0] == "reset") {
		if (method != "POST")
			return wrongMethod("POST");
		reset(request, std::move(reply));
	} else if (parts.size() == 1 && parts[0] == "clock") {
		if (method != "GET" && method != "POST")
			return wrongMethod("GET, POST");
		clock(request, std::move(reply));
	} else if (parts.size() == 1 && parts[0] == "calls") {
		if (method != "POST")
			return wrongMethod("POST");
		injectCall(request, std::move(reply));
	} else if (parts.size() == 3 && parts[0] == "parties" &&
		   (parts[2] == "answer" || parts[2] == "hangup" || parts[2] == "dtmf")) {
		if (method != "POST")
			return wrongMethod("POST");
		party(request, percentDecode(parts[1], false), std::string(parts[2]), std::move(reply));
	} else if (parts.size() == 3 && parts[0] == "dns" && parts[2] == "behaviour") {
		if (method != "PUT" && method != "POST")
			return wrongMethod("PUT");
		behaviour(request, percentDecode(parts[1], false), std::move(reply));
	} else if (parts.size() == 1 && parts[0] == "state") {
		if (method != "GET")
			return wrongMethod("GET");
		state(std::move(reply));
	} else if (parts.size() == 1 && parts[0] == "faults") {
		if (method != "GET" && method != "POST")
			return wrongMethod("GET, POST");
		faults(request, std::move(reply));
	} else if (parts.size() == 1 && parts[0] == "openapi.json") {
		if (method != "GET")
			return wrongMethod("GET");
		reply(jsonResponse(200, std::string(openApiDocument())));
	} else if (parts.size() == 1 && parts[0] == "journal") {
		if (method != "GET")
			return wrongMethod("GET");
		journal(request, std::move(reply));
	} else {
		reply(errorResponse(status::NotFound, fmt::format("No such control resource: {}", path)));
	}
}

void ControlApi::reset(const HttpRequest &request, HttpReply reply)
{
	std::optional<SandboxConfig> config;
	if (request.body.find_first_not_of(" \t\r\n") != std::string::npos) {
		/* Strict JSON from the network; comments are for configuration files. */
		rapidjson::Document body;
		if (!parseBody(request, body, reply))
			return;
		SandboxConfig parsed;
		if (auto error = parseSandboxConfig(body, parsed)) {
			reply(errorResponse(status::InputValidation, "Bad configuration: " + error->str()));
			return;
		}
		config = std::move(parsed);
	}
	reset_(std::move(config), [reply = std::move(reply)](std::string error) {
		if (error.empty())
			reply(okResponse());
		else
			reply(errorResponse(status::Internal, "Reset failed: " + error));
	});
}

void ControlApi::clock(const HttpRequest &request, HttpReply reply)
{
	Targets t = targets();
	auto answer = [reply](ControlResult result) {
		if (!result.ok()) {
			reply(errorResponse(409, status::InvalidState,
					    result.errorMessage.empty() ? "The clock cannot be changed"
									: result.errorMessage));
			return;
		}
		reply(jsonResponse(200, fmt::format(R"({{"statusCode":0,"now":{},"virtual":{}}})", result.state.now,
						    result.state.virtualClock ? "true" : "false")));
	};
	if (request.method == "GET") {
		t.control->control(ctl::DumpState{}, answer);
		return;
	}
	rapidjson::Document body;
	if (!parseBody(request, body, reply))
		return;
	const Value *set = json::member(body, "set");
	const Value *advance = json::member(body, "advance");
	if ((set != nullptr) == (advance != nullptr)) {
		reply(errorResponse(status::MissingParameter,
				    "Give exactly one of \"set\" (ms since the epoch) or \"advance\" (ms)"));
		return;
	}
	if (set) {
		if (!set->IsInt64() || set->GetInt64() < 0 || set->GetInt64() > maxTimeMs) {
			reply(errorResponse(status::InputValidation,
					    "\"set\" must be an integer (ms since the epoch, up to the year 9999)"));
			return;
		}
		t.control->control(ctl::SetClock{set->GetInt64()}, answer);
	} else {
		if (!advance->IsInt64() || advance->GetInt64() < 0 || advance->GetInt64() > maxAdvanceMs) {
			reply(errorResponse(status::InputValidation,
					    "\"advance\" must be an integer from 0 to 100 years (ms)"));
			return;
		}
		t.control->control(ctl::AdvanceClock{advance->GetInt64()}, answer);
	}
}

void ControlApi::injectCall(const HttpRequest &request, HttpReply reply)
{
	rapidjson::Document body;
	if (!parseBody(request, body, reply))
		return;
	const Value *from = json::member(body, "from");
	const Value *to = json::member(body, "to");
	if (!from || !to) {
		reply(errorResponse(status::MissingParameter,
				    "\"from\" and \"to\" are required (phone numbers as strings)"));
		return;
	}
	if (!from->IsString() || !validNumber(json::str(*from)) || !to->IsString() || !validNumber(json::str(*to))) {
		reply(errorResponse(status::InputValidation,
				    "\"from\" and \"to\" must be phone numbers (digits, optionally a leading '+')"));
		return;
	}
	req::MakeCall makeCall;
	makeCall.thisDn = std::string(json::str(*from));
	makeCall.destination = std::string(json::str(*to));
	if (const Value *data = json::member(body, "userData")) {
		if (!data->IsObject()) {
			reply(errorResponse(status::InputValidation,
					    "\"userData\" must be an object of key/value pairs"));
			return;
		}
		for (const auto &m : data->GetObject()) {
			if (m.value.IsString())
				makeCall.userData.attach(
					{{std::string(json::str(m.name)), std::string(json::str(m.value))}});
			else if (m.value.IsInt64())
				makeCall.userData.attach({{std::string(json::str(m.name)), m.value.GetInt64()}});
			else {
				reply(errorResponse(status::InputValidation,
						    fmt::format("userData \"{}\" must be a string or an integer",
								json::str(m.name))));
				return;
			}
		}
	}
	Targets t = targets();
	SwitchControl *control = t.control;
	t.backend->submit(std::move(makeCall), [reply, control](RequestResult result) {
		if (!result.ok()) {
			reply(switchError(result.errorCode, result.errorMessage));
			return;
		}
		ConnId connId = result.newConnId;
		control->control(ctl::DumpState{}, [reply, connId](ControlResult state) {
			std::string callUuid;
			for (const CallSnapshot &call : state.state.calls) {
				if (call.connId == connId)
					callUuid = call.callUuid;
			}
			reply(jsonResponse(200, fmt::format(R"({{"statusCode":0,"connId":"{}","callUuid":"{}"}})",
							    connId.str(), callUuid)));
		});
	});
}

void ControlApi::party(const HttpRequest &request, const std::string &dn, const std::string &action, HttpReply reply)
{
	if (!validNumber(dn)) {
		reply(errorResponse(status::InputValidation,
				    fmt::format("\"{}\" is not a phone number", printable(dn))));
		return;
	}
	rapidjson::Document body;
	if (!parseBody(request, body, reply))
		return;
	std::optional<ConnId> connId;
	std::string callUuid;
	if (const Value *c = json::member(body, "connId")) {
		if (c->IsString())
			connId = ConnId::parse(json::str(*c));
		if (!connId) {
			reply(errorResponse(status::InputValidation, "\"connId\" must be 16 hex digits"));
			return;
		}
	}
	if (const Value *u = json::member(body, "callUuid")) {
		if (!u->IsString()) {
			reply(errorResponse(status::InputValidation, "\"callUuid\" must be a string"));
			return;
		}
		callUuid = std::string(json::str(*u));
	}
	std::string digits;
	if (action == "dtmf") {
		const Value *d = json::member(body, "digits");
		if (!d) {
			reply(errorResponse(status::MissingParameter, "\"digits\" is required"));
			return;
		}
		if (!d->IsString() || d->GetStringLength() == 0) {
			reply(errorResponse(status::InputValidation, "\"digits\" must be a non-empty string"));
			return;
		}
		digits = std::string(json::str(*d));
	}
	Targets t = targets();
	Backend *backend = t.backend;
	auto submit = [reply, backend, dn, action, digits](ConnId id) {
		auto onResult = [reply](RequestResult result) {
			if (!result.ok())
				reply(switchError(result.errorCode, result.errorMessage));
			else
				reply(okResponse());
		};
		if (action == "answer")
			backend->submit(req::AnswerCall{{dn, id}}, onResult);
		else if (action == "hangup")
			backend->submit(req::ReleaseCall{{dn, id}}, onResult);
		else
			backend->submit(req::SendDtmf{dn, id, digits}, onResult);
	};
	if (connId) {
		submit(*connId);
		return;
	}
	// Find the call by its UUID, or the only call the DN is on.
	t.control->control(ctl::DumpState{}, [reply, submit, dn, callUuid](ControlResult state) {
		std::vector<ConnId> candidates;
		for (const CallSnapshot &call : state.state.calls) {
			if (!callUuid.empty() ? call.callUuid == callUuid : call.party(dn) != nullptr)
				candidates.push_back(call.connId);
		}
		if (candidates.empty()) {
			reply(errorResponse(status::NotFound,
					    callUuid.empty() ? fmt::format("{} is on no call", dn)
							     : fmt::format("No call has callUuid {}", callUuid)));
			return;
		}
		if (candidates.size() > 1) {
			reply(errorResponse(status::MissingParameter,
					    fmt::format("{} is on {} calls; name one with \"connId\" or \"callUuid\"",
							dn, candidates.size())));
			return;
		}
		submit(candidates.front());
	});
}

void ControlApi::behaviour(const HttpRequest &request, const std::string &dn, HttpReply reply)
{
	if (!validNumber(dn)) {
		reply(errorResponse(status::InputValidation,
				    fmt::format("\"{}\" is not a phone number", printable(dn))));
		return;
	}
	rapidjson::Document body;
	if (!parseBody(request, body, reply))
		return;
	DnBehaviour behaviour;
	const Value *kind = json::member(body, "behaviour");
	if (!kind) {
		reply(errorResponse(status::MissingParameter,
				    "\"behaviour\" is required: answer, busy, noAnswer, ringForever or reject"));
		return;
	}
	if (!kind->IsString() || !parse(json::str(*kind), behaviour.kind)) {
		reply(errorResponse(status::InputValidation,
				    "\"behaviour\" must be one of answer, busy, noAnswer, ringForever, reject"));
		return;
	}
	if (const Value *delay = json::member(body, "answerDelayMs")) {
		if (!delay->IsInt64() || delay->GetInt64() < 0 || delay->GetInt64() > maxAnswerDelayMs) {
			reply(errorResponse(status::InputValidation,
					    "\"answerDelayMs\" must be an integer from 0 to 86400000 (a day)"));
			return;
		}
		behaviour.answerDelayMs = delay->GetInt64();
	}
	if (const Value *code = json::member(body, "rejectCode")) {
		if (!code->IsInt() || code->GetInt() <= 0) {
			reply(errorResponse(status::InputValidation,
					    "\"rejectCode\" must be a positive integer (a T-Server error code)"));
			return;
		}
		behaviour.rejectErrorCode = code->GetInt();
	}
	targets().control->control(ctl::SetBehaviour{dn, behaviour}, [reply](ControlResult result) {
		if (!result.ok())
			reply(switchError(result.errorCode, result.errorMessage));
		else
			reply(okResponse());
	});
}

/* Read on the HTTP thread: the journal is thread safe, and the switch's strand
 * need not wait for an encoding. */
void ControlApi::journal(const HttpRequest &request, HttpReply reply)
{
	std::shared_ptr<const Journal> journal;
	{
		std::lock_guard lock(mutex_);
		journal = journal_;
	}
	if (!journal) {
		reply(errorResponse(status::NotFound,
				    "The journal is off (serve with --journal-entries N or --record FILE)"));
		return;
	}
	JournalQuery query;
	std::chrono::milliseconds wait{0};
	if (auto error = parseJournalQuery(request.query(), query, wait)) {
		reply(errorResponse(status::InputValidation, *error));
		return;
	}
	if (wait.count() > 0 && !query.after)
		query.after = 0; /* a wait is for entries after a seq: all of them by default */
	JournalPage page = journal->query(query);
	if (page.entries.empty() && wait.count() > 0) {
		auto answer = [reply](JournalPage later) { reply(jsonResponse(200, journalPageJson(later))); };
		if (!waiters_->hold(journal, query, wait, request.clientGone, answer))
			reply(errorResponse(503, status::Internal,
					    fmt::format("{} journal waits are held already; retry, or wait less",
							JournalWaiters::defaultMaxWaiters)));
		return;
	}
	reply(jsonResponse(200, journalPageJson(page)));
}

namespace {

std::string journalPageJson(const JournalPage &page)
{
	rapidjson::StringBuffer buffer;
	JsonWriter w(buffer);
	w.StartObject();
	w.Key("statusCode");
	w.Int(0);
	w.Key("entries");
	w.StartArray();
	for (const JournalEntry &entry : page.entries)
		writeJournalEntry(w, entry);
	w.EndArray();
	w.Key("dropped");
	w.Uint64(page.dropped);
	w.Key("lastSeq");
	w.Uint64(page.lastSeq);
	w.EndObject();
	return std::string(buffer.GetString(), buffer.GetSize());
}

} /* namespace */

void ControlApi::state(HttpReply reply)
{
	targets().control->control(ctl::DumpState{}, [reply](ControlResult result) {
		/* A remote switch can be unreachable: say so rather than show an empty switch. */
		if (!result.ok())
			return reply(errorResponse(503, status::Internal, result.errorMessage));
		reply(jsonResponse(200, stateJson(result.state)));
	});
}

void ControlApi::faults(const HttpRequest &request, HttpReply reply)
{
	std::optional<bool> linkUp;
	std::optional<std::int64_t> delayMs, drop;
	if (request.method == "POST") {
		rapidjson::Document body;
		if (!parseBody(request, body, reply))
			return;
		for (const auto &m : body.GetObject()) {
			std::string_view key = json::str(m.name);
			std::optional<std::string> error;
			if (key == "link") {
				if (m.value.IsString() && (json::str(m.value) == "up" || json::str(m.value) == "down"))
					linkUp = json::str(m.value) == "up";
				else
					error = "\"link\" must be \"up\" or \"down\"";
			} else if (key == "eventDelayMs") {
				if (!(error = checkCount(m.value, key, 60'000)))
					delayMs = m.value.GetInt64();
			} else if (key == "dropRequests") {
				if (!(error = checkCount(m.value, key, 1'000'000)))
					drop = m.value.GetInt64();
			} else {
				error = fmt::format("Unknown key \"{}\" (use link, eventDelayMs, dropRequests)", key);
			}
			if (error)
				return reply(errorResponse(status::InputValidation, *error));
		}
		if (!linkUp && !delayMs && !drop)
			return reply(
				errorResponse(status::MissingParameter,
					      "Give at least one of \"link\", \"eventDelayMs\", \"dropRequests\""));
	}
	/* On the core, where a reset swaps the fault injector: it cannot go away under us. */
	targets().core->post([this, reply = std::move(reply), linkUp, delayMs, drop]() mutable {
		FaultInjectingBackend *faults;
		{
			std::lock_guard lock(mutex_);
			faults = faults_;
		}
		if (!faults)
			return reply(errorResponse(501, status::Internal,
						   "Fault injection is not available on this server"));
		if (linkUp)
			faults->setLinkUp(*linkUp);
		if (delayMs)
			faults->setEventDelay(std::chrono::milliseconds(*delayMs));
		if (drop)
			faults->dropRequests(static_cast<std::size_t>(*drop));
		faults->inspect(
			[reply = std::move(reply)](FaultState state) { reply(jsonResponse(200, faultsJson(state))); });
	});
}

} /* namespace ctisim::api */
