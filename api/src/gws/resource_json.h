/* SPDX-License-Identifier: MIT */
/*
 * The GWS JSON shapes: error bodies and their HTTP statuses, and the call,
 * device and user resources with their keys in the documented order.
 */
#pragma once

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "ctisim/api/directory.h"
#include "ctisim/api/gws_config.h"
#include "ctisim/snapshot.h"
#include "user_view.h"

namespace ctisim::api {

/// rapidjson's writer, plus a string written without looking for characters to
/// escape, for strings already known to need none.
class JsonWriter : public rapidjson::Writer<rapidjson::StringBuffer>
{
public:
	using Writer::Writer;

	/// s must hold no control character, quote or backslash: the bytes are
	/// then those String() would write, without its per-character escape loop.
	void UnescapedString(const char *s, std::size_t length)
	{
		Prefix(rapidjson::kStringType);
		char *out = os_->Push(length + 2);
		out[0] = '"';
		std::memcpy(out + 1, s, length);
		out[length + 1] = '"';
	}
};

/// GWS statusCode values (ReturnValues page).
namespace status {
inline constexpr int Ok = 0;
inline constexpr int MissingParameter = 1;
inline constexpr int InvalidState = 2;
inline constexpr int Forbidden = 3;
inline constexpr int Internal = 4;
inline constexpr int NotFound = 6;
inline constexpr int InputValidation = 10;
inline constexpr int NotAuthenticated = 20;
} /* namespace status */

/// The text a writer has written into buffer.
inline std::string jsonText(const rapidjson::StringBuffer &buffer)
{
	return std::string(buffer.GetString(), buffer.GetSize());
}

/// `{"statusCode":n,"statusMessage":"..."}`
std::string errorBody(int statusCode, std::string_view message);
/// 0→200, 1/2/10/11→400, 20→401, 3/5→403, 6→404, 18/19→409, else 500.
unsigned httpStatusFor(int statusCode);

void writeString(JsonWriter &w, std::string_view s);
void writeKey(JsonWriter &w, std::string_view key);
/// Each key once, with its first value; integers as numbers.
void writeUserData(JsonWriter &w, const UserData &data);

std::string deviceUri(const GwsConfig &config, const DirectoryUser &user);
std::string callUri(const GwsConfig &config, std::string_view callId);

/// The call resource as view's user sees it, duration measured at `at`. Without
/// a switch link (linkUp false) it has no capabilities: nothing can be done to it.
void writeCall(JsonWriter &w, const TrackedCall &call, const UserView &view, const GwsConfig &config, TimeMs at,
	       bool linkUp = true);

/// Device capabilities: ForwardCallsOn/Off then DoNotDisturbOn/Off.
std::vector<std::string_view> deviceCapabilities(const DnSnapshot *dn);
/// The device resource of user (dn may be null: state not loaded yet). Without a
/// switch link (linkUp false) it is "deviceState":"Inactive" with no capabilities.
void writeDevice(JsonWriter &w, const DirectoryUser &user, const DnSnapshot *dn, const GwsConfig &config,
		 bool linkUp = true);

/// The user resource's own fields (no subresources), without the closing brace:
/// the caller may add subresources, then calls w.EndObject().
void writeUserFields(JsonWriter &w, const DirectoryUser &user, const GwsConfig &config);

} /* namespace ctisim::api */
