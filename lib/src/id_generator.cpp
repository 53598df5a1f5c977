/* SPDX-License-Identifier: MIT */
/*
 * Deterministic ids from a seed.
 */
#include "ctisim/id_generator.h"

namespace ctisim {

std::uint64_t SeededRandom::next()
{
	/* splitmix64: tiny, fast, and good enough for ids that only need to look random. */
	std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

namespace {

constexpr char base36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

} /* namespace */

IdGenerator::IdGenerator(std::uint64_t seed)
{
	SeededRandom random(seed);
	/* T-Server connIds start with a small node prefix; keep the top byte 0x00 like them. */
	connPrefix_ = random.next() & 0x0000ffffffffffffULL;
	uuidPrefix_.reserve(26);
	uuidPrefix_ += "01";
	while (uuidPrefix_.size() < 26)
		uuidPrefix_ += base36[random.next() % 36];
}

IdGenerator::CallIds IdGenerator::nextCall()
{
	++counter_;
	CallIds ids;
	ids.connId = ConnId((connPrefix_ << 16) + counter_);
	std::string &uuid = ids.callUuid;
	uuid = uuidPrefix_;
	char digits[6];
	std::uint64_t n = counter_;
	for (int i = 5; i >= 0; --i) {
		digits[i] = base36[n % 36];
		n /= 36;
	}
	uuid.append(digits, 6);
	return ids;
}

void IdGenerator::skipPast(std::uint64_t counter)
{
	if (counter > counter_)
		counter_ = counter;
}

std::string makeUuid(SeededRandom &random)
{
	static constexpr char hex[] = "0123456789abcdef";
	std::uint64_t hi = random.next();
	std::uint64_t lo = random.next();
	hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL; /* version 4 */
	lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL; /* variant 10 */
	std::string out;
	out.reserve(36);
	for (int i = 0; i < 32; ++i) {
		std::uint64_t word = i < 16 ? hi : lo;
		int shift = 60 - 4 * (i % 16);
		out += hex[(word >> shift) & 0xf];
		if (i == 7 || i == 11 || i == 15 || i == 19)
			out += '-';
	}
	return out;
}

} /* namespace ctisim */
