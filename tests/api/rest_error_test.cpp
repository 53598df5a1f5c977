/* SPDX-License-Identifier: MIT */
/*
 * The REST error contract shared by GWS and the control API.
 */
// Test that header files are self-contained.
#include "rest/path.h"
#include "rest/rest_error.h"

#include <doctest/doctest.h>

using namespace ctisim::api;

TEST_CASE("rest: each statusCode has its HTTP status")
{
	CHECK(rest::httpStatusFor(rest::status::Ok) == 200);
	CHECK(rest::httpStatusFor(rest::status::MissingParameter) == 400);
	CHECK(rest::httpStatusFor(rest::status::InvalidState) == 400);
	CHECK(rest::httpStatusFor(rest::status::InputValidation) == 400);
	CHECK(rest::httpStatusFor(11) == 400);
	CHECK(rest::httpStatusFor(rest::status::NotAuthenticated) == 401);
	CHECK(rest::httpStatusFor(rest::status::Forbidden) == 403);
	CHECK(rest::httpStatusFor(5) == 403);
	CHECK(rest::httpStatusFor(rest::status::NotFound) == 404);
	CHECK(rest::httpStatusFor(18) == 409);
	CHECK(rest::httpStatusFor(19) == 409);
	CHECK(rest::httpStatusFor(rest::status::Internal) == 500);
	CHECK(rest::httpStatusFor(-1) == 500);
}

TEST_CASE("rest: the error body escapes its message")
{
	CHECK(rest::errorBody(10, "Input validation error: 'x' \"quoted\"\n") ==
	      R"({"statusCode":10,"statusMessage":"Input validation error: 'x' \"quoted\"\n"})");
	CHECK(rest::errorBody(0, "") == R"({"statusCode":0,"statusMessage":""})");
}

TEST_CASE("rest: an error response takes its HTTP status from the statusCode unless told")
{
	HttpResponse missing = rest::errorResponse(rest::status::MissingParameter, "'to' is missing");
	CHECK(missing.status == 400);
	CHECK(missing.contentType == "application/json");
	CHECK(missing.body == R"({"statusCode":1,"statusMessage":"'to' is missing"})");
	HttpResponse notFound = rest::errorResponse(rest::ApiError{rest::status::NotFound, "No such call"});
	CHECK(notFound.status == 404);
	CHECK(notFound.body == R"({"statusCode":6,"statusMessage":"No such call"})");
	HttpResponse refused = rest::errorResponse(409, rest::status::InvalidState, "busy");
	CHECK(refused.status == 409);
	CHECK(refused.body == R"({"statusCode":2,"statusMessage":"busy"})");
}

TEST_CASE("rest: a path splits into its non-empty segments, still encoded")
{
	using V = rest::PathParts;
	CHECK(rest::splitPath("/sim/v1/state") == V{"sim", "v1", "state"});
	CHECK(rest::splitPath("//dns//%2B1415/behaviour/") == V{"dns", "%2B1415", "behaviour"});
	CHECK(rest::splitPath("a%2Fb") == V{"a%2Fb"});
	CHECK(rest::splitPath("").empty());
	CHECK(rest::splitPath("///").empty());
}
