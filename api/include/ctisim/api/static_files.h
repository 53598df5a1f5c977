/* SPDX-License-Identifier: MIT */
/*
 * StaticFiles: serves the files of one directory over HTTP, the sandbox's web
 * console. Mount it for GET and HEAD (HttpRouter answers other methods 405). A request can never reach a file outside
 * that directory: ".." segments, encoded dots and slashes, hidden names and symlinks leading out are refused, and
 * missing files get a GWS-style 404.
 */
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "ctisim/api/http_exchange.h"

namespace ctisim::api {

class StaticFiles final : public HttpHandler
{
public:
	/// root must exist; it is resolved (symlinks included) once, here.
	explicit StaticFiles(const std::filesystem::path &root);

	/// Replies at once: the files are small and local.
	void handle(HttpRequest request, HttpReply reply) override;
	/// The response handle() sends, for tests.
	HttpResponse serve(const HttpRequest &request) const;

	const std::filesystem::path &root() const { return root_; }

private:
	std::filesystem::path root_;
};

/// The Content-Type for a file name by its extension; "application/octet-stream" if unknown.
std::string_view contentTypeFor(std::string_view fileName);

/// Where the console's files are: $CTISIM_CONSOLE_DIR if set, else the source
/// tree seen from a build tree (<exe dir>/../../api/console: build/cli/ctisim), else the
/// installed copy (<exe dir>/../share/ctisim/console). The first directory that
/// holds an index.html wins; "" when none does (the sandbox then serves no console).
/// argv0 is used only when /proc/self/exe cannot be read.
std::string findConsoleDir(const char *argv0);

} /* namespace ctisim::api */
