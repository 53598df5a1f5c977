/* SPDX-License-Identifier: MIT */
/*
 * JournalFile: journal entries as JSON lines in a file, rotated by size: when
 * the next line would take FILE past maxBytes, FILE.(n-2) becomes FILE.(n-1),
 * ..., FILE becomes FILE.1 and a new FILE is started; files beyond `files`
 * (FILE counts as one) are deleted. `ctisim serve --record FILE` uses it.
 */
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include "ctisim/journal.h"

namespace ctisim {

struct JournalFileOptions {
	std::string path;
	std::uint64_t maxBytes = 64ull * 1024 * 1024; ///< per file; a longer line still goes in whole
	unsigned files = 5;			      ///< FILE, FILE.1 ... FILE.(files-1); at least 1
};

/**
 * @par Thread Safety
 * write() may be called from any thread; lines are never interleaved. Lines are
 * buffered and flushed when a write finds the last flush a second old, on
 * flush() and on destruction: a flush per line (a system call) would cost ten
 * times what recording the entry does.
 */
class JournalFile
{
public:
	/// Opens (appends to) the file; throws std::runtime_error naming the path when it cannot.
	explicit JournalFile(JournalFileOptions options);
	~JournalFile();
	JournalFile(const JournalFile &) = delete;
	JournalFile &operator=(const JournalFile &) = delete;

	/// Appends one line (a newline is added).
	void write(std::string_view line);
	void write(const JournalEntry &entry);

	/// Writes out what is buffered.
	void flush();

	/// A write or rotation that failed (disk full...): the first error, or "".
	std::string error() const;

private:
	void rotate();
	void fail(const std::string &what);

	JournalFileOptions options_;
	mutable std::mutex mutex_;
	std::FILE *file_ = nullptr;
	std::uint64_t size_ = 0;
	std::chrono::steady_clock::time_point lastFlush_;
	std::string error_;
};

} /* namespace ctisim */
