/* SPDX-License-Identifier: MIT */
/*
 * The error contract every REST surface shares (GWS /api/v2 and the control
 * API /sim/v1): GWS statusCode values, their HTTP statuses, and the body
 * {"statusCode":n,"statusMessage":"..."}.
 */
#pragma once

#include <string>
#include <string_view>

#include "ctisim/api/http_exchange.h"

namespace ctisim::api::rest {

/// GWS statusCode values (ReturnValues page).
namespace status {
inline constexpr int Ok = 0;
inline constexpr int MissingParameter = 1;
inline constexpr int InvalidState = 2;
inline constexpr int Forbidden = 3;
inline constexpr int Internal = 4;
inline constexpr int PermissionDenied = 5;
inline constexpr int NotFound = 6;
inline constexpr int PartialSuccess = 7;
inline constexpr int InputValidation = 10;
inline constexpr int NotAuthenticated = 20;
} /* namespace status */

/// A REST error: what a handler that fails returns, to be sent by errorResponse().
struct ApiError {
	int statusCode = status::Internal;
	std::string message;
	/// The HTTP status where the surface documents another than the statusCode's
	/// own (405, 501, 503, 504); 0 = httpStatusFor(statusCode).
	unsigned httpStatus = 0;
};

/// `{"statusCode":n,"statusMessage":"..."}`
std::string errorBody(int statusCode, std::string_view message);

/// 0/7→200, 1/2/10/11→400, 20→401, 3/5→403, 6→404, 18/19→409, else 500.
unsigned httpStatusFor(int statusCode);

/// The error with the HTTP status httpStatusFor(statusCode).
HttpResponse errorResponse(int statusCode, std::string_view message);
/// The error with its own httpStatus, or httpStatusFor(statusCode).
HttpResponse errorResponse(const ApiError &error);
/// The error with another HTTP status where the surface documents one (405,
/// 409 for a switch refusal on /sim/v1, 501, 503).
HttpResponse errorResponse(unsigned httpStatus, int statusCode, std::string_view message);

} /* namespace ctisim::api::rest */
