/* SPDX-License-Identifier: MIT */
/*
 * Atomic file writing: temporary file in the same directory (so rename() is
 * atomic: same file system), then rename.
 */
#include "ctisim/app/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <sys/stat.h>
#include <unistd.h>

namespace ctisim::app {

namespace {

std::string temporaryPath(const std::string &path)
{
	return path + ".tmp" + std::to_string(::getpid());
}

/// Writes text to path; the reason when it cannot.
std::optional<std::string> writeAll(const std::string &path, const std::string &text)
{
	std::FILE *file = std::fopen(path.c_str(), "wb");
	if (!file)
		return std::string(std::strerror(errno));
	bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size() && std::fflush(file) == 0 &&
		  ::fsync(::fileno(file)) == 0;
	int error = ok ? 0 : errno;
	if (std::fclose(file) != 0 && ok) {
		ok = false;
		error = errno;
	}
	if (!ok)
		return std::string(std::strerror(error));
	return std::nullopt;
}

} /* namespace */

std::optional<std::string> checkWritable(const std::string &path)
{
	/* The rename at the end would fail on a directory. */
	struct stat info {
	};
	if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
		return "cannot write " + path + ": it is a directory";
	std::string temporary = temporaryPath(path);
	if (auto error = writeAll(temporary, {}))
		return "cannot write " + path + ": " + *error;
	std::remove(temporary.c_str());
	return std::nullopt;
}

void writeFileAtomically(const std::string &path, const std::string &text)
{
	std::string temporary = temporaryPath(path);
	if (auto error = writeAll(temporary, text)) {
		std::remove(temporary.c_str());
		throw std::runtime_error("cannot write " + path + ": " + *error);
	}
	if (std::rename(temporary.c_str(), path.c_str()) != 0) {
		std::string error = std::strerror(errno);
		std::remove(temporary.c_str());
		throw std::runtime_error("cannot write " + path + ": " + error);
	}
}

} /* namespace ctisim::app */
