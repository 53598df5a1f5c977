/* SPDX-License-Identifier: MIT */
/*
 * The status line and header fields of an HttpResponse, as Beast's serializer
 * writes them for the same message (tests/api/response_head_test.cpp compares
 * the bytes). Written into a string the connection reuses for every response:
 * Beast's http::response would allocate a field list per response (one
 * allocation per field, about five per exchange).
 */
#pragma once

#include <string>

#include "ctisim/api/http_exchange.h"

namespace ctisim::api {

/// Replaces out with the head of response: "HTTP/1.1 <status> <reason>", Server,
/// Content-Type (when set), the response's headers in order, "Connection: close"
/// when !keepAlive, Content-Length (none on 1xx, 204 and 304), and the empty line.
void writeResponseHead(std::string &out, const HttpResponse &response, bool keepAlive);

} /* namespace ctisim::api */
