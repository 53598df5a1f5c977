/* SPDX-License-Identifier: MIT */
/*
 * ProxyServer: `ctisim record --upstream` wired together: the HTTP server
 * (listening like `ctisim serve`), the RecordingProxy it hands /api/v2 to, the
 * upstream client and the recorder, on a pool of network threads.
 */
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>

#include "ctisim/api/http_server.h"
#include "ctisim/api/recording_proxy.h"
#include "ctisim/api/traffic_recorder.h"
#include "ctisim/api/upstream_client.h"

namespace ctisim::app {

struct ProxyOptions {
	api::HttpServerConfig http;
	unsigned threads = 2;
	api::UpstreamConfig upstream;
	api::RecordingProxyConfig proxy;
	/// Bodies (requests, responses, notifications) kept in the recording.
	std::size_t maxRecordBytes = 64 << 20;
};

class ProxyServer
{
public:
	explicit ProxyServer(ProxyOptions options);
	~ProxyServer();

	/// Binds and starts relaying; throws std::runtime_error when it cannot.
	void start();
	/// Waits for the in-flight exchanges a little, then closes everything.
	void stop();
	std::string url() const;
	void printBanner(std::FILE *out) const;
	void waitForShutdownSignal();

	api::Recording recording() const;
	/// Exchanges and notifications the recording left out (its byte limit).
	std::size_t dropped() const;

private:
	struct Impl;
	std::unique_ptr<Impl> impl_;
};

} /* namespace ctisim::app */
