/* SPDX-License-Identifier: MIT */
/*
 * Journal: a ring of recorded values, filtered when read and encoded to JSON
 * only for the entries a reader gets.
 */
#include "ctisim/journal.h"

#include <algorithm>
#include <type_traits>
#include <utility>

namespace ctisim {

namespace {

template <class... Ts> struct Overloaded : Ts... {
	using Ts::operator()...;
};
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

/// Calls onDn / onConnId for every DN and call a request concerns.
template <class OnDn, class OnConnId> void requestKeys(const Request &request, OnDn &onDn, OnConnId &onConnId)
{
	std::visit(
		[&](const auto &r) {
			using R = std::decay_t<decltype(r)>;
			onDn(r.thisDn);
			if constexpr (requires { r.destination; })
				onDn(r.destination);
			if constexpr (requires { r.dnToDrop; })
				onDn(r.dnToDrop);
			if constexpr (requires { r.connId; })
				onConnId(r.connId);
			if constexpr (std::is_base_of_v<req::TwoCallRequest, R>) {
				onConnId(r.heldConnId);
				onConnId(r.currentConnId);
			}
		},
		request);
}

template <class OnDn> void controlKeys(const ControlRequest &request, OnDn &onDn)
{
	if (const auto *behaviour = std::get_if<ctl::SetBehaviour>(&request))
		onDn(behaviour->dn);
}

template <class F> std::string encode(F &&write)
{
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	write(w);
	return std::string(buffer.GetString(), buffer.GetSize());
}

} /* namespace */

const char *toString(JournalKind kind)
{
	switch (kind) {
	case JournalKind::Request: return "request";
	case JournalKind::Result: return "result";
	case JournalKind::Event: return "event";
	case JournalKind::Control: return "control";
	}
	return "event";
}

void writeJournalEntry(json::Writer &w, const JournalEntry &entry)
{
	w.StartObject();
	w.Key("seq");
	w.Uint64(entry.seq);
	w.Key("time");
	w.Int64(entry.time);
	w.Key("kind");
	w.String(toString(entry.kind));
	w.Key("dns");
	w.StartArray();
	for (const Dn &dn : entry.dns)
		json::writeString(w, dn);
	w.EndArray();
	w.Key("connIds");
	w.StartArray();
	for (ConnId id : entry.connIds)
		json::writeString(w, id.str());
	w.EndArray();
	w.Key("data");
	/* data is JSON the codec wrote: copied as it is. */
	w.RawValue(entry.data.data(), entry.data.size(), rapidjson::kObjectType);
	w.EndObject();
}

std::string toJson(const JournalEntry &entry)
{
	return encode([&](json::Writer &w) { writeJournalEntry(w, entry); });
}

Journal::Journal(std::size_t capacity) : capacity_(capacity)
{
	/* Grown on demand: a large bound costs nothing until it is used. */
	ring_.reserve(std::min<std::size_t>(capacity_, 1024));
}

Journal::RequestTicket Journal::recordRequest(TimeMs time, Request request)
{
	auto shared = std::make_shared<const Request>(std::move(request));
	std::uint64_t seq = append(time, shared);
	return RequestTicket{seq, std::move(shared)};
}

void Journal::recordResult(TimeMs time, const RequestTicket &ticket, RequestResult result)
{
	append(time, ResultRecord{ticket.request, ticket.seq, std::move(result)});
}

void Journal::recordEvent(TimeMs time, const Event &event)
{
	append(time, event);
}

Journal::ControlTicket Journal::recordControl(TimeMs time, ControlRequest request)
{
	auto shared = std::make_shared<const ControlRequest>(std::move(request));
	std::uint64_t seq = append(time, shared);
	return ControlTicket{seq, std::move(shared)};
}

void Journal::recordControlResult(TimeMs time, const ControlTicket &ticket, const ControlResult &result)
{
	append(time, ControlResultRecord{ticket.request, ticket.seq, result.errorCode, result.errorMessage});
}

void Journal::setListener(Listener listener)
{
	std::lock_guard lock(mutex_);
	listener_ = std::move(listener);
}

void Journal::setAppendHook(AppendHook hook)
{
	std::lock_guard lock(mutex_);
	appendHook_ = std::move(hook);
}

std::size_t Journal::size() const
{
	std::lock_guard lock(mutex_);
	return ring_.size();
}

std::uint64_t Journal::dropped() const
{
	std::lock_guard lock(mutex_);
	return dropped_;
}

std::uint64_t Journal::append(TimeMs time, Payload payload)
{
	std::lock_guard lock(mutex_);
	std::uint64_t seq = nextSeq_++;
	Stored stored{seq, time, std::move(payload)};
	if (listener_)
		listener_(materialize(stored));
	if (capacity_ == 0) {
		++dropped_;
	} else if (ring_.size() < capacity_) {
		ring_.push_back(std::move(stored));
	} else {
		ring_[head_] = std::move(stored);
		head_ = (head_ + 1) % capacity_;
		++dropped_;
	}
	if (appendHook_)
		appendHook_(seq);
	return seq;
}

template <class OnDn, class OnConnId> void Journal::keys(const Payload &payload, OnDn &onDn, OnConnId &onConnId)
{
	std::visit(
		Overloaded{
			[&](const std::shared_ptr<const Request> &request) { requestKeys(*request, onDn, onConnId); },
			[&](const ResultRecord &record) {
				requestKeys(*record.request, onDn, onConnId);
				onConnId(record.result.newConnId);
				for (const CallSnapshotPtr &call : record.result.calls)
					onConnId(call->connId);
			},
			[&](const Event &event) {
				onDn(event.thisDn);
				onDn(event.otherDn);
				onDn(event.thirdPartyDn);
				onConnId(event.connId);
				if (event.previousConnId)
					onConnId(*event.previousConnId);
				if (event.call)
					onConnId(event.call->connId);
			},
			[&](const std::shared_ptr<const ControlRequest> &request) { controlKeys(*request, onDn); },
			[&](const ControlResultRecord &record) { controlKeys(*record.request, onDn); },
		},
		payload);
}

bool Journal::concerns(const Stored &stored, const JournalQuery &query)
{
	if (query.since && stored.time < *query.since)
		return false;
	if (query.until && stored.time > *query.until)
		return false;
	if (!query.dn && !query.connId)
		return true;
	bool dnSeen = !query.dn;
	bool connIdSeen = !query.connId;
	auto onDn = [&](const Dn &dn) { dnSeen = dnSeen || dn == *query.dn; };
	auto onConnId = [&](ConnId id) { connIdSeen = connIdSeen || id == *query.connId; };
	keys(stored.payload, onDn, onConnId);
	return dnSeen && connIdSeen;
}

JournalEntry Journal::materialize(const Stored &stored)
{
	JournalEntry entry;
	entry.seq = stored.seq;
	entry.time = stored.time;
	auto onDn = [&](const Dn &dn) {
		if (!dn.empty() && std::find(entry.dns.begin(), entry.dns.end(), dn) == entry.dns.end())
			entry.dns.push_back(dn);
	};
	auto onConnId = [&](ConnId id) {
		if (!id.isNull() && std::find(entry.connIds.begin(), entry.connIds.end(), id) == entry.connIds.end())
			entry.connIds.push_back(id);
	};
	std::visit(Overloaded{
			   [&](const std::shared_ptr<const Request> &request) {
				   entry.kind = JournalKind::Request;
				   entry.data = wire::toJson(*request);
			   },
			   [&](const ResultRecord &record) {
				   entry.kind = JournalKind::Result;
				   entry.data = encode([&](json::Writer &w) {
					   w.StartObject();
					   w.Key("requestSeq");
					   w.Uint64(record.requestSeq);
					   w.Key("request");
					   w.String(requestName(*record.request));
					   w.Key("result");
					   wire::writeRequestResult(w, record.result);
					   w.EndObject();
				   });
			   },
			   [&](const Event &event) {
				   entry.kind = JournalKind::Event;
				   entry.data = wire::toJson(event);
			   },
			   [&](const std::shared_ptr<const ControlRequest> &request) {
				   entry.kind = JournalKind::Control;
				   entry.data = wire::toJson(*request);
			   },
			   [&](const ControlResultRecord &record) {
				   entry.kind = JournalKind::Control;
				   entry.data = encode([&](json::Writer &w) {
					   w.StartObject();
					   w.Key("requestSeq");
					   w.Uint64(record.requestSeq);
					   w.Key("control");
					   w.String(wire::controlName(*record.request));
					   w.Key("result");
					   w.StartObject();
					   w.Key("errorCode");
					   w.Int(record.errorCode);
					   if (!record.errorMessage.empty()) {
						   w.Key("errorMessage");
						   json::writeString(w, record.errorMessage);
					   }
					   w.EndObject();
					   w.EndObject();
				   });
			   },
		   },
		   stored.payload);
	keys(stored.payload, onDn, onConnId);
	return entry;
}

JournalPage Journal::query(const JournalQuery &query) const
{
	JournalPage page;
	std::vector<Stored> picked;
	{
		std::lock_guard lock(mutex_);
		page.dropped = dropped_;
		page.lastSeq = nextSeq_ - 1;
		std::size_t n = ring_.size();
		auto at = [&](std::size_t i) -> const Stored & { return ring_[(head_ + i) % n]; };
		if (query.after) {
			std::size_t first = 0;
			if (n > 0 && *query.after >= at(0).seq)
				first = static_cast<std::size_t>(
					std::min<std::uint64_t>(*query.after - at(0).seq + 1, n));
			for (std::size_t i = first; i < n && picked.size() < query.limit; ++i) {
				if (concerns(at(i), query))
					picked.push_back(at(i));
			}
		} else {
			for (std::size_t i = n; i > 0 && picked.size() < query.limit; --i) {
				if (concerns(at(i - 1), query))
					picked.push_back(at(i - 1));
			}
			std::reverse(picked.begin(), picked.end());
		}
	}
	/* Encoded outside the lock: the switch keeps recording meanwhile. */
	page.entries.reserve(picked.size());
	for (const Stored &stored : picked)
		page.entries.push_back(materialize(stored));
	return page;
}

} /* namespace ctisim */
