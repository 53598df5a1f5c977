/* SPDX-License-Identifier: MIT */
/*
 * JSON paths: spelling them, and finding the value one names.
 */
#include "ctisim/json/path.h"

#include <cctype>

#include <fmt/format.h>

#include "ctisim/json/parse.h"
#include "ctisim/json/value.h"

namespace ctisim::json {

namespace {

bool isIdentifier(std::string_view key)
{
	if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0])))
		return false;
	for (char c : key) {
		if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '$')
			return false;
	}
	return true;
}

} /* namespace */

std::string pathKey(const std::string &base, std::string_view key)
{
	if (isIdentifier(key))
		return fmt::format("{}.{}", base, key);
	rapidjson::Value keyValue(rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size())));
	return fmt::format("{}[{}]", base, write(keyValue));
}

std::string pathIndex(const std::string &base, std::size_t index)
{
	return fmt::format("{}[{}]", base, index);
}

const rapidjson::Value *findPath(const rapidjson::Value &root, std::string_view path, std::string &error)
{
	error.clear();
	std::size_t i = 0;
	if (path.substr(0, 1) == "$")
		i = 1;
	const rapidjson::Value *at = &root;
	bool first = true;
	while (i < path.size()) {
		char c = path[i];
		if (c == '.' || (first && c != '[')) {
			if (c == '.')
				++i;
			std::size_t start = i;
			while (i < path.size() && path[i] != '.' && path[i] != '[')
				++i;
			std::string_view key = path.substr(start, i - start);
			if (key.empty()) {
				error = fmt::format("\"{}\": an empty key at character {}", path, start);
				return nullptr;
			}
			if (at && at->IsObject()) {
				auto it = at->FindMember(rapidjson::Value(rapidjson::StringRef(
					key.data(), static_cast<rapidjson::SizeType>(key.size()))));
				at = it == at->MemberEnd() ? nullptr : &it->value;
			} else {
				at = nullptr;
			}
		} else if (c == '[') {
			auto close = path.find(']', i);
			if (close == std::string_view::npos) {
				error = fmt::format("\"{}\": '[' without ']'", path);
				return nullptr;
			}
			std::string_view inside = path.substr(i + 1, close - i - 1);
			if (!inside.empty() && inside.front() == '"') {
				rapidjson::Document key;
				if (parse(inside, key) || !key.IsString()) {
					error = fmt::format("\"{}\": {} is not a quoted key", path, inside);
					return nullptr;
				}
				if (at && at->IsObject()) {
					auto it = at->FindMember(key);
					at = it == at->MemberEnd() ? nullptr : &it->value;
				} else {
					at = nullptr;
				}
			} else {
				if (inside.empty() || inside.size() > 9 ||
				    inside.find_first_not_of("0123456789") != std::string_view::npos) {
					error = fmt::format("\"{}\": [{}] is not an index", path, inside);
					return nullptr;
				}
				std::size_t index = std::stoul(std::string(inside));
				at = at && at->IsArray() && index < at->Size()
					     ? &(*at)[static_cast<rapidjson::SizeType>(index)]
					     : nullptr;
			}
			i = close + 1;
		} else {
			error = fmt::format("\"{}\": expected '.' or '[' at character {}", path, i);
			return nullptr;
		}
		first = false;
	}
	return at;
}

} /* namespace ctisim::json */
