/* SPDX-License-Identifier: MIT */
/*
 * Key/value lists, the Workspace API v3's user data: [{"key","type","value"}]
 * with type "str", "int" or "kvlist" (workspace-v3.md §a). The switch keeps
 * flat T-Library lists of strings and integers, so "kvlist" values are
 * refused on the way in and never written.
 */
#pragma once

#include <optional>
#include <string_view>

#include <rapidjson/document.h>

#include "ctisim/json/write.h"
#include "ctisim/user_data.h"

#include "rest/rest_error.h"

namespace ctisim::api::workspace {

/// Reads a kv list named `name` (for the error message) into out; a 400 error when it is not one.
std::optional<rest::ApiError> readKvList(const rapidjson::Value &list, std::string_view name, UserData &out);

/// Writes data as a kv list, in its order, duplicates kept.
void writeKvList(json::Writer &w, const UserData &data);

} /* namespace ctisim::api::workspace */
