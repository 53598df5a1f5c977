/* SPDX-License-Identifier: MIT */
/*
 * Operation dispatch: a POSTed operation, from its body to the switch, by
 * the operation table. The one path every operation takes: parse the body and
 * its operationName, find the row accepted at this place, check the
 * capability gate, build, then send (in-flight tracker) or answer at once.
 */
#pragma once

#include <string_view>

#include "gws_state.h"
#include "operation_table.h"

namespace ctisim::api {

/// Where the operation was POSTed, and to what.
struct OperationTarget {
	Place place;
	UserView &view;
	const TrackedCall *call = nullptr; ///< Place::Call: the call
	std::string_view callId;	   ///< Place::Call and Place::ReleasedCall: the id in the path
};

void dispatchOperation(GwsState &state, Exchange &ex, const OperationTarget &target);

} /* namespace ctisim::api */
