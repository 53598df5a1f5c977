/* SPDX-License-Identifier: MIT */
/*
 * RecordingProxy: relays /api/v2 (and /api/v1, /internal-api) to the upstream, rewriting the addresses
 * both ways as plain text (bodies carry absolute URIs), and tells the
 * ProxyRecorder what the client sent and received.
 */
#include "ctisim/api/recording_proxy.h"

#include <fmt/format.h>

#include "ctisim/client/http_text.h"
#include "ctisim/log.h"
#include "rest/rest_error.h"

namespace ctisim::api {

namespace {

void replaceAll(std::string &text, std::string_view from, std::string_view to)
{
	if (from.empty() || from == to)
		return;
	for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
		text.replace(at, from.size(), to);
}

bool under(std::string_view path, std::string_view prefix)
{
	return path.substr(0, prefix.size()) == prefix && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

/// A Set-Cookie for the client: no Domain (it names the upstream), no Secure
/// when the client talks plain HTTP to the proxy, the upstream's base path dropped.
std::string clientCookie(std::string_view cookie, std::string_view basePath, bool plainClient)
{
	std::string out;
	std::size_t start = 0;
	while (start <= cookie.size()) {
		std::size_t end = cookie.find(';', start);
		if (end == std::string_view::npos)
			end = cookie.size();
		std::string_view part = cookie.substr(start, end - start);
		std::string_view trimmed = part.substr(std::min(part.find_first_not_of(' '), part.size()));
		std::string_view attribute = client::trim(trimmed.substr(0, trimmed.find('=')));
		if (start > 0 &&
		    (client::iequals(attribute, "domain") || (client::iequals(attribute, "secure") && plainClient))) {
			start = end + 1;
			continue;
		}
		std::string kept(part);
		if (start > 0 && client::iequals(attribute, "path") && !basePath.empty()) {
			std::string_view value = trimmed.substr(trimmed.find('=') + 1);
			if (value.substr(0, basePath.size()) == basePath)
				value.remove_prefix(basePath.size());
			kept = fmt::format(" Path={}", value.empty() ? "/" : value);
		}
		out += (out.empty() ? "" : ";") + kept;
		start = end + 1;
	}
	return out;
}

HttpResponse unavailable(std::string_view why)
{
	return rest::errorResponse(503, rest::status::Internal,
				   fmt::format("The upstream GWS is unavailable: {}", why));
}

} /* namespace */

RecordingProxy::RecordingProxy(UpstreamClient &upstream, ProxyRecorder &recorder, std::string publicBaseUrl,
			       RecordingProxyConfig config)
    : upstream_(upstream), recorder_(recorder), publicBaseUrl_(std::move(publicBaseUrl)),
      upstreamBase_(upstream.config().url.str()), upstreamBaseWithPort_(upstream.config().url.strWithPort()),
      config_(config)
{
}

HttpRequest RecordingProxy::toUpstream(const HttpRequest &request) const
{
	HttpRequest out(request.method(), upstream_.config().url.basePath + std::string(request.target()));
	out.body = request.body;
	replaceAll(out.body, publicBaseUrl_, upstreamBase_);
	for (const auto &[name, value] : request.headers()) {
		/* The proxy reads bodies as text: no compressed answers. */
		if (equalsIgnoreCase(name, "Accept-Encoding"))
			continue;
		std::string v(value);
		if (equalsIgnoreCase(name, "Origin") || equalsIgnoreCase(name, "Referer"))
			replaceAll(v, publicBaseUrl_, upstreamBase_);
		out.addHeader(name, v);
	}
	return out;
}

HttpResponse RecordingProxy::fromUpstream(HttpResponse response) const
{
	const client::Url &url = upstream_.config().url;
	replaceAll(response.body, upstreamBaseWithPort_, publicBaseUrl_);
	replaceAll(response.body, upstreamBase_, publicBaseUrl_);
	/* The proxy's server writes its own Server header; one is enough. */
	std::erase_if(response.headers, [](const auto &header) { return equalsIgnoreCase(header.first, "Server"); });
	for (auto &[name, value] : response.headers) {
		if (equalsIgnoreCase(name, "Location") || equalsIgnoreCase(name, "Content-Location")) {
			replaceAll(value, upstreamBaseWithPort_, publicBaseUrl_);
			replaceAll(value, upstreamBase_, publicBaseUrl_);
		} else if (equalsIgnoreCase(name, "Set-Cookie")) {
			value = clientCookie(value, url.basePath, publicBaseUrl_.rfind("http://", 0) == 0);
		}
	}
	return response;
}

void RecordingProxy::handle(HttpRequest request, HttpReply reply)
{
	/* GWS's prefixes behind its one session: the v2 API, the Statistics API (v1), the Internal API. */
	std::string_view path = request.path();
	if (!under(path, "/api/v2") && !under(path, "/api/v1") && !under(path, "/internal-api")) {
		/* The control API above all: the upstream is not ours to reset. */
		reply(rest::errorResponse(
			404, rest::status::NotFound,
			under(path, "/sim/v1")
				? "The control API is not forwarded by ctisim record --upstream"
				: "Only /api/v2, /api/v1 and /internal-api are forwarded to the upstream GWS"));
		return;
	}
	ProxyRecorder::Pending pending = recorder_.onRequest(request);
	if (inFlight_.fetch_add(1) >= config_.maxInFlight) {
		--inFlight_;
		HttpResponse busy =
			unavailable(fmt::format("the proxy forwards at most {} requests at once", config_.maxInFlight));
		recorder_.onResponse(pending, request, busy);
		reply(std::move(busy));
		return;
	}
	HttpRequest forwarded = toUpstream(request);
	log::debug("record", "> {} {}", request.method(), request.path());
	upstream_.send(std::move(forwarded),
		       [this, pending = std::move(pending), request = std::move(request),
			reply = std::move(reply)](std::optional<HttpResponse> response, std::string error) mutable {
			       --inFlight_;
			       HttpResponse relayed;
			       if (response) {
				       relayed = fromUpstream(std::move(*response));
			       } else {
				       log::warn("record", "{} {}: the upstream did not answer: {}", request.method(),
						 request.path(), error);
				       relayed = unavailable(error);
			       }
			       recorder_.onResponse(pending, request, relayed);
			       reply(std::move(relayed));
		       });
}

} /* namespace ctisim::api */
