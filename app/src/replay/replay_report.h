/* SPDX-License-Identifier: MIT */
/*
 * What a replay writes besides its one line per scenario: JUnit XML, the
 * FILE.actual.json of --update, and the fidelity report of --report (JSON,
 * and a table grouped by kind).
 */
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "ctisim/app/fidelity_diff.h"
#include "ctisim/app/replayer.h"
#include "ctisim/scenario/scenario.h"

#include "runner.h"

namespace ctisim::app {

void writeJunit(const std::string &file, const std::vector<ScenarioOutcome> &results, double totalMs);

/// s with the actual status, bodies and notifications of the steps that
/// differed, as FILE.actual.json beside it; the file written, or "" when it could not be.
std::string writeActual(const scenario::Scenario &s, const std::vector<StepActual> &actuals);

/// The differences that are not deliberate, one line each; "" when there are none.
std::string summarizeDifferences(const std::vector<Difference> &differences);

/// The report as JSON text (docs/recording.md shows it).
std::string fidelityReportJson(const ReplaySummary &summary, const std::string &target);
/// The report as a table: per scenario, the differences grouped by kind.
std::string fidelityReportTable(const ReplaySummary &summary);

/// Writes file (JSON) and file's table beside it (.txt for .json); prints the table to out.
void writeFidelityReport(const std::string &file, const ReplaySummary &summary, const std::string &target,
			 std::FILE *out);

} /* namespace ctisim::app */
