/* SPDX-License-Identifier: MIT */
/*
 * Frame encoding and stream reassembly for the switch link.
 */
#include "ctisim/wire/frame.h"

#include <cstdint>

namespace ctisim::wire {

std::string encodeFrame(std::string_view payload)
{
	const auto size = static_cast<std::uint32_t>(payload.size());
	std::string frame;
	frame.reserve(4 + payload.size());
	frame.push_back(static_cast<char>((size >> 24) & 0xff));
	frame.push_back(static_cast<char>((size >> 16) & 0xff));
	frame.push_back(static_cast<char>((size >> 8) & 0xff));
	frame.push_back(static_cast<char>(size & 0xff));
	frame.append(payload);
	return frame;
}

void FrameDecoder::feed(std::string_view bytes)
{
	/* Drop what was consumed before growing, so the buffer stays about one frame. */
	if (offset_ > 0 && offset_ >= buffer_.size() / 2) {
		buffer_.erase(0, offset_);
		offset_ = 0;
	}
	buffer_.append(bytes);
}

std::optional<std::string> FrameDecoder::next()
{
	if (failed_ || buffered() < 4)
		return std::nullopt;
	const auto *p = reinterpret_cast<const unsigned char *>(buffer_.data() + offset_);
	const std::size_t size =
		(std::size_t{p[0]} << 24) | (std::size_t{p[1]} << 16) | (std::size_t{p[2]} << 8) | std::size_t{p[3]};
	if (size > maxPayload_) {
		failed_ = true;
		return std::nullopt;
	}
	if (buffered() < 4 + size)
		return std::nullopt;
	std::string payload = buffer_.substr(offset_ + 4, size);
	offset_ += 4 + size;
	if (offset_ == buffer_.size()) {
		buffer_.clear();
		offset_ = 0;
	}
	return payload;
}

} /* namespace ctisim::wire */
