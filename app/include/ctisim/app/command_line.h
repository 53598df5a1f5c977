/* SPDX-License-Identifier: MIT */
/*
 * CommandLine: flags declared once, with their defaults, so that parsing and
 * `--help` can never disagree.
 */
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ctisim::app {

class CommandLine
{
public:
	/// usage: "ctisim serve [FLAGS]"; summary: one paragraph for --help.
	CommandLine(std::string usage, std::string summary);

	/// A flag with a value ("--port N"); defaultValue is shown in --help.
	void addOption(std::string name, std::string valueName, std::string defaultValue, std::string help);
	/// A flag without a value ("--verbose").
	void addSwitch(std::string name, std::string help);

	/// Parses argv[first..]; returns an error message, or nullopt. Arguments that
	/// are not flags are kept as positional().
	std::optional<std::string> parse(int argc, char **argv, int first);

	/// Parses argv[first..] for command ("ctisim serve") and prints what the user
	/// must see: a parse error, --help, or a stray argument. Returns the exit code
	/// when the command should stop there (2 after an error, 0 after --help).
	std::optional<int> parseOrExit(int argc, char **argv, int first, const char *command);

	/// Flags not on the command line are then read from the environment as
	/// prefix + the flag in upper case with '_' for '-' (CTISIM_LOG_LEVEL for
	/// --log-level), so that a container is configured without a command line;
	/// without that variable, from the file that prefix + NAME + "_FILE" names
	/// (trailing newlines dropped; an unreadable file is a parse error), so that a
	/// secret mounted as a file stays out of the environment. Call before parse().
	void useEnvironment(std::string prefix) { environmentPrefix_ = std::move(prefix); }

	/// The --log-level and --log-format flags of the long-running commands.
	void addLogOptions();
	/// Applies them to ctisim::log; what is wrong with them when they are not valid.
	std::optional<std::string> applyLogOptions() const;

	bool helpRequested() const { return help_; }
	std::string helpText() const;

	std::string value(const std::string &name) const;
	/// The flag's value as a whole number within [min, max]; throws
	/// std::runtime_error naming the flag and the range otherwise.
	std::size_t number(const std::string &name, std::size_t min, std::size_t max) const;
	bool isSet(const std::string &name) const;
	/// The contents of the file the flag names ("--config FILE"); empty when the
	/// flag is not set; throws std::runtime_error when the file cannot be read.
	std::string fileContents(const std::string &name) const;
	const std::vector<std::string> &positional() const { return positional_; }

private:
	struct Flag {
		std::string name;
		std::string valueName; ///< empty for a switch
		std::string defaultValue;
		std::string help;
	};
	const Flag *find(const std::string &name) const;
	std::optional<std::string> readEnvironment();

	std::string usage_;
	std::string summary_;
	std::vector<Flag> flags_;
	std::map<std::string, std::string> values_;
	std::vector<std::string> positional_;
	bool help_ = false;
	std::string environmentPrefix_;
};

} /* namespace ctisim::app */
