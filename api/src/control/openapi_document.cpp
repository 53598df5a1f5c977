/* SPDX-License-Identifier: MIT */
#include "openapi_document.h"

namespace ctisim::api {

std::string_view openApiDocument()
{
	static constexpr std::string_view document =
#include "control/openapi_document.inc"
		;
	return document;
}

} /* namespace ctisim::api */
