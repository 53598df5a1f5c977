/* SPDX-License-Identifier: MIT */
/*
 * RequestBody: parsing and type checks of GWS operation parameters.
 */
#include "request_body.h"

#include <fmt/format.h>

#include "ctisim/json/parse.h"

#include "resource_json.h"

namespace ctisim::api {

MaybeError missing(std::string_view name)
{
	return ApiError{status::MissingParameter, fmt::format("Missing required parameter '{}'", name)};
}

MaybeError invalid(std::string_view name, std::string_view why)
{
	return ApiError{status::InputValidation, fmt::format("Input validation error: '{}' {}", name, why)};
}

std::string_view deviceIdFromUri(std::string_view uri)
{
	while (!uri.empty() && uri.back() == '/')
		uri.remove_suffix(1);
	std::size_t slash = uri.rfind('/');
	return slash == std::string_view::npos ? uri : uri.substr(slash + 1);
}

MaybeError RequestBody::parse(std::string_view text)
{
	/* Iterative and depth-capped: a deeply nested body is an error, not a stack overflow. */
	root_ = &doc_;
	if (json::parse(text, doc_))
		return ApiError{status::InputValidation, "Input validation error: the body is not valid JSON"};
	if (!doc_.IsObject())
		return ApiError{status::InputValidation, "Input validation error: the body must be a JSON object"};
	return std::nullopt;
}

MaybeError RequestBody::within(const char *name)
{
	const rapidjson::Value *inner = member(name);
	if (inner && !inner->IsObject())
		return invalid(name, "must be an object");
	root_ = inner ? inner : &empty_;
	return std::nullopt;
}

const rapidjson::Value *RequestBody::member(const char *name) const
{
	if (!root_->IsObject())
		return nullptr;
	auto it = root_->FindMember(name);
	return it == root_->MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

bool RequestBody::has(const char *name) const
{
	return member(name) != nullptr;
}

MaybeError RequestBody::operationName(std::string &out) const
{
	if (!has("operationName"))
		return ApiError{status::InputValidation, "Input validation error: 'operationName' is required"};
	const rapidjson::Value &v = *member("operationName");
	if (!v.IsString())
		return invalid("operationName", "must be a string");
	out.assign(v.GetString(), v.GetStringLength());
	return std::nullopt;
}

MaybeError RequestBody::string(const char *name, bool required, std::string &out) const
{
	if (!has(name))
		return required ? missing(name) : std::nullopt;
	const rapidjson::Value &v = *member(name);
	if (!v.IsString())
		return invalid(name, "must be a string");
	out.assign(v.GetString(), v.GetStringLength());
	return std::nullopt;
}

MaybeError RequestBody::destination(bool required, Dn &out) const
{
	if (!has("destination"))
		return required ? missing("destination") : std::nullopt;
	const rapidjson::Value &v = *member("destination");
	if (!v.IsObject())
		return invalid("destination", "must be an object {\"phoneNumber\":\"...\"}");
	if (!v.HasMember("phoneNumber") || v["phoneNumber"].IsNull())
		return missing("destination.phoneNumber");
	const rapidjson::Value &number = v["phoneNumber"];
	if (!number.IsString())
		return invalid("destination.phoneNumber", "must be a string");
	if (number.GetStringLength() == 0)
		return invalid("destination.phoneNumber", "must not be empty");
	out.assign(number.GetString(), number.GetStringLength());
	return std::nullopt;
}

MaybeError RequestBody::userData(const char *name, bool required, UserData &out) const
{
	if (!has(name))
		return required ? missing(name) : std::nullopt;
	const rapidjson::Value &v = *member(name);
	if (!v.IsObject())
		return invalid(name, "must be an object of string or integer values");
	UserData data;
	for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
		std::string key(it->name.GetString(), it->name.GetStringLength());
		if (key.empty())
			return invalid(name, "must not have an empty key");
		const rapidjson::Value &value = it->value;
		UserData one;
		if (value.IsString())
			one = UserData{{key, std::string(value.GetString(), value.GetStringLength())}};
		else if (value.IsInt64())
			one = UserData{{key, value.GetInt64()}};
		else
			return invalid(fmt::format("{}.{}", name, key), "must be a string or an integer");
		data.attach(one);
	}
	out = std::move(data);
	return std::nullopt;
}

MaybeError RequestBody::stringArray(const char *name, bool required, std::vector<std::string> &out) const
{
	if (!has(name))
		return required ? missing(name) : std::nullopt;
	const rapidjson::Value &v = *member(name);
	if (!v.IsArray())
		return invalid(name, "must be an array of strings");
	std::vector<std::string> values;
	for (const rapidjson::Value &item : v.GetArray()) {
		if (!item.IsString())
			return invalid(name, "must be an array of strings");
		values.emplace_back(item.GetString(), item.GetStringLength());
	}
	out = std::move(values);
	return std::nullopt;
}

} /* namespace ctisim::api */
