/* SPDX-License-Identifier: MIT */
/*
 * UserData: the ordered key/value list attached to a call (a TKVList).
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ctisim {

/// A value of attached data: T-Server KV lists carry strings and integers.
using UserDataValue = std::variant<std::string, std::int64_t>;

struct UserDataPair {
	std::string key;
	UserDataValue value;

	friend bool operator==(const UserDataPair &, const UserDataPair &) = default;
};

/// Ordered, duplicates allowed (TAttachUserData appends even when the key exists).
class UserData
{
public:
	UserData() = default;
	UserData(std::initializer_list<UserDataPair> pairs) : pairs_(pairs) {}

	const std::vector<UserDataPair> &pairs() const { return pairs_; }
	bool empty() const { return pairs_.empty(); }
	std::size_t size() const { return pairs_.size(); }

	/// TAttachUserData: appends every pair, duplicating keys that already exist.
	void attach(const UserData &other);
	/// TUpdateUserData: a key that exists gets the new value in place (later duplicates
	/// of it are dropped); a new key is appended.
	void update(const UserData &other);
	/// TDeleteUserData: removes every pair with this key; false when there was none.
	bool erase(std::string_view key);
	/// TDeleteAllUserData.
	void clear() { pairs_.clear(); }

	/// The first value stored under key, or nullptr.
	const UserDataValue *find(std::string_view key) const;
	bool contains(std::string_view key) const { return find(key) != nullptr; }

	friend bool operator==(const UserData &, const UserData &) = default;

private:
	std::vector<UserDataPair> pairs_;
};

} /* namespace ctisim */
