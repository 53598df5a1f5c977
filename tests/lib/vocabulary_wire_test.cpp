/* SPDX-License-Identifier: MIT */
/*
 * The vocabulary's lists against the wire: every value of every spelled enum,
 * every request type of CTISIM_REQUESTS, every event type, every control
 * request, and the results survive both codecs of the wire (the JSON one of the
 * journal and the binary one of the switch link, link_binary.h), and every
 * member of a request is in its wire description. Adding a value or a request
 * type is one edit to a list; forgetting its wire part fails here.
 */
// Test that header file is self-contained.
#include "ctisim/wire/backend_json.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

/* ctisim::toString() of an enum returns const char *: let doctest stringify twice. */
#define DOCTEST_CONFIG_DOUBLE_STRINGIFY
#include <doctest/doctest.h>

#include "wire_samples.h"

using namespace ctisim;
using namespace ctisim::wire;
using namespace ctisim::test;

namespace {

/* ---- enums: each carried by the wire value that holds one ---------------------------------- */

/* Each value goes through the JSON codec and through the binary one; both must give it back
 * (compared as JSON text: the JSON codec's own round trip is checked member by member). */

Event throughEvent(const Event &event)
{
	std::string error;
	std::optional<Event> back = eventFromJson(parsed(toJson(event)), &error);
	REQUIRE_MESSAGE(back.has_value(), error);
	CallCache sent, received;
	std::optional<Event> binary = eventFromBinary(binaryBody(binaryEventFrame(1, event, sent)), received, &error);
	REQUIRE_MESSAGE(binary.has_value(), error);
	CHECK(toJson(*binary) == toJson(event));
	return *back;
}

Request throughRequest(const Request &request)
{
	std::string error;
	std::optional<Request> back = requestFromJson(parsed(toJson(request)), &error);
	REQUIRE_MESSAGE(back.has_value(), error);
	std::optional<Request> binary = requestFromBinary(binaryBody(binarySubmitFrame(1, request)), &error);
	REQUIRE_MESSAGE(binary.has_value(), error);
	CHECK(toJson(*binary) == toJson(request));
	return *back;
}

template <class R> R throughRequest(const R &request)
{
	return std::get<R>(throughRequest(Request{request}));
}

ControlRequest throughControl(const ControlRequest &request)
{
	std::string error;
	std::optional<ControlRequest> back = controlRequestFromJson(parsed(toJson(request)), &error);
	REQUIRE_MESSAGE(back.has_value(), error);
	std::optional<ControlRequest> binary =
		controlRequestFromBinary(binaryBody(binaryControlFrame(1, request)), &error);
	REQUIRE_MESSAGE(binary.has_value(), error);
	CHECK(toJson(*binary) == toJson(request));
	return *back;
}

Event withDn(DnSnapshot dn)
{
	Event event;
	event.dn = std::make_shared<const DnSnapshot>(std::move(dn));
	return event;
}

/// v carried by an event's member.
template <class T> T carriedBy(T Event::*member, T v)
{
	Event e;
	e.*member = v;
	return throughEvent(e).*member;
}

EventType carried(EventType v)
{
	return carriedBy(&Event::type, v);
}
CallType carried(CallType v)
{
	return carriedBy(&Event::callType, v);
}
DnRole carried(DnRole v)
{
	return carriedBy(&Event::thisDnRole, v);
}
CallState carried(CallState v)
{
	return carriedBy(&Event::callState, v);
}
MonitorType carried(MonitorType v)
{
	return carriedBy(&Event::monitorType, v);
}
DnType carried(DnType v)
{
	DnSnapshot dn;
	dn.type = v;
	return throughEvent(withDn(dn)).dn->type;
}
AgentState carried(AgentState v)
{
	DnSnapshot dn;
	dn.agentState = v;
	return throughEvent(withDn(dn)).dn->agentState;
}
PartyState carried(PartyState v)
{
	CallSnapshot call;
	call.parties.push_back(PartySnapshot{"15000", DnType::Extension, v});
	Event e;
	e.call = std::make_shared<const CallSnapshot>(call);
	return throughEvent(e).call->parties.at(0).state;
}
WorkMode carried(WorkMode v)
{
	return throughRequest(req::AgentLogin{"15000", "agent", "", v}).workMode;
}
MergeType carried(MergeType v)
{
	return throughRequest(req::MergeCalls{{"15000", ConnId(1), ConnId(2)}, v}).mergeType;
}
MonitorMode carried(MonitorMode v)
{
	return throughRequest(req::MonitorNextCall{"16000", "15000", MonitorType::OneCall, v}).mode;
}
MonitorScope carried(MonitorScope v)
{
	return throughRequest(req::MonitorNextCall{"16000", "15000", MonitorType::OneCall, MonitorMode::Mute, v}).scope;
}
DnBehaviour::Kind carried(DnBehaviour::Kind v)
{
	DnBehaviour behaviour;
	behaviour.kind = v;
	return std::get<ctl::SetBehaviour>(throughControl(ctl::SetBehaviour{"15000", behaviour})).behaviour.kind;
}

/// The spelled enums of the vocabulary; one that a wire value carries has its carried() above.
using SpelledEnums = std::tuple<DnType, CallType, PartyState, DnRole, CallState, AgentState, WorkMode, MonitorType,
				MergeType, MonitorMode, MonitorScope, EventType, DnBehaviour::Kind>;

/// The names of the enums lib/include/ declares with CTISIM_SPELLED_ENUM (what SpelledEnums must hold).
std::set<std::string> declaredSpelledEnums()
{
	namespace fs = std::filesystem;
	const std::regex declaration(R"(\nCTISIM_SPELLED_ENUM\((\w+),)");
	std::set<std::string> names;
	for (const fs::directory_entry &file :
	     fs::recursive_directory_iterator(fs::path(CTISIM_SOURCE_ROOT) / "lib" / "include")) {
		if (file.path().extension() != ".h")
			continue;
		std::ifstream in(file.path(), std::ios::binary);
		const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
		for (std::sregex_iterator it(text.begin(), text.end(), declaration), end; it != end; ++it)
			names.insert((*it)[1].str());
	}
	return names;
}

template <class E> void checkEnum()
{
	std::set<std::string_view> spellings;
	for (E value : allValues<E>) {
		CAPTURE(toString(value));
		CHECK(spellings.insert(toString(value)).second); /* spelled once */
		E parsedValue{};
		CHECK(parse(toString(value), parsedValue));
		CHECK(parsedValue == value);
		CHECK(carried(value) == value);
	}
	E untouched = allValues<E>.front();
	CHECK_FALSE(parse("NotASpelling", untouched));
}

/* ---- requests: every member described, every described member carried --------------------- */

/// Converts to any member type: counts an aggregate's initializers without naming its members.
struct AnyMember {
	template <class T> operator T() const; /* only in unevaluated operands */
};

template <class T, std::size_t... I> constexpr bool initializableWith(std::index_sequence<I...>)
{
	return requires
	{
		T{(void(I), AnyMember{})...};
	};
}

/// The initializers T's aggregate initialization takes: its members, and one for each base.
template <class T, std::size_t N = 0> constexpr std::size_t initializerCount()
{
	if constexpr (initializableWith<T>(std::make_index_sequence<N + 1>{}))
		return initializerCount<T, N + 1>();
	else
		return N;
}

template <class Shape, class R> constexpr bool derivesFrom = std::is_base_of_v<Shape, R> && !std::is_same_v<Shape, R>;

/// R's members: its own, and those of the shape it derives from (request.h's shapes; a request
/// deriving from something else makes this count wrong, and the test below says so).
template <class R> constexpr std::size_t memberCount()
{
	if constexpr (derivesFrom<req::CallRequest, R>)
		return initializerCount<req::CallRequest>() + initializerCount<R>() - 1;
	else if constexpr (derivesFrom<req::DestinationRequest, R>)
		return initializerCount<req::DestinationRequest>() + initializerCount<R>() - 1;
	else if constexpr (derivesFrom<req::TwoCallRequest, R>)
		return initializerCount<req::TwoCallRequest>() + initializerCount<R>() - 1;
	else if constexpr (derivesFrom<req::DnRequest, R>)
		return initializerCount<req::DnRequest>() + initializerCount<R>() - 1;
	else if constexpr (derivesFrom<req::UserDataRequest, R>)
		return initializerCount<req::UserDataRequest>() + initializerCount<R>() - 1;
	else
		return initializerCount<R>();
}

template <class> [[maybe_unused]] constexpr bool alwaysFalse = false;

/// Sets every described member to a value other than its default, each one different.
template <class R> struct Filler {
	R &request;
	std::int64_t n = 0;
	std::vector<std::string> keys;

	template <std::size_t N, class C, class T> void operator()(const char (&key)[N], T C::*member)
	{
		keys.emplace_back(key);
		T &field = request.*member;
		++n;
		if constexpr (std::is_same_v<T, std::string>)
			field = std::string(key) + "-" + std::to_string(n);
		else if constexpr (std::is_same_v<T, ConnId>)
			field = ConnId(0x1000 + static_cast<std::uint64_t>(n));
		else if constexpr (std::is_same_v<T, UserData>)
			field = UserData{{key, n}, {"text", std::string("v")}};
		else if constexpr (SpelledEnum<T>)
			field = allValues<T>.back(); /* the defaults are the lists' first values */
		else
			static_assert(alwaysFalse<T>, "a request member of a type this test cannot fill");
	}
};

/// Whether every described member of a equals b's.
template <class R> struct SameFields {
	const R &a;
	const R &b;
	bool same = true;

	template <std::size_t N, class C, class T> void operator()(const char (&key)[N], T C::*member)
	{
		if (!(a.*member == b.*member)) {
			MESSAGE("member differs after the round trip: " << key);
			same = false;
		}
	}
};

template <class R> void checkRequest(std::set<std::string> &names)
{
	R request{};
	Filler<R> fill{request};
	R::wireFields(fill);
	const std::string name = requestName(Request{request});
	CAPTURE(name);
	CHECK(names.insert(name).second);	     /* each type its own name */
	CHECK(fill.keys.size() == memberCount<R>()); /* every member is described */
	CHECK(std::set<std::string>(fill.keys.begin(), fill.keys.end()).size() == fill.keys.size());
	CHECK(fill.keys.front() == "thisDn");

	std::string text = toJson(Request{request});
	rapidjson::Document doc = parsed(text);
	CHECK(doc["request"].GetString() == name);
	CHECK(doc.MemberCount() == fill.keys.size() + 1); /* nothing described is left out */
	R back = throughRequest(request);
	SameFields<R> compare{request, back};
	R::wireFields(compare);
	CHECK(compare.same);
	CHECK(toJson(Request{back}) == text);
}

template <std::size_t... I> void checkEveryRequest(std::index_sequence<I...>)
{
	std::set<std::string> names;
	(checkRequest<std::variant_alternative_t<I, Request>>(names), ...);
	CHECK(names.size() == sizeof...(I));
}

} /* namespace */

TEST_CASE("vocabulary: every value of every spelled enum is spelled once, parsed back and carried by the wire")
{
	std::apply([](auto... values) { (checkEnum<decltype(values)>(), ...); }, SpelledEnums{});
}

TEST_CASE("vocabulary: SpelledEnums holds every enum lib/include/ declares with CTISIM_SPELLED_ENUM")
{
	const std::set<std::string> declared = declaredSpelledEnums();
	std::set<std::string> tested;
	std::apply([&](auto... values) { (tested.insert(EnumList<decltype(values)>::name), ...); }, SpelledEnums{});
	CHECK(declared.size() >= std::tuple_size_v<SpelledEnums>); /* the search found the headers */
	CHECK(declared == tested);
}

TEST_CASE("vocabulary: every request type is described member for member and survives the wire")
{
	checkEveryRequest(std::make_index_sequence<std::variant_size_v<Request>>{});
}

TEST_CASE("vocabulary: every event type, with every member set, survives both codecs")
{
	for (EventType type : allValues<EventType>) {
		CAPTURE(toString(type));
		const Event event = fullEvent(type);
		CHECK(toJson(throughEvent(event)) == toJson(event));
	}
}

TEST_CASE("vocabulary: every control request, the results and the clock survive both codecs")
{
	std::vector<ControlRequest> requests = everyControlRequest();
	std::set<std::size_t> alternatives;
	for (const ControlRequest &request : requests) {
		CAPTURE(controlName(request));
		alternatives.insert(request.index());
		CHECK(toJson(throughControl(request)) == toJson(request));
	}
	CHECK(alternatives.size() == std::variant_size_v<ControlRequest>); /* one of each */

	std::string error;
	const RequestResult result = sampleRequestResult();
	std::optional<RequestResult> resultBack =
		requestResultFromBinary(binaryBody(binaryResultFrame(3, result)), &error);
	REQUIRE_MESSAGE(resultBack.has_value(), error);
	CHECK(toJson(*resultBack) == toJson(result));
	CHECK(requestResultFromJson(parsed(toJson(result))).has_value());

	const ControlResult control = sampleControlResult();
	std::optional<ControlResult> controlBack =
		controlResultFromBinary(binaryBody(binaryControlResultFrame(4, control)), &error);
	REQUIRE_MESSAGE(controlBack.has_value(), error);
	CHECK(toJson(*controlBack) == toJson(control));

	std::optional<ClockReading> clock =
		clockFromBinary(binaryBody(binaryClockFrame({1767225600123, true})), &error);
	REQUIRE_MESSAGE(clock.has_value(), error);
	CHECK(clock->now == 1767225600123);
	CHECK(clock->virtualClock);

	for (const std::optional<std::string> &dn :
	     {std::optional<std::string>(), std::optional<std::string>("15000")}) {
		auto back = subscribeFromBinary(binaryBody(binarySubscribeFrame(5, dn)), &error);
		REQUIRE_MESSAGE(back.has_value(), error);
		CHECK(*back == dn);
	}
}
