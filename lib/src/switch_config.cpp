/* SPDX-License-Identifier: MIT */
/*
 * Behaviour spellings (configuration files, control API).
 */
#include "ctisim/switch_config.h"

namespace ctisim {

const char *toString(DnBehaviour::Kind kind)
{
	switch (kind) {
	case DnBehaviour::Kind::Answer: return "answer";
	case DnBehaviour::Kind::Busy: return "busy";
	case DnBehaviour::Kind::NoAnswer: return "noAnswer";
	case DnBehaviour::Kind::RingForever: return "ringForever";
	case DnBehaviour::Kind::Reject: return "reject";
	}
	return "answer";
}

bool parse(std::string_view text, DnBehaviour::Kind &out)
{
	using Kind = DnBehaviour::Kind;
	for (Kind kind : {Kind::Answer, Kind::Busy, Kind::NoAnswer, Kind::RingForever, Kind::Reject}) {
		if (text == toString(kind)) {
			out = kind;
			return true;
		}
	}
	return false;
}

} /* namespace ctisim */
