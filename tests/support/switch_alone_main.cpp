/* SPDX-License-Identifier: MIT */
/*
 * `ctisim switch` (cli/switch.cpp) linked with lib, sim, link, the
 * configuration parser and the flags parser only: this program links only
 * while the switch needs nothing of the HTTP front end (api/) or of app/.
 */
#include "commands.h"

int main(int argc, char **argv)
{
	return ctisim::cli::switchMain(argc, argv);
}
