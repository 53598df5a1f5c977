/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/api/static_files.h"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <doctest/doctest.h>

using namespace ctisim::api;
namespace fs = std::filesystem;

namespace {

void writeFile(const fs::path &path, const std::string &content)
{
	fs::create_directories(path.parent_path());
	std::ofstream(path, std::ios::binary) << content;
}

/// A fresh directory tree: <base>/www (the root) and <base>/secret.txt beside it.
struct Tree {
	fs::path base;
	fs::path root;

	Tree()
	{
		static std::atomic<int> counter{0};
		base = fs::temp_directory_path() /
		       ("ctisim-static-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
		fs::remove_all(base);
		root = base / "www";
		writeFile(root / "index.html", "<h1>console</h1>");
		writeFile(root / "app.js", "export const x = 1;");
		writeFile(root / "style.css", "body{}");
		writeFile(root / "vendor" / "lib" / "LICENSE", "Apache");
		writeFile(root / "vendor" / "index.html", "vendor index");
		writeFile(root / ".hidden", "hidden");
		writeFile(base / "secret.txt", "top secret");
		writeFile(base / "www-other" / "x.txt", "sibling");
		fs::create_symlink(base / "secret.txt", root / "escape.txt");
		fs::create_directory_symlink(base, root / "up");
		fs::create_symlink(root / "app.js", root / "alias.js");
	}
	~Tree() { fs::remove_all(base); }
};

HttpResponse get(const StaticFiles &files, std::string target, std::string method = "GET")
{
	HttpRequest request;
	request.setMethod(method);
	request.setTarget(target);
	return files.serve(request);
}

} /* namespace */

TEST_CASE("StaticFiles serves files with their content type")
{
	Tree tree;
	StaticFiles files(tree.root);

	HttpResponse index = get(files, "/");
	CHECK(index.status == 200);
	CHECK(index.body == "<h1>console</h1>");
	CHECK(index.contentType == "text/html; charset=utf-8");

	HttpResponse js = get(files, "/app.js?v=1");
	CHECK(js.status == 200);
	CHECK(js.body == "export const x = 1;");
	CHECK(js.contentType == "text/javascript; charset=utf-8");

	CHECK(get(files, "/style.css").contentType == "text/css; charset=utf-8");
	CHECK(get(files, "/vendor/lib/LICENSE").body == "Apache");
	CHECK(get(files, "/vendor/lib/LICENSE").contentType == "text/plain; charset=utf-8");
	CHECK(get(files, "/vendor/").body == "vendor index");
	CHECK(get(files, "/index.html").body == "<h1>console</h1>");
}

TEST_CASE("StaticFiles: HEAD has no body")
{
	Tree tree;
	StaticFiles files(tree.root);

	HttpResponse head = get(files, "/app.js", "HEAD");
	CHECK(head.status == 200);
	CHECK(head.body.empty());
	CHECK(head.contentType == "text/javascript; charset=utf-8");
}

TEST_CASE("StaticFiles: missing files get a GWS-style 404")
{
	Tree tree;
	StaticFiles files(tree.root);

	HttpResponse r = get(files, "/nothing.js");
	CHECK(r.status == 404);
	CHECK(r.contentType == "application/json");
	CHECK(r.body == R"({"statusCode":6,"statusMessage":"No such resource"})");
	/* A directory without a trailing slash is not a file. */
	CHECK(get(files, "/vendor").status == 404);
	CHECK(get(files, "/vendor/lib/").status == 404);
}

TEST_CASE("StaticFiles never serves anything outside its root")
{
	Tree tree;
	StaticFiles files(tree.root);

	const char *attempts[] = {
		"/../secret.txt",
		"/vendor/../../secret.txt",
		"/..",
		"/./index.html",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/.%2e/secret.txt",
		"/..%2fsecret.txt",
		"/vendor%2f..%2f..%2fsecret.txt",
		"/..%5csecret.txt",
		"/..\\secret.txt",
		"/%252e%252e/secret.txt",
		"//etc/passwd",
		"/etc/passwd",
		"etc/passwd",
		"",
		"/../www-other/x.txt",
		"/escape.txt",
		"/up/secret.txt",
		"/up/www-other/x.txt",
		"/.hidden",
		"/index.html%00.js",
		"/%zz",
		"/app.js%",
	};
	for (const char *target : attempts) {
		CAPTURE(target);
		HttpResponse r = get(files, target);
		CHECK(r.status == 404);
		CHECK(r.body.find("secret") == std::string::npos);
	}
}

TEST_CASE("StaticFiles follows symlinks that stay inside the root")
{
	Tree tree;
	StaticFiles files(tree.root);
	CHECK(get(files, "/alias.js").body == "export const x = 1;");
	/* Percent-encoded ordinary characters are decoded. */
	CHECK(get(files, "/%61pp.js").body == "export const x = 1;");
}

TEST_CASE("contentTypeFor knows the console's file types")
{
	CHECK(contentTypeFor("a.json") == "application/json");
	CHECK(contentTypeFor("a.png") == "image/png");
	CHECK(contentTypeFor("a.svg") == "image/svg+xml");
	CHECK(contentTypeFor("a.txt") == "text/plain; charset=utf-8");
	CHECK(contentTypeFor("a.bin") == "application/octet-stream");
	CHECK(contentTypeFor("LICENSE") == "text/plain; charset=utf-8");
}

TEST_CASE("findConsoleDir prefers CTISIM_CONSOLE_DIR when it holds an index.html")
{
	Tree tree;
	::setenv("CTISIM_CONSOLE_DIR", tree.root.c_str(), 1);
	CHECK(findConsoleDir("ctisim") == tree.root.string());
	::setenv("CTISIM_CONSOLE_DIR", (tree.base / "www-other").c_str(), 1);
	CHECK(findConsoleDir("ctisim").empty());
	::unsetenv("CTISIM_CONSOLE_DIR");
}
