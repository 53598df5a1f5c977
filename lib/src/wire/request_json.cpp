/* SPDX-License-Identifier: MIT */
/*
 * The wire codec of the requests a front end sends and of their results
 * ({"request":"RequestMakeCall",...}).
 */
#include "ctisim/wire/backend_json.h"

#include "codec.h"
#include "request_fields.h"

namespace ctisim::wire {

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
