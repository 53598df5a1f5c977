/* SPDX-License-Identifier: MIT */
/*
 * JournalFile: JSON lines with size-based rotation, on stdio.
 */
#include "ctisim/journal_file.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace ctisim {

namespace {

std::string numbered(const std::string &path, unsigned n)
{
	return n == 0 ? path : fmt::format("{}.{}", path, n);
}

} /* namespace */

JournalFile::JournalFile(JournalFileOptions options) : options_(std::move(options))
{
	if (options_.files == 0)
		options_.files = 1;
	file_ = std::fopen(options_.path.c_str(), "ab");
	if (file_ == nullptr)
		throw std::runtime_error(fmt::format("cannot open {}: {}", options_.path, std::strerror(errno)));
	std::setvbuf(file_, nullptr, _IOFBF, 64 * 1024);
	std::fseek(file_, 0, SEEK_END);
	long at = std::ftell(file_);
	size_ = at > 0 ? static_cast<std::uint64_t>(at) : 0;
}

JournalFile::~JournalFile()
{
	if (file_ != nullptr)
		std::fclose(file_);
}

void JournalFile::write(const JournalEntry &entry)
{
	write(toJson(entry));
}

void JournalFile::write(std::string_view line)
{
	std::lock_guard lock(mutex_);
	if (size_ > 0 && size_ + line.size() + 1 > options_.maxBytes)
		rotate();
	if (file_ == nullptr)
		return;
	if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fputc('\n', file_) == EOF) {
		fail(fmt::format("cannot write {}: {}", options_.path, std::strerror(errno)));
		return;
	}
	size_ += line.size() + 1;
	auto now = std::chrono::steady_clock::now();
	if (now - lastFlush_ >= std::chrono::seconds(1)) {
		lastFlush_ = now;
		if (std::fflush(file_) != 0)
			fail(fmt::format("cannot write {}: {}", options_.path, std::strerror(errno)));
	}
}

void JournalFile::flush()
{
	std::lock_guard lock(mutex_);
	if (file_ != nullptr && std::fflush(file_) != 0)
		fail(fmt::format("cannot write {}: {}", options_.path, std::strerror(errno)));
}

void JournalFile::rotate()
{
	if (file_ != nullptr)
		std::fclose(file_);
	file_ = nullptr;
	/* The oldest goes; the others move up by one; FILE becomes FILE.1. */
	std::remove(numbered(options_.path, options_.files - 1).c_str());
	for (unsigned n = options_.files - 1; n > 0; --n)
		std::rename(numbered(options_.path, n - 1).c_str(), numbered(options_.path, n).c_str());
	file_ = std::fopen(options_.path.c_str(), "wb");
	size_ = 0;
	if (file_ == nullptr)
		fail(fmt::format("cannot reopen {}: {}", options_.path, std::strerror(errno)));
	else
		std::setvbuf(file_, nullptr, _IOFBF, 64 * 1024);
}

void JournalFile::fail(const std::string &what)
{
	if (error_.empty())
		error_ = what;
}

std::string JournalFile::error() const
{
	std::lock_guard lock(mutex_);
	return error_;
}

} /* namespace ctisim */
