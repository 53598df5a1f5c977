/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the GWS resources and operations without HTTP. Each input is a
 * sequence of requests ("METHOD /api/v2/...\n<body>", also /internal-api/..., separated by "---"
 * lines) sent as agent15000 to a GwsApi over a fresh simulated switch (see
 * fuzz_world.h), so operationName dispatch, RequestBody's parameter checks and
 * the backend requests they lead to all see the bytes. Every request must be
 * answered once, and with valid JSON.
 */
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <rapidjson/document.h>

#include "ctisim/api/directory.h"
#include "ctisim/api/gws_api.h"
#include "ctisim/clock.h"
#include "ctisim/sim/sim_backend.h"
#include "fuzz_input.h"
#include "fuzz_world.h"

namespace {

using namespace ctisim;

[[noreturn]] void fail(const char *what, const api::HttpRequest &request)
{
	std::fprintf(stderr, "gws_request_fuzz: %s: %s %s\n", what, std::string(request.method()).c_str(),
		     std::string(request.target()).c_str());
	std::abort();
}

void run(const std::uint8_t *data, std::size_t size)
{
	const api::SandboxConfig &config = fuzz::worldConfig();
	fuzz::Runtime rt(config);
	test::ManualExecutor &core = rt.core;
	{
		sim::SimBackend backend(config.switchConfig, rt.clock, core);
		api::Directory directory = api::makeDirectory(config.users, config.switchConfig.seed);
		api::GwsConfig gwsConfig;
		gwsConfig.targets = api::makeTargetContacts(config.switchConfig.dns, config.directory.contacts,
							    config.switchConfig.seed, config.directory.queueContactIds);
		gwsConfig.groups = api::resolveGroups(config.directory.groups, directory, config.switchConfig.seed);
		gwsConfig.ucsContacts = api::withUcsIds(config.directory.ucsContacts, config.switchConfig.seed);
		gwsConfig.queues = api::queueNumbers(config.switchConfig); /* the Statistics API's queues */
		/* Off by default; on here so that the fuzzer reaches the Platform Configuration API past its gate. */
		gwsConfig.desktop.features.push_back(api::knownFeature("api-platform-configuration-read"));
		api::GwsApi gws(backend, core, rt.clock, std::move(directory), std::move(gwsConfig), rt.notifier,
				&rt.bayeux);
		gws.start([] {});
		core.runAll();
		for (std::string_view part : fuzz::splitParts(data, size)) {
			fuzz::RequestLine line = fuzz::splitRequest(part);
			api::HttpRequest request;
			request.setMethod(line.method);
			request.setTarget(line.target);
			request.body = line.body;
			request.addHeader("Authorization", fuzz::agentAuthorization);
			fuzz::Answers answers = fuzz::answer(gws, core, request);
			if (answers.count != 1)
				fail(answers.count == 0 ? "no answer" : "answered twice", request);
			const api::HttpResponse &response = answers.response;
			rapidjson::Document doc;
			doc.Parse(response.body.data(), response.body.size());
			if (doc.HasParseError())
				fail("response is not JSON", request);
		}
	}
	/* Tasks left behind hold weak references: they must do nothing now. */
	core.fireDelayed();
}

} /* namespace */

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
	run(data, size);
	return 0;
}
