/* SPDX-License-Identifier: MIT */
/*
 * REST error bodies and their HTTP statuses.
 */
#include "rest_error.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace ctisim::api::rest {

std::string errorBody(int statusCode, std::string_view message)
{
	rapidjson::StringBuffer buffer;
	rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
	w.StartObject();
	w.Key("statusCode");
	w.Int(statusCode);
	w.Key("statusMessage");
	w.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
	w.EndObject();
	return std::string(buffer.GetString(), buffer.GetSize());
}

unsigned httpStatusFor(int statusCode)
{
	switch (statusCode) {
	case 0:
	case 7: return 200;
	case 1:
	case 2:
	case 10:
	case 11: return 400;
	case 20: return 401;
	case 3:
	case 5: return 403;
	case 6: return 404;
	case 18:
	case 19: return 409;
	default: return 500;
	}
}

HttpResponse errorResponse(unsigned httpStatus, int statusCode, std::string_view message)
{
	HttpResponse response;
	response.status = httpStatus;
	response.body = errorBody(statusCode, message);
	return response;
}

HttpResponse errorResponse(int statusCode, std::string_view message)
{
	return errorResponse(httpStatusFor(statusCode), statusCode, message);
}

HttpResponse errorResponse(const ApiError &error)
{
	return errorResponse(error.httpStatus ? error.httpStatus : httpStatusFor(error.statusCode), error.statusCode,
			     error.message);
}

} /* namespace ctisim::api::rest */
