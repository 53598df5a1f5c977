/* SPDX-License-Identifier: MIT */
/*
 * The answers and body checks every /sim/v1 route shares. Errors are
 * rest::errorResponse (docs/architecture.md, "Errors: one style per layer");
 * a refusal by the switch is switchError, 409.
 */
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "ctisim/api/http_exchange.h"

namespace ctisim::api::control {

HttpResponse jsonResponse(unsigned httpStatus, std::string body);
/// {"statusCode":0}
HttpResponse okResponse();
/// A T-Server rejection: 409 with GWS statusCode 2 and the T-Server code.
HttpResponse switchError(int errorCode, const std::string &message);
/// Parses a JSON object body (strict: network input); an empty body is an empty
/// object. False when the error is answered.
bool parseBody(const HttpRequest &request, rapidjson::Document &doc, HttpReply &reply);
/// A phone number as the control API takes it: digits, '+', '*', '#', at most 64.
bool validNumber(std::string_view dn);
/// text with every byte that is not printable ASCII shown as '?', for echoing
/// a percent-decoded path part in a message (which must stay valid UTF-8).
std::string printable(std::string_view text);

} /* namespace ctisim::api::control */
