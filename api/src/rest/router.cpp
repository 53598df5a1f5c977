/* SPDX-License-Identifier: MIT */
/*
 * The route table: patterns split once, matched segment by segment.
 */
#include "rest/router.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ctisim::api::rest {

std::string_view PathParams::operator[](std::string_view name) const
{
	for (const auto &[key, value] : values_) {
		if (key == name)
			return value;
	}
	return {};
}

HttpResponse errorResponse(RouteMiss miss)
{
	HttpResponse response = errorResponse(miss.error);
	if (!miss.allow.empty())
		response.headers.emplace_back("Allow", std::move(miss.allow));
	return response;
}

void RouteTable::add(std::string_view method, std::string_view pattern, bool advertised)
{
	if (pattern.empty() || pattern.front() != '/')
		throw std::invalid_argument(fmt::format("route pattern {} is not an absolute path", pattern));
	Row row;
	row.method = std::string(method);
	row.anyMethod = method == "*";
	row.advertised = advertised;
	PathParts parts = splitPath(pattern);
	for (std::size_t i = 0; i < parts.size(); ++i) {
		if (parts[i] == "*") {
			if (i + 1 != parts.size())
				throw std::invalid_argument(fmt::format("route pattern {}: '*' must be last", pattern));
			row.mount = true;
			break;
		}
		(parts[i].size() > 1 && parts[i].front() == ':' ? row.params : row.literals).push_back(i);
		row.segments.emplace_back(parts[i]);
	}
	rows_.push_back(std::move(row));
}

bool RouteTable::matches(const Row &row, const PathParts &parts, PathParams &params)
{
	if (row.mount ? parts.size() < row.segments.size() : parts.size() != row.segments.size())
		return false;
	/* The last literals first: the rows of a table share their first segments
	 * (/api/v2/me/...), so a row that does not match differs near the end. */
	for (std::size_t i = row.literals.size(); i-- > 0;) {
		if (row.segments[row.literals[i]] != parts[row.literals[i]])
			return false;
	}
	params.clear();
	for (std::size_t i : row.params)
		params.add(std::string_view(row.segments[i]).substr(1), parts[i]);
	return true;
}

std::size_t RouteTable::match(std::string_view method, const PathParts &parts, PathParams &params,
			      bool &pathKnown) const
{
	for (std::size_t i = 0; i < rows_.size(); ++i) {
		const Row &row = rows_[i];
		/* The segment count first: it rules out most rows without comparing text. */
		bool count = row.mount ? parts.size() >= row.segments.size() : parts.size() == row.segments.size();
		if (count && (row.anyMethod || row.method == method) && matches(row, parts, params))
			return i;
	}
	pathKnown = false;
	for (const Row &row : rows_)
		pathKnown = pathKnown || (row.advertised && matches(row, parts, params));
	params.clear();
	return none;
}

RouteMiss RouteTable::miss(std::string_view method, std::string_view path) const
{
	PathParts parts = splitPath(path);
	PathParams ignored;
	std::vector<std::string_view> methods;
	for (const Row &row : rows_) {
		if (row.advertised && matches(row, parts, ignored) &&
		    std::find(methods.begin(), methods.end(), row.method) == methods.end())
			methods.emplace_back(row.method);
	}
	std::string allow = fmt::format("{}", fmt::join(methods, ", "));
	if (allow.empty())
		return RouteMiss{notFound(method, path), {}};
	std::string message = fmt::format(fmt::runtime(wording_.methodNotAllowed), fmt::arg("method", method),
					  fmt::arg("path", path), fmt::arg("allow", allow));
	return RouteMiss{ApiError{status::Forbidden, std::move(message), 405}, std::move(allow)};
}

ApiError RouteTable::notFound(std::string_view method, std::string_view path) const
{
	return ApiError{status::NotFound, fmt::format(fmt::runtime(wording_.notFound), fmt::arg("method", method),
						      fmt::arg("path", path), fmt::arg("allow", ""))};
}

} /* namespace ctisim::api::rest */
