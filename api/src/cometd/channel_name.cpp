/* SPDX-License-Identifier: MIT */
/*
 * Bayeux channel name validation and wildcard expansion.
 */
#include "cometd/channel_name.h"

namespace ctisim::api::channel {

namespace {

bool isNameChar(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	switch (c) {
	case '!':
	case '#':
	case '$':
	case '(':
	case ')':
	case '*':
	case '+':
	case '-':
	case '.':
	case '@':
	case '_':
	case '{':
	case '~':
	case '}': return true;
	default: return false;
	}
}

bool startsWithSegment(std::string_view name, std::string_view prefix)
{
	return name == prefix ||
	       (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix && name[prefix.size()] == '/');
}

} /* namespace */

bool isValid(std::string_view name)
{
	if (name.size() < 2 || name.front() != '/')
		return false;
	std::size_t start = 1;
	while (start <= name.size()) {
		std::size_t end = name.find('/', start);
		bool last = end == std::string_view::npos;
		std::string_view segment = name.substr(start, last ? std::string_view::npos : end - start);
		if (segment.empty())
			return false;
		for (char c : segment) {
			if (!isNameChar(c))
				return false;
		}
		if (segment.find('*') != std::string_view::npos) {
			if (!last || (segment != "*" && segment != "**"))
				return false;
		}
		if (last)
			break;
		start = end + 1;
	}
	return true;
}

bool isWildcard(std::string_view name)
{
	auto slash = name.rfind('/');
	if (slash == std::string_view::npos)
		return false;
	std::string_view last = name.substr(slash + 1);
	return last == "*" || last == "**";
}

bool isMeta(std::string_view name)
{
	return startsWithSegment(name, "/meta");
}

bool isService(std::string_view name)
{
	return startsWithSegment(name, "/service");
}

std::vector<std::string> subscribersOf(std::string_view channel)
{
	std::vector<std::string> out;
	out.emplace_back(channel);
	auto slash = channel.rfind('/');
	if (slash == std::string_view::npos)
		return out;
	std::string_view parent = channel.substr(0, slash);
	out.push_back(std::string(parent) + "/*");
	// Every ancestor, from the parent up to the root, matches with "/**".
	for (;;) {
		out.push_back(std::string(parent) + "/**");
		if (parent.empty())
			break;
		parent = parent.substr(0, parent.rfind('/'));
	}
	return out;
}

} /* namespace ctisim::api::channel */
