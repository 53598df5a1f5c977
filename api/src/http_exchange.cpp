/* SPDX-License-Identifier: MIT */
/*
 * Header, path, query and cookie look-ups on an HttpRequest.
 */
#include "ctisim/api/http_exchange.h"

namespace ctisim::api {

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
	if (a.size() != b.size())
		return false;
	for (std::size_t i = 0; i < a.size(); ++i) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = static_cast<char>(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = static_cast<char>(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

namespace {

std::string_view trim(std::string_view s)
{
	while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
		s.remove_prefix(1);
	while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
		s.remove_suffix(1);
	return s;
}

} /* namespace */

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
