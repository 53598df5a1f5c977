/* SPDX-License-Identifier: MIT */
/*
 * The two visitors of the wire codec. Each value type is described once, by a
 * fields() overload that calls v(name, member) for every member on the wire
 * (the pointer argument only selects the overload); FieldWriter writes that
 * list and FieldReader reads it, so the two directions cannot drift apart. The
 * descriptions live with their concept (request_json.cpp, whose overload hands
 * over each request's own wireFields() from request.h, event_json.cpp,
 * control_json.cpp, snapshot_fields.h), in this namespace, where the visitors
 * find them.
 *
 * Internal to lib/src/wire.
 */
#pragma once

#include <algorithm>
#include <array>
#include <concepts>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "ctisim/json/value.h"
#include "ctisim/wire/backend_json.h"

namespace ctisim::wire::codec {

using rapidjson::SizeType;
using rapidjson::Value;

/* -------------------------------------------------------------- writing */

template <class T> struct IsOptional : std::false_type {
};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {
};
template <class T> struct IsVector : std::false_type {
};
template <class T> struct IsVector<std::vector<T>> : std::true_type {
};

/// Whether a member may be left out: it holds what a default-constructed owner holds.
template <class T> bool isDefault(const T &value, const T &defaultValue)
{
	if constexpr (IsOptional<T>::value)
		return !value.has_value();
	else if constexpr (IsVector<T>::value)
		return value.empty();
	else if constexpr (std::equality_comparable<T>)
		return value == defaultValue;
	else
		return false;
}

void writeValue(json::Writer &w, const std::string &text, Fields = Fields::LeaveOutDefaults);
void writeValue(json::Writer &w, bool value, Fields = Fields::LeaveOutDefaults);
void writeValue(json::Writer &w, int value, Fields = Fields::LeaveOutDefaults);
void writeValue(json::Writer &w, std::int64_t value, Fields = Fields::LeaveOutDefaults);
void writeValue(json::Writer &w, std::uint32_t value, Fields = Fields::LeaveOutDefaults);
void writeValue(json::Writer &w, std::uint64_t value, Fields = Fields::LeaveOutDefaults);
/// Without ConnId::str(): 16 characters would not fit a short string.
void writeValue(json::Writer &w, ConnId id, Fields = Fields::LeaveOutDefaults);
void writeValue(json::Writer &w, const UserData &data, Fields = Fields::LeaveOutDefaults);

template <class E>
requires std::is_enum_v<E>
void writeValue(json::Writer &w, E value, Fields = Fields::LeaveOutDefaults);
template <class T>
void writeValue(json::Writer &w, const std::optional<T> &value, Fields which = Fields::LeaveOutDefaults);
template <class T>
void writeValue(json::Writer &w, const std::vector<T> &values, Fields which = Fields::LeaveOutDefaults);
template <class T>
void writeValue(json::Writer &w, const std::shared_ptr<const T> &value, Fields which = Fields::LeaveOutDefaults);
template <class S>
requires std::is_class_v<S>
void writeValue(json::Writer &w, const S &object, Fields which = Fields::LeaveOutDefaults);

template <class S> struct FieldWriter {
	json::Writer &w;
	const S &object;
	Fields which;

	static const S &defaults()
	{
		static const S d{};
		return d;
	}

	/* The keys are the descriptions' literals, plain identifiers: nothing to escape. */
	template <std::size_t N, class C, class T> void operator()(const char (&key)[N], T C::*member)
	{
		const T &value = object.*member;
		if (which == Fields::LeaveOutDefaults && isDefault(value, defaults().*member))
			return;
		w.UnescapedString(key, N - 1);
		writeValue(w, value, which);
	}
};

/// The members of object, without the braces.
template <class S> void writeMembers(json::Writer &w, const S &object, Fields which = Fields::LeaveOutDefaults)
{
	FieldWriter<S> v{w, object, which};
	fields(v, static_cast<const S *>(nullptr));
}

template <class E>
requires std::is_enum_v<E>
void writeValue(json::Writer &w, E value, Fields)
{
	json::writeString(w, toString(value));
}

template <class T> void writeValue(json::Writer &w, const std::optional<T> &value, Fields which)
{
	if (value)
		writeValue(w, *value, which);
	else
		w.Null();
}

template <class T> void writeValue(json::Writer &w, const std::vector<T> &values, Fields which)
{
	w.StartArray();
	for (const T &value : values)
		writeValue(w, value, which);
	w.EndArray();
}

template <class T> void writeValue(json::Writer &w, const std::shared_ptr<const T> &value, Fields which)
{
	if (value)
		writeValue(w, *value, which);
	else
		w.Null();
}

template <class S>
requires std::is_class_v<S>
void writeValue(json::Writer &w, const S &object, Fields which)
{
	w.StartObject();
	writeMembers(w, object, which);
	w.EndObject();
}

template <class F> std::string writeToString(F &&write)
{
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	write(w);
	return std::string(buffer.GetString(), buffer.GetSize());
}

/* -------------------------------------------------------------- reading */

/// Collects the first error, with the path of the member it is about.
class Reader
{
public:
	explicit Reader(std::string *error) : error_(error) {}

	bool ok() const { return !failed_; }

	bool fail(std::string_view message)
	{
		if (failed_)
			return false;
		failed_ = true;
		if (error_ != nullptr) {
			std::string text;
			for (std::size_t i = 0; i < std::min(depth_, path_.size()); ++i) {
				const Segment &s = path_[i];
				if (s.key != nullptr)
					text += text.empty() ? std::string(s.key) : "." + std::string(s.key);
				else
					text += fmt::format("[{}]", s.index);
			}
			if (depth_ > path_.size())
				text += "...";
			*error_ = text.empty() ? std::string(message) : text + ": " + std::string(message);
		}
		return false;
	}

	void push(const char *key) { push(Segment{key, 0}); }
	void push(std::size_t index) { push(Segment{nullptr, index}); }
	void pop() { --depth_; }

private:
	/// Kept as pointers into the descriptions and the document: the path text is
	/// only built for an error.
	struct Segment {
		const char *key;
		std::size_t index;
	};

	/* In place, not in a vector: a reader lives for one decode, and a vector
	 * allocated for each was a measurable share of the link's decoding. The
	 * descriptions nest 6 deep at most; a deeper path is cut with "...". */
	void push(Segment s)
	{
		if (depth_ < path_.size())
			path_[depth_] = s;
		++depth_;
	}

	std::string *error_;
	bool failed_ = false;
	std::array<Segment, 12> path_{};
	std::size_t depth_ = 0;
};

/// For messages: at most 40 characters of what was sent.
std::string quoted(std::string_view text);

bool readValue(Reader &r, const Value &json, std::string &out);
bool readValue(Reader &r, const Value &json, bool &out);
bool readValue(Reader &r, const Value &json, int &out);
bool readValue(Reader &r, const Value &json, std::int64_t &out);
bool readValue(Reader &r, const Value &json, std::uint32_t &out);
bool readValue(Reader &r, const Value &json, std::uint64_t &out);
bool readValue(Reader &r, const Value &json, ConnId &out);
bool readValue(Reader &r, const Value &json, UserData &out);

template <class E>
requires std::is_enum_v<E>
bool readValue(Reader &r, const Value &json, E &out)
{
	if (!json.IsString())
		return r.fail("expected a string");
	if (!parse(json::str(json), out))
		return r.fail(fmt::format("unknown value {}", quoted(json::str(json))));
	return true;
}

template <class T> bool readValue(Reader &r, const Value &json, std::optional<T> &out);
template <class T> bool readValue(Reader &r, const Value &json, std::vector<T> &out);
template <class T> bool readValue(Reader &r, const Value &json, std::shared_ptr<const T> &out);
template <class S>
requires std::is_class_v<S>
bool readValue(Reader &r, const Value &json, S &out);

/// The most members a description has (Event has 24).
inline constexpr std::size_t maxFields = 32;

/// The member names of a description, in its order.
struct NameCollector {
	std::vector<std::string_view> names;

	template <std::size_t N, class C, class T> void operator()(const char (&key)[N], T C::*)
	{
		names.emplace_back(key, N - 1);
	}
};

template <class S> const std::vector<std::string_view> &fieldNames()
{
	static const std::vector<std::string_view> names = [] {
		NameCollector c;
		fields(c, static_cast<const S *>(nullptr));
		if (c.names.size() > maxFields)
			throw std::logic_error("a wire description has more than maxFields members");
		return std::move(c.names);
	}();
	return names;
}

/// Where json's members are, by their index in the description (null: absent).
using MemberSlots = std::array<const Value *, maxFields>;

/// One pass over json's members, each looked up among S's names from the one
/// after the previous member's: the writer writes them in the description's
/// order, so a lookup mostly steps over absent members only (rapidjson's
/// FindMember for each described member, a search from the first member, was
/// 12 % of a front end's instructions). Any order is read; of a duplicated
/// member the first counts, as with FindMember.
template <class S> void locateMembers(const Value &json, MemberSlots &slots)
{
	const std::vector<std::string_view> &names = fieldNames<S>();
	const std::size_t n = names.size();
	std::size_t next = 0;
	for (const auto &member : json.GetObject()) {
		const std::string_view name = json::str(member.name);
		for (std::size_t tried = 0, i = next; tried < n; ++tried, i = i + 1 == n ? 0 : i + 1) {
			if (names[i] != name)
				continue;
			if (slots[i] == nullptr)
				slots[i] = &member.value;
			next = i + 1 == n ? 0 : i + 1;
			break;
		}
	}
}

template <class S> struct FieldReader {
	Reader &r;
	const MemberSlots &slots;
	S &object;
	std::size_t index = 0;

	template <std::size_t N, class C, class T> void operator()(const char (&key)[N], T C::*member)
	{
		const Value *value = slots[index++];
		if (value == nullptr || !r.ok())
			return;
		r.push(key);
		readValue(r, *value, object.*member);
		r.pop();
	}
};

/// The members of json into object; json must be an object.
template <class S> bool readMembers(Reader &r, const Value &json, S &object)
{
	MemberSlots slots{};
	locateMembers<S>(json, slots);
	FieldReader<S> v{r, slots, object};
	fields(v, static_cast<const S *>(nullptr));
	return r.ok();
}

template <class T> bool readValue(Reader &r, const Value &json, std::optional<T> &out)
{
	if (json.IsNull()) {
		out.reset();
		return true;
	}
	T value{};
	if (!readValue(r, json, value))
		return false;
	out = std::move(value);
	return true;
}

template <class T> bool readValue(Reader &r, const Value &json, std::vector<T> &out)
{
	if (!json.IsArray())
		return r.fail("expected an array");
	std::vector<T> values;
	values.reserve(json.Size());
	for (SizeType i = 0; i < json.Size(); ++i) {
		r.push(i);
		bool read = readValue(r, json[i], values.emplace_back());
		r.pop();
		if (!read)
			return false;
	}
	out = std::move(values);
	return true;
}

template <class T> bool readValue(Reader &r, const Value &json, std::shared_ptr<const T> &out)
{
	if (json.IsNull()) {
		out.reset();
		return true;
	}
	auto value = std::make_shared<T>();
	if (!readValue(r, json, *value))
		return false;
	out = std::move(value);
	return true;
}

template <class S>
requires std::is_class_v<S>
bool readValue(Reader &r, const Value &json, S &out)
{
	if (!json.IsObject())
		return r.fail("expected an object");
	return readMembers(r, json, out);
}

template <class T> std::optional<T> readTop(const Value &json, std::string *error)
{
	Reader r(error);
	T value{};
	if (!readValue(r, json, value))
		return std::nullopt;
	return value;
}

/* A variant is an object whose member `kindKey` names the alternative. */

template <class Variant, std::size_t I> bool readAlternative(Reader &r, const Value &json, Variant &out)
{
	return readMembers(r, json, out.template emplace<I>());
}

template <class Variant, class NameOf>
std::optional<Variant> readVariant(const Value &json, const char *kindKey, NameOf nameOf, std::string *error)
{
	constexpr std::size_t n = std::variant_size_v<Variant>;
	using ReadFn = bool (*)(Reader &, const Value &, Variant &);
	/* The names come from the one function that spells them for the writer. */
	static const auto table = [&]<std::size_t... I>(std::index_sequence<I...>)
	{
		return std::array<std::pair<const char *, ReadFn>, n>{std::pair<const char *, ReadFn>{
			nameOf(Variant(std::in_place_index<I>)), &readAlternative<Variant, I>}...};
	}
	(std::make_index_sequence<n>{});

	Reader r(error);
	if (!json.IsObject()) {
		r.fail("expected an object");
		return std::nullopt;
	}
	auto kind = json.FindMember(kindKey);
	if (kind == json.MemberEnd() || !kind->value.IsString()) {
		r.fail(fmt::format("\"{}\" is required (a string)", kindKey));
		return std::nullopt;
	}
	std::string_view name = json::str(kind->value);
	for (const auto &[candidate, read] : table) {
		if (name == candidate) {
			Variant out;
			if (!read(r, json, out))
				return std::nullopt;
			return out;
		}
	}
	r.push(kindKey);
	r.fail(fmt::format("unknown value {}", quoted(name)));
	return std::nullopt;
}

} /* namespace ctisim::wire::codec */
