/* SPDX-License-Identifier: MIT */
/*
 * diffJson / diffNotifications: a walk over the expectation that keeps going
 * after the first difference. Placeholders ($any, $regex, ...) are left to the
 * scenario matcher, so "matches" means here what it means everywhere.
 */
#include "ctisim/app/fidelity_diff.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ctisim/json/path.h"
#include "ctisim/json/value.h"

namespace ctisim::app {

namespace {

using rapidjson::Value;

bool isPlaceholder(const Value &v)
{
	if (!v.IsObject() || v.MemberCount() == 0)
		return false;
	for (const auto &m : v.GetObject()) {
		if (m.name.GetStringLength() == 0 || m.name.GetString()[0] != '$')
			return false;
	}
	return true;
}

bool sameType(const Value &a, const Value &b)
{
	if (a.IsNumber() && b.IsNumber())
		return true;
	if (a.IsBool() && b.IsBool())
		return true;
	return a.GetType() == b.GetType();
}

std::string text(const Value &v)
{
	return json::preview(v, 300);
}

Difference make(DiffKind kind, std::string change, const std::string &path, std::string_view key)
{
	Difference d;
	d.kind = kind;
	d.change = std::move(change);
	d.path = path;
	d.key = std::string(key);
	return d;
}

bool isStringArray(const Value &v)
{
	return v.IsArray() && std::all_of(v.Begin(), v.End(), [](const Value &e) { return e.IsString(); });
}

/// Capabilities: each one missing or extra, then the order of those both have.
void diffCapabilities(const Value &expected, const Value &actual, const std::string &path, std::string_view key,
		      std::vector<Difference> &out)
{
	std::vector<std::string> want, got;
	for (const Value &e : expected.GetArray())
		want.emplace_back(json::str(e));
	for (const Value &e : actual.GetArray())
		got.emplace_back(json::str(e));
	std::set<std::string> wantSet(want.begin(), want.end()), gotSet(got.begin(), got.end());
	for (const std::string &c : want) {
		if (!gotSet.count(c)) {
			Difference d = make(DiffKind::Value, "missing", path, key);
			d.element = c;
			d.expected = fmt::format("\"{}\" listed", c);
			d.actual = "not listed";
			out.push_back(std::move(d));
		}
	}
	for (const std::string &c : got) {
		if (!wantSet.count(c)) {
			Difference d = make(DiffKind::Value, "extra", path, key);
			d.element = c;
			d.expected = "not listed";
			d.actual = fmt::format("\"{}\" listed", c);
			out.push_back(std::move(d));
		}
	}
	std::vector<std::string> wantCommon, gotCommon;
	std::copy_if(want.begin(), want.end(), std::back_inserter(wantCommon),
		     [&](const std::string &c) { return gotSet.count(c) > 0; });
	std::copy_if(got.begin(), got.end(), std::back_inserter(gotCommon),
		     [&](const std::string &c) { return wantSet.count(c) > 0; });
	if (wantCommon != gotCommon) {
		Difference d = make(DiffKind::Order, "order", path, key);
		d.expected = fmt::format("{}", fmt::join(wantCommon, ","));
		d.actual = fmt::format("{}", fmt::join(gotCommon, ","));
		out.push_back(std::move(d));
	}
}

void diffObject(const Value &expected, const Value &actual, scenario::Captures &captures, std::vector<Difference> &out,
		const std::string &path, std::string_view key)
{
	std::vector<std::string> wantOrder, gotOrder;
	for (const auto &m : expected.GetObject()) {
		std::string name(json::str(m.name));
		std::string at = json::pathKey(path, name);
		const Value *other = json::member(actual, name);
		if (!other) {
			Difference d = make(DiffKind::Shape, "missing", at, name);
			d.expected = text(m.value);
			d.actual = "(no such key)";
			out.push_back(std::move(d));
			continue;
		}
		wantOrder.push_back(name);
		diffJson(m.value, *other, captures, out, at, name);
	}
	for (const auto &m : actual.GetObject()) {
		std::string name(json::str(m.name));
		if (json::member(expected, name)) {
			gotOrder.push_back(name);
			continue;
		}
		Difference d = make(DiffKind::Shape, "extra", json::pathKey(path, name), name);
		d.expected = "(no such key)";
		d.actual = text(m.value);
		out.push_back(std::move(d));
	}
	if (wantOrder != gotOrder) {
		Difference d = make(DiffKind::Order, "order", path, key);
		d.expected = fmt::format("{}", fmt::join(wantOrder, ","));
		d.actual = fmt::format("{}", fmt::join(gotOrder, ","));
		out.push_back(std::move(d));
	}
}

/// What pairs an expected notification with a received one: channel and message types.
std::vector<std::string> signature(const Value &message)
{
	auto field = [](const Value *object, const char *key) -> std::string {
		const Value *v = object ? json::member(*object, key) : nullptr;
		if (v && isPlaceholder(*v))
			return "*";
		return v && v->IsString() ? std::string(json::str(*v)) : std::string();
	};
	const Value *data = json::member(message, "data");
	return {field(&message, "channel"), field(data, "messageType"), field(data, "notificationType")};
}

/// The call's state a call notification reports ("" for other messages).
std::string callState(const Value &message)
{
	const Value *data = json::member(message, "data");
	const Value *call = data ? json::member(*data, "call") : nullptr;
	const Value *state = call ? json::member(*call, "state") : nullptr;
	return state && state->IsString() ? std::string(json::str(*state)) : std::string();
}

bool pairs(const std::vector<std::string> &want, const std::vector<std::string> &got)
{
	for (std::size_t i = 0; i < want.size(); ++i) {
		if (want[i] != "*" && want[i] != got[i])
			return false;
	}
	return true;
}

std::string describe(const std::vector<std::string> &signature)
{
	std::string type = !signature[2].empty() ? signature[2] : signature[1];
	return type.empty() ? fmt::format("a message on {}", signature[0])
			    : fmt::format("{} on {}", type, signature[0]);
}

} /* namespace */

std::string_view diffKindName(DiffKind kind)
{
	switch (kind) {
	case DiffKind::Shape: return "shape";
	case DiffKind::Value: return "value";
	case DiffKind::Order: return "order";
	case DiffKind::Missing: return "missing";
	}
	return "?";
}

void diffJson(const Value &expected, const Value &actual, scenario::Captures &captures, std::vector<Difference> &out,
	      const std::string &path, std::string_view key)
{
	if (isPlaceholder(expected)) {
		if (expected.HasMember("$literal") && expected.MemberCount() == 1)
			return diffJson(expected["$literal"], actual, captures, out, path, key);
		if (auto mismatch = scenario::matchJson(expected, actual, captures, path)) {
			Difference d = make(DiffKind::Value, "differs", mismatch->path, key);
			d.expected = mismatch->expected;
			d.actual = mismatch->actual;
			out.push_back(std::move(d));
		}
		return;
	}
	if (!sameType(expected, actual)) {
		Difference d = make(DiffKind::Shape, "type", path, key);
		d.expected = fmt::format("{} {}", json::typeName(expected), text(expected));
		d.actual = fmt::format("{} {}", json::typeName(actual), text(actual));
		out.push_back(std::move(d));
		return;
	}
	if (expected.IsObject())
		return diffObject(expected, actual, captures, out, path, key);
	if (expected.IsArray()) {
		if (key == "capabilities" && isStringArray(expected) && isStringArray(actual))
			return diffCapabilities(expected, actual, path, key, out);
		rapidjson::SizeType common = std::min(expected.Size(), actual.Size());
		for (rapidjson::SizeType i = 0; i < common; ++i)
			diffJson(expected[i], actual[i], captures, out, json::pathIndex(path, i), key);
		if (expected.Size() != actual.Size()) {
			Difference d =
				make(DiffKind::Shape, expected.Size() > actual.Size() ? "missing" : "extra", path, key);
			d.expected = fmt::format("{} elements", expected.Size());
			d.actual = fmt::format("{} elements", actual.Size());
			out.push_back(std::move(d));
		}
		return;
	}
	if (expected != actual) {
		Difference d = make(DiffKind::Value, "differs", path, key);
		d.expected = text(expected);
		d.actual = text(actual);
		out.push_back(std::move(d));
	}
}

void diffNotifications(const Value &expected, const std::vector<rapidjson::Document> &received,
		       scenario::Captures &captures, const std::string &where, std::vector<Difference> &out)
{
	std::vector<bool> used(received.size(), false);
	std::vector<std::size_t> partner(expected.Size(), received.size());
	/* First the same type in the same call state, then the same type: a lost Dialing leaves the
	   Established that follows it paired with its own, and is the one reported missing. */
	for (bool sameState : {true, false}) {
		for (rapidjson::SizeType i = 0; i < expected.Size(); ++i) {
			if (partner[i] != received.size())
				continue;
			auto want = signature(expected[i]);
			for (std::size_t j = 0; j < received.size(); ++j) {
				if (!used[j] && pairs(want, signature(received[j])) &&
				    (!sameState || callState(expected[i]) == callState(received[j]))) {
					used[j] = true;
					partner[i] = j;
					break;
				}
			}
		}
	}
	std::vector<std::pair<rapidjson::SizeType, std::size_t>> paired;
	for (rapidjson::SizeType i = 0; i < expected.Size(); ++i) {
		if (partner[i] != received.size()) {
			paired.emplace_back(i, partner[i]);
			continue;
		}
		Difference d = make(DiffKind::Missing, "missing", json::pathIndex(where, i), {});
		d.element = describe(signature(expected[i]));
		d.expected = text(expected[i]);
		d.actual = "(not received)";
		out.push_back(std::move(d));
	}
	for (std::size_t j = 0; j < received.size(); ++j) {
		if (used[j])
			continue;
		Difference d = make(DiffKind::Missing, "extra", fmt::format("{} (received #{})", where, j + 1), {});
		d.element = describe(signature(received[j]));
		d.expected = "(not sent)";
		d.actual = text(received[j]);
		out.push_back(std::move(d));
	}
	bool inOrder = std::is_sorted(paired.begin(), paired.end(),
				      [](const auto &a, const auto &b) { return a.second < b.second; });
	if (!inOrder) {
		std::vector<std::string> order;
		for (const auto &p : paired)
			order.push_back(describe(signature(received[p.second])));
		std::sort(paired.begin(), paired.end(),
			  [](const auto &a, const auto &b) { return a.second < b.second; });
		std::vector<std::string> got;
		for (const auto &p : paired)
			got.push_back(describe(signature(received[p.second])));
		Difference d = make(DiffKind::Order, "order", where, {});
		d.expected = fmt::format("{}", fmt::join(order, ", "));
		d.actual = fmt::format("{}", fmt::join(got, ", "));
		out.push_back(std::move(d));
		std::sort(paired.begin(), paired.end());
	}
	/* The envelope's own key order is the client library's, not the server's: its members are compared. */
	for (const auto &[i, j] : paired) {
		std::string at = json::pathIndex(where, i);
		for (const char *key : {"channel", "data"}) {
			const Value *want = json::member(expected[i], key);
			const Value *got = json::member(received[j], key);
			if (want && got) {
				diffJson(*want, *got, captures, out, json::pathKey(at, key), key);
			} else if (want || got) {
				Difference d =
					make(DiffKind::Shape, want ? "missing" : "extra", json::pathKey(at, key), key);
				d.expected = want ? text(*want) : "(no such key)";
				d.actual = got ? text(*got) : "(no such key)";
				out.push_back(std::move(d));
			}
		}
	}
}

std::optional<std::string> parseDeviations(std::string_view text, std::vector<Deviation> &out)
{
	rapidjson::Document doc;
	doc.Parse(text.data(), text.size());
	if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("deviations") || !doc["deviations"].IsArray())
		return "not an object with a \"deviations\" array";
	for (rapidjson::SizeType i = 0; i < doc["deviations"].Size(); ++i) {
		const Value &e = doc["deviations"][i];
		auto field = [&](const char *key) {
			const Value *v = json::member(e, key);
			return v && v->IsString() ? std::string(json::str(*v)) : std::string();
		};
		Deviation d;
		d.id = field("id");
		d.change = field("change");
		d.key = field("key");
		d.element = field("element");
		d.doc = field("doc");
		std::string kind = field("kind");
		bool known = false;
		for (DiffKind k : {DiffKind::Shape, DiffKind::Value, DiffKind::Order, DiffKind::Missing}) {
			if (diffKindName(k) == kind) {
				d.kind = k;
				known = true;
			}
		}
		if (d.id.empty() || d.change.empty() || d.doc.empty() || !known)
			return fmt::format(
				"deviations[{}]: needs id, kind (shape, value, order, missing), change and doc", i);
		out.push_back(std::move(d));
	}
	return std::nullopt;
}

void markDeliberate(std::vector<Difference> &differences, const std::vector<Deviation> &deviations)
{
	for (Difference &d : differences) {
		for (const Deviation &dev : deviations) {
			if (dev.kind == d.kind && dev.change == d.change && dev.key == d.key &&
			    (dev.element.empty() || dev.element == d.element)) {
				d.deliberate = dev.id;
				break;
			}
		}
	}
}

const std::vector<Deviation> &documentedDeviations()
{
	static const std::vector<Deviation> list = [] {
		static constexpr const char text[] =
#include "deviations.inc"
			;
		std::vector<Deviation> out;
		if (auto error = parseDeviations(text, out))
			throw std::logic_error("docs/deviations.json: " + *error);
		return out;
	}();
	return list;
}

} /* namespace ctisim::app */
