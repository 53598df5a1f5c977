/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the scenario file parser (lib/include/ctisim/scenario/). A
 * scenario that parses is then used the way the replayer uses it: every
 * expected body and notification list is matched against itself (placeholders,
 * regexes, captures) and every request path gets its ${captures} substituted.
 */
#include <cstdint>
#include <string>
#include <string_view>

#include "ctisim/scenario/json_matcher.h"
#include "ctisim/scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
	using namespace ctisim::scenario;
	std::string_view text(reinterpret_cast<const char *>(data), size);
	Scenario scenario;
	if (parseScenario("fuzz.json", text, scenario))
		return 0;
	Captures captures;
	for (const Step &step : scenario.steps) {
		if (step.body)
			(void)matchJson(*step.body, *step.body, captures);
		for (const NotificationExpectation &n : step.notifications) {
			if (n.messages)
				(void)matchJson(*n.messages, *n.messages, captures);
		}
		std::string error;
		(void)substituteText(step.call.path, captures, error);
		if (step.call.body) {
			rapidjson::Document out;
			(void)substituteJson(*step.call.body, out, out.GetAllocator(), captures, error);
		}
	}
	return 0;
}
