/* SPDX-License-Identifier: MIT */
/*
 * StaticFiles: the console's file server, and where the sandbox finds the
 * console. Paths are checked twice: textually (no "..", no hidden names, no
 * encoded dots or slashes) and after resolving symlinks (still under root).
 */
#include "ctisim/api/static_files.h"

#include <array>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include "http_auth.h"
#include "rest/rest_error.h"

namespace ctisim::api {

namespace fs = std::filesystem;

namespace {

HttpResponse notFound()
{
	return rest::errorResponse(rest::status::NotFound, "No such resource");
}

/// The decoded path, or nothing when it is malformed or encodes a character
/// that could change how the path splits ('/', '\\', '.', control bytes).
std::optional<std::string> decodePath(std::string_view path)
{
	std::string out;
	out.reserve(path.size());
	for (std::size_t i = 0; i < path.size(); ++i) {
		char c = path[i];
		if (c == '%') {
			if (i + 2 >= path.size())
				return std::nullopt;
			int hi = hexValue(path[i + 1]);
			int lo = hexValue(path[i + 2]);
			if (hi < 0 || lo < 0)
				return std::nullopt;
			c = static_cast<char>(hi * 16 + lo);
			if (c == '/' || c == '\\' || c == '.' || c == '%')
				return std::nullopt;
			i += 2;
		}
		if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\')
			return std::nullopt;
		out += c;
	}
	return out;
}

/// The path relative to root, or nothing when a segment is empty, hidden,
/// "." or "..". A trailing slash names the directory's index.html.
std::optional<fs::path> relativePath(std::string_view decoded)
{
	if (decoded.empty() || decoded.front() != '/')
		return std::nullopt;
	fs::path relative;
	std::string_view rest = decoded.substr(1);
	while (true) {
		std::size_t slash = rest.find('/');
		std::string_view segment = rest.substr(0, slash);
		if (segment.empty()) {
			if (slash != std::string_view::npos)
				return std::nullopt; /* "//" */
			relative /= "index.html";
			return relative;
		}
		if (segment.front() == '.')
			return std::nullopt;
		relative /= std::string(segment);
		if (slash == std::string_view::npos)
			return relative;
		rest = rest.substr(slash + 1);
	}
}

bool isUnder(const fs::path &path, const fs::path &root)
{
	auto p = path.begin();
	for (auto r = root.begin(); r != root.end(); ++r, ++p) {
		if (r->empty() && std::next(r) == root.end())
			break; /* root ends with a separator */
		if (p == path.end() || *p != *r)
			return false;
	}
	return true;
}

std::optional<std::string> readFile(const fs::path &path)
{
	std::ifstream in(path, std::ios::binary);
	if (!in)
		return std::nullopt;
	std::ostringstream content;
	content << in.rdbuf();
	if (in.bad())
		return std::nullopt;
	return std::move(content).str();
}

bool hasIndex(const fs::path &dir)
{
	std::error_code ec;
	return !dir.empty() && fs::is_regular_file(dir / "index.html", ec);
}

} /* namespace */

std::string_view contentTypeFor(std::string_view fileName)
{
	static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> types{{
		{".html", "text/html; charset=utf-8"},
		{".htm", "text/html; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".json", "application/json"},
		{".png", "image/png"},
		{".svg", "image/svg+xml"},
		{".ico", "image/x-icon"},
		{".txt", "text/plain; charset=utf-8"},
		{".md", "text/plain; charset=utf-8"},
	}};
	std::size_t dot = fileName.rfind('.');
	std::size_t slash = fileName.rfind('/');
	if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
		std::string_view extension = fileName.substr(dot);
		for (const auto &[ext, type] : types)
			if (ext == extension)
				return type;
	}
	/* LICENSE, NOTICE and the like are text. */
	if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
		return "text/plain; charset=utf-8";
	return "application/octet-stream";
}

StaticFiles::StaticFiles(const fs::path &root) : root_(fs::canonical(root))
{
}

void StaticFiles::handle(HttpRequest request, HttpReply reply)
{
	reply(serve(request));
}

HttpResponse StaticFiles::serve(const HttpRequest &request) const
{
	bool head = request.method == "HEAD";
	if (request.method != "GET" && !head) {
		HttpResponse response = rest::errorResponse(405, rest::status::Forbidden, "Method not allowed");
		response.headers.emplace_back("Allow", "GET, HEAD");
		return response;
	}
	std::optional<std::string> decoded = decodePath(request.path());
	std::optional<fs::path> relative = decoded ? relativePath(*decoded) : std::nullopt;
	if (!relative)
		return notFound();
	/* Resolving symlinks last: a link may point anywhere, its target must be under root. */
	std::error_code ec;
	fs::path resolved = fs::canonical(root_ / *relative, ec);
	if (ec || !isUnder(resolved, root_) || !fs::is_regular_file(resolved, ec))
		return notFound();
	std::optional<std::string> content = readFile(resolved);
	if (!content)
		return notFound();
	HttpResponse response;
	response.contentType = std::string(contentTypeFor(relative->filename().string()));
	/* The console changes with the build; always revalidate. */
	response.headers.emplace_back("Cache-Control", "no-cache");
	response.headers.emplace_back("X-Content-Type-Options", "nosniff");
	if (!head)
		response.body = std::move(*content);
	return response;
}

std::string findConsoleDir(const char *argv0)
{
	if (const char *env = std::getenv("CTISIM_CONSOLE_DIR"); env != nullptr && *env != '\0')
		return hasIndex(env) ? fs::path(env).lexically_normal().string() : std::string();
	std::error_code ec;
	fs::path exe = fs::read_symlink("/proc/self/exe", ec);
	if (ec && argv0 != nullptr)
		exe = fs::absolute(argv0, ec);
	if (ec || exe.empty())
		return {};
	fs::path dir = exe.parent_path();
	for (const fs::path &candidate :
	     {dir / ".." / ".." / ".." / "api" / "console", dir / ".." / "share" / "ctisim" / "console"}) {
		if (hasIndex(candidate))
			return candidate.lexically_normal().string();
	}
	return {};
}

} /* namespace ctisim::api */
