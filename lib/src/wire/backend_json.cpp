/* SPDX-License-Identifier: MIT */
/*
 * JSON codec for the Backend vocabulary. Each value type is described once, as
 * a list of (name, member pointer) pairs; one visitor writes that list and
 * another reads it, so the two directions cannot drift apart.
 */
#include "ctisim/wire/backend_json.h"

#include <array>
#include <concepts>
#include <cstdint>
#include <iterator>
#include <memory>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "ctisim/json/value.h"

namespace ctisim::wire {

namespace {

using rapidjson::SizeType;
using rapidjson::Value;

/* --------------------------------------------------- type descriptions */

template <class T, class Variant> struct IsAlternativeOf : std::false_type {
};
template <class T, class... Ts>
struct IsAlternativeOf<T, std::variant<Ts...>> : std::bool_constant<(std::is_same_v<T, Ts> || ...)> {
};

template <class T>
concept RequestAlternative = IsAlternativeOf<T, Request>::value;

/* Each fields() calls v(name, member) for every member that goes on the wire.
 * The pointer argument only selects the overload. */

template <class V, RequestAlternative R> void fields(V &v, const R *)
{
	v("thisDn", &R::thisDn);
	if constexpr (std::is_same_v<R, req::MakeCall>) {
		v("destination", &R::destination);
		v("location", &R::location);
		v("userData", &R::userData);
	} else if constexpr (std::is_base_of_v<req::CallRequest, R>) {
		v("connId", &R::connId);
	} else if constexpr (std::is_base_of_v<req::DestinationRequest, R>) {
		v("connId", &R::connId);
		v("destination", &R::destination);
		v("location", &R::location);
		v("userData", &R::userData);
	} else if constexpr (std::is_base_of_v<req::TwoCallRequest, R>) {
		v("heldConnId", &R::heldConnId);
		v("currentConnId", &R::currentConnId);
	} else if constexpr (std::is_same_v<R, req::DeleteFromConference>) {
		v("connId", &R::connId);
		v("dnToDrop", &R::dnToDrop);
	} else if constexpr (std::is_same_v<R, req::SendDtmf>) {
		v("connId", &R::connId);
		v("digits", &R::digits);
	} else if constexpr (std::is_same_v<R, req::AttachUserData> || std::is_same_v<R, req::UpdateUserData>) {
		v("connId", &R::connId);
		v("userData", &R::userData);
	} else if constexpr (std::is_same_v<R, req::DeleteUserData>) {
		v("connId", &R::connId);
		v("key", &R::key);
	} else if constexpr (std::is_same_v<R, req::AgentLogin>) {
		v("agentId", &R::agentId);
		v("queue", &R::queue);
		v("workMode", &R::workMode);
	} else if constexpr (std::is_same_v<R, req::AgentLogout>) {
		v("queue", &R::queue);
	} else if constexpr (std::is_same_v<R, req::AgentReady> || std::is_same_v<R, req::AgentNotReady>) {
		v("workMode", &R::workMode);
		v("reasons", &R::reasons);
	} else if constexpr (std::is_same_v<R, req::CallForwardSet>) {
		v("destination", &R::destination);
	} else if constexpr (std::is_same_v<R, req::MonitorNextCall>) {
		v("agentDn", &R::agentDn);
		v("monitorType", &R::monitorType);
		v("mode", &R::mode);
		v("scope", &R::scope);
	} else if constexpr (std::is_same_v<R, req::CancelMonitoring>) {
		v("agentDn", &R::agentDn);
	} else {
		static_assert(std::is_same_v<R, req::SetDndOn> || std::is_same_v<R, req::SetDndOff> ||
				      std::is_same_v<R, req::CallForwardCancel> || std::is_same_v<R, req::QueryAddress>,
			      "a request alternative without a description");
	}
}

template <class V> void fields(V &v, const PartySnapshot *)
{
	using S = PartySnapshot;
	v("dn", &S::dn);
	v("dnType", &S::dnType);
	v("state", &S::state);
	v("role", &S::role);
	v("muted", &S::muted);
	v("joinedAt", &S::joinedAt);
	v("monitorMode", &S::monitorMode);
	v("monitoredDn", &S::monitoredDn);
}

template <class V> void fields(V &v, const CallSnapshot *)
{
	using S = CallSnapshot;
	v("connId", &S::connId);
	v("callUuid", &S::callUuid);
	v("callType", &S::callType);
	v("ani", &S::ani);
	v("dnis", &S::dnis);
	v("userData", &S::userData);
	v("startedAt", &S::startedAt);
	v("parties", &S::parties);
	v("parentConnId", &S::parentConnId);
	v("consultConnId", &S::consultConnId);
	v("consultForTransfer", &S::consultForTransfer);
	v("conferenceOwner", &S::conferenceOwner);
}

template <class V> void fields(V &v, const MonitoringSnapshot *)
{
	using S = MonitoringSnapshot;
	v("agentDn", &S::agentDn);
	v("type", &S::type);
	v("mode", &S::mode);
	v("scope", &S::scope);
}

template <class V> void fields(V &v, const DnSnapshot *)
{
	using S = DnSnapshot;
	v("dn", &S::dn);
	v("type", &S::type);
	v("agentState", &S::agentState);
	v("workMode", &S::workMode);
	v("agentId", &S::agentId);
	v("dnd", &S::dnd);
	v("forwardTo", &S::forwardTo);
	v("reasons", &S::reasons);
	v("monitoring", &S::monitoring);
	v("monitoredBy", &S::monitoredBy);
}

/// Without "type": written as "event" by writeEvent.
template <class V> void fields(V &v, const Event *)
{
	using S = Event;
	v("referenceId", &S::referenceId);
	v("sequence", &S::sequence);
	v("time", &S::time);
	v("thisDn", &S::thisDn);
	v("thisDnRole", &S::thisDnRole);
	v("otherDn", &S::otherDn);
	v("otherDnRole", &S::otherDnRole);
	v("thirdPartyDn", &S::thirdPartyDn);
	v("thirdPartyDnRole", &S::thirdPartyDnRole);
	v("connId", &S::connId);
	v("previousConnId", &S::previousConnId);
	v("callState", &S::callState);
	v("callType", &S::callType);
	v("digits", &S::digits);
	v("errorCode", &S::errorCode);
	v("errorMessage", &S::errorMessage);
	v("failedRequest", &S::failedRequest);
	v("extensions", &S::extensions);
	v("reasons", &S::reasons);
	v("monitorType", &S::monitorType);
	v("dn", &S::dn);
	v("call", &S::call);
}

template <class V> void fields(V &v, const RequestResult *)
{
	using S = RequestResult;
	v("referenceId", &S::referenceId);
	v("errorCode", &S::errorCode);
	v("errorMessage", &S::errorMessage);
	v("newConnId", &S::newConnId);
	v("dn", &S::dn);
	v("calls", &S::calls);
}

template <class V> void fields(V &v, const DnBehaviour *)
{
	using S = DnBehaviour;
	v("kind", &S::kind);
	v("answerDelayMs", &S::answerDelayMs);
	v("rejectErrorCode", &S::rejectErrorCode);
}

template <class V> void fields(V &v, const DnConfig *)
{
	using S = DnConfig;
	v("number", &S::number);
	v("type", &S::type);
	v("behaviour", &S::behaviour);
	v("targets", &S::targets);
}

template <class V> void fields(V &v, const InitialParty *)
{
	using S = InitialParty;
	v("dn", &S::dn);
	v("state", &S::state);
	v("muted", &S::muted);
}

template <class V> void fields(V &v, const InitialCall *)
{
	using S = InitialCall;
	v("connId", &S::connId);
	v("callUuid", &S::callUuid);
	v("callType", &S::callType);
	v("ani", &S::ani);
	v("dnis", &S::dnis);
	v("userData", &S::userData);
	v("startedAt", &S::startedAt);
	v("parties", &S::parties);
}

template <class V> void fields(V &v, const InitialAgent *)
{
	using S = InitialAgent;
	v("dn", &S::dn);
	v("agentId", &S::agentId);
	v("state", &S::state);
	v("workMode", &S::workMode);
	v("reasons", &S::reasons);
}

template <class V> void fields(V &v, const SwitchConfig *)
{
	using S = SwitchConfig;
	v("seed", &S::seed);
	v("dns", &S::dns);
	v("unknownNumbersAreExternal", &S::unknownNumbersAreExternal);
	v("externalBehaviour", &S::externalBehaviour);
	v("calls", &S::calls);
	v("agents", &S::agents);
}

template <class V> void fields(V &v, const SwitchState *)
{
	using S = SwitchState;
	v("now", &S::now);
	v("virtualClock", &S::virtualClock);
	v("lastEventSequence", &S::lastEventSequence);
	v("dns", &S::dns);
	v("calls", &S::calls);
}

template <class V> void fields(V &v, const ControlResult *)
{
	using S = ControlResult;
	v("errorCode", &S::errorCode);
	v("errorMessage", &S::errorMessage);
	v("state", &S::state);
}

template <class V> void fields(V &v, const ctl::Reset *)
{
	v("config", &ctl::Reset::config);
}

template <class V> void fields(V &v, const ctl::SetBehaviour *)
{
	v("dn", &ctl::SetBehaviour::dn);
	v("behaviour", &ctl::SetBehaviour::behaviour);
}

template <class V> void fields(V &v, const ctl::SetClock *)
{
	v("now", &ctl::SetClock::now);
}

template <class V> void fields(V &v, const ctl::AdvanceClock *)
{
	v("deltaMs", &ctl::AdvanceClock::deltaMs);
}

template <class V> void fields(V &, const ctl::DumpState *)
{
}

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

void writeValue(JsonWriter &w, const std::string &text, Fields = Fields::LeaveOutDefaults)
{
	w.String(text.data(), static_cast<SizeType>(text.size()));
}

void writeValue(JsonWriter &w, bool value, Fields = Fields::LeaveOutDefaults)
{
	w.Bool(value);
}

void writeValue(JsonWriter &w, int value, Fields = Fields::LeaveOutDefaults)
{
	w.Int(value);
}

void writeValue(JsonWriter &w, std::int64_t value, Fields = Fields::LeaveOutDefaults)
{
	w.Int64(value);
}

void writeValue(JsonWriter &w, std::uint32_t value, Fields = Fields::LeaveOutDefaults)
{
	w.Uint(value);
}

void writeValue(JsonWriter &w, std::uint64_t value, Fields = Fields::LeaveOutDefaults)
{
	w.Uint64(value);
}

/// Without ConnId::str(): 16 characters would not fit a short string.
void writeValue(JsonWriter &w, ConnId id, Fields = Fields::LeaveOutDefaults)
{
	static constexpr char hex[] = "0123456789abcdef";
	char text[16];
	std::uint64_t v = id.value();
	for (int i = 15; i >= 0; --i) {
		text[i] = hex[v & 0xf];
		v >>= 4;
	}
	w.String(text, 16);
}

void writeValue(JsonWriter &w, const UserData &data, Fields = Fields::LeaveOutDefaults)
{
	w.StartObject();
	for (const UserDataPair &pair : data.pairs()) {
		w.Key(pair.key.data(), static_cast<SizeType>(pair.key.size()));
		if (const auto *text = std::get_if<std::string>(&pair.value))
			writeValue(w, *text);
		else
			w.Int64(std::get<std::int64_t>(pair.value));
	}
	w.EndObject();
}

template <class E>
requires std::is_enum_v<E>
void writeValue(JsonWriter &w, E value, Fields = Fields::LeaveOutDefaults);
template <class T>
void writeValue(JsonWriter &w, const std::optional<T> &value, Fields which = Fields::LeaveOutDefaults);
template <class T>
void writeValue(JsonWriter &w, const std::vector<T> &values, Fields which = Fields::LeaveOutDefaults);
template <class T>
void writeValue(JsonWriter &w, const std::shared_ptr<const T> &value, Fields which = Fields::LeaveOutDefaults);
template <class S>
requires std::is_class_v<S>
void writeValue(JsonWriter &w, const S &object, Fields which = Fields::LeaveOutDefaults);

template <class S> struct FieldWriter {
	JsonWriter &w;
	const S &object;
	Fields which;

	static const S &defaults()
	{
		static const S d{};
		return d;
	}

	template <class C, class T> void operator()(const char *key, T C::*member)
	{
		const T &value = object.*member;
		if (which == Fields::LeaveOutDefaults && isDefault(value, defaults().*member))
			return;
		w.Key(key);
		writeValue(w, value, which);
	}
};

/// The members of object, without the braces.
template <class S> void writeMembers(JsonWriter &w, const S &object, Fields which = Fields::LeaveOutDefaults)
{
	FieldWriter<S> v{w, object, which};
	fields(v, static_cast<const S *>(nullptr));
}

template <class E>
requires std::is_enum_v<E>
void writeValue(JsonWriter &w, E value, Fields)
{
	w.String(toString(value));
}

template <class T> void writeValue(JsonWriter &w, const std::optional<T> &value, Fields which)
{
	if (value)
		writeValue(w, *value, which);
	else
		w.Null();
}

template <class T> void writeValue(JsonWriter &w, const std::vector<T> &values, Fields which)
{
	w.StartArray();
	for (const T &value : values)
		writeValue(w, value, which);
	w.EndArray();
}

template <class T> void writeValue(JsonWriter &w, const std::shared_ptr<const T> &value, Fields which)
{
	if (value)
		writeValue(w, *value, which);
	else
		w.Null();
}

template <class S>
requires std::is_class_v<S>
void writeValue(JsonWriter &w, const S &object, Fields which)
{
	w.StartObject();
	writeMembers(w, object, which);
	w.EndObject();
}

template <class F> std::string writeToString(F &&write)
{
	rapidjson::StringBuffer buffer;
	JsonWriter w(buffer);
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
			for (const Segment &s : path_) {
				if (s.key != nullptr)
					text += text.empty() ? std::string(s.key) : "." + std::string(s.key);
				else
					text += fmt::format("[{}]", s.index);
			}
			*error_ = text.empty() ? std::string(message) : text + ": " + std::string(message);
		}
		return false;
	}

	void push(const char *key) { path_.push_back(Segment{key, 0}); }
	void push(std::size_t index) { path_.push_back(Segment{nullptr, index}); }
	void pop() { path_.pop_back(); }

private:
	/// Kept as pointers into the descriptions and the document: the path text is
	/// only built for an error.
	struct Segment {
		const char *key;
		std::size_t index;
	};
	std::string *error_;
	bool failed_ = false;
	std::vector<Segment> path_;
};

/// For messages: at most 40 characters of what was sent.
std::string quoted(std::string_view text)
{
	if (text.size() > 40)
		return fmt::format("\"{}...\"", text.substr(0, 40));
	return fmt::format("\"{}\"", text);
}

bool readValue(Reader &r, const Value &json, std::string &out)
{
	if (!json.IsString())
		return r.fail("expected a string");
	out.assign(json.GetString(), json.GetStringLength());
	return true;
}

bool readValue(Reader &r, const Value &json, bool &out)
{
	if (!json.IsBool())
		return r.fail("expected true or false");
	out = json.GetBool();
	return true;
}

bool readValue(Reader &r, const Value &json, int &out)
{
	if (!json.IsInt())
		return r.fail("expected a 32-bit integer");
	out = json.GetInt();
	return true;
}

bool readValue(Reader &r, const Value &json, std::int64_t &out)
{
	if (!json.IsInt64())
		return r.fail("expected a 64-bit integer");
	out = json.GetInt64();
	return true;
}

bool readValue(Reader &r, const Value &json, std::uint32_t &out)
{
	if (!json.IsUint())
		return r.fail("expected an unsigned 32-bit integer");
	out = json.GetUint();
	return true;
}

bool readValue(Reader &r, const Value &json, std::uint64_t &out)
{
	if (!json.IsUint64())
		return r.fail("expected an unsigned 64-bit integer");
	out = json.GetUint64();
	return true;
}

bool readValue(Reader &r, const Value &json, ConnId &out)
{
	std::optional<ConnId> id;
	if (json.IsString())
		id = ConnId::parse(json::str(json));
	if (!id)
		return r.fail("expected a connection id (16 hex digits)");
	out = *id;
	return true;
}

bool readValue(Reader &r, const Value &json, UserData &out)
{
	if (!json.IsObject())
		return r.fail("expected an object of key/value pairs");
	UserData data;
	for (const auto &member : json.GetObject()) {
		std::string key(member.name.GetString(), member.name.GetStringLength());
		if (member.value.IsString()) {
			data.attach({{std::move(key), std::string(json::str(member.value))}});
		} else if (member.value.IsInt64()) {
			data.attach({{std::move(key), member.value.GetInt64()}});
		} else {
			r.push(member.name.GetString());
			r.fail("expected a string or an integer");
			r.pop();
			return false;
		}
	}
	out = std::move(data);
	return true;
}

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

template <class S> struct FieldReader {
	Reader &r;
	const Value &json;
	S &object;

	template <class C, class T> void operator()(const char *key, T C::*member)
	{
		if (!r.ok())
			return;
		auto it = json.FindMember(key);
		if (it == json.MemberEnd())
			return;
		r.push(key);
		readValue(r, it->value, object.*member);
		r.pop();
	}
};

/// The members of json into object; json must be an object.
template <class S> bool readMembers(Reader &r, const Value &json, S &object)
{
	FieldReader<S> v{r, json, object};
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

} /* namespace */

const char *controlName(const ControlRequest &request)
{
	static constexpr const char *names[] = {"Reset", "SetBehaviour", "SetClock", "AdvanceClock", "DumpState"};
	static_assert(std::size(names) == std::variant_size_v<ControlRequest>);
	return names[request.index()];
}

void writeRequest(JsonWriter &w, const Request &request)
{
	w.StartObject();
	w.Key("request");
	w.String(requestName(request));
	std::visit([&w](const auto &r) { writeMembers(w, r); }, request);
	w.EndObject();
}

void writeRequestResult(JsonWriter &w, const RequestResult &result)
{
	writeValue(w, result);
}

void writeEvent(JsonWriter &w, const Event &event)
{
	w.StartObject();
	w.Key("event");
	w.String(toString(event.type));
	writeMembers(w, event);
	w.EndObject();
}

void writeCallSnapshot(JsonWriter &w, const CallSnapshot &call)
{
	writeValue(w, call);
}

void writeDnSnapshot(JsonWriter &w, const DnSnapshot &dn)
{
	writeValue(w, dn);
}

void writeControlRequest(JsonWriter &w, const ControlRequest &request)
{
	w.StartObject();
	w.Key("control");
	w.String(controlName(request));
	std::visit([&w](const auto &r) { writeMembers(w, r); }, request);
	w.EndObject();
}

void writeControlResult(JsonWriter &w, const ControlResult &result)
{
	writeValue(w, result);
}

void writeSwitchState(JsonWriter &w, const SwitchState &state)
{
	writeValue(w, state);
}

void writeSwitchStateMembers(JsonWriter &w, const SwitchState &state, Fields which)
{
	writeMembers(w, state, which);
}

void writeSwitchConfig(JsonWriter &w, const SwitchConfig &config)
{
	writeValue(w, config);
}

std::string toJson(const Request &request)
{
	return writeToString([&](JsonWriter &w) { writeRequest(w, request); });
}

std::string toJson(const RequestResult &result)
{
	return writeToString([&](JsonWriter &w) { writeRequestResult(w, result); });
}

std::string toJson(const Event &event)
{
	return writeToString([&](JsonWriter &w) { writeEvent(w, event); });
}

std::string toJson(const ControlRequest &request)
{
	return writeToString([&](JsonWriter &w) { writeControlRequest(w, request); });
}

std::string toJson(const ControlResult &result)
{
	return writeToString([&](JsonWriter &w) { writeControlResult(w, result); });
}

std::string toJson(const SwitchState &state)
{
	return writeToString([&](JsonWriter &w) { writeSwitchState(w, state); });
}

std::optional<Request> requestFromJson(const Value &json, std::string *error)
{
	return readVariant<Request>(
		json, "request", [](const Request &r) { return requestName(r); }, error);
}

std::optional<RequestResult> requestResultFromJson(const Value &json, std::string *error)
{
	return readTop<RequestResult>(json, error);
}

std::optional<Event> eventFromJson(const Value &json, std::string *error)
{
	Reader r(error);
	if (!json.IsObject()) {
		r.fail("expected an object");
		return std::nullopt;
	}
	Event event;
	auto type = json.FindMember("event");
	if (type == json.MemberEnd()) {
		r.fail("\"event\" is required (\"EventRinging\", ...)");
		return std::nullopt;
	}
	r.push("event");
	bool typeRead = readValue(r, type->value, event.type);
	r.pop();
	if (!typeRead || !readMembers(r, json, event))
		return std::nullopt;
	return event;
}

std::optional<CallSnapshot> callSnapshotFromJson(const Value &json, std::string *error)
{
	return readTop<CallSnapshot>(json, error);
}

std::optional<DnSnapshot> dnSnapshotFromJson(const Value &json, std::string *error)
{
	return readTop<DnSnapshot>(json, error);
}

std::optional<ControlRequest> controlRequestFromJson(const Value &json, std::string *error)
{
	return readVariant<ControlRequest>(json, "control", controlName, error);
}

std::optional<ControlResult> controlResultFromJson(const Value &json, std::string *error)
{
	return readTop<ControlResult>(json, error);
}

std::optional<SwitchState> switchStateFromJson(const Value &json, std::string *error)
{
	return readTop<SwitchState>(json, error);
}

std::optional<SwitchConfig> switchConfigFromJson(const Value &json, std::string *error)
{
	return readTop<SwitchConfig>(json, error);
}

} /* namespace ctisim::wire */
