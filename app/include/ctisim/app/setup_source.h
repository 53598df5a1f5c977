/* SPDX-License-Identifier: MIT */
/*
 * How sure the fidelity report is of a difference: the part of the setup it
 * follows from, and whether the replay's value for it was inferred from the
 * recording, configured, defaulted, or could not be inferred
 * (docs/recording.md, "How sure the report is").
 */
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ctisim/app/fidelity_diff.h"
#include "ctisim/scenario/scenario.h"

namespace ctisim::app {

inline constexpr std::string_view setupSourceNotInferred = "not inferred";

/// The setup topic d follows from ("users.NAME.roles", "features", "agentStates",
/// "settingsGroups.NAME", "userSettings", "agents.DN", "dns", "calls", "users.NAME";
/// "notifications.NAME" for NAME's notifications before its first request), or "".
std::string setupTopic(const Difference &d, const scenario::Step &step, const scenario::Scenario &s);
/// "inferred", "configured", "defaulted", "not inferred"; "" for no topic.
std::string_view setupSource(const scenario::Scenario &s, std::string_view topic);
/// Sets setupTopic and setupSource of every difference (d.step indexes s.steps).
void attributeSetup(std::vector<Difference> &differences, const scenario::Scenario &s);

} /* namespace ctisim::app */
