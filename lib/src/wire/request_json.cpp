/* SPDX-License-Identifier: MIT */
/*
 * The wire codec of the requests a front end sends and of their results
 * ({"request":"RequestMakeCall",...}).
 */
#include "ctisim/wire/backend_json.h"

#include "codec.h"
#include "snapshot_fields.h"

namespace ctisim::wire {

namespace codec {

template <class T, class Variant> struct IsAlternativeOf : std::false_type {
};
template <class T, class... Ts>
struct IsAlternativeOf<T, std::variant<Ts...>> : std::bool_constant<(std::is_same_v<T, Ts> || ...)> {
};

template <class T>
concept RequestAlternative = IsAlternativeOf<T, Request>::value;

template <class V, RequestAlternative R> void fields(V &v, const R *)
{
	v("thisDn", &R::thisDn);
	if constexpr (std::is_same_v<R, req::MakeCall>) {
		v("destination", &R::destination);
		v("location", &R::location);
		v("userData", &R::userData);
		v("extensions", &R::extensions);
	} else if constexpr (std::is_base_of_v<req::CallRequest, R>) {
		v("connId", &R::connId);
	} else if constexpr (std::is_base_of_v<req::DestinationRequest, R>) {
		v("connId", &R::connId);
		v("destination", &R::destination);
		v("location", &R::location);
		v("userData", &R::userData);
	} else if constexpr (std::is_same_v<R, req::MergeCalls>) {
		v("heldConnId", &R::heldConnId);
		v("currentConnId", &R::currentConnId);
		v("mergeType", &R::mergeType);
	} else if constexpr (std::is_base_of_v<req::TwoCallRequest, R>) {
		v("heldConnId", &R::heldConnId);
		v("currentConnId", &R::currentConnId);
	} else if constexpr (std::is_same_v<R, req::RedirectCall>) {
		v("connId", &R::connId);
		v("destination", &R::destination);
	} else if constexpr (std::is_same_v<R, req::SendUserEvent>) {
		v("connId", &R::connId);
		v("callUuid", &R::callUuid);
		v("userData", &R::userData);
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
	} else if constexpr (std::is_same_v<R, req::AgentReady>) {
		v("workMode", &R::workMode);
		v("reasons", &R::reasons);
	} else if constexpr (std::is_same_v<R, req::AgentNotReady>) {
		v("workMode", &R::workMode);
		v("reasons", &R::reasons);
		v("extensions", &R::extensions);
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

} /* namespace codec */

using namespace codec;

void writeRequest(json::Writer &w, const Request &request)
{
	w.StartObject();
	w.UnescapedString("request", 7);
	json::writeString(w, requestName(request));
	std::visit([&w](const auto &r) { writeMembers(w, r); }, request);
	w.EndObject();
}

void writeRequestResult(json::Writer &w, const RequestResult &result)
{
	writeValue(w, result);
}

std::string toJson(const Request &request)
{
	return writeToString([&](json::Writer &w) { writeRequest(w, request); });
}

std::string toJson(const RequestResult &result)
{
	return writeToString([&](json::Writer &w) { writeRequestResult(w, result); });
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

} /* namespace ctisim::wire */
