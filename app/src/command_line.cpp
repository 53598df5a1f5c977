/* SPDX-License-Identifier: MIT */
/*
 * CommandLine: parsing "--name value", "--name=value" and switches.
 */
#include "ctisim/app/command_line.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "ctisim/log.h"
#include "ctisim/read_file.h"

namespace ctisim::app {

CommandLine::CommandLine(std::string usage, std::string summary)
    : usage_(std::move(usage)), summary_(std::move(summary))
{
}

void CommandLine::addOption(std::string name, std::string valueName, std::string defaultValue, std::string help)
{
	flags_.push_back(Flag{std::move(name), std::move(valueName), std::move(defaultValue), std::move(help)});
}

void CommandLine::addSwitch(std::string name, std::string help)
{
	flags_.push_back(Flag{std::move(name), {}, {}, std::move(help)});
}

const CommandLine::Flag *CommandLine::find(const std::string &name) const
{
	for (const Flag &flag : flags_) {
		if (flag.name == name)
			return &flag;
	}
	return nullptr;
}

std::optional<std::string> CommandLine::parse(int argc, char **argv, int first)
{
	for (int i = first; i < argc; ++i) {
		std::string arg = argv[i];
		if (arg == "--help" || arg == "-h") {
			help_ = true;
			continue;
		}
		if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
			positional_.push_back(arg);
			continue;
		}
		std::string name = arg.substr(2);
		std::optional<std::string> inlineValue;
		if (auto eq = name.find('='); eq != std::string::npos) {
			inlineValue = name.substr(eq + 1);
			name.resize(eq);
		}
		const Flag *flag = find(name);
		if (flag == nullptr)
			return fmt::format("unknown flag --{} (see --help)", name);
		if (flag->valueName.empty()) {
			if (inlineValue)
				return fmt::format("--{} takes no value", name);
			values_[name] = "true";
			continue;
		}
		if (inlineValue) {
			values_[name] = *inlineValue;
		} else if (i + 1 < argc) {
			values_[name] = argv[++i];
		} else {
			return fmt::format("--{} needs a value ({})", name, flag->valueName);
		}
	}
	if (!environmentPrefix_.empty())
		return readEnvironment();
	return std::nullopt;
}

std::optional<std::string> CommandLine::readEnvironment()
{
	for (const Flag &flag : flags_) {
		if (flag.valueName.empty() || values_.count(flag.name) != 0)
			continue;
		std::string variable = environmentPrefix_;
		for (char c : flag.name)
			variable += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
		if (const char *value = std::getenv(variable.c_str()); value != nullptr && *value != '\0') {
			values_[flag.name] = value;
			continue;
		}
		/* VARIABLE_FILE names a file holding the value: a compose or Kubernetes secret
		 * mounted as a file (/run/secrets/NAME), kept out of the environment. */
		const char *file = std::getenv((variable + "_FILE").c_str());
		if (file == nullptr || *file == '\0')
			continue;
		std::optional<std::string> text = readFile(file);
		if (!text)
			return fmt::format("{}_FILE: cannot read {}", variable, file);
		/* `echo SECRET > file` ends it in a newline, which is not part of the value. */
		while (!text->empty() && (text->back() == '\n' || text->back() == '\r'))
			text->pop_back();
		values_[flag.name] = std::move(*text);
	}
	return std::nullopt;
}

std::string CommandLine::helpText() const
{
	std::string text = fmt::format("usage: {}\n\n{}\n", usage_, summary_);
	if (!flags_.empty())
		text += "\nflags:\n";
	for (const Flag &flag : flags_) {
		std::string left = flag.valueName.empty() ? "--" + flag.name : "--" + flag.name + " " + flag.valueName;
		text += fmt::format("  {:<24} {}", left, flag.help);
		if (!flag.defaultValue.empty())
			text += fmt::format(" (default: {})", flag.defaultValue);
		text += "\n";
	}
	text += fmt::format("  {:<24} {}\n", "--help", "print this help");
	if (!environmentPrefix_.empty())
		text += fmt::format("\nA flag not given is read from the environment: --log-level from {0}LOG_LEVEL,\n"
				    "or from the file {0}LOG_LEVEL_FILE names (a mounted secret).\n",
				    environmentPrefix_);
	return text;
}

std::string CommandLine::value(const std::string &name) const
{
	if (auto it = values_.find(name); it != values_.end())
		return it->second;
	const Flag *flag = find(name);
	return flag != nullptr ? flag->defaultValue : std::string{};
}

std::size_t CommandLine::number(const std::string &name, std::size_t min, std::size_t max) const
{
	const std::string text = value(name);
	std::size_t used = 0;
	unsigned long long number = 0;
	try {
		number = std::stoull(text, &used);
	} catch (const std::exception &) {
		used = 0;
	}
	if (used == 0 || used != text.size() || text[0] == '-' || number < min || number > max)
		throw std::runtime_error(
			fmt::format("--{} must be a whole number from {} to {}, not '{}'", name, min, max, text));
	return static_cast<std::size_t>(number);
}

std::string CommandLine::fileContents(const std::string &name) const
{
	if (!isSet(name))
		return {};
	const std::string path = value(name);
	std::optional<std::string> content = ctisim::readFile(path);
	if (!content)
		throw std::runtime_error(fmt::format("--{}: cannot read {}", name, path));
	return std::move(*content);
}

bool CommandLine::isSet(const std::string &name) const
{
	return values_.count(name) != 0;
}

std::optional<int> CommandLine::parseOrExit(int argc, char **argv, int first, const char *command)
{
	if (auto error = parse(argc, argv, first)) {
		std::fprintf(stderr, "%s: %s\n", command, error->c_str());
		return 2;
	}
	if (helpRequested()) {
		std::fputs(helpText().c_str(), stdout);
		return 0;
	}
	if (!positional().empty()) {
		std::fprintf(stderr, "%s: unexpected argument '%s'\n", command, positional().front().c_str());
		return 2;
	}
	return std::nullopt;
}

void CommandLine::addLogOptions()
{
	addOption("log-level", "LEVEL", "info", "debug, info, warn, error or off");
	addOption("log-format", "FORMAT", "text", "text or json (one JSON object per line)");
}

std::optional<std::string> CommandLine::applyLogOptions() const
{
	log::Level level;
	if (!log::parseLevel(value("log-level"), level))
		return "--log-level must be debug, info, warn, error or off";
	std::string format = value("log-format");
	if (format != "text" && format != "json")
		return "--log-format must be text or json";
	log::configure(level, format == "json" ? log::Format::Json : log::Format::Text);
	return std::nullopt;
}

} /* namespace ctisim::app */
