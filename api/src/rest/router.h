/* SPDX-License-Identifier: MIT */
/*
 * rest::Router: the one router of every REST surface. A row names a method, a
 * path pattern and its target; match() finds the row of a request, and a miss
 * is answered here, the same way everywhere: 404 (statusCode 6) when no row
 * has the path, 405 (statusCode 3) with an Allow header naming the methods of
 * the rows that have it. What a target is belongs to the surface: an
 * HttpHandler for the mounts of the server (Mounts), a resource function for
 * GWS, a route function for the control API.
 *
 * Patterns are absolute paths of segments: a literal, ":name" (any one
 * segment, captured as it was sent, still percent-encoded) or a last "*" (zero
 * or more segments: a mount). Empty segments do not count ("/a//b/" is
 * "/a/b"). The method "*" takes any method. The first row that matches both
 * the path and the method wins.
 */
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "rest/path.h"
#include "rest/rest_error.h"

namespace ctisim::api::rest {

/// The ":name" segments a row's pattern captured, percent-encoded as sent.
class PathParams
{
public:
	/// The segment captured as name, or "" when the pattern has no such parameter.
	std::string_view operator[](std::string_view name) const;
	void add(std::string_view name, std::string_view value) { values_.emplace_back(name, value); }
	void clear() { values_.clear(); }

private:
	boost::container::small_vector<std::pair<std::string_view, std::string_view>, 4> values_;
};

/// How a surface words its 404 and 405: fmt patterns that may name {method},
/// {path} (the request's) and {allow} (the 405's Allow list). The statuses,
/// statusCodes and the Allow header are the router's, the same everywhere.
struct MissWording {
	std::string_view notFound;
	std::string_view methodNotAllowed;
};

/// A request no row serves: its error, and the Allow header's value for a 405 ("" for a 404).
struct RouteMiss {
	ApiError error;
	std::string allow;
};

/// The response of a miss: errorResponse(miss.error), with its Allow header.
HttpResponse errorResponse(RouteMiss miss);

/// The rows' patterns, split once, and the matching (no allocation for a request a row serves).
class RouteTable
{
public:
	static constexpr std::size_t none = static_cast<std::size_t>(-1);

	explicit RouteTable(MissWording wording) : wording_(wording) {}

	/// Adds a row; pattern must be absolute ("/api/v2/me/calls/:id"). advertised = false
	/// keeps a method out of the Allow header (one kept for old clients only).
	void add(std::string_view method, std::string_view pattern, bool advertised = true);
	/// The index of the first row matching method and path (params gets its captures), or
	/// none; then pathKnown says whether an advertised row has the path (a 405).
	/// parts is the path split by splitPath(); the params point into the path.
	std::size_t match(std::string_view method, const PathParts &parts, PathParams &params, bool &pathKnown) const;
	/// The error of a request no row serves: 404, or 405 naming the advertised methods of
	/// the rows that have the path (a path only unadvertised rows have is a 404).
	RouteMiss miss(std::string_view method, std::string_view path) const;
	/// The 404 of a path, for a target that finds nothing under it.
	ApiError notFound(std::string_view method, std::string_view path) const;

	std::size_t size() const { return rows_.size(); }

private:
	struct Row {
		std::string method;
		bool anyMethod = false;		   ///< method "*"
		std::vector<std::string> segments; ///< without the last "*"
		std::vector<std::size_t> literals; ///< the indexes of the literal segments
		std::vector<std::size_t> params;   ///< and of the ":name" ones
		bool mount = false;		   ///< the pattern ends with "*"
		bool advertised = true;
	};

	/// Whether row's pattern matches parts; params gets its captures.
	static bool matches(const Row &row, const PathParts &parts, PathParams &params);

	std::vector<Row> rows_;
	MissWording wording_;
};

/// The router of one surface: rows of (method, pattern) → Target.
template <typename Target> class Router
{
public:
	struct Row {
		std::string_view method;
		std::string_view pattern;
		Target target;
		bool advertised = true;
	};

	struct Match {
		const Target *target = nullptr; ///< null: a miss, answered by Router::miss()
		PathParams params;
		/// No target, but a row has the path with another method: the miss is a 405.
		bool pathKnown = false;
	};

	explicit Router(MissWording wording, std::initializer_list<Row> rows = {}) : table_(wording)
	{
		for (const Row &row : rows)
			add(row.method, row.pattern, row.target, row.advertised);
	}

	void add(std::string_view method, std::string_view pattern, Target target, bool advertised = true)
	{
		table_.add(method, pattern, advertised);
		targets_.push_back(std::move(target));
	}

	Match match(std::string_view method, std::string_view path) const { return match(method, splitPath(path)); }
	/// The same, for a path split already (the parts must outlive the match's params).
	Match match(std::string_view method, const PathParts &parts) const
	{
		Match m;
		std::size_t row = table_.match(method, parts, m.params, m.pathKnown);
		if (row != RouteTable::none)
			m.target = &targets_[row];
		return m;
	}

	/// The 404 or 405 of a request match() found no target for.
	RouteMiss miss(std::string_view method, std::string_view path) const { return table_.miss(method, path); }
	/// The router's 404, for a target that finds nothing under a path its row has.
	ApiError notFound(std::string_view method, std::string_view path) const
	{
		return table_.notFound(method, path);
	}

	std::size_t size() const { return table_.size(); }

private:
	RouteTable table_;
	std::vector<Target> targets_;
};

} /* namespace ctisim::api::rest */
