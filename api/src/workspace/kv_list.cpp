/* SPDX-License-Identifier: MIT */
/*
 * Key/value lists in and out.
 */
#include "workspace/kv_list.h"

#include <string>
#include <variant>

#include <fmt/format.h>

#include "ctisim/json/value.h"

namespace ctisim::api::workspace {

namespace {

rest::ApiError badList(std::string_view name, std::string_view why)
{
	return rest::ApiError{rest::status::InputValidation, fmt::format("'{}' {}", name, why)};
}

} /* namespace */

std::optional<rest::ApiError> readKvList(const rapidjson::Value &list, std::string_view name, UserData &out)
{
	if (!list.IsArray())
		return badList(name, "must be a list of {\"key\",\"type\",\"value\"}");
	UserData data;
	for (const rapidjson::Value &item : list.GetArray()) {
		const rapidjson::Value *key = item.IsObject() ? json::member(item, "key") : nullptr;
		const rapidjson::Value *type = item.IsObject() ? json::member(item, "type") : nullptr;
		const rapidjson::Value *value = item.IsObject() ? json::member(item, "value") : nullptr;
		if (!key || !key->IsString() || key->GetStringLength() == 0 || !value)
			return badList(name, "must be a list of {\"key\",\"type\",\"value\"} with non-empty keys");
		std::string k(json::str(*key));
		std::string_view kind = type && type->IsString() ? json::str(*type) : std::string_view();
		if (type && !type->IsString())
			return badList(name, fmt::format("has a non-string type for key '{}'", k));
		if (kind == "kvlist")
			return badList(name,
				       fmt::format("value of '{}': kvlist values are not supported by the switch", k));
		/* "int" (and an untyped number) is an integer; "str" (and an untyped string) a string. */
		if ((kind == "int" || kind.empty()) && value->IsInt64()) {
			data.attach(UserData{{k, value->GetInt64()}});
		} else if ((kind == "str" || kind.empty()) && value->IsString()) {
			data.attach(UserData{{k, std::string(json::str(*value))}});
		} else if (kind == "str" && value->IsInt64()) {
			data.attach(UserData{{k, std::to_string(value->GetInt64())}});
		} else {
			return badList(name, fmt::format("value of '{}' does not match its type '{}'", k,
							 kind.empty() ? "(none)" : kind));
		}
	}
	out = std::move(data);
	return std::nullopt;
}

void writeKvList(json::Writer &w, const UserData &data)
{
	w.StartArray();
	for (const UserDataPair &pair : data.pairs()) {
		w.StartObject();
		json::writeKey(w, "key");
		json::writeString(w, pair.key);
		json::writeKey(w, "type");
		if (const auto *text = std::get_if<std::string>(&pair.value)) {
			json::writeString(w, "str");
			json::writeKey(w, "value");
			json::writeString(w, *text);
		} else {
			json::writeString(w, "int");
			json::writeKey(w, "value");
			w.Int64(std::get<std::int64_t>(pair.value));
		}
		w.EndObject();
	}
	w.EndArray();
}

} /* namespace ctisim::api::workspace */
