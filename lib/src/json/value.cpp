/* SPDX-License-Identifier: MIT */
/*
 * Value helpers and the writers.
 */
#include "ctisim/json/value.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace ctisim::json {

const rapidjson::Value *member(const rapidjson::Value &object, std::string_view key)
{
	if (!object.IsObject())
		return nullptr;
	auto it = object.FindMember(
		rapidjson::Value(rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
	return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string write(const rapidjson::Value &value)
{
	rapidjson::StringBuffer buffer;
	rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
	value.Accept(writer);
	return std::string(buffer.GetString(), buffer.GetSize());
}

std::string writePretty(const rapidjson::Value &value)
{
	rapidjson::StringBuffer buffer;
	rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
	writer.SetIndent('\t', 1);
	value.Accept(writer);
	return std::string(buffer.GetString(), buffer.GetSize());
}

std::string preview(const rapidjson::Value &value, std::size_t maxChars)
{
	std::string text = write(value);
	if (text.size() > maxChars) {
		text.resize(maxChars);
		text += "...";
	}
	return text;
}

const char *typeName(const rapidjson::Value &value)
{
	switch (value.GetType()) {
	case rapidjson::kNullType: return "null";
	case rapidjson::kFalseType:
	case rapidjson::kTrueType: return "boolean";
	case rapidjson::kObjectType: return "object";
	case rapidjson::kArrayType: return "array";
	case rapidjson::kStringType: return "string";
	case rapidjson::kNumberType: return "number";
	}
	return "unknown";
}

} /* namespace ctisim::json */
