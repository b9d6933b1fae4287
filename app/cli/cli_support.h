#pragma once

#include <QCommandLineParser>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <functional>

namespace interlens::cli {

// The exit codes every sub-command follows, as shown at the end of each --help.
extern const char* const kExitCodesHelp;

// Runs a command body and turns exceptions into the CLI contract: interlens::InputError -> message on stderr
// and exit 2, any other exception -> "internal error: ..." and exit 1.
int guarded(const std::function<int()>& body);

// Parses `args` (the words after the sub-command) with `parser`; throws InputError on unknown options.
// `name` is the sub-command, used for --help and messages.
void parseOrThrow(QCommandLineParser& parser, const QString& name, const QStringList& args);

// Value of a required option; throws InputError naming the option when it is missing.
QString requiredValue(const QCommandLineParser& parser, const QString& option);

// Comma-separated list of integers ("1,2,3"); throws InputError naming `what` on a malformed entry.
std::vector<long long> parseIntList(const QString& text, const QString& what);

// Compact JSON on stdout, one line, floats with the shortest round-trip representation.
void printJson(const nlohmann::json& value);

} // namespace interlens::cli
