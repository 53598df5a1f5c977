/* SPDX-License-Identifier: MIT */
/*
 * Request names and senders.
 */
#include "ctisim/request.h"

namespace ctisim {

namespace {

template <typename T> constexpr const char *nameOf();

#define CTISIM_REQUEST_NAME(Type, Name)                                                                                \
	template <> constexpr const char *nameOf<req::Type>()                                                          \
	{                                                                                                              \
		return Name;                                                                                           \
	}
CTISIM_REQUESTS(CTISIM_REQUEST_NAME)
#undef CTISIM_REQUEST_NAME

} /* namespace */

const char *requestName(const Request &request)
{
	return std::visit([](const auto &r) { return nameOf<std::decay_t<decltype(r)>>(); }, request);
}

const Dn &requestDn(const Request &request)
{
	return std::visit([](const auto &r) -> const Dn & { return r.thisDn; }, request);
}

} /* namespace ctisim */
