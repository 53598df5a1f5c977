/* SPDX-License-Identifier: MIT */
/*
 * JSON paths ($.steps[3].expect.status): the spelling every error message about
 * a document uses, and the lookup scenarios use to name a value.
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace ctisim::json {

/// $.a.b, or $["odd key"] when the key is not an identifier.
std::string pathKey(const std::string &base, std::string_view key);
/// $.a[3]
std::string pathIndex(const std::string &base, std::size_t index);

/// Finds the value at a JSON path such as "$.body.calls[0].id" or
/// "notifications.agent15000[1].data.call.id" (the "$." is optional; keys that
/// are not identifiers are written ["odd key"]). Null when there is nothing
/// there, or when the path is malformed (then error says why).
const rapidjson::Value *findPath(const rapidjson::Value &root, std::string_view path, std::string &error);

} /* namespace ctisim::json */
