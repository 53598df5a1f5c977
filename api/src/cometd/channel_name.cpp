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

bool matches(std::string_view subscription, std::string_view channel)
{
	if (subscription == channel)
		return true;
	// "/a/*" and "/a/**": what follows "/a/" is one segment, or any number.
	bool deep = subscription.ends_with("/**");
	if (!deep && !subscription.ends_with("/*"))
		return false;
	std::string_view prefix = subscription.substr(0, subscription.size() - (deep ? 2 : 1));
	if (channel.size() <= prefix.size() || !channel.starts_with(prefix))
		return false;
	return deep || channel.find('/', prefix.size()) == std::string_view::npos;
}

} /* namespace ctisim::api::channel */
