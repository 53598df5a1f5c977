/* SPDX-License-Identifier: MIT */
/*
 * The query parameters every list GET shares: `fields` (which fields of each
 * object come back, RequestParameters 8.5.1) and `offset`/`limit` (which page).
 * Any resource can use them: the projection works on whatever object a writer
 * writes.
 */
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ctisim/api/http_exchange.h"
#include "ctisim/json/write.h"
#include "request_body.h"

namespace ctisim::api {

/// `fields=`: absent (a list answers URIs), `*` or empty (every field), or `a,b` (those only).
class FieldSelection
{
public:
	static FieldSelection of(const HttpRequest &request);

	bool given() const { return given_; }
	bool all() const { return given_ && names_.empty(); }
	bool wants(std::string_view key) const;

private:
	bool given_ = false;
	std::vector<std::string> names_;
};

/// Writes the object write writes; under a field list, only its top-level keys in the
/// list, in the object's own order (absent or `*`: all of them).
void writeSelected(json::Writer &out, const FieldSelection &fields, const std::function<void(json::Writer &)> &write);

/// Which part of a list a request wants.
struct Page {
	std::size_t offset = 0;
	std::size_t limit = 0;

	/// The items of a list of size n the page covers: [begin, end).
	std::size_t begin(std::size_t n) const { return offset < n ? offset : n; }
	std::size_t end(std::size_t n) const { return n - begin(n) < limit ? n : begin(n) + limit; }
};

/// `offset` (default 0) and `limit` (1..maxLimit, default maxLimit) of the request,
/// decimal integers; anything else is statusCode 10 naming the parameter. A query
/// string that cannot be parsed at all is statusCode 10 too.
MaybeError parsePage(const HttpRequest &request, std::size_t maxLimit, Page &out);

} /* namespace ctisim::api */
