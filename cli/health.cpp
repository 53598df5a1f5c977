/* SPDX-License-Identifier: MIT */
/*
 * `ctisim health [--url URL]`: one GET of /sim/v1/health, exit code 0 on 200.
 */
#include "commands.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "ctisim/app/command_line.h"
#include "ctisim/client/sync_client.h"

namespace ctisim::cli {

int healthMain(int argc, char **argv)
{
	app::CommandLine cmd(
		"ctisim health [FLAGS]",
		"Asks a running sandbox GET /sim/v1/health; exit code 0 when it answers 200, 1 otherwise.\n"
		"The container image's HEALTHCHECK.");
	/* In the image the sandbox's port may come from CTISIM_PORT: so does the check's. */
	const char *port = std::getenv("CTISIM_PORT");
	cmd.addOption("url", "URL",
		      fmt::format("http://127.0.0.1:{}", port != nullptr && *port != '\0' ? port : "8080"),
		      "base URL of the sandbox");
	cmd.addOption("timeout-ms", "MS", "2000", "give up after this long");
	cmd.useEnvironment("CTISIM_HEALTH_");
	if (auto exit = cmd.parseOrExit(argc, argv, 1, "ctisim health"))
		return *exit;
	std::string error;
	std::optional<client::Url> base = client::Url::parse(cmd.value("url"), error);
	if (base && base->tls)
		error = "https is not supported by ctisim health; use the sandbox's http:// address";
	if (!base || base->tls) {
		std::fprintf(stderr, "ctisim health: --url: %s\n", error.c_str());
		return 2;
	}
	long timeoutMs = std::strtol(cmd.value("timeout-ms").c_str(), nullptr, 10);
	if (timeoutMs <= 0) {
		std::fprintf(stderr, "ctisim health: --timeout-ms must be a positive number of ms\n");
		return 2;
	}
	client::SyncGwsClient client(*base, std::chrono::milliseconds(timeoutMs));
	client::HttpResult result = client.request("GET", "/sim/v1/health", "");
	if (result.status != 200) {
		std::fprintf(stderr, "ctisim health: %s/sim/v1/health: %s\n", base->strWithPort().c_str(),
			     result.status == 0 ? result.error.c_str()
						: ("HTTP " + std::to_string(result.status)).c_str());
		return 1;
	}
	std::fprintf(stdout, "%s\n", result.body.c_str());
	return 0;
}

} /* namespace ctisim::cli */
