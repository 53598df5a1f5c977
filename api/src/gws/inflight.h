/* SPDX-License-Identifier: MIT */
/*
 * The in-flight tracker: operations sent to the switch and not yet answered,
 * and the EventErrors waiting for their request's result. An operation is
 * answered {"statusCode":0} once its result is in (after its events); its
 * failure, if any, is an ErrorMessage notification. Unanswered, it times out
 * (HTTP 504); without the switch link it is refused (HTTP 503).
 */
#pragma once

#include <string>

#include "ctisim/event.h"
#include "ctisim/request.h"

#include "gws_state.h"

namespace ctisim::api {

/// Sends request for ex and answers ex when its result comes (with answer, or
/// {"statusCode":0} when it is empty); endSession ends the HTTP session with the
/// answer (EndContactCenterSession).
void submitOperation(GwsState &state, Exchange &ex, Request request, std::string op, bool endSession = false,
		     std::string answer = {});

/// An EventError from the switch: kept until its request's result says whose it is.
void holdSwitchError(GwsState &state, const Event &error);

/// The switch link is gone: every operation waiting ends, answered as accepted,
/// with error published as its failure.
void abandonInFlight(GwsState &state, const Event &error);

} /* namespace ctisim::api */
