/* SPDX-License-Identifier: MIT */
/*
 * Reading a whole file.
 */
#include "ctisim/read_file.h"

#include <fstream>
#include <sstream>

namespace ctisim {

std::optional<std::string> readFile(const std::filesystem::path &path)
{
	std::ifstream in(path, std::ios::binary);
	if (!in)
		return std::nullopt;
	std::ostringstream content;
	content << in.rdbuf();
	if (in.bad())
		return std::nullopt;
	return std::move(content).str();
}

} /* namespace ctisim */
