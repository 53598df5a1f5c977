/* SPDX-License-Identifier: MIT */
/*
 * The DirectoryConfig keys of a sandbox configuration (docs/control-api.md).
 */
#pragma once

#include <optional>

#include <rapidjson/document.h>

#include "ctisim/api/sandbox_config.h"

namespace ctisim::api {

/// Applies the keys "contacts" and "groups" of the configuration object root to
/// out.directory (a group's members must be users of out), then drops from the
/// default groups the users the configuration removed; nothing changes on an error.
std::optional<SandboxConfigError> parseDirectoryConfig(const rapidjson::Value &root, SandboxConfig &out);

} /* namespace ctisim::api */
