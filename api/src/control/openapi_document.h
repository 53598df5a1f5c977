/* SPDX-License-Identifier: MIT */
/*
 * The OpenAPI 3.1 description of /sim/v1 (docs/openapi/sim-v1.json, embedded at
 * build time), served at GET /sim/v1/openapi.json.
 */
#pragma once

#include <string_view>

namespace ctisim::api {

/// The document's JSON text, byte for byte as in the repository.
std::string_view openApiDocument();

} /* namespace ctisim::api */
