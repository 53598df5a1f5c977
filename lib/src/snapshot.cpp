/* SPDX-License-Identifier: MIT */
/*
 * Snapshot look-ups.
 */
#include "ctisim/snapshot.h"

namespace ctisim {

const PartySnapshot *CallSnapshot::party(const Dn &dn) const
{
	for (const PartySnapshot &p : parties) {
		if (p.dn == dn)
			return &p;
	}
	return nullptr;
}

} /* namespace ctisim */
