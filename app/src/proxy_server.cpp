/* SPDX-License-Identifier: MIT */
/*
 * ProxyServer: the proxy's handler is made once the port is bound (the
 * recorded URIs need the proxy's address); until then requests get 503.
 */
#include "ctisim/app/proxy_server.h"

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

#include "ctisim/app/server_process.h"
#include "ctisim/log.h"

namespace ctisim::app {

namespace net = boost::asio;

struct ProxyServer::Impl final : api::HttpHandler {
	ProxyOptions options;
	net::io_context io;
	net::executor_work_guard<net::io_context::executor_type> work{io.get_executor()};
	std::unique_ptr<api::UpstreamClient> upstream;
	std::unique_ptr<api::HttpServer> http;
	std::unique_ptr<api::ProxyRecorder> recorder;
	std::unique_ptr<api::RecordingProxy> proxy;
	std::atomic<api::RecordingProxy *> ready{nullptr};
	std::vector<std::thread> threads;
	std::string baseUrl;
	bool stopped = false;

	explicit Impl(ProxyOptions o) : options(std::move(o)) {}

	void handle(api::HttpRequest request, api::HttpReply reply) override
	{
		if (api::RecordingProxy *p = ready.load())
			return p->handle(std::move(request), std::move(reply));
		api::HttpResponse starting;
		starting.status = 503;
		starting.body = R"({"statusCode":4,"statusMessage":"The proxy is starting"})";
		reply(std::move(starting));
	}
};

ProxyServer::ProxyServer(ProxyOptions options) : impl_(std::make_unique<Impl>(std::move(options)))
{
}

ProxyServer::~ProxyServer()
{
	stop();
}

void ProxyServer::start()
{
	Impl &d = *impl_;
	d.upstream = std::make_unique<api::UpstreamClient>(d.io, d.options.upstream);
	d.http = std::make_unique<api::HttpServer>(d.io, d.options.http, d);
	if (auto ec = d.http->start())
		throw std::runtime_error(fmt::format("cannot listen on {}:{}: {}", d.options.http.address,
						     d.options.http.port, ec.message()));
	d.baseUrl = listeningUrl(d.options.http.address, d.http->port());
	d.recorder = std::make_unique<api::ProxyRecorder>(d.baseUrl, d.options.maxRecordBytes);
	d.proxy = std::make_unique<api::RecordingProxy>(*d.upstream, *d.recorder, d.baseUrl, d.options.proxy);
	d.ready = d.proxy.get();
	for (unsigned i = 0; i < std::max(1u, d.options.threads); ++i)
		d.threads.emplace_back([&d] { d.io.run(); });
}

void ProxyServer::stop()
{
	Impl &d = *impl_;
	if (d.stopped || d.threads.empty())
		return;
	d.stopped = true;
	/* Long polls wait on the upstream; they are cut, not waited for. */
	std::promise<void> closed;
	d.http->stop([&closed] { closed.set_value(); });
	if (closed.get_future().wait_for(std::chrono::seconds(2)) != std::future_status::ready)
		log::info("record", "{} exchanges still waiting for the upstream are cut", d.proxy->inFlight());
	d.work.reset();
	d.io.stop();
	for (std::thread &t : d.threads)
		t.join();
	d.threads.clear();
}

std::string ProxyServer::url() const
{
	return impl_->baseUrl;
}

void ProxyServer::printBanner(std::FILE *out) const
{
	const Impl &d = *impl_;
	fmt::print(out, "ctisim 0.1.0 recording proxy listening on {}\n", d.baseUrl);
	fmt::print(out, "  GWS v2 API   {}/api/v2  -> {}/api/v2 (and /api/v1, /internal-api)\n", d.baseUrl,
		   d.options.upstream.url.str());
	fmt::print(out, "  CometD       {}/api/v2/notifications (forwarded too)\n", d.baseUrl);
	if (d.options.upstream.url.tls)
		fmt::print(out, "  TLS          {}\n",
			   d.options.upstream.insecure ? "the upstream's certificate is NOT verified"
			   : d.options.upstream.caFile.empty()
				   ? "verified against the system's CAs"
				   : fmt::format("verified against {}", d.options.upstream.caFile));
	fmt::print(out, "  control API  not forwarded (/sim/v1 answers 404)\n");
}

void ProxyServer::waitForShutdownSignal()
{
	app::waitForShutdownSignal(impl_->io, "record");
}

api::Recording ProxyServer::recording() const
{
	return impl_->recorder ? impl_->recorder->recording() : api::Recording{};
}

std::size_t ProxyServer::dropped() const
{
	return impl_->recorder ? impl_->recorder->dropped() : 0;
}

} /* namespace ctisim::app */
