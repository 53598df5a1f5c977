/* SPDX-License-Identifier: MIT */
/*
 * fields= projection and offset/limit paging of the list GETs.
 */
#include "list_params.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>

#include "ctisim/json/parse.h"
#include "http_auth.h" /* api/src */
#include "resource_json.h"

namespace ctisim::api {

FieldSelection FieldSelection::of(const HttpRequest &request)
{
	FieldSelection selection;
	std::optional<std::string> fields = queryParam(request.query(), "fields");
	if (!fields)
		return selection;
	selection.given_ = true;
	for (std::string &name : splitList(*fields)) {
		if (name == "*") {
			selection.names_.clear();
			return selection;
		}
		if (!name.empty())
			selection.names_.push_back(std::move(name));
	}
	return selection;
}

bool FieldSelection::wants(std::string_view key) const
{
	return !given_ || names_.empty() || std::find(names_.begin(), names_.end(), key) != names_.end();
}

void writeSelected(json::Writer &out, const FieldSelection &fields, const std::function<void(json::Writer &)> &write)
{
	if (!fields.given() || fields.all())
		return write(out);
	/* Written whole, then copied key by key: every resource's writer stays the one that writes it. */
	rapidjson::StringBuffer buffer;
	json::Writer full(buffer);
	write(full);
	rapidjson::Document doc;
	if (json::parse(std::string_view(buffer.GetString(), buffer.GetSize()), doc) || !doc.IsObject())
		return write(out);
	out.StartObject();
	for (const auto &member : doc.GetObject()) {
		std::string_view key(member.name.GetString(), member.name.GetStringLength());
		if (!fields.wants(key))
			continue;
		writeKey(out, key);
		member.value.Accept(out);
	}
	out.EndObject();
}

namespace {

/// Every occurrence of name must be valid (a repeated parameter cannot hide a bad one); the last wins.
MaybeError readCount(const std::vector<QueryParam> &params, std::string_view name, std::size_t min, std::size_t max,
		     std::size_t &out)
{
	for (const QueryParam &param : params) {
		if (param.key != name)
			continue;
		const std::string &text = param.value;
		std::size_t value = 0;
		auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
		if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
			return ApiError{status::InputValidation,
					fmt::format("Parameter {} must be an integer from {} to {}", name, min, max)};
		out = value;
	}
	return std::nullopt;
}

} /* namespace */

MaybeError parsePage(const HttpRequest &request, std::size_t maxLimit, Page &out)
{
	std::optional<std::vector<QueryParam>> params = parseQuery(request.query());
	if (!params)
		return ApiError{status::InputValidation, "Malformed query string"};
	Page page;
	page.limit = maxLimit;
	/* An offset past the end is an empty page, not an error; past this it is nonsense. */
	constexpr std::size_t maxOffset = 1'000'000'000;
	if (MaybeError error = readCount(*params, "offset", 0, maxOffset, page.offset))
		return error;
	if (MaybeError error = readCount(*params, "limit", 1, maxLimit, page.limit))
		return error;
	out = page;
	return std::nullopt;
}

} /* namespace ctisim::api */
