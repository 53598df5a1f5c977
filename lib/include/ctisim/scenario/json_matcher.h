/* SPDX-License-Identifier: MIT */
/*
 * The scenario matcher: is this actual JSON what the scenario expects? Exact
 * equality by default; an object whose keys all start with '$' is a placeholder
 * that says what may vary. One definition of "matches", shared by the replayer
 * and the tests.
 *
 * Placeholders (each is an object; keys other than those listed are an error):
 *   {"$any": "string"}      any value of that JSON type: string, number, integer,
 *                            boolean, object, array, null; "value" = anything
 *   {"$regex": "^0071"}     a string in which the ECMAScript pattern is found
 *                            (anchor it yourself)
 *   {"$capture": "callId"}  anything (or, combined with "$any"/"$regex" in the
 *                            same object, what those accept); the actual value
 *                            is remembered as callId, and "${callId}" in later
 *                            requests and expectations is replaced by it
 *   {"$unordered": [...]}   an array compared as a multiset
 *   {"$partial": {...}}     an object: the keys listed must match, others are
 *                            ignored
 *   {"$literal": v}         v exactly, no placeholders inside
 * An array under a key named "capabilities" is always compared as a set.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace ctisim::scenario {

/// Values remembered by {"$capture": name}.
class Captures
{
public:
	Captures();
	Captures(const Captures &) = delete;
	Captures &operator=(const Captures &) = delete;

	const rapidjson::Value *find(std::string_view name) const;
	void set(std::string_view name, const rapidjson::Value &value);
	void clear();
	std::size_t size() const { return doc_.MemberCount(); }

private:
	rapidjson::Document doc_;
};

/// The first difference found, in a form a newcomer reads at a glance.
struct Mismatch {
	std::string path;     ///< "$.data.call.state"
	std::string expected; ///< JSON text or a description ("a string matching /^0071/")
	std::string actual;   ///< JSON text or "(missing)"
	std::string note;     ///< optional extra line ("2 elements expected, 3 received")

	/// Three indented lines: path, expected, actual (and the note).
	std::string str(std::string_view indent = "  ") const;
};

/// Compares actual against the expectation; on success, captures hold the
/// values of every {"$capture"} in it. path names the root in the mismatch.
std::optional<Mismatch> matchJson(const rapidjson::Value &expected, const rapidjson::Value &actual, Captures &captures,
				  const std::string &path = "$");

/// Checks the placeholder syntax of an expectation; an error names the JSON
/// path and what was expected there.
std::optional<std::string> checkPattern(const rapidjson::Value &expected, const std::string &path);

/// Replaces ${name} in text by the captured value (a string as is, anything
/// else as JSON text). "$${" stands for a literal "${". Returns nullopt and sets
/// error for an unknown name.
std::optional<std::string> substituteText(std::string_view text, const Captures &captures, std::string &error);

/// Whether a string or key of v holds "${" (a placeholder, or the "$${" escape):
/// without one, substituteJson would return an exact copy.
bool hasPlaceholders(const rapidjson::Value &v);

/// Deep copy of in with ${name} replaced in every string (and key). A string
/// that is exactly "${name}" becomes the captured value itself, whatever its type.
bool substituteJson(const rapidjson::Value &in, rapidjson::Value &out, rapidjson::Document::AllocatorType &allocator,
		    const Captures &captures, std::string &error);

} /* namespace ctisim::scenario */
