/* SPDX-License-Identifier: MIT */
/*
 * The DesktopConfig keys of a sandbox configuration (docs/control-api.md).
 */
#pragma once

#include <optional>

#include <rapidjson/document.h>

#include "ctisim/api/desktop_config.h"
#include "ctisim/api/sandbox_config.h"

namespace ctisim::api {

/// Applies the keys "agentStates", "features", "userSettings" and "settingsGroups"
/// of the configuration object root to out; nothing changes on an error.
std::optional<SandboxConfigError> parseDesktopConfig(const rapidjson::Value &root, DesktopConfig &out);

} /* namespace ctisim::api */
