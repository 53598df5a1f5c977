/* SPDX-License-Identifier: MIT */
/*
 * Beast's HTTP/1 request parser, writing the request straight into an
 * HttpRequest: the head (method, target, fields) is copied once into the
 * request's one head buffer, no field list built only to be copied.
 */
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include <boost/beast/http/basic_parser.hpp>

#include "ctisim/api/http_exchange.h"

namespace ctisim::api {

class RequestParser final : public boost::beast::http::basic_parser<true>
{
public:
	using error_code = boost::system::error_code;
	using string_view = boost::beast::string_view;
	using field = boost::beast::http::field;

	RequestParser() = default;

	/// The request parsed so far (whole once is_done()).
	HttpRequest &request() { return request_; }
	/// A Transfer-Encoding field came, and a Content-Length field beside it.
	bool hasTransferEncoding() const { return transferEncoding_; }
	bool hasContentLength() const { return contentLength_; }

private:
	void on_request_impl(boost::beast::http::verb, string_view method, string_view target, int,
			     error_code &) override
	{
		/* Beast calls this once the whole head has come; most heads fit in this room. */
		request_.reserveHead(method.size() + target.size() + headRoom);
		request_.setMethod(std::string_view(method.data(), method.size()));
		request_.setTarget(std::string_view(target.data(), target.size()));
	}

	void on_response_impl(int, string_view, int, error_code &) override {}

	void on_field_impl(field name, string_view nameText, string_view value, error_code &) override
	{
		transferEncoding_ = transferEncoding_ || name == field::transfer_encoding;
		contentLength_ = contentLength_ || name == field::content_length;
		request_.addHeader(std::string_view(nameText.data(), nameText.size()),
				   std::string_view(value.data(), value.size()));
	}

	void on_header_impl(error_code &) override {}

	void on_body_init_impl(const boost::optional<std::uint64_t> &length, error_code &) override
	{
		/* The base parser has refused a length above body_limit() already. */
		if (length)
			request_.body.reserve(static_cast<std::size_t>(*length));
	}

	std::size_t on_body_impl(string_view body, error_code &) override
	{
		request_.body.append(body.data(), body.size());
		return body.size();
	}

	void on_chunk_header_impl(std::uint64_t, string_view, error_code &) override {}

	std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code &ec) override
	{
		return on_body_impl(body, ec);
	}

	void on_finish_impl(error_code &) override {}

	/* Room for the header fields of a head, beside method and target. */
	static constexpr std::size_t headRoom = 1024;

	HttpRequest request_;
	bool transferEncoding_ = false;
	bool contentLength_ = false;
};

} /* namespace ctisim::api */
