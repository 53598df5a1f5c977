/* SPDX-License-Identifier: MIT */
/*
 * Frames of the switch link (docs/switch-protocol.md): a 4-byte big-endian
 * payload length, then the payload (one JSON object). No sockets here: the
 * encoder builds bytes, the decoder turns a byte stream back into payloads.
 */
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ctisim::wire {

/// The largest payload a peer accepts; a longer frame closes the link.
inline constexpr std::size_t maxFramePayload = 16u << 20;

/// The length prefix and the payload, ready to write.
std::string encodeFrame(std::string_view payload);
/// Writes the 4-byte length prefix of a payload of size bytes at out.
void writeFrameLength(char *out, std::size_t size);

/// Reassembles frames from chunks of a byte stream, whatever their boundaries.
class FrameDecoder
{
public:
	explicit FrameDecoder(std::size_t maxPayload = maxFramePayload) : maxPayload_(maxPayload) {}

	/// Appends received bytes.
	void feed(std::string_view bytes);
	/// The next complete payload, or nullopt when more bytes are needed or when
	/// the stream announced a frame longer than the limit (then failed() is true
	/// and the link must be closed: the stream cannot be resynchronised). It
	/// points into the decoder's buffer (not copied: the link's frames are large)
	/// and stays valid until the next feed().
	std::optional<std::string_view> next();
	bool failed() const { return failed_; }
	/// Bytes received but not yet returned.
	std::size_t buffered() const { return buffer_.size() - offset_; }

private:
	std::string buffer_;
	std::size_t offset_ = 0;
	std::size_t maxPayload_;
	bool failed_ = false;
};

} /* namespace ctisim::wire */
