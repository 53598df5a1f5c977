/* SPDX-License-Identifier: MIT */
/*
 * The reader of documents a human writes (scenarios, sandbox configurations):
 * each check names the JSON path of what is wrong, so that the error reads
 * "$.calls[0].parties[1].state: expected one of ...".
 *
 * Inside a reader a failed check throws PathError, so that the code reads as
 * the document's shape; readDocument() catches it and returns it. No
 * PathError leaves the reader's entry point.
 */
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <rapidjson/document.h>

#include "ctisim/json/path.h"

namespace ctisim::json {

struct PathError {
	std::string path; ///< "$.steps[3].expect"; empty when the error is about the whole text
	std::string message;

	/// "$.steps[3].expect: expected an object", or the message alone without a path.
	std::string str() const;
};

/// Runs read(), a function that may call fail() or the checks below; the
/// error it failed with, or nullopt.
template <typename F> std::optional<PathError> readDocument(F &&read)
{
	try {
		std::forward<F>(read)();
	} catch (const PathError &error) {
		return error;
	}
	return std::nullopt;
}

/// Ends the read with an error at path.
[[noreturn]] void fail(std::string path, std::string message);

/// Fails at pathKey(path, key) on the first key of object not in allowed.
void checkKeys(const rapidjson::Value &object, const std::string &path,
	       std::initializer_list<std::string_view> allowed);

/// The checks: the value, or a failure at path that says what was expected.
std::string readString(const rapidjson::Value &value, const std::string &path);
bool readBoolean(const rapidjson::Value &value, const std::string &path);
std::int64_t readInteger(const rapidjson::Value &value, const std::string &path, std::int64_t min, std::int64_t max);

/// Calls f(item, itemPath) for each item of an array of objects.
template <typename F> void forEachObject(const rapidjson::Value &array, const std::string &path, F &&f);

/* Implementation details of forEachObject. */
void requireArray(const rapidjson::Value &value, const std::string &path);
void requireObject(const rapidjson::Value &value, const std::string &path);

template <typename F> void forEachObject(const rapidjson::Value &array, const std::string &path, F &&f)
{
	requireArray(array, path);
	for (rapidjson::SizeType i = 0; i < array.Size(); ++i) {
		std::string itemPath = pathIndex(path, i);
		requireObject(array[i], itemPath);
		f(array[i], itemPath);
	}
}

} /* namespace ctisim::json */
