/* SPDX-License-Identifier: MIT */
/*
 * Journal: a bounded, queryable record of what went through a Backend: every
 * request, its result, every event, every SwitchControl request and its
 * outcome, with the switch's time. The control API serves it at
 * /sim/v1/journal; a RecordingBackend fills it.
 *
 * Entries are kept as the values themselves and turned into JSON (with
 * wire/backend_json.h) only when read, so that recording costs a copy, not an
 * encoding. The oldest entries are evicted when the bound is reached; dropped()
 * says how many.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ctisim/backend.h"
#include "ctisim/event.h"
#include "ctisim/request.h"
#include "ctisim/switch_control.h"
#include "ctisim/wire/backend_json.h"

namespace ctisim {

enum class JournalKind : std::uint8_t {
	Request, ///< a Backend request as submitted
	Result,	 ///< the RequestResult that ended a request
	Event,	 ///< an event the switch reported (to any DN)
	Control, ///< a SwitchControl request, or its outcome
};

/// "request", "result", "event", "control".
const char *toString(JournalKind kind);

/// One entry as a reader sees it.
struct JournalEntry {
	std::uint64_t seq = 0; ///< 1, 2, 3 ... in the order recorded, per journal
	TimeMs time = 0;       ///< the switch's clock when recorded
	JournalKind kind = JournalKind::Event;
	std::vector<Dn> dns;	     ///< the DNs it concerns (thisDn, destination, other and third party)
	std::vector<ConnId> connIds; ///< the calls it concerns (connId, previous, held/current, new, the call's)
	/// The JSON object of the thing:
	///  request: {"request":"RequestMakeCall","thisDn":...} (wire::writeRequest)
	///  result:  {"requestSeq":n,"request":"RequestMakeCall","result":{...}} (wire::writeRequestResult)
	///  event:   {"event":"EventRinging",...} (wire::writeEvent)
	///  control: {"control":"AdvanceClock",...} (wire::writeControlRequest), or its outcome
	///           {"requestSeq":n,"control":"AdvanceClock","result":{"errorCode":0}} (no state dump)
	std::string data;
};

/// {"seq":..,"time":..,"kind":"event","dns":[..],"connIds":[..],"data":{...}}
void writeJournalEntry(json::Writer &w, const JournalEntry &entry);
std::string toJson(const JournalEntry &entry);

struct JournalQuery {
	std::optional<Dn> dn;	      ///< entries that concern this DN
	std::optional<ConnId> connId; ///< entries that concern this call
	std::optional<TimeMs> since;  ///< time >= since
	std::optional<TimeMs> until;  ///< time <= until
	/// Only entries with seq > after, oldest first (incremental polling). Without
	/// it, the newest `limit` matching entries, still oldest first.
	std::optional<std::uint64_t> after;
	std::size_t limit = 1000;
};

struct JournalPage {
	std::vector<JournalEntry> entries;
	std::uint64_t dropped = 0; ///< entries evicted by the bound since the journal began
	std::uint64_t lastSeq = 0; ///< the newest seq recorded (0 when none)
};

/**
 * @par Thread Safety
 * Every member function may be called from any thread (the switch's strand
 * records while HTTP threads read). The listener runs under the journal's lock,
 * on the recording thread, so that it sees entries in seq order.
 */
class Journal
{
public:
	static constexpr std::size_t defaultCapacity = 10000;

	/// What recordRequest() returns, for recordResult().
	struct RequestTicket {
		std::uint64_t seq = 0;
		std::shared_ptr<const Request> request;
	};
	struct ControlTicket {
		std::uint64_t seq = 0;
		std::shared_ptr<const ControlRequest> request;
	};
	/// Sees every entry as it is recorded, encoded (e.g. to write a file).
	using Listener = std::function<void(const JournalEntry &entry)>;

	/// capacity 0 keeps nothing (a listener still sees every entry).
	explicit Journal(std::size_t capacity = defaultCapacity);

	RequestTicket recordRequest(TimeMs time, Request request);
	void recordResult(TimeMs time, const RequestTicket &ticket, RequestResult result);
	void recordEvent(TimeMs time, const Event &event);
	ControlTicket recordControl(TimeMs time, ControlRequest request);
	void recordControlResult(TimeMs time, const ControlTicket &ticket, const ControlResult &result);

	JournalPage query(const JournalQuery &query) const;

	void setListener(Listener listener);

	/// Told the seq of every entry once it can be read, without encoding it:
	/// for readers that wait for entries (GET /sim/v1/journal?wait=). It runs
	/// under the journal's lock, so it must not read the journal itself.
	using AppendHook = std::function<void(std::uint64_t seq)>;
	void setAppendHook(AppendHook hook);

	std::size_t capacity() const { return capacity_; }
	std::size_t size() const;
	std::uint64_t dropped() const;

private:
	struct ResultRecord {
		std::shared_ptr<const Request> request;
		std::uint64_t requestSeq;
		RequestResult result;
	};
	struct ControlResultRecord {
		std::shared_ptr<const ControlRequest> request;
		std::uint64_t requestSeq;
		int errorCode;
		std::string errorMessage;
	};
	using Payload = std::variant<std::shared_ptr<const Request>, ResultRecord, Event,
				     std::shared_ptr<const ControlRequest>, ControlResultRecord>;
	struct Stored {
		std::uint64_t seq;
		TimeMs time;
		Payload payload;
	};

	std::uint64_t append(TimeMs time, Payload payload);
	/// Calls onDn and onConnId for every DN and call the payload concerns.
	template <class OnDn, class OnConnId> static void keys(const Payload &payload, OnDn &onDn, OnConnId &onConnId);
	static bool concerns(const Stored &stored, const JournalQuery &query);
	static JournalEntry materialize(const Stored &stored);

	const std::size_t capacity_;
	mutable std::mutex mutex_;
	/// A ring: ring_[(head_ + i) % capacity_] is the i-th oldest entry.
	std::vector<Stored> ring_;
	std::size_t head_ = 0;
	std::uint64_t nextSeq_ = 1;
	std::uint64_t dropped_ = 0;
	Listener listener_;
	AppendHook appendHook_;
};

} /* namespace ctisim */
