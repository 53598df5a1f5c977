/* SPDX-License-Identifier: MIT */
/*
 * RequestBody: the JSON body of a GWS operation, with the checks every
 * operation shares: a missing parameter is statusCode 1, a parameter of the
 * wrong type or value is statusCode 10 naming the parameter.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "ctisim/json/parse.h"
#include "ctisim/telephony_types.h"
#include "ctisim/user_data.h"

#include "rest/rest_error.h" /* api/src */

namespace ctisim::api {

/// A GWS error (the REST error every surface shares), answered by GwsState::fail().
using rest::ApiError;

using MaybeError = std::optional<ApiError>;

class RequestBody
{
public:
	/// Malformed JSON, or a body that is not an object: statusCode 10.
	MaybeError parse(std::string_view text);
	/// From now on parameters are read inside the member object `name` (the Workspace
	/// API v3's {"data":{...}}); absent or null, there are none. Not an object: statusCode 10.
	MaybeError within(const char *name);
	/// The parameter's value (null when absent or null), for shapes read elsewhere.
	const rapidjson::Value *member(const char *name) const;

	bool has(const char *name) const;
	/// operationName: missing or not a string → 10 (docs/api.md).
	MaybeError operationName(std::string &out) const;
	/// A string parameter; absent and not required leaves out unchanged.
	MaybeError string(const char *name, bool required, std::string &out) const;
	/// destination as an object {"phoneNumber":"..."} (call operations).
	MaybeError destination(bool required, Dn &out) const;
	/// A flat object of strings and integers.
	MaybeError userData(const char *name, bool required, UserData &out) const;
	/// An array of strings.
	MaybeError stringArray(const char *name, bool required, std::vector<std::string> &out) const;

private:
	json::PooledDocument pooled_; ///< a body per request: its memory is reused
	rapidjson::Document &doc_ = *pooled_;
	/// Where parameters are read: the document, or the member within() names.
	const rapidjson::Value *root_ = &doc_;
	const rapidjson::Value empty_{rapidjson::kObjectType};
};

MaybeError missing(std::string_view name);
MaybeError invalid(std::string_view name, std::string_view why);

/// The device id at the end of a device URI or path ("http://h/api/v2/devices/ID",
/// "/devices/ID" → "ID"): targetDeviceUri, devicePath.
std::string_view deviceIdFromUri(std::string_view uri);

} /* namespace ctisim::api */
