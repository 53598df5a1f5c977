/* SPDX-License-Identifier: MIT */
/*
 * The scenario matcher: exact JSON equality with explicit placeholders, the
 * first difference as a JSON path with expected and actual, and ${name}
 * substitution of captured values.
 */
#include "ctisim/scenario/json_matcher.h"

#include <vector>

#include <fmt/format.h>

#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/value.h"
#include "regex_search.h"

namespace ctisim::scenario {

namespace {

using json::member;
using json::str;

using rapidjson::Value;

bool startsWithDollar(const Value &key)
{
	return key.GetStringLength() > 0 && key.GetString()[0] == '$';
}

bool isScalar(const Value &v)
{
	return !v.IsObject() && !v.IsArray();
}

/// An object whose keys all start with '$' (and has at least one).
bool isPlaceholder(const Value &value)
{
	if (!value.IsObject() || value.MemberCount() == 0)
		return false;
	for (const auto &member : value.GetObject()) {
		if (!startsWithDollar(member.name))
			return false;
	}
	return true;
}

/// The k-th (0-based) member named name: T-Server user data may repeat a key.
const Value *nthMember(const Value &object, std::string_view name, std::size_t k)
{
	for (const auto &m : object.GetObject()) {
		if (str(m.name) == name && k-- == 0)
			return &m.value;
	}
	return nullptr;
}

std::size_t countMembers(const Value &object, std::string_view name)
{
	std::size_t n = 0;
	for (const auto &m : object.GetObject())
		n += str(m.name) == name ? 1 : 0;
	return n;
}

bool hasType(const Value &actual, std::string_view type)
{
	if (type == "value")
		return true;
	if (type == "string")
		return actual.IsString();
	if (type == "number")
		return actual.IsNumber();
	if (type == "integer")
		return actual.IsInt64() || actual.IsUint64();
	if (type == "boolean")
		return actual.IsBool();
	if (type == "object")
		return actual.IsObject();
	if (type == "array")
		return actual.IsArray();
	if (type == "null")
		return actual.IsNull();
	return false;
}

bool knownAnyType(std::string_view type)
{
	return type == "value" || type == "string" || type == "number" || type == "integer" || type == "boolean" ||
	       type == "object" || type == "array" || type == "null";
}

bool scalarEqual(const Value &expected, const Value &actual)
{
	if (expected.IsNumber() && actual.IsNumber()) {
		if (expected.IsInt64() && actual.IsInt64())
			return expected.GetInt64() == actual.GetInt64();
		if (expected.IsUint64() && actual.IsUint64())
			return expected.GetUint64() == actual.GetUint64();
		return expected.GetDouble() == actual.GetDouble();
	}
	return expected == actual;
}

std::string describePlaceholder(const Value &placeholder)
{
	std::string text;
	if (const Value *type = member(placeholder, "$any"))
		text = type->IsString() && str(*type) == "value" ? "any value" : fmt::format("any {}", str(*type));
	else if (const Value *pattern = member(placeholder, "$regex"))
		text = fmt::format("a string matching /{}/", str(*pattern));
	else if (const Value *literal = member(placeholder, "$literal"))
		text = json::preview(*literal);
	else if (member(placeholder, "$unordered"))
		text = "in any order: " + json::preview(placeholder["$unordered"]);
	else if (member(placeholder, "$partial"))
		text = "at least: " + json::preview(placeholder["$partial"]);
	else
		text = "any value";
	if (const Value *name = member(placeholder, "$capture"))
		text += fmt::format(" (captured as {})", str(*name));
	return text;
}

class Matcher
{
public:
	explicit Matcher(Captures &captures) : captures_(captures) {}

	std::optional<Mismatch> match(const Value &expected, const Value &actual, const std::string &path, bool asSet)
	{
		if (isPlaceholder(expected))
			return matchPlaceholder(expected, actual, path);
		if (expected.IsObject())
			return matchObject(expected, actual, path, false);
		if (expected.IsArray()) {
			if (!actual.IsArray())
				return typeMismatch(expected, actual, path);
			if (asSet)
				return matchSet(expected, actual, path);
			return matchArray(expected, actual, path);
		}
		if (expected.GetType() != actual.GetType() && !(expected.IsBool() && actual.IsBool()))
			return typeMismatch(expected, actual, path);
		if (!scalarEqual(expected, actual))
			return Mismatch{path, json::preview(expected), json::preview(actual), {}};
		return std::nullopt;
	}

private:
	static Mismatch typeMismatch(const Value &expected, const Value &actual, const std::string &path)
	{
		return Mismatch{
			path, json::preview(expected), json::preview(actual),
			fmt::format("expected a {}, received a {}", json::typeName(expected), json::typeName(actual))};
	}

	std::optional<Mismatch> matchPlaceholder(const Value &placeholder, const Value &actual, const std::string &path)
	{
		auto fail = [&](std::string note = {}) {
			return Mismatch{path, describePlaceholder(placeholder), json::preview(actual), std::move(note)};
		};
		if (const Value *literal = member(placeholder, "$literal")) {
			if (!(*literal == actual))
				return fail();
			return std::nullopt;
		}
		if (const Value *type = member(placeholder, "$any")) {
			if (!hasType(actual, str(*type)))
				return fail();
		}
		if (const Value *pattern = member(placeholder, "$regex")) {
			if (!actual.IsString())
				return fail(fmt::format("expected a string, received a {}", json::typeName(actual)));
			if (!regexSearch(str(*pattern), str(actual)))
				return fail();
		}
		if (const Value *items = member(placeholder, "$unordered")) {
			if (!actual.IsArray())
				return fail(fmt::format("expected an array, received a {}", json::typeName(actual)));
			if (auto mismatch = matchSet(*items, actual, path))
				return mismatch;
		}
		if (const Value *partial = member(placeholder, "$partial")) {
			if (auto mismatch = matchObject(*partial, actual, path, true))
				return mismatch;
		}
		if (const Value *name = member(placeholder, "$capture"))
			captures_.set(str(*name), actual);
		return std::nullopt;
	}

	std::optional<Mismatch> matchObject(const Value &expected, const Value &actual, const std::string &path,
					    bool partial)
	{
		if (!actual.IsObject())
			return typeMismatch(expected, actual, path);
		for (auto m = expected.MemberBegin(); m != expected.MemberEnd(); ++m) {
			std::size_t occurrence = 0;
			for (auto earlier = expected.MemberBegin(); earlier != m; ++earlier)
				occurrence += str(earlier->name) == str(m->name) ? 1 : 0;
			std::string childPath = json::pathKey(path, str(m->name));
			const Value *got = nthMember(actual, str(m->name), occurrence);
			if (!got) {
				return Mismatch{childPath,
						isPlaceholder(m->value) ? describePlaceholder(m->value)
									: json::preview(m->value),
						"(missing)", occurrence ? "a repeated key" : std::string()};
			}
			if (auto mismatch = match(m->value, *got, childPath, str(m->name) == "capabilities"))
				return mismatch;
		}
		if (partial)
			return std::nullopt;
		for (const auto &m : actual.GetObject()) {
			std::size_t expectedCount = countMembers(expected, str(m.name));
			if (countMembers(actual, str(m.name)) > expectedCount) {
				const Value *extra = nthMember(actual, str(m.name), expectedCount);
				return Mismatch{json::pathKey(path, str(m.name)), "(absent)", json::preview(*extra),
						expectedCount ? "this key is repeated more often than expected"
							      : "this key was not expected"};
			}
		}
		return std::nullopt;
	}

	std::optional<Mismatch> matchArray(const Value &expected, const Value &actual, const std::string &path)
	{
		rapidjson::SizeType common = std::min(expected.Size(), actual.Size());
		for (rapidjson::SizeType i = 0; i < common; ++i) {
			if (auto mismatch = match(expected[i], actual[i], json::pathIndex(path, i), false))
				return mismatch;
		}
		if (expected.Size() == actual.Size())
			return std::nullopt;
		std::string note = fmt::format("{} element{} expected, {} received", expected.Size(),
					       expected.Size() == 1 ? "" : "s", actual.Size());
		if (expected.Size() > actual.Size())
			return Mismatch{json::pathIndex(path, common), json::preview(expected[common]), "(missing)",
					std::move(note)};
		return Mismatch{json::pathIndex(path, common), "(nothing more)", json::preview(actual[common]),
				std::move(note)};
	}

	std::optional<Mismatch> matchSet(const Value &expected, const Value &actual, const std::string &path)
	{
		std::vector<bool> used(actual.Size(), false);
		std::vector<std::string> missing;
		for (const Value &want : expected.GetArray()) {
			bool found = false;
			for (rapidjson::SizeType j = 0; j < actual.Size() && !found; ++j) {
				if (!used[j] && !match(want, actual[j], path, false)) {
					used[j] = true;
					found = true;
				}
			}
			if (!found)
				missing.push_back(isPlaceholder(want) ? describePlaceholder(want)
								      : json::preview(want));
		}
		std::vector<std::string> unexpected;
		for (rapidjson::SizeType j = 0; j < actual.Size(); ++j) {
			if (!used[j])
				unexpected.push_back(json::preview(actual[j]));
		}
		if (missing.empty() && unexpected.empty())
			return std::nullopt;
		// Name only what differs: two long lists side by side hide it.
		std::string wanted =
			missing.empty() ? "(nothing more)" : fmt::format("also {}", fmt::join(missing, ", "));
		std::string got =
			unexpected.empty() ? "(nothing more)" : fmt::format("also {}", fmt::join(unexpected, ", "));
		return Mismatch{path, std::move(wanted), std::move(got),
				"compared as a set: the order does not matter"};
	}

	Captures &captures_;
};

std::optional<std::string> checkPlaceholder(const Value &placeholder, const std::string &path)
{
	static const char *const known[] = {"$any", "$regex", "$capture", "$unordered", "$partial", "$literal"};
	int kinds = 0;
	for (const auto &m : placeholder.GetObject()) {
		std::string_view key = str(m.name);
		bool ok = false;
		for (const char *k : known)
			ok = ok || key == k;
		std::string keyPath = json::pathKey(path, key);
		if (!ok)
			return fmt::format(
				"{}: unknown placeholder \"{}\"; expected one of $any, $regex, $capture, "
				"$unordered, $partial, $literal (wrap literal data in {{\"$literal\": ...}})",
				keyPath, key);
		if (key != "$capture")
			++kinds;
		if (key == "$any" && (!m.value.IsString() || !knownAnyType(str(m.value))))
			return fmt::format("{}: expected one of \"string\", \"number\", \"integer\", \"boolean\", "
					   "\"object\", \"array\", \"null\", \"value\"",
					   keyPath);
		if (key == "$regex") {
			if (!m.value.IsString())
				return fmt::format("{}: expected a regular expression as a string", keyPath);
			std::string error;
			if (!regexValid(str(m.value), error))
				return fmt::format("{}: not a valid regular expression: {}", keyPath, error);
		}
		if (key == "$capture") {
			if (!m.value.IsString() || m.value.GetStringLength() == 0)
				return fmt::format("{}: expected a capture name (a non-empty string)", keyPath);
			for (char c : str(m.value)) {
				if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
					return fmt::format("{}: a capture name uses letters, digits, '_', '.', '-'",
							   keyPath);
			}
		}
		if (key == "$unordered") {
			if (!m.value.IsArray())
				return fmt::format("{}: expected an array", keyPath);
			if (auto error = checkPattern(m.value, keyPath))
				return error;
		}
		if (key == "$partial") {
			if (!m.value.IsObject() || isPlaceholder(m.value))
				return fmt::format("{}: expected an object (the keys that must match)", keyPath);
			if (auto error = checkPattern(m.value, keyPath))
				return error;
		}
	}
	if (kinds > 1)
		return fmt::format("{}: only \"$capture\" combines with another placeholder key", path);
	return std::nullopt;
}

} /* namespace */

Captures::Captures()
{
	doc_.SetObject();
}

const rapidjson::Value *Captures::find(std::string_view name) const
{
	return member(doc_, name);
}

void Captures::set(std::string_view name, const rapidjson::Value &value)
{
	auto &allocator = doc_.GetAllocator();
	Value copy(value, allocator);
	Value key(rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size())));
	auto it = doc_.FindMember(key);
	if (it != doc_.MemberEnd()) {
		it->value = copy;
		return;
	}
	doc_.AddMember(Value(name.data(), static_cast<rapidjson::SizeType>(name.size()), allocator), copy, allocator);
}

void Captures::clear()
{
	doc_.SetObject();
	doc_.GetAllocator().Clear();
}

std::string Mismatch::str(std::string_view indent) const
{
	std::string text = fmt::format("{}at       {}\n{}expected {}\n{}actual   {}", indent, path, indent, expected,
				       indent, actual);
	if (!note.empty())
		text += fmt::format("\n{}({})", indent, note);
	return text;
}

std::optional<Mismatch> matchJson(const rapidjson::Value &expected, const rapidjson::Value &actual, Captures &captures,
				  const std::string &path)
{
	return Matcher(captures).match(expected, actual, path, false);
}

std::optional<std::string> checkPattern(const rapidjson::Value &expected, const std::string &path)
{
	if (expected.IsObject()) {
		bool someDollar = false;
		bool someOther = false;
		for (const auto &m : expected.GetObject()) {
			if (startsWithDollar(m.name))
				someDollar = true;
			else
				someOther = true;
		}
		if (someDollar && someOther) {
			return fmt::format("{}: an object mixes placeholder keys (\"$...\") with ordinary keys; "
					   "write a placeholder alone, or wrap literal data in {{\"$literal\": ...}}",
					   path);
		}
		if (someDollar)
			return checkPlaceholder(expected, path);
		/* A scalar is always a valid pattern: only containers get a path built (most leaves are scalars). */
		for (const auto &m : expected.GetObject()) {
			if (!isScalar(m.value)) {
				if (auto error = checkPattern(m.value, json::pathKey(path, str(m.name))))
					return error;
			}
		}
	} else if (expected.IsArray()) {
		for (rapidjson::SizeType i = 0; i < expected.Size(); ++i) {
			if (!isScalar(expected[i])) {
				if (auto error = checkPattern(expected[i], json::pathIndex(path, i)))
					return error;
			}
		}
	}
	return std::nullopt;
}

std::optional<std::string> substituteText(std::string_view text, const Captures &captures, std::string &error)
{
	std::string out;
	out.reserve(text.size());
	std::size_t i = 0;
	while (i < text.size()) {
		if (text.compare(i, 3, "$${") == 0) {
			out += "${";
			i += 3;
			continue;
		}
		if (text.compare(i, 2, "${") != 0) {
			out += text[i++];
			continue;
		}
		auto close = text.find('}', i + 2);
		if (close == std::string_view::npos) {
			error = fmt::format("unterminated \"${{\" in \"{}\"", text);
			return std::nullopt;
		}
		std::string_view name = text.substr(i + 2, close - i - 2);
		const Value *value = captures.find(name);
		if (!value) {
			error = fmt::format("\"${{{}}}\" names nothing captured so far (capture it first with "
					    "{{\"$capture\": \"{}\"}})",
					    name, name);
			return std::nullopt;
		}
		out += value->IsString() ? std::string(str(*value)) : json::write(*value);
		i = close + 1;
	}
	return out;
}

bool hasPlaceholders(const Value &v)
{
	if (v.IsString())
		return str(v).find("${") != std::string_view::npos;
	if (v.IsObject()) {
		for (const auto &m : v.GetObject()) {
			if (str(m.name).find("${") != std::string_view::npos || hasPlaceholders(m.value))
				return true;
		}
	}
	if (v.IsArray()) {
		for (const Value &item : v.GetArray()) {
			if (hasPlaceholders(item))
				return true;
		}
	}
	return false;
}

bool substituteJson(const rapidjson::Value &in, rapidjson::Value &out, rapidjson::Document::AllocatorType &allocator,
		    const Captures &captures, std::string &error)
{
	if (in.IsString()) {
		std::string_view text = str(in);
		if (text.size() > 3 && text.substr(0, 2) == "${" && text.back() == '}' &&
		    text.find('}') == text.size() - 1) {
			const Value *value = captures.find(text.substr(2, text.size() - 3));
			if (value) {
				out.CopyFrom(*value, allocator);
				return true;
			}
		}
		auto replaced = substituteText(text, captures, error);
		if (!replaced)
			return false;
		out.SetString(replaced->data(), static_cast<rapidjson::SizeType>(replaced->size()), allocator);
		return true;
	}
	if (in.IsObject()) {
		out.SetObject();
		for (const auto &m : in.GetObject()) {
			auto key = substituteText(str(m.name), captures, error);
			if (!key)
				return false;
			Value value;
			if (!substituteJson(m.value, value, allocator, captures, error))
				return false;
			out.AddMember(Value(key->data(), static_cast<rapidjson::SizeType>(key->size()), allocator),
				      value, allocator);
		}
		return true;
	}
	if (in.IsArray()) {
		out.SetArray();
		out.Reserve(in.Size(), allocator);
		for (const Value &item : in.GetArray()) {
			Value value;
			if (!substituteJson(item, value, allocator, captures, error))
				return false;
			out.PushBack(value, allocator);
		}
		return true;
	}
	out.CopyFrom(in, allocator);
	return true;
}

} /* namespace ctisim::scenario */
