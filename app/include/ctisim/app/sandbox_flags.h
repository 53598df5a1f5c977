/* SPDX-License-Identifier: MIT */
/*
 * The flags of `ctisim serve` and `ctisim record`: each one fills a field of
 * SandboxOptions, and its default in --help is that field's default.
 */
#pragma once

#include "ctisim/app/command_line.h"
#include "ctisim/app/sandbox.h"

namespace ctisim::app {

/// Declares the sandbox's flags on cmd, with SandboxOptions{}'s values as defaults.
void addSandboxFlags(CommandLine &cmd);

/// The SandboxOptions of a parsed cmd (log options applied); throws
/// std::runtime_error naming the flag when a value is not valid.
SandboxOptions readSandboxFlags(const CommandLine &cmd);

} /* namespace ctisim::app */
