/* SPDX-License-Identifier: MIT */
/*
 * The /sim/v1 routes: one function per (method, path pattern), over the shared
 * ControlState. control_api.cpp holds the table that names them; each file
 * holds one concept's routes.
 */
#pragma once

#include <string>

#include "ctisim/api/http_exchange.h"

#include "control/control_state.h"

namespace ctisim::api::control {

/// What a route's path pattern captured: its :dn segment, percent-decoded.
struct RouteArgs {
	std::string dn;
};

using RouteHandler = void (*)(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);

/* state_routes.cpp: the sandbox as a whole. */
void health(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);
void openApi(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);
void reset(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);
void dumpState(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);

/* clock_routes.cpp */
void readClock(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);
void moveClock(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);

/* call_routes.cpp: inbound calls, remote parties, how a number behaves. */
void injectCall(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);
void partyAnswer(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);
void partyHangUp(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);
void partyDtmf(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);
void setBehaviour(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);

/* journal_routes.cpp */
void readJournal(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);

/* fault_routes.cpp */
void readFaults(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);
void setFaults(ControlState &state, const HttpRequest &request, const RouteArgs &args, HttpReply reply);

} /* namespace ctisim::api::control */
