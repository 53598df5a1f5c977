/* SPDX-License-Identifier: MIT */
/*
 * The path-naming checks of documents a human writes.
 */
#include "ctisim/json/path_reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "ctisim/json/value.h"

namespace ctisim::json {

std::string PathError::str() const
{
	if (path.empty())
		return message;
	return fmt::format("{}: {}", path, message);
}

void fail(std::string path, std::string message)
{
	throw PathError{std::move(path), std::move(message)};
}

void checkKeys(const rapidjson::Value &object, const std::string &path, std::initializer_list<std::string_view> allowed)
{
	for (const auto &m : object.GetObject()) {
		if (std::find(allowed.begin(), allowed.end(), str(m.name)) != allowed.end())
			continue;
		std::string list;
		for (auto key : allowed)
			list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", key);
		fail(pathKey(path, str(m.name)),
		     fmt::format("unknown key \"{}\"; expected one of {}", str(m.name), list));
	}
}

std::string readString(const rapidjson::Value &value, const std::string &path)
{
	if (!value.IsString())
		fail(path, fmt::format("expected a string, found {}", preview(value)));
	return std::string(str(value));
}

bool readBoolean(const rapidjson::Value &value, const std::string &path)
{
	if (!value.IsBool())
		fail(path, fmt::format("expected true or false, found {}", preview(value)));
	return value.GetBool();
}

std::int64_t readInteger(const rapidjson::Value &value, const std::string &path, std::int64_t min, std::int64_t max)
{
	if (!value.IsInt64() || value.GetInt64() < min || value.GetInt64() > max)
		fail(path, fmt::format("expected an integer from {} to {}, found {}", min, max, preview(value)));
	return value.GetInt64();
}

void requireArray(const rapidjson::Value &value, const std::string &path)
{
	if (!value.IsArray())
		fail(path, fmt::format("expected an array, found a {}", typeName(value)));
}

void requireObject(const rapidjson::Value &value, const std::string &path)
{
	if (!value.IsObject())
		fail(path, fmt::format("expected an object, found a {}", typeName(value)));
}

} /* namespace ctisim::json */
