/* SPDX-License-Identifier: MIT */
/*
 * Sandbox: wires the simulated switch, the GWS resources, the CometD endpoint,
 * the control API and the HTTP server into one server.
 *
 * The switch and the GWS state form a "world" that lives on the core strand. A
 * reset builds a new world from the configuration and swaps it in; the old one
 * is destroyed on the core strand, where none of its tasks can be running (its
 * pending tasks hold weak references and then do nothing).
 */
#include "ctisim/app/sandbox.h"

#include <algorithm>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

#include "ctisim/api/bayeux_server.h"
#include "ctisim/api/control_api.h"
#include "ctisim/api/directory.h"
#include "ctisim/api/gws_api.h"
#include "ctisim/api/http_router.h"
#include "ctisim/api/http_server.h"
#include "ctisim/api/sandbox_config.h"
#include "ctisim/api/static_files.h"
#include "ctisim/api/traffic_recorder.h"
#include "ctisim/api/workspace_api.h"
#include "ctisim/app/server_process.h"
#include "ctisim/clock.h"
#include "ctisim/fault_injecting_backend.h"
#include "ctisim/journal_file.h"
#include "ctisim/json/parse.h"
#include "ctisim/json/path.h"
#include "ctisim/json/value.h"
#include "ctisim/link/asio_executor.h"
#include "ctisim/link/remote_backend.h"
#include "ctisim/log.h"
#include "ctisim/recording_backend.h"
#include "ctisim/sim/sim_backend.h"

namespace ctisim::app {

namespace net = boost::asio;
using namespace ctisim::api;
using namespace ctisim::link;

namespace {

/// The switch and the GWS state built from one configuration.
struct World {
	std::unique_ptr<Clock> ownedClock;
	/* ownedClock, or the shared switch's clock as this front end knows it. */
	const Clock *clock = nullptr;
	std::unique_ptr<sim::SimBackend> backend;
	std::unique_ptr<GwsApi> gws;
	/* The Workspace API v3, a second front end on the same switch link. */
	std::unique_ptr<WorkspaceApi> workspace;
	std::vector<std::string> userIds;
	/* The link between GWS and the switch, breakable through /sim/v1/faults. Only
	 * GWS is behind it: the control API's remote parties are on the switch's side. */
	std::unique_ptr<FaultInjectingBackend> faults;
	/* The journal and its recorder around the switch (null when the journal is off).
	 * GWS and the control API reach the switch through it, so the journal sees all
	 * they ask. A reset builds a new world: a new journal. */
	std::shared_ptr<Journal> journal;
	std::unique_ptr<RecordingBackend> recording;
	/* --backend: the shared switch's client, owned by the sandbox (it outlives worlds). */
	RemoteBackend *remote = nullptr;

	Backend &rawSwitch() const { return remote ? static_cast<Backend &>(*remote) : *backend; }
	SwitchControl &rawControl() const { return remote ? static_cast<SwitchControl &>(*remote) : *backend; }
	/* What GWS and the control API use: the recorder when the journal is on. */
	Backend &switchBackend() const { return recording ? static_cast<Backend &>(*recording) : rawSwitch(); }
	SwitchControl &switchControl() const
	{
		return recording ? static_cast<SwitchControl &>(*recording) : rawControl();
	}

	~World()
	{
		/* The front ends first: they are subscribed to the backend. */
		workspace.reset();
		gws.reset();
		faults.reset();	   /* subscribed to the switch (or its recorder) */
		recording.reset(); /* it is subscribed to the switch too */
		backend.reset();
	}
};

/// A scenario's setup for a sandbox configuration's JSON text (empty = the
/// default): the same keys, with the publicBaseUrl the recorded URIs carry.
std::string recordedSetup(const std::string &configJson, const std::string &baseUrl)
{
	rapidjson::Document doc;
	if (configJson.empty() || json::parseWithComments(configJson, doc) || !doc.IsObject())
		doc.SetObject();
	if (!doc.HasMember("publicBaseUrl"))
		doc.AddMember("publicBaseUrl", rapidjson::Value(baseUrl.c_str(), doc.GetAllocator()),
			      doc.GetAllocator());
	return json::write(doc);
}

HttpResponse serviceUnavailable()
{
	HttpResponse response;
	response.status = 503;
	response.body = R"({"statusCode":4,"statusMessage":"The sandbox is starting or resetting"})";
	return response;
}

/// The banner's word on who may use /sim/v1 (--control-access and the configuration's "control").
std::string controlReach(const ControlExposure &exposure, const std::optional<ControlAccess> &configured)
{
	if (exposure.open)
		return "every client (--control-access open)";
	std::string users;
	if (exposure.credentials)
		users = fmt::format("\"{}\" (--control-access)", exposure.credentials->user);
	if (configured)
		users += fmt::format("{}\"{}\" (the configuration)", users.empty() ? "" : " or ", configured->user);
	if (users.empty())
		return "loopback clients only (others: --control-access, docs/ci-fixture.md)";
	return fmt::format("loopback clients, and others as user {} with HTTP Basic", users);
}

} /* namespace */

struct Sandbox::Impl : HttpHandler {
	SandboxOptions options;
	SandboxConfig initialConfig;
	net::io_context io;
	/* Keeps the network threads running while idle; released by stop(). */
	net::executor_work_guard<net::io_context::executor_type> work{io.get_executor()};
	AsioExecutor core{io, threadCount() == 1};
	/* --backend: the link to the shared switch, for the whole run (worlds come and go). */
	std::unique_ptr<RemoteBackend> remote;
	std::unique_ptr<BayeuxServer> bayeux;
	std::unique_ptr<HttpServer> http;
	std::unique_ptr<ControlApi> control;
	/* --record: one file for the whole run; each world's journal writes to it. */
	std::shared_ptr<JournalFile> recordFile;
	std::unique_ptr<StaticFiles> console;
	/* recordTraffic: every world's GWS layer reports to it. */
	std::unique_ptr<TrafficRecorder> recorder;
	HttpRouter router;
	std::vector<std::thread> threads;
	std::string baseUrl;
	bool stopped = false;

	std::mutex worldMutex;
	std::shared_ptr<World> world;

	explicit Impl(SandboxOptions o) : options(std::move(o)), io(threadCount()) {}

	int threadCount() const
	{
		unsigned n = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
		return static_cast<int>(n == 0 ? 1 : n);
	}

	std::shared_ptr<World> currentWorld()
	{
		std::lock_guard lock(worldMutex);
		return world;
	}

	/* /sim/v1 goes to the control API once it exists (503 before). */
	struct ControlGate final : HttpHandler {
		explicit ControlGate(Impl &impl) : d(impl) {}
		void handle(HttpRequest request, HttpReply reply) override
		{
			ControlApi *api = nullptr;
			{
				std::lock_guard lock(d.worldMutex);
				api = d.control.get();
			}
			if (!api)
				return reply(serviceUnavailable());
			if (d.recorder && request.method() == "POST" && request.path() == "/sim/v1/reset") {
				/* The recording starts again from the configuration the sandbox now runs. */
				std::string setup = recordedSetup(
					request.body.empty() ? d.options.configJson : request.body, d.baseUrl);
				reply = [recorder = d.recorder.get(), setup = std::move(setup),
					 reply = std::move(reply)](HttpResponse response) {
					if (response.status == 200)
						recorder->restart(setup);
					reply(std::move(response));
				};
			}
			api->handle(std::move(request), std::move(reply));
		}
		Impl &d;
	};
	ControlGate controlGate{*this};

	/* /api/v2 goes to the current world's GWS resources. */
	void handle(HttpRequest request, HttpReply reply) override
	{
		std::shared_ptr<World> w = currentWorld();
		if (!w) {
			reply(serviceUnavailable());
			return;
		}
		w->gws->handle(std::move(request), std::move(reply));
	}

	/* /workspace/v3 and /auth/v3 go to the current world's Workspace API. */
	struct WorkspaceGate final : HttpHandler {
		explicit WorkspaceGate(Impl &impl) : d(impl) {}
		void handle(HttpRequest request, HttpReply reply) override
		{
			std::shared_ptr<World> w = d.currentWorld();
			if (!w)
				return reply(serviceUnavailable());
			w->workspace->handle(std::move(request), std::move(reply));
		}
		Impl &d;
	};
	WorkspaceGate workspaceGate{*this};

	/// Builds a world from config on the core strand; ready runs there once the
	/// GWS layer has loaded the switch's state.
	void buildWorld(SandboxConfig config, std::function<void(std::shared_ptr<World>, std::string)> ready)
	{
		core.post([this, config = std::move(config), ready = std::move(ready)]() mutable {
			std::shared_ptr<World> w;
			try {
				w = makeWorld(std::move(config));
			} catch (const std::exception &e) {
				ready(nullptr, e.what());
				return;
			}
			World *raw = w.get();
			raw->gws->start([w, ready]() { ready(w, {}); });
		});
	}

	std::shared_ptr<World> makeWorld(SandboxConfig config)
	{
		/* Destroy a world on the core strand only, never while one of its tasks runs. */
		std::shared_ptr<World> w(new World, [exec = &core](World *old) { exec->post([old] { delete old; }); });
		if (remote) {
			/* The shared switch owns time; its clock settings come from its own config. */
			w->clock = &remote->clock();
		} else if (config.virtualClock) {
			w->ownedClock = std::make_unique<VirtualClock>(config.clockStart);
			w->clock = w->ownedClock.get();
		} else {
			w->ownedClock = std::make_unique<RealClock>();
			w->clock = w->ownedClock.get();
			config.applyCallAges(w->clock->now());
		}
		Directory directory = makeDirectory(config.users, config.switchConfig.seed);
		Directory workspaceDirectory = directory;
		for (const DirectoryUser &user : directory.users())
			w->userIds.push_back(user.id);
		GwsConfig gwsConfig;
		gwsConfig.publicBaseUrl = config.publicBaseUrl.empty() ? baseUrl : config.publicBaseUrl;
		gwsConfig.csrfEnabled = config.csrf;
		gwsConfig.desktop = config.desktop;
		gwsConfig.targets = makeTargetContacts(config.switchConfig.dns, config.directory.contacts,
						       config.switchConfig.seed, config.directory.queueContactIds);
		gwsConfig.groups = resolveGroups(config.directory.groups, directory, config.switchConfig.seed);
		gwsConfig.ucsContacts = withUcsIds(config.directory.ucsContacts, config.switchConfig.seed);
		gwsConfig.queues = queueNumbers(config.switchConfig);
		gwsConfig.sessionRoute = options.sessionRoute;
		gwsConfig.trafficObserver = recorder.get();
		if (remote)
			w->remote = remote.get();
		else
			w->backend = std::make_unique<sim::SimBackend>(config.switchConfig, *w->ownedClock, core);
		if (options.journalEntries > 0 || recordFile) {
			w->journal = std::make_shared<Journal>(options.journalEntries);
			if (recordFile)
				w->journal->setListener(
					[file = recordFile](const JournalEntry &entry) { file->write(entry); });
			w->recording = std::make_unique<RecordingBackend>(w->rawSwitch(), &w->rawControl(), *w->clock,
									  w->journal);
		}
		/* On its own virtual clock, fault delays are virtual time too (the shared switch's
		 * clock is not this front end's to move: real time there). */
		SwitchControl *clockControl = !remote && config.virtualClock ? &w->switchControl() : nullptr;
		w->faults = std::make_unique<FaultInjectingBackend>(w->switchBackend(), core, *w->clock, clockControl);
		WorkspaceConfig workspaceConfig;
		workspaceConfig.auth = config.workspace;
		workspaceConfig.publicBaseUrl = gwsConfig.publicBaseUrl;
		workspaceConfig.desktop = gwsConfig.desktop;
		workspaceConfig.targets = gwsConfig.targets;
		for (const DnConfig &dn : config.switchConfig.dns) {
			if (dn.type == DnType::RoutingPoint)
				workspaceConfig.routingPoints.push_back(dn.number);
		}
		workspaceConfig.trafficObserver = recorder.get();
		w->gws = std::make_unique<GwsApi>(*w->faults, core, *w->clock, std::move(directory), gwsConfig, *bayeux,
						  bayeux.get());
		/* Behind the same fault injector as GWS: a broken link breaks both front ends. */
		w->workspace =
			std::make_unique<WorkspaceApi>(*w->faults, core, *w->clock, std::move(workspaceDirectory),
						       std::move(workspaceConfig), *bayeux, *bayeux);
		w->workspace->start();
		return w;
	}

	/// Links to the shared switch before anything is built on it: runs the
	/// io_context on this thread (the network threads do not run yet) until the
	/// handshake is done or the timeout passes.
	void connectSwitch()
	{
		RemoteBackendConfig config = options.remote;
		std::string error;
		if (!parseSwitchAddress(options.backendUrl, config.host, config.port, error))
			throw std::runtime_error("--backend: " + error);
		remote = std::make_unique<RemoteBackend>(io, core, config);
		remote->start();
		auto deadline = std::chrono::steady_clock::now() + options.connectTimeout;
		/* Connected means synchronized: subscriptions in place, the switch's clock known. */
		/* A refusal (a wrong link token, another protocol version) will not change: fail at once. */
		auto refused = [&] { return remote->lastError().rfind("refused: ", 0) == 0; };
		while (!remote->connected() && !refused() && std::chrono::steady_clock::now() < deadline)
			io.run_for(std::chrono::milliseconds(20));
		if (refused())
			throw std::runtime_error(fmt::format("the switch at {} refused this front end: {}",
							     options.backendUrl, remote->lastError().substr(9)));
		if (!remote->connected())
			throw std::runtime_error(fmt::format("cannot reach the switch at {} within {} ms: {}",
							     options.backendUrl, options.connectTimeout.count(),
							     remote->lastError()));
		log::info("sandbox", "using the shared switch at {}", options.backendUrl);
	}

	/// The configuration's CORS policy, with --cors-origins, and this sandbox's own origin when on.
	CorsPolicy corsPolicy(const SandboxConfig &config) const
	{
		CorsPolicy policy = config.cors;
		if (options.corsOrigins)
			policy.allowedOrigins = *options.corsOrigins;
		if (policy.enabled()) {
			policy.allowedOrigins.push_back(originOf(baseUrl));
			if (!config.publicBaseUrl.empty())
				policy.allowedOrigins.push_back(originOf(config.publicBaseUrl));
		}
		return policy;
	}

	/// Swaps in a new world; the old one's users lose their CometD sessions.
	void install(std::shared_ptr<World> next, const SandboxConfig &config)
	{
		router.setCorsPolicy(corsPolicy(config));
		std::shared_ptr<World> old;
		{
			std::lock_guard lock(worldMutex);
			old = std::exchange(world, next);
		}
		control->rebind(next->switchBackend(), next->switchControl(), core, config.controlAccess);
		control->bindJournal(next->journal);
		control->bindFaults(next->faults.get());
		if (old) {
			for (const std::string &userId : old->userIds)
				bayeux->dropSessionsOf(userId);
		}
	}

	void reset(std::optional<SandboxConfig> requested, ControlApi::ResetDone done, bool switchReset = false)
	{
		if (remote && !switchReset) {
			/* The shared switch first (nullopt: the configuration it started with), then
			 * this front end's GWS state. Other front ends keep their sessions. */
			ctl::Reset resetSwitch;
			if (requested)
				resetSwitch.config = requested->switchConfig;
			remote->control(resetSwitch,
					[this, requested = std::move(requested), done](ControlResult r) mutable {
						if (!r.ok())
							done("the switch refused the reset: " + r.errorMessage);
						else
							reset(std::move(requested), std::move(done), true);
					});
			return;
		}
		SandboxConfig config = requested ? std::move(*requested) : initialConfig;
		SandboxConfig kept = config;
		buildWorld(std::move(config), [this, kept, done](std::shared_ptr<World> next, std::string error) {
			if (!next) {
				done(std::move(error));
				return;
			}
			install(std::move(next), kept);
			log::info("sandbox", "reset done");
			done({});
		});
	}
};

Sandbox::Sandbox(SandboxOptions options) : impl_(std::make_unique<Impl>(std::move(options)))
{
}

Sandbox::~Sandbox()
{
	stop();
}

void Sandbox::start()
{
	Impl &d = *impl_;
	if (auto error = parseSandboxConfig(d.options.configJson, d.initialConfig))
		throw std::runtime_error("configuration: " + error->str());

	d.bayeux = std::make_unique<BayeuxServer>(d.io, d.options.bayeux);
	/* Routes first: a client may connect as soon as the port is bound, and the
	 * router is not guarded by a lock (it must not change while serving). */
	d.router.mount("*", "/api/v2/*", d, HttpRouter::Cors::On);
	d.router.mount("*", "/internal-api/*", d, HttpRouter::Cors::On);
	d.router.mount("*", "/api/v1/*", d, HttpRouter::Cors::On); /* the Statistics API */
	d.router.mount("*", "/workspace/v3/*", d.workspaceGate, HttpRouter::Cors::On);
	d.router.mount("*", "/auth/v3/*", d.workspaceGate, HttpRouter::Cors::On);
	d.router.mount("*", "/sim/v1/*", d.controlGate);
	/* The web console, when its files are found (build tree or installed). */
	if (std::string dir = findConsoleDir(nullptr); !dir.empty()) {
		d.console = std::make_unique<StaticFiles>(dir);
		d.router.mount("GET", "/*", *d.console);
		d.router.mount("HEAD", "/*", *d.console);
	}
	/* Every connection on the core strand: a request runs from its socket through the
	 * front end and the switch and back without a hop (docs/architecture.md, "Threads"). */
	d.http = std::make_unique<HttpServer>(d.io, d.options.http, d.router, d.core.strand());
	if (auto ec = d.http->start())
		throw std::runtime_error(fmt::format("cannot listen on {}:{}: {}", d.options.http.address,
						     d.options.http.port, ec.message()));
	d.baseUrl = listeningUrl(d.options.http.address, d.http->port());
	d.router.setCorsPolicy(d.corsPolicy(d.initialConfig));

	if (d.options.recordTraffic)
		d.recorder = std::make_unique<TrafficRecorder>(recordedSetup(d.options.configJson, d.baseUrl));
	if (!d.options.record.path.empty())
		d.recordFile = std::make_shared<JournalFile>(d.options.record);
	/* The control API starts bound to a placeholder-free world: build it first. */
	if (!d.options.backendUrl.empty())
		d.connectSwitch();
	std::promise<std::string> built;
	SandboxConfig first = d.initialConfig;
	d.buildWorld(first, [&d, &built, first](std::shared_ptr<World> w, std::string error) {
		if (w) {
			std::lock_guard lock(d.worldMutex);
			d.world = std::move(w);
		}
		built.set_value(std::move(error));
	});
	for (int i = 0; i < d.threadCount(); ++i)
		d.threads.emplace_back([&d] {
			d.io.run();
			log::debug("sandbox", "network thread done");
		});
	std::string error = built.get_future().get();
	if (!error.empty()) {
		stop();
		throw std::runtime_error("configuration: " + error);
	}
	std::shared_ptr<World> w = d.currentWorld();
	auto control = std::make_unique<ControlApi>(
		w->switchBackend(), w->switchControl(), d.core,
		[&d](std::optional<SandboxConfig> config, ControlApi::ResetDone done) {
			d.reset(std::move(config), std::move(done));
		},
		d.initialConfig.controlAccess, d.options.control);
	control->bindJournal(w->journal);
	control->bindFaults(w->faults.get());
	std::lock_guard lock(d.worldMutex);
	d.control = std::move(control);
}

std::uint16_t Sandbox::port() const
{
	return impl_->http ? impl_->http->port() : 0;
}

std::string Sandbox::url() const
{
	return impl_->baseUrl;
}

void Sandbox::printBanner(std::FILE *out) const
{
	const std::string &url = impl_->baseUrl;
	fmt::print(out, "ctisim 0.1.0 listening on {}\n", url);
	fmt::print(out, "  GWS v2 API   {}/api/v2\n", url);
	fmt::print(out, "  CometD       {}/api/v2/notifications  (subscribe to /v2/me/*)\n", url);
	fmt::print(out, "  Workspace v3 {}/workspace/v3  (OAuth {}/auth/v3, client \"{}\")\n", url, url,
		   impl_->initialConfig.workspace.clientId);
	if (impl_->console)
		fmt::print(out, "  console      {}/\n", url);
	fmt::print(out, "  control API  {}/sim/v1  (ready when {}/sim/v1/health answers)\n", url, url);
	fmt::print(out, "  control for  {}\n",
		   controlReach(impl_->options.control, impl_->initialConfig.controlAccess));
	/* The users of the configuration it started with (the bench and CI fixtures bring their own). */
	const std::vector<UserConfig> &users = impl_->initialConfig.users;
	if (users.empty()) {
		fmt::print(out, "  users        none configured\n");
		return;
	}
	bool onePassword = std::all_of(users.begin(), users.end(),
				       [&](const UserConfig &u) { return u.password == users.front().password; });
	std::string who = users.size() == 1 ? users.front().userName
					    : fmt::format("{} .. {} ({} users)", users.front().userName,
							  users.back().userName, users.size());
	if (onePassword)
		fmt::print(out, "  users        {}, password \"{}\"\n", who, users.front().password);
	else
		fmt::print(out, "  users        {}, passwords from the configuration\n", who);
	fmt::print(out, "  try          curl -u {}:{} {}/api/v2/me\n", users.front().userName, users.front().password,
		   url);
}

void Sandbox::stop()
{
	Impl &d = *impl_;
	if (d.stopped)
		return;
	d.stopped = true;
	if (d.remote)
		d.remote->stop();
	if (d.bayeux)
		d.bayeux->shutdown();
	if (d.control)
		d.control->bindJournal(nullptr); /* answers the held journal waits */
	if (d.http && !d.threads.empty()) {
		std::promise<void> closed;
		d.http->stop([&closed] { closed.set_value(); });
		if (closed.get_future().wait_for(std::chrono::seconds(5)) != std::future_status::ready)
			log::warn("sandbox", "the HTTP server did not stop within 5 s");
	}
	{
		std::lock_guard lock(d.worldMutex);
		d.world.reset(); /* deleted on the core strand, which still runs */
	}
	std::promise<void> drained;
	d.core.post([&drained] { drained.set_value(); });
	if (!d.threads.empty())
		if (drained.get_future().wait_for(std::chrono::seconds(5)) != std::future_status::ready)
			log::warn("sandbox", "the core did not drain within 5 s");
	d.work.reset();
	d.io.stop();
	for (std::thread &t : d.threads)
		t.join();
	d.threads.clear();
}

Recording Sandbox::recording() const
{
	return impl_->recorder ? impl_->recorder->snapshot() : Recording{};
}

void Sandbox::waitForShutdownSignal()
{
	app::waitForShutdownSignal(impl_->io, "sandbox");
}

} /* namespace ctisim::app */
