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

/// A request's description is its wireFields(), beside its members in request.h.
template <class V, RequestAlternative R> void fields(V &v, const R *)
{
	R::wireFields(v);
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
