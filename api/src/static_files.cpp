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

#include <boost/url/pct_string_view.hpp>

#include "ctisim/read_file.h"
#include "rest/rest_error.h"

namespace ctisim::api {

namespace fs = std::filesystem;

namespace {

HttpResponse notFound()
{
	return rest::errorResponse(rest::status::NotFound, "No such resource");
}

/// The decoded path (Boost.URL), or nothing when it is malformed, encodes a
/// character that could change how the path splits ('/', '\\', '.', '%'), or
/// holds a backslash or a control byte. The checks on escapes are stricter
/// than RFC 3986, which allows all of them.
std::optional<std::string> decodePath(std::string_view path)
{
	auto encoded = boost::urls::make_pct_string_view(path);
	if (!encoded)
		return std::nullopt;
	for (std::size_t at = path.find('%'); at != std::string_view::npos; at = path.find('%', at + 3)) {
		std::string c = boost::urls::make_pct_string_view(path.substr(at, 3))->decode();
		if (c == "/" || c == "\\" || c == "." || c == "%")
			return std::nullopt;
	}
	std::string decoded = encoded->decode();
	for (char c : decoded) {
		if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\')
			return std::nullopt;
	}
	return decoded;
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
	bool head = request.method() == "HEAD";
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
	response.contentType = ContentType::ofStatic(contentTypeFor(relative->filename().string()));
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
	     {dir / ".." / ".." / "api" / "console", dir / ".." / "share" / "ctisim" / "console"}) {
		if (hasIndex(candidate))
			return candidate.lexically_normal().string();
	}
	return {};
}

} /* namespace ctisim::api */
