/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/client/url.h"

#include <doctest/doctest.h>

using namespace ctisim::client;

namespace {

std::string errorOf(std::string_view text)
{
	std::string error;
	CHECK_FALSE(Url::parse(text, error));
	return error;
}

} /* namespace */

TEST_CASE("a base URL: scheme, host, port (the scheme's own when none), base path without its last slash")
{
	std::string error;
	auto plain = Url::parse("http://127.0.0.1:8080/", error);
	REQUIRE(plain);
	CHECK_FALSE(plain->tls);
	CHECK(plain->host == "127.0.0.1");
	CHECK(plain->port == "8080");
	CHECK(plain->basePath.empty());
	CHECK(plain->str() == "http://127.0.0.1:8080");
	CHECK(plain->hostHeader() == "127.0.0.1:8080");

	auto secure = Url::parse("https://gws.lab/prefix/gws//", error);
	REQUIRE(secure);
	CHECK(secure->tls);
	CHECK(secure->port == "443");
	CHECK(secure->basePath == "/prefix/gws");
	CHECK(secure->str() == "https://gws.lab/prefix/gws");
	CHECK(secure->strWithPort() == "https://gws.lab:443/prefix/gws");
	CHECK(secure->hostHeader() == "gws.lab");

	auto v6 = Url::parse("http://[::1]:9000", error);
	REQUIRE(v6);
	CHECK(v6->host == "[::1]");
	CHECK(v6->hostName() == "::1");
	CHECK(v6->hostHeader() == "[::1]:9000");
}

TEST_CASE("what is not an http(s) base URL is refused with the reason")
{
	CHECK(errorOf("ftp://gws").find("must start with http:// or https://") != std::string::npos);
	CHECK(errorOf("127.0.0.1:8080").find("must start with http:// or https://") != std::string::npos);
	CHECK(errorOf("http://gws/x?a=1").find("takes no query or fragment") != std::string::npos);
	CHECK(errorOf("http://gws/#top").find("takes no query or fragment") != std::string::npos);
	CHECK(errorOf("http://gws:99999").find("no valid host and port") != std::string::npos);
	CHECK(errorOf("http://gws:").find("no valid host and port") != std::string::npos);
	CHECK(errorOf("http:///path").find("no valid host and port") != std::string::npos);
	CHECK_FALSE(errorOf("http://gws:port").empty());
	CHECK(errorOf("http://a b/").find("is not a valid URL") != std::string::npos);
}
