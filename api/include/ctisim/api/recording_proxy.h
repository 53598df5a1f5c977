/* SPDX-License-Identifier: MIT */
/*
 * RecordingProxy: the HttpHandler of `ctisim record --upstream`. Forwards
 * every /api/v2 request (REST and CometD) to the upstream GWS and relays the
 * answer, with the upstream's address rewritten to the proxy's own in URIs,
 * Location and cookies (and back in request bodies and headers). Answers
 * everything else itself: the control API (/sim/v1) is never forwarded.
 * When the upstream cannot be reached the client gets GWS's HTTP 503
 * statusCode 4, and the recording goes on.
 */
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

#include "ctisim/api/http_exchange.h"
#include "ctisim/api/proxy_recorder.h"
#include "ctisim/api/upstream_client.h"

namespace ctisim::api {

struct RecordingProxyConfig {
	/// Requests forwarded at once (long polls included); more get HTTP 503.
	std::size_t maxInFlight = 256;
};

class RecordingProxy final : public HttpHandler
{
public:
	/// publicBaseUrl: "http://127.0.0.1:8080", what clients call the proxy.
	RecordingProxy(UpstreamClient &upstream, ProxyRecorder &recorder, std::string publicBaseUrl,
		       RecordingProxyConfig config);

	void handle(HttpRequest request, HttpReply reply) override;

	/// Requests still waiting for the upstream.
	std::size_t inFlight() const { return inFlight_.load(); }

private:
	HttpRequest toUpstream(const HttpRequest &request) const;
	HttpResponse fromUpstream(HttpResponse response) const;

	UpstreamClient &upstream_;
	ProxyRecorder &recorder_;
	std::string publicBaseUrl_;
	std::string upstreamBase_;	   ///< "https://gws.lab" as the upstream writes itself
	std::string upstreamBaseWithPort_; ///< the same with the port written out
	RecordingProxyConfig config_;
	std::atomic<std::size_t> inFlight_{0};
};

} /* namespace ctisim::api */
