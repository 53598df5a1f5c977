/* SPDX-License-Identifier: MIT */
/*
 * Random identifiers that must not be guessable (HTTP session ids, CSRF
 * tokens, CometD client and browser ids), drawn from the kernel's CSPRNG.
 * A seeded std::mt19937 is not enough: its whole state can be rebuilt from a
 * few hundred outputs, and a CSRF token hands out two full outputs.
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ctisim::api {

/// Fills out with n bytes from getrandom(2); throws std::system_error if the
/// kernel cannot supply them.
void secureRandomBytes(void *out, std::size_t n);

/// n characters drawn uniformly (no modulo bias) from alphabet (2..256 characters).
std::string secureRandomString(std::size_t n, std::string_view alphabet);

/// A random version-4 UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string secureRandomUuid();

} /* namespace ctisim::api */
