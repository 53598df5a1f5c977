/* SPDX-License-Identifier: MIT */
/*
 * Atomic file writing for the files a command leaves behind (`ctisim record
 * --out`): a reader never sees half a file, and a path that cannot be written
 * is found before the work starts, not at its end.
 */
#pragma once

#include <optional>
#include <string>

namespace ctisim::app {

/// Why path cannot be written (its directory missing or not writable, or path
/// itself a directory), or
/// nullopt when it can. Creates and removes a temporary file next to it.
std::optional<std::string> checkWritable(const std::string &path);

/// Writes text to a temporary file next to path, then renames it over path.
/// Throws std::runtime_error with the reason when it cannot.
void writeFileAtomically(const std::string &path, const std::string &text);

} /* namespace ctisim::app */
