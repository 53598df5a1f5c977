/* SPDX-License-Identifier: MIT */
/*
 * Logging: one line per record on stderr, as text or as JSON lines, with a
 * level threshold set once at start-up. Thread-safe.
 */
#pragma once

#include <string_view>

#include <fmt/format.h>

namespace ctisim::log {

enum class Level { Debug, Info, Warn, Error, Off };
enum class Format { Text, Json };

void configure(Level threshold, Format format);
bool enabled(Level level);
/// Writes one record; category names the part of the system ("http", "bayeux", "sim").
void write(Level level, std::string_view category, std::string_view message);

/// Parses "debug", "info", "warn", "error", "off"; false when unknown.
bool parseLevel(std::string_view text, Level &out);

template <typename... Args> void debug(std::string_view category, fmt::format_string<Args...> format, Args &&...args)
{
	if (enabled(Level::Debug))
		write(Level::Debug, category, fmt::format(format, std::forward<Args>(args)...));
}

template <typename... Args> void info(std::string_view category, fmt::format_string<Args...> format, Args &&...args)
{
	if (enabled(Level::Info))
		write(Level::Info, category, fmt::format(format, std::forward<Args>(args)...));
}

template <typename... Args> void warn(std::string_view category, fmt::format_string<Args...> format, Args &&...args)
{
	if (enabled(Level::Warn))
		write(Level::Warn, category, fmt::format(format, std::forward<Args>(args)...));
}

template <typename... Args> void error(std::string_view category, fmt::format_string<Args...> format, Args &&...args)
{
	if (enabled(Level::Error))
		write(Level::Error, category, fmt::format(format, std::forward<Args>(args)...));
}

} /* namespace ctisim::log */
