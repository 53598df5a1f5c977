/* SPDX-License-Identifier: MIT */
/*
 * secureRandomBytes and the identifiers built on it.
 */
#include "secure_random.h"

#include <cerrno>
#include <system_error>

#include <sys/random.h>

namespace ctisim::api {

void secureRandomBytes(void *out, std::size_t n)
{
	auto *p = static_cast<unsigned char *>(out);
	while (n > 0) {
		ssize_t got = ::getrandom(p, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			throw std::system_error(errno, std::generic_category(), "getrandom");
		}
		p += got;
		n -= static_cast<std::size_t>(got);
	}
}

std::string secureRandomString(std::size_t n, std::string_view alphabet)
{
	/* Bytes at or above the largest multiple of the alphabet's size are
	 * drawn again, so that every character is equally likely. */
	const std::size_t size = alphabet.size();
	const std::size_t limit = 256 - 256 % size;
	std::string out;
	out.reserve(n);
	unsigned char bytes[64];
	while (out.size() < n) {
		secureRandomBytes(bytes, sizeof bytes);
		for (unsigned char b : bytes) {
			if (b < limit && out.size() < n)
				out += alphabet[b % size];
		}
	}
	return out;
}

std::string secureRandomUuid()
{
	static constexpr char hex[] = "0123456789abcdef";
	unsigned char bytes[16];
	secureRandomBytes(bytes, sizeof bytes);
	bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40); /* version 4 */
	bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	std::string out;
	out.reserve(36);
	for (int i = 0; i < 16; ++i) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out += '-';
		out += hex[bytes[i] >> 4];
		out += hex[bytes[i] & 0x0f];
	}
	return out;
}

} /* namespace ctisim::api */
