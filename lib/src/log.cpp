/* SPDX-License-Identifier: MIT */
/*
 * Log records to stderr: "2026-11-28T09:50:01.123Z info  http: message" or
 * {"time":"...","level":"info","category":"http","message":"..."}.
 */
#include "ctisim/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace ctisim::log {

namespace {

std::atomic<Level> threshold{Level::Info};
std::atomic<Format> outputFormat{Format::Text};
std::mutex outputMutex;

const char *levelName(Level level)
{
	switch (level) {
	case Level::Debug: return "debug";
	case Level::Info: return "info";
	case Level::Warn: return "warn";
	case Level::Error: return "error";
	case Level::Off: return "off";
	}
	return "info";
}

std::string timestamp()
{
	using namespace std::chrono;
	auto now = system_clock::now();
	std::time_t seconds = system_clock::to_time_t(now);
	auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
	std::tm utc{};
	gmtime_r(&seconds, &utc);
	char text[40];
	std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
	return fmt::format("{}.{:03}Z", text, millis);
}

void appendJsonString(std::string &out, std::string_view text)
{
	out += '"';
	for (char c : text) {
		switch (c) {
		case '"': out += "\\\""; break;
		case '\\': out += "\\\\"; break;
		case '\n': out += "\\n"; break;
		case '\r': out += "\\r"; break;
		case '\t': out += "\\t"; break;
		default:
			if (static_cast<unsigned char>(c) < 0x20)
				out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
			else
				out += c;
		}
	}
	out += '"';
}

} /* namespace */

void configure(Level level, Format format)
{
	threshold.store(level);
	outputFormat.store(format);
}

bool enabled(Level level)
{
	return level != Level::Off && level >= threshold.load(std::memory_order_relaxed);
}

void write(Level level, std::string_view category, std::string_view message)
{
	std::string line;
	if (outputFormat.load(std::memory_order_relaxed) == Format::Json) {
		line = "{\"time\":\"" + timestamp() + "\",\"level\":\"" + levelName(level) + "\",\"category\":";
		appendJsonString(line, category);
		line += ",\"message\":";
		appendJsonString(line, message);
		line += "}\n";
	} else {
		line = fmt::format("{} {:<5} {}: {}\n", timestamp(), levelName(level), category, message);
	}
	std::lock_guard lock(outputMutex);
	std::fputs(line.c_str(), stderr);
}

bool parseLevel(std::string_view text, Level &out)
{
	for (Level level : {Level::Debug, Level::Info, Level::Warn, Level::Error, Level::Off}) {
		if (text == levelName(level)) {
			out = level;
			return true;
		}
	}
	return false;
}

} /* namespace ctisim::log */
