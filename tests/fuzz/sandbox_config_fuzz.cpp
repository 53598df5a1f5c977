/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the sandbox configuration parser (api/src/control/sandbox_config.cpp),
 * the JSON of --config, /sim/v1/reset and a scenario's setup. A configuration
 * that parses must also build what the sandbox builds from it: the directory
 * and the simulated switch, which may refuse it only with std::invalid_argument
 * (the sandbox reports that as a configuration error).
 */
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "ctisim/api/directory.h"
#include "ctisim/api/sandbox_config.h"
#include "ctisim/clock.h"
#include "ctisim/sim/sim_backend.h"
#include "manual_executor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
	using namespace ctisim;
	api::SandboxConfig config;
	if (api::parseSandboxConfig(std::string_view(reinterpret_cast<const char *>(data), size), config))
		return 0;
	config.applyCallAges(config.clockStart);
	try {
		(void)api::makeDirectory(config.users, config.switchConfig.seed);
	} catch (const std::invalid_argument &) {
		return 0;
	}
	VirtualClock clock(config.clockStart);
	test::ManualExecutor core;
	try {
		sim::SimBackend backend(config.switchConfig, clock, core);
		core.runAll();
	} catch (const std::invalid_argument &) {
		/* The sandbox answers these as a configuration error too. */
	}
	core.fireDelayed();
	return 0;
}
