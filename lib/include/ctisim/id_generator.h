/* SPDX-License-Identifier: MIT */
/*
 * Seeded generators for the ids the switch hands out, so that the same seed and
 * the same requests always give the same connIds and callUuids.
 */
#pragma once

#include <cstdint>
#include <string>

#include "ctisim/conn_id.h"

namespace ctisim {

/// Deterministic pseudo-random numbers (splitmix64); no global state.
class SeededRandom
{
public:
	explicit SeededRandom(std::uint64_t seed) : state_(seed) {}
	std::uint64_t next();

private:
	std::uint64_t state_;
};

/// ConnIds look like T-Server's: a fixed 48-bit prefix derived from the seed, then
/// a 16-bit counter ("0071027198180007" is prefix 007102719818, counter 0007).
/// CallUuids follow the GWS 8.5.2 shape: 26 characters from the seed, then a
/// 6-character base-36 counter ("01RCC3N118B1V0SL8O7GK2LAES" + "000007").
class IdGenerator
{
public:
	explicit IdGenerator(std::uint64_t seed);

	struct CallIds {
		ConnId connId;
		std::string callUuid;
	};

	/// The ids of the next new call; both end in the same counter.
	CallIds nextCall();

	/// Makes the next ids continue after the given counter (used when a scenario
	/// pins ids, so that new calls do not collide with pinned ones).
	void skipPast(std::uint64_t counter);
	std::uint64_t counter() const { return counter_; }

private:
	std::uint64_t connPrefix_;
	std::string uuidPrefix_;
	std::uint64_t counter_ = 0;
};

/// A version-4-shaped UUID string from the generator ("631608b3-ceb1-472b-ba05-2ae39555b0d1").
std::string makeUuid(SeededRandom &random);

} /* namespace ctisim */
