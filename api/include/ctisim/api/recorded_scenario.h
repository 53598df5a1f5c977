/* SPDX-License-Identifier: MIT */
/*
 * writeRecordedScenario: turns a Recording into the text of a scenario file
 * (scenarios/README.md) that replays green against a fresh sandbox: call ids
 * become captures, durations placeholders, everything else stays literal
 * (docs/recording.md).
 */
#pragma once

#include <string>
#include <string_view>

#include "ctisim/api/traffic_recorder.h"

namespace ctisim::api {

/// The scenario as indented JSON text. name goes to its "name" key.
std::string writeRecordedScenario(const Recording &recording, std::string_view name);

/// How many steps writeRecordedScenario writes for recording (answered requests).
std::size_t recordedStepCount(const Recording &recording);

} /* namespace ctisim::api */
