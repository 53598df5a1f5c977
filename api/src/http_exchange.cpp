/* SPDX-License-Identifier: MIT */
/*
 * Header, path, query and cookie look-ups on an HttpRequest.
 */
#include "ctisim/api/http_exchange.h"

#include "ctisim/client/http_text.h"

namespace ctisim::api {

using client::trim;

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
	return client::iequals(a, b);
}

std::string_view HttpRequest::header(std::string_view name) const
{
	for (const auto &[key, value] : headers) {
		if (equalsIgnoreCase(key, name))
			return value;
	}
	return {};
}

std::string_view HttpRequest::path() const
{
	std::string_view t = target;
	return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::query() const
{
	std::string_view t = target;
	auto q = t.find('?');
	return q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
}

std::string_view HttpRequest::cookie(std::string_view name) const
{
	for (const auto &[key, value] : headers) {
		if (!equalsIgnoreCase(key, "cookie"))
			continue;
		std::string_view rest = value;
		while (!rest.empty()) {
			auto semi = rest.find(';');
			std::string_view item = trim(rest.substr(0, semi));
			rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
			auto eq = item.find('=');
			if (eq != std::string_view::npos && trim(item.substr(0, eq)) == name)
				return trim(item.substr(eq + 1));
		}
	}
	return {};
}

} /* namespace ctisim::api */
