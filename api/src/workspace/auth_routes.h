/* SPDX-License-Identifier: MIT */
/*
 * The minimal Genesys Authentication API v3 the official clients' samples use
 * (workspace-v3.md §b.1): the OAuth token (password, authorization_code and
 * refresh_token grants, with the client's HTTP Basic credentials), the
 * authorization code (a sign-in with HTTP Basic), and userinfo. OAuth errors
 * have the OAuth shape {"error","error_description"}.
 */
#pragma once

#include "workspace/workspace_state.h"

namespace ctisim::api::workspace {

/// POST /auth/v3/oauth/token (form-encoded)
void postToken(WorkspaceState &state, Exchange &ex);
/// GET /auth/v3/oauth/authorize?response_type=code&client_id=&redirect_uri= (user's HTTP Basic)
void getAuthorize(WorkspaceState &state, Exchange &ex);
/// GET /auth/v3/userinfo (Bearer)
void getUserInfo(WorkspaceState &state, Exchange &ex);

/// The user of an "Authorization: Bearer <token>" header, or null.
const DirectoryUser *bearerUser(WorkspaceState &state, const HttpRequest &request);

} /* namespace ctisim::api::workspace */
