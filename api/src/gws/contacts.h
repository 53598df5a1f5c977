/* SPDX-License-Identifier: MIT */
/*
 * The Contacts API of GWS 8.5 (the target directory): GET /api/v2/contacts
 * with its filters and pages, GET /api/v2/contacts/{id}, and the queues
 * among them (GET /api/v2/queues).
 */
#pragma once

#include <string_view>

#include "gws_state.h"

namespace ctisim::api {

/// GET /api/v2/contacts[?name=&phoneNumber=&channel=&type=&filterName=&filterParameters=&offset=&limit=&fields=]
void getContacts(GwsState &state, Exchange &ex);
/// GET /api/v2/contacts/{id}[?fields=]
void getContact(GwsState &state, Exchange &ex, std::string_view id);
/// GET /api/v2/queues[?channel=&offset=&limit=&fields=]: the Queue contacts
void getQueues(GwsState &state, Exchange &ex);
/// GET /api/v2/queues/{id}[?fields=]
void getQueue(GwsState &state, Exchange &ex, std::string_view id);

} /* namespace ctisim::api */
