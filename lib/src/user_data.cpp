/* SPDX-License-Identifier: MIT */
/*
 * UserData: attach, update and delete with T-Server semantics.
 */
#include "ctisim/user_data.h"

#include <algorithm>

namespace ctisim {

void UserData::attach(const UserData &other)
{
	pairs_.insert(pairs_.end(), other.pairs_.begin(), other.pairs_.end());
}

void UserData::update(const UserData &other)
{
	for (const UserDataPair &pair : other.pairs_) {
		auto first = std::find_if(pairs_.begin(), pairs_.end(),
					  [&](const UserDataPair &p) { return p.key == pair.key; });
		if (first == pairs_.end()) {
			pairs_.push_back(pair);
			continue;
		}
		first->value = pair.value;
		/* Update leaves one value per key: drop duplicates left by earlier attaches. */
		auto firstIndex = first - pairs_.begin();
		auto rest = std::remove_if(pairs_.begin() + firstIndex + 1, pairs_.end(),
					   [&](const UserDataPair &p) { return p.key == pair.key; });
		pairs_.erase(rest, pairs_.end());
	}
}

bool UserData::erase(std::string_view key)
{
	auto rest = std::remove_if(pairs_.begin(), pairs_.end(), [&](const UserDataPair &p) { return p.key == key; });
	bool found = rest != pairs_.end();
	pairs_.erase(rest, pairs_.end());
	return found;
}

const UserDataValue *UserData::find(std::string_view key) const
{
	for (const UserDataPair &pair : pairs_) {
		if (pair.key == key)
			return &pair.value;
	}
	return nullptr;
}

} /* namespace ctisim */
