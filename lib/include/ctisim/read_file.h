/* SPDX-License-Identifier: MIT */
/*
 * A whole file's bytes: configurations, scenarios, the console's files.
 */
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace ctisim {

/// The file's content, or nullopt when it cannot be opened or read.
std::optional<std::string> readFile(const std::filesystem::path &path);

} /* namespace ctisim */
