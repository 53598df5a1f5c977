/* SPDX-License-Identifier: MIT */
/*
 * Event type spellings, both ways.
 */
#include "ctisim/event.h"

namespace ctisim {

const char *toString(EventType type)
{
	switch (type) {
#define CTISIM_EVENT_CASE(name, value, spelling)                                                                       \
	case EventType::name: return spelling;
		CTISIM_EVENT_TYPES(CTISIM_EVENT_CASE)
#undef CTISIM_EVENT_CASE
	}
	return "EventUnknown";
}

bool parse(std::string_view text, EventType &out)
{
	return parseSpelling(text, allEventTypes, out);
}

} /* namespace ctisim */
