/* SPDX-License-Identifier: MIT */
// Bayeux channel names: validation and the wildcard rules of Bayeux 1.0
// ("/a/*" matches one more segment, "/a/**" one or more, only as the last
// segment), as CometD's ChannelId implements them.
#pragma once

#include <string_view>

namespace ctisim::api::channel {

/// A well-formed channel name: "/" then non-empty segments of the characters
/// CometD allows; "*" or "**" only as the whole last segment.
bool isValid(std::string_view name);
/// Ends with the segment "*" or "**".
bool isWildcard(std::string_view name);
bool isMeta(std::string_view name);
bool isService(std::string_view name);
/// Whether a message published to the concrete channel reaches the subscription:
/// the channel itself, its parent's "/*", or any ancestor's "/**".
bool matches(std::string_view subscription, std::string_view channel);

} /* namespace ctisim::api::channel */
