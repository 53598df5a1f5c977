/* SPDX-License-Identifier: MIT */
/*
 * StatisticsBook: the Statistics API's numbers (GWS 8.5.1 `/api/v1/stats`),
 * counted the way Stat Server counts them: as a T-Server client, from the events
 * of each DN. The switch knows nothing of statistics; the book is fed every
 * backend event the GWS layer receives and the DN states it loads
 * (docs/api.md, "Statistics API").
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ctisim/event.h"
#include "ctisim/snapshot.h"

namespace ctisim::api {

/// A statistic's value: a count or a number of seconds, or a state's name.
using StatValue = std::variant<std::int64_t, std::string>;

struct StatSample {
	std::string_view statistic;
	StatValue value;
	TimeMs time = 0; ///< when the value was reached (its last change, or now for a running time)
};

/// What a statistic's object is: an agent's DN (by user id or device id) or a queue's.
enum class StatObject : std::uint8_t { Agent, Queue };

/// A range query: `numValues`, `from`, `to` of /api/v1/stats/{id}/{statistic}.
struct StatRange {
	std::optional<TimeMs> from;
	std::optional<TimeMs> to;
	std::optional<std::size_t> numValues; ///< absent: 1 without from/to, every value with one
};

class StatisticsBook
{
public:
	/// historyLimit: the values kept per statistic for range queries.
	explicit StatisticsBook(std::size_t historyLimit = 100) : historyLimit_(historyLimit) {}

	/// Forgets everything; counting starts again at now.
	void reset(TimeMs now);
	/// Watches the DN (only watched DNs are counted) with the calls QueryAddress reported
	/// it on (at start, reset or a link's return): a new DN's agent state holds from now,
	/// its established calls talk from now.
	void load(const Dn &dn, const std::vector<CallSnapshotPtr> &calls, TimeMs now);
	/// Every switch event, in switch order.
	void onEvent(const Event &event);

	/// The statistic names of an object's kind, in the order GET /stats/{id} lists them.
	static const std::vector<std::string_view> &statisticNames(StatObject kind);
	/// The latest value of every statistic of the object. agentState is the agent's state as
	/// the front end shows it (its userState's displayName), given by the caller.
	std::vector<StatSample> latest(StatObject kind, const Dn &dn, std::string_view agentState, TimeMs now) const;
	/// The values of one statistic in the range, newest first; nullopt when the kind has no
	/// such statistic. Counts keep their history (the last historyLimit values); a state or
	/// a running time has only its current value.
	std::optional<std::vector<StatSample>> range(StatObject kind, const Dn &dn, std::string_view statistic,
						     std::string_view agentState, const StatRange &range,
						     TimeMs now) const;

private:
	struct History {
		std::deque<std::pair<TimeMs, std::int64_t>> values; ///< oldest first
	};
	struct CallOnDn {
		bool ringing = false;		    ///< rang here and was not answered yet
		std::optional<TimeMs> talkingSince; ///< the DN's party is Established since
	};
	struct DnRecord {
		TimeMs stateSince = 0;
		std::map<ConnId, CallOnDn> calls;
		TimeMs talkMs = 0; ///< talk of the calls that stopped talking
		/// Each count's history (the current value last), by statistic name.
		std::map<std::string_view, History> counts;
	};

	DnRecord &record(const Dn &dn);
	const DnRecord *find(const Dn &dn) const;
	void count(DnRecord &rec, std::string_view statistic, std::int64_t delta, TimeMs at);
	void endTalk(DnRecord &rec, CallOnDn &call, TimeMs at);
	void onCallEvent(DnRecord &rec, const Event &event);
	std::optional<StatSample> current(StatObject kind, const DnRecord *rec, std::string_view statistic,
					  std::string_view agentState, TimeMs now) const;

	std::size_t historyLimit_;
	TimeMs startedAt_ = 0;
	std::map<Dn, DnRecord> dns_;
};

} /* namespace ctisim::api */
