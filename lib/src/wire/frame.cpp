/* SPDX-License-Identifier: MIT */
/*
 * Frame encoding and stream reassembly for the switch link.
 */
#include "ctisim/wire/frame.h"

#include <cstdint>

namespace ctisim::wire {

std::string encodeFrame(std::string_view payload)
{
	std::string frame(4, '\0');
	writeFrameLength(frame.data(), payload.size());
	frame.append(payload);
	return frame;
}

void writeFrameLength(char *out, std::size_t size)
{
	const auto n = static_cast<std::uint32_t>(size);
	out[0] = static_cast<char>((n >> 24) & 0xff);
	out[1] = static_cast<char>((n >> 16) & 0xff);
	out[2] = static_cast<char>((n >> 8) & 0xff);
	out[3] = static_cast<char>(n & 0xff);
}

void FrameDecoder::feed(std::string_view bytes)
{
	/* Drop what was consumed before growing, so the buffer stays about one frame
	 * (here, not in next(): the payloads it returned point into the buffer). */
	if (offset_ == buffer_.size()) {
		buffer_.clear();
		offset_ = 0;
	} else if (offset_ > 0 && offset_ >= buffer_.size() / 2) {
		buffer_.erase(0, offset_);
		offset_ = 0;
	}
	buffer_.append(bytes);
}

std::optional<std::string_view> FrameDecoder::next()
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
	std::string_view payload(buffer_.data() + offset_ + 4, size);
	offset_ += 4 + size;
	return payload;
}

} /* namespace ctisim::wire */
