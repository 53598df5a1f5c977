/* SPDX-License-Identifier: MIT */
// Test that header file is self-contained.
#include "ctisim/client/cookie_jar.h"

#include <doctest/doctest.h>

using namespace ctisim::client;

TEST_CASE("the jar keeps what Set-Cookie sets, drops what Max-Age=0 deletes, and writes one Cookie header")
{
	CookieJar jar;
	CHECK(jar.cookieHeader().empty());
	jar.remember({{"Set-Cookie", "JSESSIONID=abc.1; Path=/; HttpOnly"},
		      {"set-cookie", "BAYEUX_BROWSER=b1; Path=/api/v2/notifications"},
		      {"Content-Type", "application/json"}});
	CHECK(jar.cookieHeader() == "BAYEUX_BROWSER=b1; JSESSIONID=abc.1");
	jar.remember({{"Set-Cookie", "JSESSIONID=def.2; Path=/"}});
	CHECK(jar.cookies().at("JSESSIONID") == "def.2");
	jar.remember({{"Set-Cookie", "BAYEUX_BROWSER=; Path=/; max-age=0"}});
	CHECK(jar.cookieHeader() == "JSESSIONID=def.2");
	/* Not a cookie: no '='. */
	jar.remember({{"Set-Cookie", "garbage"}});
	CHECK(jar.cookies().size() == 1);
}

TEST_CASE("the CSRF token goes on writes only, under the header the server names")
{
	CookieJar jar;
	CHECK_FALSE(jar.csrfHeader("POST"));
	jar.remember({{"X-CSRF-HEADER", "X-CSRF-TOKEN"}, {"X-CSRF-TOKEN", "t1"}});
	CHECK_FALSE(jar.csrfHeader("GET"));
	CHECK_FALSE(jar.csrfHeader("HEAD"));
	CHECK_FALSE(jar.csrfHeader("OPTIONS"));
	REQUIRE(jar.csrfHeader("POST"));
	CHECK(*jar.csrfHeader("DELETE") == std::pair<std::string, std::string>{"X-CSRF-TOKEN", "t1"});
	/* A server that names another header: its token travels under that name. */
	jar.remember({{"X-CSRF-HEADER", "X-XSRF"}, {"X-XSRF", "t2"}});
	CHECK(*jar.csrfHeader("PUT") == std::pair<std::string, std::string>{"X-XSRF", "t2"});
}
