/* SPDX-License-Identifier: MIT */
/*
 * Reading the answers a recording relayed: what the inference takes from
 * their JSON, without failing on a key that is absent or of another type.
 */
#pragma once

#include <string>

#include <rapidjson/document.h>

#include "ctisim/json/value.h"

namespace ctisim::api {

/// object[key] when it is a string, else "" (absent, projected away, another type).
inline std::string stringMember(const rapidjson::Value &object, const char *key)
{
	if (object.IsObject() && object.HasMember(key) && object[key].IsString())
		return std::string(json::str(object[key]));
	return {};
}

} /* namespace ctisim::api */
