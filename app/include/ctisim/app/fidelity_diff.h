/* SPDX-License-Identifier: MIT */
/*
 * The fidelity diff: every way what a server did differs from what a recorded
 * system did, not only the first (that is the matcher's job). Each difference
 * is atomic (one key, one capability, one notification) so that the
 * deliberate deviations of docs/deviations.json can be recognised one by one.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "ctisim/scenario/json_matcher.h"

namespace ctisim::app {

/// The groups of the report.
enum class DiffKind {
	Shape,	///< a key or an element is missing or extra, or a value has another JSON type
	Value,	///< same place, another value (status codes, strings, capability sets)
	Order,	///< same keys or elements in another order
	Missing ///< a whole notification expected and not received, or received and not expected
};

std::string_view diffKindName(DiffKind kind);

struct Difference {
	DiffKind kind = DiffKind::Value;
	/// missing, extra, differs, type, order: what happened, from the recorded system's side
	/// ("missing": the recorded system had it, the replayed one did not).
	std::string change;
	std::size_t step = 0;	///< the step's index
	std::string stepName;	///< its name, or "METHOD path"
	std::string where;	///< "status", "body", "notifications.agent15000[2]"
	std::string path;	///< JSON path inside where: "$.call.capabilities"
	std::string key;	///< the last object key of path ("capabilities"), "" at the root
	std::string element;	///< the capability or notification concerned, if any
	std::string expected;	///< what the recording has (JSON text or a description)
	std::string actual;	///< what the replay got
	std::string deliberate; ///< the id in docs/deviations.json when this is a documented deviation
	/// The part of the setup the difference follows from ("users.supervisor16000.roles",
	/// "features"; "" = none known) and where its value came from: "inferred" (from the
	/// recorded answers), "configured" (the setup gives it), "defaulted" (the sandbox's
	/// default), "not inferred" (the recording could not tell: no deviation of ctisim).
	std::string setupTopic;
	std::string setupSource;
};

/// Appends the differences between an expectation (scenario syntax: placeholders
/// allowed, captures substituted already) and the actual value. where and
/// step fields are filled in by the caller.
void diffJson(const rapidjson::Value &expected, const rapidjson::Value &actual, scenario::Captures &captures,
	      std::vector<Difference> &out, const std::string &path = "$", std::string_view key = {});

/// The differences between the expected and received notifications of one
/// user (both lists of {"channel","data"}), paired by channel and message type
/// in order, those with the same call state first (a lost notification is then
/// the one reported, not the last of its type): unpaired ones are missing or extra, pairs out of order are an
/// Order difference, paired ones are compared with diffJson.
void diffNotifications(const rapidjson::Value &expected, const std::vector<rapidjson::Document> &received,
		       scenario::Captures &captures, const std::string &where, std::vector<Difference> &out);

/// One documented deviation (docs/deviations.json).
struct Deviation {
	std::string id;
	DiffKind kind = DiffKind::Shape;
	std::string change;  ///< as Difference::change
	std::string key;     ///< the key the difference is at
	std::string element; ///< "" = any
	std::string doc;     ///< where docs/api.md says so
};

/// Parses the deviations file; an error names what is wrong.
std::optional<std::string> parseDeviations(std::string_view json, std::vector<Deviation> &out);
/// The deviations docs/deviations.json lists, compiled in.
const std::vector<Deviation> &documentedDeviations();
/// Sets Difference::deliberate on the differences a deviation describes.
void markDeliberate(std::vector<Difference> &differences, const std::vector<Deviation> &deviations);

} /* namespace ctisim::app */
