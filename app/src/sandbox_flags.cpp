/* SPDX-License-Identifier: MIT */
#include "ctisim/app/sandbox_flags.h"

#include <stdexcept>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ctisim/api/cors.h"

namespace ctisim::app {

namespace {

template <typename Number> std::string str(Number value)
{
	return std::to_string(value);
}

template <typename Rep, typename Period> std::string str(std::chrono::duration<Rep, Period> value)
{
	return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(value).count());
}

/// --control-access: "loopback", "open" or "USER:PASSWORD".
api::ControlExposure controlExposure(const std::string &value)
{
	api::ControlExposure exposure;
	if (value == "open") {
		exposure.open = true;
	} else if (value != "loopback") {
		std::size_t colon = value.find(':');
		if (colon == std::string::npos || colon == 0 || colon + 1 == value.size())
			throw std::runtime_error("--control-access must be loopback, open or USER:PASSWORD (both "
						 "non-empty)");
		exposure.credentials = api::ControlAccess{value.substr(0, colon), value.substr(colon + 1)};
	}
	return exposure;
}

} /* namespace */

void addSandboxFlags(CommandLine &cmd)
{
	const SandboxOptions d;
	cmd.addOption("host", "ADDRESS", d.http.address, "address to listen on");
	cmd.addOption("port", "PORT", str(d.http.port), "port to listen on; 0 picks a free one");
	cmd.addOption("config", "FILE", "",
		      "JSON configuration changing the embedded default (keys: docs/control-api.md)");
	cmd.addOption("control-access", "WHO", "loopback",
		      "who may use /sim/v1: loopback, open (every client: a container's published port) or "
		      "USER:PASSWORD (loopback and HTTP Basic); prefer CTISIM_CONTROL_ACCESS for a password");
	cmd.addOption("threads", "N", str(d.threads),
		      "network threads; 0 = one per core (the switch, the GWS and v3 front ends and every "
		      "connection share one strand: more threads serve only the --backend link)");
	cmd.addOption("max-header-bytes", "N", str(d.http.maxHeaderBytes), "largest request head; more gets HTTP 431");
	cmd.addOption("max-body-bytes", "N", str(d.http.maxBodyBytes), "largest request body; more gets HTTP 413");
	cmd.addOption("max-connections", "N", str(d.http.maxConnections), "open connections; more get HTTP 503");
	cmd.addOption("read-timeout-ms", "MS", str(d.http.readTimeout), "a request must arrive whole within this time");
	cmd.addOption("idle-timeout-ms", "MS", str(d.http.idleTimeout),
		      "an idle keep-alive connection is closed after this time");
	cmd.addOption("poll-timeout-ms", "MS", str(d.bayeux.timeout),
		      "how long a CometD /meta/connect is held (advice.timeout)");
	cmd.addOption("max-queue", "N", str(d.bayeux.maxQueue),
		      "notifications queued per CometD session; past it the session is expired");
	cmd.addOption("cors-origins", "LIST", fmt::format("{}", fmt::join(api::CorsPolicy{}.allowedOrigins, ",")),
		      "origins allowed cross-origin requests to /api/v2 (CORS), comma-separated; '*' stands for "
		      "any run of characters but '/' and '@'; the sandbox's own origin is added; `none` switches CORS "
		      "off; replaces the origins of --config's crossOriginSettings");
	cmd.addOption("backend", "URL", d.backendUrl,
		      "tcp://HOST:PORT of a `ctisim switch` to share; empty = the embedded switch");
	cmd.addOption("connect-timeout-ms", "MS", str(d.connectTimeout),
		      "with --backend: give up starting when the switch is not reachable within");
	cmd.addOption("heartbeat-ms", "MS", str(d.remote.heartbeat),
		      "with --backend: link heartbeat; the switch is lost after 3 silent intervals");
	cmd.addOption("link-token", "SECRET", d.remote.token,
		      "with --backend: the switch's --link-token, sent in the hello; prefer CTISIM_LINK_TOKEN");
	cmd.addOption("session-route", "NAME", d.sessionRoute,
		      "end every JSESSIONID in .NAME (a-z, 0-9) so a load balancer can stick to this front end");
	cmd.addOption("journal-entries", "N", str(d.journalEntries),
		      "journal entries kept for GET /sim/v1/journal; 0 = no journal");
	cmd.addOption("record", "FILE", d.record.path,
		      "also write every journal entry to FILE as JSON lines (rotated)");
	cmd.addOption("record-max-bytes", "N", str(d.record.maxBytes),
		      "with --record: FILE is rotated to FILE.1 past this size");
	cmd.addOption("record-files", "N", str(d.record.files),
		      "with --record: files kept, FILE and FILE.1 .. FILE.(N-1)");
	cmd.addLogOptions();
}

SandboxOptions readSandboxFlags(const CommandLine &cmd)
{
	using std::chrono::milliseconds;
	if (auto error = cmd.applyLogOptions())
		throw std::runtime_error(*error);
	SandboxOptions options;
	options.http.address = cmd.value("host");
	options.http.port = static_cast<std::uint16_t>(cmd.number("port", 0, 65535));
	options.control = controlExposure(cmd.value("control-access"));
	options.threads = static_cast<unsigned>(cmd.number("threads", 0, 1024));
	options.http.maxHeaderBytes = cmd.number("max-header-bytes", 1024, 1 << 20);
	options.http.maxBodyBytes = cmd.number("max-body-bytes", 1024, 64 << 20);
	options.http.maxConnections = cmd.number("max-connections", 1, 1000000);
	options.http.readTimeout = milliseconds(cmd.number("read-timeout-ms", 100, 3600000));
	options.http.idleTimeout = milliseconds(cmd.number("idle-timeout-ms", 100, 3600000));
	options.bayeux.timeout = milliseconds(cmd.number("poll-timeout-ms", 0, 600000));
	options.bayeux.maxQueue = cmd.number("max-queue", 1, 1000000);
	options.configJson = cmd.fileContents("config");
	options.journalEntries = cmd.number("journal-entries", 0, 10000000);
	options.record.path = cmd.value("record");
	options.record.maxBytes = cmd.number("record-max-bytes", 1024, std::size_t{1} << 40);
	options.record.files = static_cast<unsigned>(cmd.number("record-files", 1, 1000));
	if (cmd.isSet("cors-origins"))
		options.corsOrigins = api::parseCorsList(cmd.value("cors-origins"));
	options.backendUrl = cmd.value("backend");
	options.connectTimeout = milliseconds(cmd.number("connect-timeout-ms", 0, 3600000));
	options.remote.heartbeat = milliseconds(cmd.number("heartbeat-ms", 50, 60000));
	options.remote.token = cmd.value("link-token");
	options.sessionRoute = cmd.value("session-route");
	if (options.sessionRoute.size() > 32 ||
	    options.sessionRoute.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") != std::string::npos)
		throw std::runtime_error("--session-route must be at most 32 lowercase letters and digits");
	return options;
}

} /* namespace ctisim::app */
