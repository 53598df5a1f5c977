/* SPDX-License-Identifier: MIT */
/*
 * The answers and body checks every /sim/v1 route shares.
 */
#include "control/control_reply.h"

#include <cctype>

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "ctisim/json/parse.h"
#include "ctisim/tserver_error.h"

#include "rest/rest_error.h" /* api/src */

namespace ctisim::api::control {

namespace status = rest::status;

HttpResponse jsonResponse(unsigned httpStatus, std::string body)
{
	HttpResponse response;
	response.status = httpStatus;
	response.body = std::move(body);
	return response;
}

HttpResponse okResponse()
{
	return jsonResponse(200, R"({"statusCode":0})");
}

HttpResponse switchError(int errorCode, const std::string &message)
{
	std::string text = message.empty() ? terrText(errorCode) : message;
	rapidjson::StringBuffer buffer;
	rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
	w.StartObject();
	w.Key("statusCode");
	w.Int(status::InvalidState);
	w.Key("statusMessage");
	w.String(fmt::format("{} (T-Server error {})", text, errorCode).c_str());
	w.Key("errorCode");
	w.Int(errorCode);
	w.EndObject();
	return jsonResponse(409, buffer.GetString());
}

bool parseBody(const HttpRequest &request, rapidjson::Document &doc, HttpReply &reply)
{
	if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
		doc.SetObject();
		return true;
	}
	if (auto error = json::parse(request.body, doc)) {
		reply(rest::errorResponse(status::InputValidation, "The body is not valid JSON: " + error->str()));
		return false;
	}
	if (!doc.IsObject()) {
		reply(rest::errorResponse(status::InputValidation, "The body must be a JSON object"));
		return false;
	}
	return true;
}

bool validNumber(std::string_view dn)
{
	if (dn.empty() || dn.size() > 64)
		return false;
	for (char c : dn) {
		if (!std::isdigit(static_cast<unsigned char>(c)) && c != '+' && c != '*' && c != '#')
			return false;
	}
	return true;
}

std::string printable(std::string_view text)
{
	std::string out(text);
	for (char &c : out) {
		if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
			c = '?';
	}
	return out;
}

} /* namespace ctisim::api::control */
