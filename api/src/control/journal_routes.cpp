/* SPDX-License-Identifier: MIT */
/*
 * GET /sim/v1/journal: what the switch was asked and said, filtered, and held
 * until an entry matches with wait=MS.
 */
#include <algorithm>
#include <charconv>
#include <chrono>

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>

#include "control/control_reply.h"
#include "control/control_routes.h"
#include "http_auth.h"	     /* api/src */
#include "rest/rest_error.h" /* api/src */

namespace ctisim::api::control {

namespace {

namespace status = rest::status;

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

/// {"statusCode":0,"entries":[...],"dropped":n,"lastSeq":n}
std::string journalPageJson(const JournalPage &page)
{
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
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

/* Read on the HTTP thread: the journal is thread safe, and the switch's strand
 * need not wait for an encoding. */
void readJournal(ControlState &state, const HttpRequest &request, const RouteArgs &, HttpReply reply)
{
	std::shared_ptr<const Journal> journal = state.currentJournal();
	if (!journal) {
		reply(rest::errorResponse(status::NotFound,
					  "The journal is off (serve with --journal-entries N or --record FILE)"));
		return;
	}
	JournalQuery query;
	std::chrono::milliseconds wait{0};
	if (auto error = parseJournalQuery(request.query(), query, wait)) {
		reply(rest::errorResponse(status::InputValidation, *error));
		return;
	}
	if (wait.count() > 0 && !query.after)
		query.after = 0; /* a wait is for entries after a seq: all of them by default */
	JournalPage page = journal->query(query);
	if (page.entries.empty() && wait.count() > 0) {
		auto answer = [reply](JournalPage later) { reply(jsonResponse(200, journalPageJson(later))); };
		if (!state.waiters.hold(journal, query, wait, request.clientGone, answer))
			reply(rest::errorResponse(503, status::Internal,
						  fmt::format("{} journal waits are held already; retry, or wait less",
							      JournalWaiters::defaultMaxWaiters)));
		return;
	}
	reply(jsonResponse(200, journalPageJson(page)));
}

} /* namespace ctisim::api::control */
