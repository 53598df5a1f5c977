/* SPDX-License-Identifier: MIT */
/*
 * The files a replay writes: JUnit XML, FILE.actual.json (--update) and the
 * fidelity report (--report): JSON for machines and bug reports, a table for
 * people, both grouped by kind (shape, value, order, missing), documented
 * deviations marked with their id and where docs/api.md gives the reason.
 */
#include "replay_report.h"

#include <fstream>
#include <map>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "ctisim/app/atomic_file.h"
#include "ctisim/app/setup_source.h"
#include "ctisim/json/parse.h"
#include "ctisim/json/value.h"

namespace ctisim::app {

using rapidjson::Value;

namespace {

std::string xmlEscape(std::string_view text)
{
	std::string out;
	for (char c : text) {
		switch (c) {
		case '&': out += "&amp;"; break;
		case '<': out += "&lt;"; break;
		case '>': out += "&gt;"; break;
		case '"': out += "&quot;"; break;
		default:
			if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t')
				out += ' ';
			else
				out += c;
		}
	}
	return out;
}

constexpr DiffKind kinds[] = {DiffKind::Shape, DiffKind::Value, DiffKind::Order, DiffKind::Missing};

std::string docOf(const std::string &id)
{
	for (const Deviation &d : documentedDeviations()) {
		if (d.id == id)
			return d.doc;
	}
	return {};
}

std::string line(const Difference &d)
{
	std::string step = fmt::format("step {}{}", d.step, d.stepName.empty() ? "" : " \"" + d.stepName + "\"");
	std::string what = d.element.empty() ? d.change : fmt::format("{} {}", d.change, d.element);
	return fmt::format("{}  {} {}  {}: expected {}, received {}", step, d.where, d.path, what, d.expected,
			   d.actual);
}

/// A difference that fails the replay: neither deliberate nor following from what was not inferred.
bool toLookAt(const Difference &d)
{
	return d.deliberate.empty() && d.setupSource != setupSourceNotInferred;
}

/// "  [setup: users.x.roles, inferred]", "  [deliberate: id, doc]", or "".
std::string annotation(const Difference &d)
{
	std::string out;
	if (!d.deliberate.empty())
		out += fmt::format("  [deliberate: {}, {}]", d.deliberate, docOf(d.deliberate));
	if (!d.setupTopic.empty())
		out += fmt::format("  [setup: {}, {}]", d.setupTopic, d.setupSource);
	return out;
}

} /* namespace */

std::string summarizeDifferences(const std::vector<Difference> &differences)
{
	std::string out;
	for (const Difference &d : differences) {
		if (toLookAt(d))
			out += fmt::format("{}{} difference: {}", out.empty() ? "" : "\n", diffKindName(d.kind),
					   line(d));
	}
	return out;
}

std::string fidelityReportJson(const ReplaySummary &summary, const std::string &target)
{
	rapidjson::Document doc(rapidjson::kObjectType);
	auto &a = doc.GetAllocator();
	auto str = [&](const std::string &s) {
		return Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
	};
	doc.AddMember("report", "ctisim fidelity report (docs/recording.md)", a);
	doc.AddMember("target", str(target), a);
	std::size_t total = 0, deliberate = 0, notInferred = 0;
	Value scenarios(rapidjson::kArrayType);
	for (const ScenarioOutcome &o : summary.outcomes) {
		Value s(rapidjson::kObjectType);
		s.AddMember("file", str(o.file), a);
		s.AddMember("name", str(o.name), a);
		s.AddMember("passed", o.passed, a);
		if (!o.reported)
			s.AddMember("error", str(o.failure), a);
		Value list(rapidjson::kArrayType);
		for (const Difference &d : o.differences) {
			Value e(rapidjson::kObjectType);
			e.AddMember("step", static_cast<std::uint64_t>(d.step), a);
			e.AddMember("stepName", str(d.stepName), a);
			e.AddMember("kind", str(std::string(diffKindName(d.kind))), a);
			e.AddMember("change", str(d.change), a);
			e.AddMember("where", str(d.where), a);
			e.AddMember("path", str(d.path), a);
			if (!d.element.empty())
				e.AddMember("element", str(d.element), a);
			e.AddMember("expected", str(d.expected), a);
			e.AddMember("actual", str(d.actual), a);
			if (!d.deliberate.empty()) {
				e.AddMember("deliberate", str(d.deliberate), a);
				e.AddMember("doc", str(docOf(d.deliberate)), a);
				++deliberate;
			}
			if (!d.setupTopic.empty()) {
				e.AddMember("setup", str(d.setupTopic), a);
				e.AddMember("setupSource", str(d.setupSource), a);
			}
			notInferred += d.deliberate.empty() && !toLookAt(d) ? 1 : 0;
			++total;
			list.PushBack(e, a);
		}
		s.AddMember("differences", list, a);
		scenarios.PushBack(s, a);
	}
	Value counts(rapidjson::kObjectType);
	counts.AddMember("differences", static_cast<std::uint64_t>(total), a);
	counts.AddMember("deliberate", static_cast<std::uint64_t>(deliberate), a);
	counts.AddMember("notInferred", static_cast<std::uint64_t>(notInferred), a);
	counts.AddMember("failures", static_cast<std::uint64_t>(total - deliberate - notInferred), a);
	doc.AddMember("summary", counts, a);
	doc.AddMember("scenarios", scenarios, a);
	return json::writePretty(doc) + "\n";
}

std::string fidelityReportTable(const ReplaySummary &summary)
{
	std::string out;
	std::size_t total = 0, deliberate = 0, notInferred = 0;
	for (const ScenarioOutcome &o : summary.outcomes) {
		out += fmt::format("{} ({}): {}\n", o.file, o.name,
				   !o.reported ? "not compared: " + o.failure.substr(0, o.failure.find('\n'))
				   : o.differences.empty() ? std::string("no differences")
							   : fmt::format("{} differences", o.differences.size()));
		for (DiffKind kind : kinds) {
			std::vector<const Difference *> group;
			for (const Difference &d : o.differences) {
				if (d.kind == kind)
					group.push_back(&d);
			}
			if (group.empty())
				continue;
			out += fmt::format("  {} ({})\n", diffKindName(kind), group.size());
			for (const Difference *d : group) {
				out += fmt::format("    {}{}\n", line(*d), annotation(*d));
				deliberate += d->deliberate.empty() ? 0 : 1;
				notInferred += d->deliberate.empty() && !toLookAt(*d) ? 1 : 0;
				++total;
			}
		}
	}
	out += fmt::format("{} differences, {} deliberate, {} not inferred, {} to look at\n", total, deliberate,
			   notInferred, total - deliberate - notInferred);
	return out;
}

void writeFidelityReport(const std::string &file, const ReplaySummary &summary, const std::string &target,
			 std::FILE *out)
{
	std::string table = fidelityReportTable(summary);
	std::string tableFile = file;
	if (tableFile.size() > 5 && tableFile.compare(tableFile.size() - 5, 5, ".json") == 0)
		tableFile.resize(tableFile.size() - 5);
	tableFile += ".txt";
	writeFileAtomically(file, fidelityReportJson(summary, target));
	writeFileAtomically(tableFile, table);
	fmt::print(out, "fidelity report: {} and {}\n{}", file, tableFile, table);
}

void writeJunit(const std::string &file, const std::vector<ScenarioOutcome> &results, double totalMs)
{
	std::size_t failures = 0, errors = 0;
	for (const ScenarioOutcome &r : results) {
		if (r.fileError)
			++errors;
		else if (!r.passed)
			++failures;
	}
	std::ofstream os(file, std::ios::binary | std::ios::trunc);
	os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
	os << fmt::format("<testsuites tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n", results.size(),
			  failures, errors, totalMs / 1000);
	os << fmt::format("  <testsuite name=\"ctisim-replay\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
			  "time=\"{:.3f}\">\n",
			  results.size(), failures, errors, totalMs / 1000);
	for (const ScenarioOutcome &r : results) {
		os << fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"", xmlEscape(r.file),
				  xmlEscape(r.name), r.ms / 1000);
		if (r.passed) {
			os << "/>\n";
			continue;
		}
		const char *tag = r.fileError ? "error" : "failure";
		std::string first = r.failure.substr(0, r.failure.find('\n'));
		os << fmt::format(">\n      <{} message=\"{}\">{}</{}>\n    </testcase>\n", tag, xmlEscape(first),
				  xmlEscape(r.failure), tag);
	}
	os << "  </testsuite>\n</testsuites>\n";
}

std::string writeActual(const scenario::Scenario &s, const std::vector<StepActual> &actuals)
{
	rapidjson::Document out;
	out.CopyFrom(*s.doc, out.GetAllocator());
	auto &alloc = out.GetAllocator();
	if (!out.IsObject() || !out.HasMember("steps") || !out["steps"].IsArray())
		return {};
	Value &steps = out["steps"];
	auto ensureObject = [&](Value &parent, const char *key) -> Value & {
		if (!parent.HasMember(key))
			parent.AddMember(Value(key, alloc), Value(rapidjson::kObjectType), alloc);
		return parent[key];
	};
	auto parsed = [&](const std::string &text) {
		rapidjson::Document doc;
		Value v;
		if (!json::parse(text, doc))
			v.CopyFrom(doc, alloc);
		else
			v.SetString(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), alloc);
		return v;
	};
	for (const scenario::Step &step : s.steps) {
		const StepActual &actual = actuals[step.index];
		if (!actual.ran)
			continue;
		Value &stepValue = steps[static_cast<rapidjson::SizeType>(step.index)];
		if (!actual.statusDiffers && !actual.bodyDiffers && actual.notificationsDiffer.empty())
			continue;
		Value &expect = ensureObject(stepValue, "expect");
		if (actual.statusDiffers) {
			expect.RemoveMember("status");
			expect.AddMember("status", Value(actual.status), alloc);
		}
		if (actual.bodyDiffers) {
			expect.RemoveMember("body");
			expect.AddMember("body", parsed(actual.body), alloc);
		}
		if (!actual.notificationsDiffer.empty()) {
			Value &notifications = ensureObject(expect, "notifications");
			for (const std::string &user : actual.notificationsDiffer) {
				Value list(rapidjson::kArrayType);
				for (const std::string &text : actual.notifications.at(user)) {
					Value message = parsed(text);
					Value trimmed(rapidjson::kObjectType);
					for (const char *key : {"data", "channel"}) {
						if (message.IsObject() && message.HasMember(key))
							trimmed.AddMember(Value(key, alloc), Value(message[key], alloc),
									  alloc);
					}
					list.PushBack(trimmed, alloc);
				}
				notifications.RemoveMember(user.c_str());
				notifications.AddMember(Value(user.c_str(), alloc), list, alloc);
			}
		}
	}
	std::string file = s.file;
	if (file.size() > 5 && file.substr(file.size() - 5) == ".json")
		file.resize(file.size() - 5);
	file += ".actual.json";
	std::ofstream os(file, std::ios::binary | std::ios::trunc);
	os << json::writePretty(out) << "\n";
	return os ? file : std::string();
}

} /* namespace ctisim::app */
