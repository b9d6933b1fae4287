#include "cli/cli_support.h"

#include "common/error.h"

#include <cstdlib>
#include <exception>
#include <iostream>

namespace interlens::cli {

const char* const kExitCodesHelp =
    "Exit codes: 0 success; 1 internal error; 2 usage or bad input (message on stderr); 130 interrupted by\n"
    "SIGINT (Ctrl+C); 143 terminated by SIGTERM (kill, Slurm's time limit). Interrupted runs write what is "
    "done\n"
    "first (a study keeps every finished prompt; run the same command again to continue).\n";

int guarded(const std::function<int()>& body)
{
    try {
        return body();
    } catch (const InputError& e) {
        std::cerr << "interlens: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "interlens: internal error: " << e.what() << '\n';
        return 1;
    }
}

void parseOrThrow(QCommandLineParser& parser, const QString& name, const QStringList& args)
{
    parser.addHelpOption();
    QStringList argv = args;
    argv.prepend(QStringLiteral("interlens ") + name);
    if (!parser.parse(argv))
        throw InputError(name.toStdString() + ": " + parser.errorText().toStdString());
    if (parser.isSet(QStringLiteral("help"))) {
        std::cout << parser.helpText().toStdString() << '\n' << kExitCodesHelp;
        std::exit(0);
    }
}

QString requiredValue(const QCommandLineParser& parser, const QString& option)
{
    if (!parser.isSet(option))
        throw InputError("missing required option --" + option.toStdString());
    return parser.value(option);
}

std::vector<long long> parseIntList(const QString& text, const QString& what)
{
    std::vector<long long> out;
    const QStringList parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& p : parts) {
        bool ok = false;
        const long long v = p.trimmed().toLongLong(&ok);
        if (!ok)
            throw InputError(what.toStdString() + ": '" + p.toStdString() + "' is not an integer");
        out.push_back(v);
    }
    if (out.empty())
        throw InputError(what.toStdString() + ": empty list");
    return out;
}

void printJson(const nlohmann::json& value)
{
    std::cout << value.dump() << '\n';
}

} // namespace interlens::cli
