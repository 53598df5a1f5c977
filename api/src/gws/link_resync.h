/* SPDX-License-Identifier: MIT */
/*
 * Link loss and resynchronization: while T-Server is out of reach, devices
 * are Inactive and calls have no capabilities; when it is back, every DN is
 * queried again and its user told how things stand (docs/reliability.md).
 */
#pragma once

#include "gws_state.h"

namespace ctisim::api {

/// EventLinkDisconnected: devices and calls lose their capabilities, operations waiting
/// for the switch end in an ErrorMessage, new ones are refused (submitOperation()).
void onLinkDown(GwsState &state);

/// EventLinkConnected: register the DNs again, then reload each DN and tell its user.
void onLinkUp(GwsState &state);

} /* namespace ctisim::api */
