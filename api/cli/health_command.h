/* SPDX-License-Identifier: MIT */
/*
 * `ctisim health`: asks a running sandbox whether it is healthy. The container
 * image's HEALTHCHECK runs it, since its base has no curl or wget.
 */
#pragma once

namespace ctisim::cli {

/// argv[0] is "health". Exit code 0 when GET URL/sim/v1/health answers 200.
int healthMain(int argc, char **argv);

} /* namespace ctisim::cli */
